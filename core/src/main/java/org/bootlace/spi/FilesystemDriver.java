package org.bootlace.spi;

import java.io.IOException;
import org.bootlace.block.BlockDevice;

/** Opens one family of filesystems read-only. */
public interface FilesystemDriver extends Driver {
  /** Cheap and bounded (a superblock read); answers no on garbage instead of throwing. */
  Probe probe(BlockDevice device) throws IOException;

  FileSystem open(BlockDevice device, DriverContext context) throws IOException;
}
