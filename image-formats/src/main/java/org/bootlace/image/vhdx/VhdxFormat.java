package org.bootlace.image.vhdx;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.bootlace.block.BlockDevice;
import org.bootlace.spi.DriverContext;
import org.bootlace.spi.ImageFormat;
import org.bootlace.spi.Probe;

/** VHDX, recognized by its file type identifier {@code vhdxfile}. */
public final class VhdxFormat implements ImageFormat {
  /**
   * Creates the driver; {@link java.util.ServiceLoader} calls it, as an {@link
   * org.bootlace.spi.ImageFormat} service.
   */
  public VhdxFormat() {}

  @Override
  public String name() {
    return "vhdx";
  }

  @Override
  public int priority() {
    return 20;
  }

  @Override
  public Probe probe(BlockDevice file) throws IOException {
    if (file.size() < 8) {
      return Probe.no("shorter than a VHDX signature");
    }
    return new String(file.read(0, 8), StandardCharsets.ISO_8859_1).equals("vhdxfile")
        ? Probe.yes("vhdxfile signature")
        : Probe.no("no vhdxfile signature");
  }

  @Override
  public BlockDevice open(BlockDevice file, DriverContext context) throws IOException {
    return VhdxDisk.open(file, context);
  }
}
