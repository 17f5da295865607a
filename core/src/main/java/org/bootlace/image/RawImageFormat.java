package org.bootlace.image;

import org.bootlace.block.BlockDevice;
import org.bootlace.spi.DriverContext;
import org.bootlace.spi.ImageFormat;
import org.bootlace.spi.Probe;

/** A raw image is the disk itself; it is tried last, after every format with a signature. */
public final class RawImageFormat implements ImageFormat {
  /**
   * Creates the driver; {@link java.util.ServiceLoader} calls it, as an {@link
   * org.bootlace.spi.ImageFormat} service.
   */
  public RawImageFormat() {}

  @Override
  public String name() {
    return "raw";
  }

  @Override
  public int priority() {
    return 1000;
  }

  @Override
  public Probe probe(BlockDevice file) {
    return Probe.yes("any bytes are a raw disk");
  }

  @Override
  public BlockDevice open(BlockDevice file, DriverContext context) {
    // A view, so closing the disk never closes the caller's file.
    return file.slice(0, file.size(), "raw");
  }
}
