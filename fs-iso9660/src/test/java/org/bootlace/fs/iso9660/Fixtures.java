package org.bootlace.fs.iso9660;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Random;
import org.bootlace.testing.Tools;

/**
 * The source trees fixture images are made from. Every shape is there for one reader path: see the
 * comment at each.
 */
final class Fixtures {
  private Fixtures() {}

  /**
   * The volume identifier: lower case and a space, so that blkid's Joliet label merge is exercised.
   */
  static final String VOLUME_ID = "bootlace Fixture";

  static void commonTree(Path root) {
    Random rnd = new Random(42);
    Tools.write(root, "small.txt", "hello, iso\n");
    Tools.write(root, "empty", new byte[0]);
    // Sizes around the 2048-byte block and a file spanning many blocks.
    for (int size : new int[] {1, 2047, 2048, 2049, 100_000, 3 << 20}) {
      Tools.write(root, "sizes/f" + size, bytes(rnd, size));
    }
    // Ten levels: deeper than ISO 9660's eight, so mkisofs relocates (RE/CL/PL) without deep paths.
    Tools.write(root, "a/b/c/d/e/f/g/h/i/j/deep.txt", "deep\n");
    // A long Rock Ridge name: more than one NM entry's worth is not needed, 200 bytes is.
    Tools.write(root, "long/" + "l".repeat(190) + "-name.txt", "long\n");
    Tools.write(root, "unicode/h\u00e9llo w\u00f6rld \u2603.txt", "snow\n");
    Tools.write(root, "unicode/\u65e5\u672c\u8a9e", "nihongo\n");
    Tools.write(root, "Case/MiXeD.TxT", "mixed\n");
    Tools.write(root, "dots/name.with.many.dots", "dots\n");
    Tools.write(root, "dots/trail.", "trailing dot\n");
    Tools.write(root, "links/target.txt", "target\n");
    // 300 names fill several directory sectors.
    for (int i = 0; i < 300; i++) {
      Tools.write(
          root, String.format(Locale.ROOT, "many/file-with-a-longish-name-%04d", i), "n" + i);
    }
    try {
      Files.createSymbolicLink(root.resolve("links/rel"), Path.of("target.txt"));
      Files.createSymbolicLink(root.resolve("links/abs"), Path.of("/small.txt"));
      Files.createSymbolicLink(root.resolve("links/up"), Path.of("../small.txt"));
      Files.createSymbolicLink(root.resolve("links/dot"), Path.of("./target.txt"));
      Files.createSymbolicLink(root.resolve("links/dir"), Path.of("../a/b"));
      // A target longer than one SL entry holds: it continues in a second SL.
      Files.createSymbolicLink(
          root.resolve("links/long"), Path.of("../" + "long-directory-name/".repeat(14) + "end"));
      Files.createDirectories(root.resolve("emptydir"));
      Tools.run("mkfifo", root.resolve("fifo").toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] bytes(Random rnd, int n) {
    byte[] b = new byte[n];
    rnd.nextBytes(b);
    return b;
  }

  /** A sparse file of {@code size} bytes with {@code runLength} random bytes at each offset. */
  static void writeRuns(Path file, long size, Random rnd, long[] offsets, int runLength) {
    try {
      Files.createDirectories(file.getParent());
      try (FileChannel ch =
          FileChannel.open(
              file,
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE,
              StandardOpenOption.TRUNCATE_EXISTING)) {
        for (long off : offsets) {
          int n = (int) Math.min(runLength, size - off);
          ch.write(ByteBuffer.wrap(bytes(rnd, n)), off);
        }
        if (ch.size() < size) {
          ch.write(ByteBuffer.wrap(new byte[1]), size - 1);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
