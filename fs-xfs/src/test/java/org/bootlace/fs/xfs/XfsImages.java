package org.bootlace.fs.xfs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.bootlace.Limits;
import org.bootlace.testing.OpenedFs;
import org.bootlace.testing.Tools;

/**
 * Builds XFS fixtures with the real mkfs.xfs: a source tree is turned into a prototype file ({@code
 * mkfs.xfs -p}), so images are populated without mounting. mkfs.xfs refuses data devices under 300
 * MB unless it runs under xfsprogs' own test suite, which it recognizes by the TEST_DIR, TEST_DEV
 * and QA_CHECK_FS variables; they are set so fixtures stay a few MB.
 */
final class XfsImages {
  private XfsImages() {}

  static final String UUID = "5b1e0c3a-7d2f-4e1a-9c8b-1f2e3d4c5b6a";
  static final String LABEL = "fixture";

  /** The common tree; each shape is there for one reader path. */
  static Path tree(Path root) {
    Random rnd = new Random(42);
    Tools.write(root, "small.txt", "hello, xfs\n");
    Tools.write(root, "empty", new byte[0]);
    for (int size :
        new int[] {1, 511, 512, 513, 1023, 1024, 1025, 4095, 4096, 4097, 100_000, 3 << 20}) {
      Tools.write(root, "sizes/f" + size, bytes(rnd, size));
    }
    Tools.write(root, "a/b/c/d/e/deep.txt", "deep\n");
    Tools.write(root, "unicode/h\u00e9llo-w\u00f6rld-\u2603.txt", "snow\n");
    Tools.write(root, "unicode/\u65e5\u672c\u8a9e", "nihongo\n");
    Tools.write(root, "links/target.txt", "target\n");
    try {
      Files.createSymbolicLink(root.resolve("links/rel"), Path.of("target.txt"));
      Files.createSymbolicLink(root.resolve("links/abs"), Path.of("/small.txt"));
      Files.createDirectories(root.resolve("emptydir"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // Directory forms: shortform (in the inode), block (one directory block), leaf (data blocks
    // and one leaf block), node (several leaf blocks under a node block; with files allocated
    // between its blocks its data fork needs a bmap btree).
    for (int i = 0; i < 5; i++) {
      Tools.write(root, "dirs/short/s" + i, "s" + i);
    }
    for (int i = 0; i < 40; i++) {
      Tools.write(
          root, String.format(java.util.Locale.ROOT, "dirs/block/block-entry-%02d", i), "b" + i);
    }
    for (int i = 0; i < 300; i++) {
      Tools.write(
          root, String.format(java.util.Locale.ROOT, "dirs/leaf/leaf-entry-%03d", i), "l" + i);
    }
    for (int i = 0; i < 1200; i++) {
      Tools.write(
          root,
          String.format(
              java.util.Locale.ROOT,
              "dirs/node/a-rather-long-file-name-to-fill-directory-blocks-%04d",
              i),
          "n" + i);
    }
    return root;
  }

  /**
   * Symbolic links longer than any inode's literal area, stored in blocks. Not for v5 prototype
   * images: mkfs.xfs 6.1 writes their blocks without the v5 header, which the kernel refuses too.
   */
  static void remoteLinks(Path root) {
    try {
      Files.createDirectories(root.resolve("remote"));
      Files.createSymbolicLink(root.resolve("remote/long"), Path.of("r/".repeat(450) + "end"));
      Files.createSymbolicLink(root.resolve("remote/max"), Path.of("m".repeat(1023)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] bytes(Random rnd, int n) {
    byte[] b = new byte[n];
    rnd.nextBytes(b);
    return b;
  }

  /** The prototype file describing {@code src}: every directory, regular file and symlink. */
  static String proto(Path src) throws IOException {
    StringBuilder s = new StringBuilder("bootlace-fixture\n0 0\nd--755 0 0\n");
    protoDir(src, " ", s);
    return s.append("$\n").toString();
  }

  private static void protoDir(Path dir, String indent, StringBuilder s) throws IOException {
    List<Path> children;
    try (Stream<Path> list = Files.list(dir)) {
      children = list.sorted().toList();
    }
    for (Path p : children) {
      String name = p.getFileName().toString();
      if (name.chars().anyMatch(Character::isWhitespace)) {
        throw new IllegalArgumentException("a prototype file cannot name " + p);
      }
      if (Files.isSymbolicLink(p)) {
        s.append(indent)
            .append(name)
            .append(" l--777 0 0 ")
            .append(Files.readSymbolicLink(p))
            .append('\n');
      } else if (Files.isDirectory(p)) {
        s.append(indent).append(name).append(" d--755 0 0\n");
        protoDir(p, indent + " ", s);
        s.append(indent).append(" $\n");
      } else {
        s.append(indent)
            .append(name)
            .append(" ---644 0 0 ")
            .append(p.toAbsolutePath())
            .append('\n');
      }
    }
  }

  /**
   * {@code mkfs.xfs -p} of {@code src} into a new image of {@code size} bytes, with extra options.
   */
  static Path mkfs(Path src, Path image, long size, String... options) throws IOException {
    Path protoFile = image.resolveSibling(image.getFileName() + ".proto");
    Files.writeString(protoFile, proto(src), StandardCharsets.UTF_8);
    Tools.sparseFile(image, size);
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "env",
                "TEST_DIR=1",
                "TEST_DEV=1",
                "QA_CHECK_FS=1",
                "mkfs.xfs",
                "-f",
                "-q",
                "-L",
                LABEL,
                "-m",
                "uuid=" + UUID));
    cmd.addAll(List.of(options));
    cmd.addAll(List.of("-p", protoFile.toString(), image.toString()));
    Tools.run(cmd.toArray(String[]::new));
    return image;
  }

  static OpenedFs open(Path image) throws IOException {
    return OpenedFs.open(new XfsFilesystemDriver(), image, Limits.defaults());
  }

  static Path copy(Path image, Path dir) {
    try {
      return Files.copy(image, dir.resolve("copy-" + image.getFileName()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A sparse file of {@code size} bytes with {@code runLength} random bytes at each offset. */
  static void writeRuns(Path file, long size, Random rnd, long[] offsets, int runLength)
      throws IOException {
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
  }
}
