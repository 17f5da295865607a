package org.bootlace.image.vhd;

import java.io.IOException;
import org.bootlace.block.BlockDevice;
import org.bootlace.spi.DriverContext;
import org.bootlace.spi.ImageFormat;
import org.bootlace.spi.Probe;

/**
 * VHD (qemu's "vpc"): fixed, dynamic and differencing disks, found by the {@code conectix} footer.
 */
public final class VhdFormat implements ImageFormat {
  /**
   * Creates the driver; {@link java.util.ServiceLoader} calls it, as an {@link
   * org.bootlace.spi.ImageFormat} service.
   */
  public VhdFormat() {}

  @Override
  public String name() {
    return "vhd";
  }

  @Override
  public int priority() {
    return 30;
  }

  @Override
  public Probe probe(BlockDevice file) throws IOException {
    if (file.size() < 512) {
      return Probe.no("shorter than a VHD footer");
    }
    if (VhdFooter.hasCookie(file.read(file.size() - 512, 8))) {
      return Probe.yes("conectix footer");
    }
    if (VhdFooter.hasCookie(file.read(0, 8))) {
      return Probe.yes("conectix footer copy at the start");
    }
    return Probe.no("no conectix footer");
  }

  @Override
  public BlockDevice open(BlockDevice file, DriverContext context) throws IOException {
    return VhdDisk.open(file, context);
  }
}
