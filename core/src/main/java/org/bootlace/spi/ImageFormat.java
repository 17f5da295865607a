package org.bootlace.spi;

import java.io.IOException;
import org.bootlace.block.BlockDevice;

/** Decodes a disk image file format (raw, qcow2, VHD, VMDK) into the virtual disk it holds. */
public interface ImageFormat extends Driver {
  /** Cheap and bounded; answers no on garbage instead of throwing. */
  Probe probe(BlockDevice file) throws IOException;

  /** The virtual disk; {@code file} stays owned by the caller. */
  BlockDevice open(BlockDevice file, DriverContext context) throws IOException;
}
