package org.bootlace.spi;

import java.io.IOException;
import org.bootlace.block.BlockDevice;

/** Opens one family of filesystems read-only. */
public interface FilesystemDriver extends Driver {
  /**
   * Tells whether {@code device} holds this driver's filesystem. Cheap and bounded (a superblock
   * read); answers no on garbage instead of throwing.
   *
   * @param device the partition or volume
   * @return the answer, with a short reason
   * @throws IOException only if the device cannot be read, or a read finds the time budget spent
   */
  Probe probe(BlockDevice device) throws IOException;

  /**
   * Opens the filesystem whose probe said yes. Metadata is read as needed, bounded by the context's
   * limits; the device stays owned by the caller.
   *
   * @param device the partition or volume
   * @param context the limits and the warnings of the operation
   * @return the filesystem, read-only
   * @throws org.bootlace.CorruptImageException if the filesystem's metadata breaks its format
   * @throws org.bootlace.UnsupportedFeatureException if it uses a feature the driver does not read
   * @throws org.bootlace.LimitExceededException if a bound is reached
   * @throws IOException if the device cannot be read
   */
  FileSystem open(BlockDevice device, DriverContext context) throws IOException;
}
