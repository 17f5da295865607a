package org.bootlace.hostile;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Set;
import org.bootlace.BootOptions;
import org.bootlace.BootRecord;
import org.bootlace.BootSource;
import org.bootlace.GuestFile;
import org.bootlace.block.BlockDevices;
import org.bootlace.spi.Driver;
import org.bootlace.spi.Drivers;
import org.bootlace.testing.FuzzProperty;

/**
 * The whole resolver over a disk made of the fuzz input, with the drivers {@link
 * Drivers#discover()} finds: image format, partition table, filesystem, boot configuration,
 * resolution and the kernel and ramdisk read to their ends. By default only the finished drivers
 * take part (raw images, MBR, GPT, ext, GRUB legacy), so a finding is a bug in released code;
 * {@code -Dbootlace.fuzz.allDrivers=true} lets every discovered driver in. Seeds: {@code
 * ResolverFuzzTestInputs/resolve/}, made by {@code fuzz/make-seeds.sh}.
 */
class ResolverFuzzTest {
  private static final Set<String> FINISHED =
      Set.of(
          "org.bootlace.image",
          "org.bootlace.partition",
          "org.bootlace.fs.ext",
          "org.bootlace.grub.legacy");

  static final Drivers DRIVERS = drivers(Boolean.getBoolean("bootlace.fuzz.allDrivers"));

  @FuzzTest(maxDuration = "60s")
  @DictionaryFile(resourcePath = "resolver.dict")
  void resolve(byte[] disk) {
    resolveDisk(disk);
  }

  static Drivers drivers(boolean all) {
    Drivers found = Drivers.discover();
    Drivers.Builder b = Drivers.builder();
    found.imageFormats().stream().filter(d -> all || finished(d)).forEach(b::add);
    found.partitionTables().stream().filter(d -> all || finished(d)).forEach(b::add);
    found.filesystems().stream().filter(d -> all || finished(d)).forEach(b::add);
    found.configParsers().stream().filter(d -> all || finished(d)).forEach(b::add);
    return b.build();
  }

  private static boolean finished(Driver d) {
    return FINISHED.contains(d.getClass().getPackageName());
  }

  /**
   * The kernel's bytes when the disk boots, else null; every step is checked by {@link
   * FuzzProperty}.
   */
  static byte[] resolveDisk(byte[] disk) {
    BootOptions options =
        BootOptions.builder().limits(FuzzProperty.LIMITS).drivers(DRIVERS).build();
    BootSource source =
        FuzzProperty.value(() -> BootSource.open(BlockDevices.ofBytes(disk, "fuzz.img"), options));
    if (source == null) {
      return null;
    }
    source.partitions();
    FuzzProperty.holds(source::volumes);
    FuzzProperty.holds(source::menu);
    byte[] kernel =
        FuzzProperty.value(
            () -> {
              BootRecord r = source.resolveBoot();
              byte[] k = drain(r.kernel());
              for (GuestFile initrd : r.ramdisks()) {
                drain(initrd);
              }
              return k;
            });
    FuzzProperty.holds(source::close);
    return kernel;
  }

  private static byte[] drain(GuestFile f) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(Math.toIntExact(f.size()));
    while (buf.hasRemaining()) {
      if (f.read(buf.position(), buf) <= 0) {
        throw new AssertionError(f + ": ended at " + buf.position() + " of " + f.size());
      }
    }
    return buf.array();
  }
}
