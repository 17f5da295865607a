package org.bootlace.fs.ext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.bootlace.Limits;
import org.bootlace.testing.OpenedFs;
import org.bootlace.testing.Tools;

/** Small real images for the corruption tests, and driver-level helpers to use them. */
final class ExtImages {
  private ExtImages() {}

  static final int BS = 1024;
  static final long SB = 1024;

  /**
   * A 1 KiB-block tree: a 3-block file, a file with two extents, files whose extent trees have
   * depth 1 and 2, a linear directory, an htree directory, and fast and slow symlinks.
   */
  static Path tree(Path root) {
    Random rnd = new Random(1);
    Tools.write(root, "file", Fixtures.bytes(rnd, 3000));
    Fixtures.writeRuns(root.resolve("holes"), 11 << 10, rnd, new long[] {0, 10 << 10}, 1024);
    long[] hundred = new long[100];
    for (int i = 0; i < hundred.length; i++) {
      hundred[i] = i * 2048L;
    }
    Fixtures.writeRuns(root.resolve("frag1"), 100 * 2048L - 1024, rnd, hundred, 1024);
    long[] many = new long[1500];
    for (int i = 0; i < many.length; i++) {
      many[i] = i * 2048L;
    }
    Fixtures.writeRuns(root.resolve("frag2"), 1500 * 2048L - 1024, rnd, many, 1024);
    Tools.write(root, "ind", Fixtures.bytes(rnd, 20 << 10));
    Tools.write(root, "dir/a", "a");
    Tools.write(root, "dir/b", "b");
    Tools.write(root, "dir/c", "c");
    Tools.write(root, "tiny", "t".repeat(100));
    for (int i = 0; i < 600; i++) {
      Tools.write(
          root,
          String.format(Locale.ROOT, "many/a-long-name-to-fill-the-directory-blocks-%04d", i),
          "x");
    }
    try {
      Files.createSymbolicLink(root.resolve("fast"), Path.of("file"));
      Files.createSymbolicLink(root.resolve("slow"), Path.of("s".repeat(100)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return root;
  }

  static Path mkfs(Path src, Path image, String program, String... features) {
    List<String> opts =
        features.length == 0
            ? List.of("-b", "1024")
            : List.of("-b", "1024", "-O", String.join(",", features));
    return Fixtures.mkfs(src, image, program, "16M", opts, "");
  }

  static Path copy(Path base, Path dir) {
    try {
      Path p = dir.resolve(base.getFileName());
      Files.copy(base, p);
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static OpenedFs open(Path image) throws IOException {
    return open(image, Limits.defaults());
  }

  static OpenedFs open(Path image, Limits limits) throws IOException {
    return OpenedFs.open(new ExtFilesystemDriver(), image, limits);
  }

  static void put16(Path image, long offset, int v) {
    Tools.patch(image, offset, (byte) v, (byte) (v >>> 8));
  }

  static void put32(Path image, long offset, long v) {
    Tools.patch(image, offset, TestCrc.le32(v));
  }

  static int get16(Path image, long offset) {
    return TestCrc.u16(Tools.read(image, offset, 2), 0);
  }

  static long get32(Path image, long offset) {
    return TestCrc.u32(Tools.read(image, offset, 4), 0);
  }

  /** Recomputes the superblock checksum after a patch (metadata_csum images). */
  static void resealSuperblock(Path image) {
    byte[] sb = Tools.read(image, SB, 1024);
    put32(image, SB + 0x3FC, TestCrc.crc32c(-1, sb, 0, 0x3FC) & 0xffffffffL);
  }
}
