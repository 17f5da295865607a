package org.bootlace.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Optional;
import org.bootlace.BootOptions;
import org.bootlace.BootRecord;
import org.bootlace.BootSource;
import org.bootlace.FileStat;
import org.bootlace.GuestFile;
import org.bootlace.Volume;
import org.bootlace.block.BlockDevices;
import org.bootlace.testing.FuzzProperty;
import org.bootlace.testing.MemFs;
import org.bootlace.testing.TestImages;

/**
 * bootlace's public path over hostile input: {@code open -> partitions -> volumes -> menu ->
 * resolveBoot -> reading the kernel}.
 *
 * <ul>
 *   <li>{@link #disk} gives the fuzz input as a whole disk to a source with every driver on the
 *       class path (here core's own: raw images, MBR and GPT; the examples module runs the same
 *       path with every filesystem and config parser).
 *   <li>{@link #guest} builds a well-formed test filesystem whose names and symbolic links come
 *       from the input, then resolves input-chosen paths through {@link Volume} and pygrub's {@code
 *       --kernel}/{@code --ramdisk}: the core's path walk (".", "..", links, loops, the root as a
 *       boundary) and its file reads.
 * </ul>
 */
class BootSourceFuzzTest {
  @FuzzTest(maxDuration = "60s")
  @DictionaryFile(resourcePath = "partition.dict")
  void disk(byte[] disk) {
    BootOptions options = BootOptions.builder().limits(FuzzProperty.LIMITS).build();
    BootSource source =
        FuzzProperty.value(() -> BootSource.open(BlockDevices.ofBytes(disk, "fuzz.img"), options));
    if (source != null) {
      exercise(source);
    }
  }

  @FuzzTest(maxDuration = "60s")
  void guest(FuzzedDataProvider data) {
    byte[] fs = tree(data);
    String kernel = path(data);
    BootOptions.Builder options = BootOptions.builder().limits(FuzzProperty.LIMITS).kernel(kernel);
    if (data.consumeBoolean()) {
      options.ramdisk(path(data));
    }
    String[] queries = new String[data.consumeInt(0, 6)];
    for (int i = 0; i < queries.length; i++) {
      queries[i] = path(data);
    }
    BootSource source = FuzzProperty.value(() -> TestImages.open(fs, options));
    if (source == null) {
      return;
    }
    Volume v = FuzzProperty.value(() -> source.volume(0).orElse(null));
    for (int i = 0; v != null && i < queries.length; i++) {
      String q = queries[i];
      FuzzProperty.holds(() -> canonical(q, v.stat(q)));
      FuzzProperty.holds(() -> canonical(q, v.lstat(q)));
      FuzzProperty.holds(() -> v.list(q));
      FuzzProperty.holds(() -> v.readLink(q));
      FuzzProperty.holds(() -> drain(v.open(q)));
      FuzzProperty.holds(() -> v.readConfig(q));
    }
    exercise(source);
  }

  /** Every public step of a source, each on its own: one refusing does not hide the next. */
  static void exercise(BootSource source) {
    try (source) {
      source.partitions();
      source.partitionScheme();
      FuzzProperty.holds(source::volumes);
      FuzzProperty.holds(source::menu);
      FuzzProperty.holds(
          () -> {
            BootRecord r = source.resolveBoot();
            drain(r.kernel());
            if (r.ramdisk().isPresent()) {
              drain(r.ramdisk().get());
            }
          });
      source.warnings();
    } catch (IOException e) {
      throw new AssertionError("close failed: " + e, e);
    }
  }

  /** Reads a whole guest file through its positional reads, as a toolstack copying it would. */
  static void drain(GuestFile f) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(64 << 10);
    long at = 0;
    while (true) {
      buf.clear();
      int n = f.read(at, buf);
      if (n < 0) {
        break;
      }
      if (n == 0 || n > buf.capacity()) {
        throw new AssertionError(f + ": read returned " + n + " at " + at + " of " + f.size());
      }
      at += n;
    }
    if (at != f.size()) {
      throw new AssertionError(f + ": read " + at + " bytes of " + f.size());
    }
  }

  /** A canonical path never leaves the root: absolute, and no "." or ".." left in it. */
  private static void canonical(String asked, Optional<FileStat> stat) {
    if (stat.isEmpty()) {
      return;
    }
    String p = stat.get().path();
    if (!p.startsWith("/")
        || p.contains("//") && !p.equals("/")
        || p.matches(".*(^|/)\\.\\.?(/|$).*")) {
      throw new AssertionError(asked + " resolved to a non-canonical path " + p);
    }
  }

  private static final String[] NAMES = {
    "boot", "grub", "vmlinuz", "initrd.img", "a", "b", "..", ".", "menu.lst", "x".repeat(255)
  };

  /** 1 to 4 components from a small alphabet, so names collide and links meet real nodes. */
  private static String path(FuzzedDataProvider data) {
    StringBuilder s = new StringBuilder(data.consumeBoolean() ? "/" : "");
    int n = data.consumeInt(1, 4);
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        s.append('/');
      }
      s.append(data.consumeBoolean() ? data.pickValue(NAMES) : data.consumeAsciiString(8));
    }
    return s.toString();
  }

  /** A memfs image of up to 12 files, directories and links; paths always have a real last name. */
  private static byte[] tree(FuzzedDataProvider data) {
    MemFs.Builder b = MemFs.builder();
    int n = data.consumeInt(0, 12);
    for (int i = 0; i < n; i++) {
      String p =
          "/" + path(data).replaceAll("^/+", "") + "/" + data.pickValue(NAMES).replace(".", "n");
      switch (data.consumeInt(0, 2)) {
        case 0 -> b.file(p, data.consumeBytes(data.consumeInt(0, 4096)));
        case 1 -> b.dir(p);
        default -> b.symlink(p, path(data));
      }
    }
    return b.build();
  }
}
