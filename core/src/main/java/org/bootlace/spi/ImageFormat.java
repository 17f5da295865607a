package org.bootlace.spi;

import java.io.IOException;
import org.bootlace.block.BlockDevice;

/** Decodes a disk image file format (raw, qcow2, VHD, VMDK) into the virtual disk it holds. */
public interface ImageFormat extends Driver {
  /**
   * Tells whether {@code file} is in this format. Cheap and bounded; answers no on garbage instead
   * of throwing.
   *
   * @param file the image file
   * @return the answer, with a short reason
   * @throws IOException only if the file cannot be read, or a read finds the time budget spent
   */
  Probe probe(BlockDevice file) throws IOException;

  /**
   * Opens the virtual disk {@code file} holds; {@code file} stays owned by the caller.
   *
   * @param file the image file
   * @param context the limits, the warnings and the other host files the image may name
   * @return the virtual disk, read-only
   * @throws org.bootlace.CorruptImageException if the image's metadata breaks its format
   * @throws org.bootlace.UnsupportedFeatureException if it uses a feature the driver does not read
   * @throws org.bootlace.LimitExceededException if a bound is reached
   * @throws IOException if the file, or a file it names, cannot be read
   */
  BlockDevice open(BlockDevice file, DriverContext context) throws IOException;
}
