package org.bootlace.fs.ext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.bootlace.testing.Tools;

/**
 * Builds the source trees the fixture images are made from (with {@code mkfs.ext* -d}) and reads
 * what debugfs says about an image. Every shape in the tree is there for one reader path: see the
 * comments at each file.
 */
final class Fixtures {
  private Fixtures() {}

  static final String UUID = "0c5e7a1b-2d3f-4e5a-8b9c-0d1e2f3a4b5c";
  static final String LABEL = "fixture";

  /** Logical bytes from which the large sparse file holds data, beyond 2 GiB. */
  static final long HUGE_DATA_AT = (2L << 30) + 12345;

  static final long HUGE_SIZE = (2L << 30) + (64 << 20);

  /** Files at least this big are compared in windows by default: they are mostly holes. */
  static final long SPARSE_COMPARE_THRESHOLD = 256L << 20;

  /**
   * The common tree. {@code manyFiles} adds a directory of 3000 long names, which becomes an htree
   * (two levels on 1 KiB blocks) after {@code e2fsck -D}.
   */
  static void commonTree(Path root, boolean manyFiles) {
    Random rnd = new Random(42);
    Tools.write(root, "small.txt", "hello, ext\n");
    Tools.write(root, "empty", new byte[0]);
    // Sizes around block boundaries and a multi-extent file.
    for (int size :
        new int[] {1, 59, 60, 61, 1023, 1024, 1025, 4095, 4096, 4097, 100_000, 3 << 20}) {
      Tools.write(root, "sizes/f" + size, bytes(rnd, size));
    }
    Tools.write(root, "a/b/c/d/e/deep.txt", "deep\n");
    Tools.write(root, "unicode/h\u00e9llo w\u00f6rld \u2603.txt", "snow\n");
    Tools.write(root, "unicode/\u65e5\u672c\u8a9e", "nihongo\n");
    Tools.write(root, "links/target.txt", "target\n");
    try {
      Files.createLink(root.resolve("links/hard"), root.resolve("links/target.txt"));
      Files.createSymbolicLink(root.resolve("links/fast"), Path.of("target.txt"));
      Files.createSymbolicLink(root.resolve("links/abs"), Path.of("/small.txt"));
      // 59 bytes is the longest target i_block holds; 60 needs a block.
      Files.createSymbolicLink(root.resolve("links/fast59"), Path.of("x".repeat(59)));
      Files.createSymbolicLink(root.resolve("links/slow60"), Path.of("y".repeat(60)));
      Files.createSymbolicLink(
          root.resolve("links/slow"), Path.of("../" + "long-directory-name/".repeat(10) + "end"));
      Files.createDirectories(root.resolve("emptydir"));
      Tools.run("mkfifo", root.resolve("fifo").toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // Small files and a directory that fit inline with -O inline_data.
    Tools.write(root, "tiny/one", "1");
    Tools.write(root, "tiny/sixty", "z".repeat(60));
    Tools.write(root, "tiny/hundred", "w".repeat(100));
    // Holes: data runs between gaps, the last one ending the file mid-block.
    writeRuns(
        root.resolve("sparse/holes.bin"),
        8 << 20,
        rnd,
        new long[] {0, 1 << 20, 5 << 20, (8 << 20) - 1000},
        3000);
    // 4 KiB of data every 8 KiB, 1500 times: more extents than a depth-1 tree holds.
    long[] runs = new long[1500];
    for (int i = 0; i < runs.length; i++) {
      runs[i] = i * 8192L;
    }
    // Every file ends with data: mke2fs 1.47.0 -d -O inline_data drops a trailing hole from i_size.
    writeRuns(root.resolve("sparse/fragmented.bin"), runs.length * 8192L - 4096, rnd, runs, 4096);
    // With 1 KiB block maps: direct, single, double and (past 64.26 MiB) triple indirect blocks.
    writeRuns(
        root.resolve("sparse/far.bin"),
        72L << 20,
        rnd,
        new long[] {0, 20 << 10, 300 << 10, 5 << 20, 70L << 20, (72L << 20) - 100},
        5000);
    if (manyFiles) {
      for (int i = 0; i < 3000; i++) {
        // Some names with bytes above 0x7f, where signed and unsigned name hashes differ.
        String format =
            i % 10 == 0
                ? "many/\u00e4-\u00f6-\u00fc-rather-long-file-name-%04d"
                : "many/a-rather-long-file-name-to-fill-directory-blocks-%04d";
        Tools.write(root, String.format(Locale.ROOT, format, i), "n" + i);
      }
    }
  }

  /** Adds a sparse file larger than 2 GiB with data beyond the 2 GiB mark. */
  static void hugeFile(Path root) {
    writeRuns(
        root.resolve("huge/over2g.bin"),
        HUGE_SIZE,
        new Random(7),
        new long[] {0, HUGE_DATA_AT, HUGE_SIZE - 100},
        100);
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
        ch.truncate(size);
        if (ch.size() < size) {
          ch.write(ByteBuffer.wrap(new byte[1]), size - 1);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Runs mkfs ({@code hashAlg} empty for the default), then {@code e2fsck -fyD} so that big
   * directories get a hash index.
   */
  static Path mkfs(
      Path src, Path image, String program, String size, List<String> options, String hashAlg) {
    return mkfs(src, image, program, size, options, hashAlg, false);
  }

  /**
   * Like {@link #mkfs(Path, Path, String, String, List, String)}; {@code unsignedHash} marks the
   * superblock (s_flags) for unsigned name hashes before the indexes are built, as mkfs does on
   * machines whose char is unsigned. Only for images without metadata_csum.
   */
  static Path mkfs(
      Path src,
      Path image,
      String program,
      String size,
      List<String> options,
      String hashAlg,
      boolean unsignedHash) {
    List<String> cmd = new ArrayList<>(List.of(program, "-q", "-F", "-L", LABEL, "-U", UUID));
    cmd.addAll(options);
    cmd.addAll(List.of("-d", src.toString(), image.toString(), size));
    Tools.run(cmd.toArray(String[]::new));
    if (!hashAlg.isEmpty()) { // mke2fs cannot set it; e2fsck -D then builds indexes with it
      Tools.run("tune2fs", "-E", "hash_alg=" + hashAlg, image.toString());
    }
    if (unsignedHash) {
      Tools.patch(image, 1024 + 0x160, (byte) 0x2, (byte) 0, (byte) 0, (byte) 0);
    }
    Tools.Result r = Tools.exec(null, "e2fsck", "-fyD", image.toString());
    if (r.exitCode() > 1) {
      throw new AssertionError(
          "e2fsck -fyD " + image + " exited " + r.exitCode() + "\n" + r.stdout() + r.stderr());
    }
    return image;
  }

  /** One name of a directory as debugfs lists it. */
  record Listed(String name, long inode) {}

  /** {@code debugfs ls -p -r} of each directory, in one debugfs run. */
  static Map<String, List<Listed>> debugfsLs(Path image, List<String> dirs) {
    StringBuilder script = new StringBuilder();
    for (String d : dirs) {
      script.append("ls -p -r \"").append(d).append("\"\n");
    }
    Path cmds;
    try {
      cmds = Files.createTempFile("debugfs", ".cmd");
      Files.writeString(cmds, script.toString(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String out;
    try {
      out = Tools.run("debugfs", "-f", cmds.toString(), image.toString());
    } finally {
      try {
        Files.deleteIfExists(cmds);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    // stdout is decoded as ISO-8859-1: turn it back into bytes, then UTF-8.
    String text = new String(out.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    Map<String, List<Listed>> result = new LinkedHashMap<>();
    List<Listed> current = null;
    int next = 0;
    for (String line : text.split("\n", -1)) {
      if (line.startsWith("debugfs: ")) {
        current = new ArrayList<>();
        result.put(dirs.get(next++), current);
        continue;
      }
      if (current == null || !line.startsWith("/")) {
        continue;
      }
      // /inode/mode/uid/gid/name/size/
      String[] f = line.split("/", -1);
      String name = f[5];
      long inode = Long.parseLong(f[1]);
      if (inode != 0 && !name.equals(".") && !name.equals("..")) {
        current.add(new Listed(name, inode));
      }
    }
    if (result.size() != dirs.size()) {
      throw new AssertionError("debugfs listed " + result.keySet() + " of " + dirs + ":\n" + text);
    }
    return result;
  }
}
