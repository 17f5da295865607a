package org.bootlace.image.qcow2;

import java.io.IOException;
import org.bootlace.binary.Be;
import org.bootlace.block.BlockDevice;
import org.bootlace.spi.DriverContext;
import org.bootlace.spi.ImageFormat;
import org.bootlace.spi.Probe;

/** qcow2 (versions 2 and 3), recognized by its magic {@code QFI\xfb} and version. */
public final class Qcow2Format implements ImageFormat {
  /**
   * Creates the driver; {@link java.util.ServiceLoader} calls it, as an {@link
   * org.bootlace.spi.ImageFormat} service.
   */
  public Qcow2Format() {}

  @Override
  public String name() {
    return "qcow2";
  }

  @Override
  public int priority() {
    return 10;
  }

  @Override
  public Probe probe(BlockDevice file) throws IOException {
    if (file.size() < 72) {
      return Probe.no("shorter than a qcow2 header");
    }
    byte[] h = file.read(0, 8);
    if (Be.u32(h, 0) != Qcow2Header.MAGIC) {
      return Probe.no("no QFI\\xfb magic");
    }
    long v = Be.u32(h, 4);
    return Probe.yes("qcow2 version " + v);
  }

  @Override
  public BlockDevice open(BlockDevice file, DriverContext context) throws IOException {
    return Qcow2Disk.open(file, context);
  }
}
