package org.bootlace.testing;

import java.io.IOException;
import org.bootlace.BootOptions;
import org.bootlace.BootSource;
import org.bootlace.Limits;
import org.bootlace.block.BlockDevices;
import org.bootlace.image.RawImageFormat;
import org.bootlace.spi.BootConfigParser;
import org.bootlace.spi.Drivers;

/**
 * Opens a test disk ({@link MemFs} alone for a bare filesystem, or a {@link TestDisk}) as a real
 * {@link BootSource} with only the given config parsers, so a parser test runs the whole search and
 * resolution path of bootlace's core.
 */
public final class TestImages {
  private TestImages() {}

  public static Drivers drivers(BootConfigParser... parsers) {
    Drivers.Builder b =
        Drivers.builder()
            .add(new RawImageFormat())
            .add(new TestDisk.Table())
            .add(new MemFs.Driver());
    for (BootConfigParser p : parsers) {
      b.add(p);
    }
    return b.build();
  }

  public static BootSource open(byte[] disk, BootConfigParser... parsers) throws IOException {
    return open(disk, Limits.defaults(), parsers);
  }

  public static BootSource open(byte[] disk, Limits limits, BootConfigParser... parsers)
      throws IOException {
    return open(disk, BootOptions.builder().limits(limits), parsers);
  }

  /** With options to start from (entry, --args, ...); the drivers are set here. */
  public static BootSource open(
      byte[] disk, BootOptions.Builder options, BootConfigParser... parsers) throws IOException {
    return BootSource.open(
        BlockDevices.ofBytes(disk, "test.img"), options.drivers(drivers(parsers)).build());
  }
}
