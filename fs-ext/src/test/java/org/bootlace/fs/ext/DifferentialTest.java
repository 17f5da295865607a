package org.bootlace.fs.ext;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.bootlace.BootOptions;
import org.bootlace.BootSource;
import org.bootlace.FileStat;
import org.bootlace.GuestFile;
import org.bootlace.Limits;
import org.bootlace.Volume;
import org.bootlace.block.BlockDevice;
import org.bootlace.block.BlockDevices;
import org.bootlace.image.RawImageFormat;
import org.bootlace.spi.DirEntry;
import org.bootlace.spi.DriverContext;
import org.bootlace.spi.Drivers;
import org.bootlace.spi.FileType;
import org.bootlace.spi.Warnings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every mkfs variant the reader must handle, built from the same source tree: each file read
 * through bootlace must equal its source, each symlink its target, each directory listing what
 * debugfs lists (names and inode numbers).
 */
class DifferentialTest {
  @TempDir static Path tmp;
  private static Path plain;
  private static Path many;
  private static Path huge;

  @BeforeAll
  static void trees() throws IOException {
    plain = Files.createDirectories(tmp.resolve("src-plain"));
    Fixtures.commonTree(plain, false);
    many = Files.createDirectories(tmp.resolve("src-many"));
    Fixtures.commonTree(many, true);
    huge = Files.createDirectories(tmp.resolve("src-huge"));
    Fixtures.commonTree(huge, false);
    Fixtures.hugeFile(huge);
  }

  enum Tree {
    PLAIN,
    MANY,
    HUGE
  }

  /** One way to make the filesystem; {@code name} is what the test report shows. */
  record Variant(
      String name,
      String program,
      String type,
      String size,
      Tree tree,
      String hashAlg,
      List<String> options,
      boolean unsignedHash) {
    Variant(
        String name,
        String program,
        String type,
        String size,
        Tree tree,
        String hashAlg,
        List<String> options) {
      this(name, program, type, size, tree, hashAlg, options, false);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /** All variants, or those whose name contains the system property ext.variant (for debugging). */
  static Stream<Variant> variants() {
    String only = System.getProperty("ext.variant", "");
    return allVariants().filter(v -> v.name.contains(only));
  }

  static Stream<Variant> allVariants() {
    return Stream.of(
        new Variant(
            "ext2 -b 1024 (indirect blocks, >2 GiB via triple indirect)",
            "mkfs.ext2",
            "ext2",
            "160M",
            Tree.HUGE,
            "",
            List.of("-b", "1024")),
        new Variant(
            "ext2 -r 0 (revision 0: no filetype, 128-byte inodes)",
            "mkfs.ext2",
            "ext2",
            "160M",
            Tree.PLAIN,
            "",
            List.of("-r", "0")),
        new Variant(
            "ext2 -O ^filetype,^dir_index",
            "mkfs.ext2",
            "ext2",
            "96M",
            Tree.MANY,
            "",
            List.of("-O", "^filetype,^dir_index")),
        new Variant(
            "ext3 -b 4096", "mkfs.ext3", "ext3", "128M", Tree.MANY, "", List.of("-b", "4096")),
        new Variant(
            "ext3 -b 1024 hash_alg=tea",
            "mkfs.ext3",
            "ext3",
            "160M",
            Tree.MANY,
            "tea",
            List.of("-b", "1024")),
        new Variant(
            "ext4 default (4 KiB, 64bit, metadata_csum, htree)",
            "mkfs.ext4",
            "ext4",
            "160M",
            Tree.MANY,
            "",
            List.of()),
        new Variant(
            "ext4 -b 1024 (deep extent tree, two-level htree)",
            "mkfs.ext4",
            "ext4",
            "160M",
            Tree.MANY,
            "",
            List.of("-b", "1024")),
        new Variant(
            "ext4 -b 1024 hash_alg=legacy large_dir",
            "mkfs.ext4",
            "ext4",
            "160M",
            Tree.MANY,
            "legacy",
            List.of("-b", "1024", "-O", "large_dir")),
        new Variant(
            "ext4 -b 1024 -O ^extent,^64bit (indirect blocks)",
            "mkfs.ext4",
            "ext4",
            "160M",
            Tree.MANY,
            "",
            List.of("-b", "1024", "-O", "^extent,^64bit")),
        new Variant(
            "ext4 -O ^metadata_csum with unsigned name hashes",
            "mkfs.ext4",
            "ext4",
            "128M",
            Tree.MANY,
            "",
            List.of("-O", "^metadata_csum"),
            true),
        new Variant(
            "ext4 -O ^64bit (32-byte descriptors, >2 GiB file)",
            "mkfs.ext4",
            "ext4",
            "128M",
            Tree.HUGE,
            "",
            List.of("-O", "^64bit")),
        new Variant(
            "ext4 -O ^metadata_csum,uninit_bg (crc16 descriptors)",
            "mkfs.ext4",
            "ext4",
            "128M",
            Tree.PLAIN,
            "",
            List.of("-O", "^metadata_csum,uninit_bg")),
        new Variant(
            "ext4 -O inline_data",
            "mkfs.ext4",
            "ext4",
            "128M",
            Tree.PLAIN,
            "",
            List.of("-O", "inline_data")),
        new Variant(
            "ext4 -b 1024 -O inline_data",
            "mkfs.ext4",
            "ext4",
            "160M",
            Tree.PLAIN,
            "",
            List.of("-b", "1024", "-O", "inline_data")),
        new Variant(
            "ext4 -O bigalloc -C 16384",
            "mkfs.ext4",
            "ext4",
            "256M",
            Tree.PLAIN,
            "",
            List.of("-O", "bigalloc", "-C", "16384")),
        new Variant(
            "ext4 -b 1024 -O meta_bg,^resize_inode",
            "mkfs.ext4",
            "ext4",
            "300M",
            Tree.PLAIN,
            "",
            List.of("-b", "1024", "-O", "meta_bg,^resize_inode")),
        new Variant(
            "ext4 -b 1024 -O meta_bg,^resize_inode,sparse_super2",
            "mkfs.ext4",
            "ext4",
            "300M",
            Tree.PLAIN,
            "",
            List.of(
                "-b",
                "1024",
                "-O",
                "meta_bg,^resize_inode,sparse_super2",
                "-E",
                "num_backup_sb=1")),
        new Variant(
            "ext4 -O sparse_super2",
            "mkfs.ext4",
            "ext4",
            "128M",
            Tree.PLAIN,
            "",
            List.of("-O", "sparse_super2")),
        new Variant(
            "ext4 -I 128", "mkfs.ext4", "ext4", "128M", Tree.PLAIN, "", List.of("-I", "128")),
        new Variant(
            "ext4 -b 65536", "mkfs.ext4", "ext4", "512M", Tree.PLAIN, "", List.of("-b", "65536")));
  }

  static BootOptions options() {
    return BootOptions.builder()
        .drivers(Drivers.builder().add(new RawImageFormat()).add(new ExtFilesystemDriver()).build())
        .build();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("variants")
  void everyFileDirectoryAndLinkMatchesTheSource(Variant v) throws Exception {
    Path src = v.tree == Tree.PLAIN ? plain : v.tree == Tree.MANY ? many : huge;
    Path image = tmp.resolve("fs.img");
    Files.deleteIfExists(image);
    Fixtures.mkfs(src, image, v.program, v.size, v.options, v.hashAlg, v.unsignedHash);
    try (BlockDevice dev = BlockDevices.open(image)) {
      // OpenedFs directly first, so that a failure shows the driver's own message.
      new ExtFilesystemDriver()
          .open(dev, new DriverContext(Limits.defaults(), new Warnings()))
          .close();
    }
    try (BootSource source = BootSource.open(image, options())) {
      Volume vol = source.volume(0).orElseThrow();
      assertThat(vol.fsType()).isEqualTo(v.type);
      assertThat(vol.uuid()).contains(Fixtures.UUID);
      assertThat(vol.label()).contains(Fixtures.LABEL);
      compareTree(src, vol, image, v.tree == Tree.HUGE && v.type.equals("ext4"));
    } finally {
      Files.deleteIfExists(image);
    }
  }

  private static void compareTree(Path src, Volume vol, Path image, boolean fullHugeCompare)
      throws Exception {
    List<Path> all;
    try (Stream<Path> s = Files.walk(src)) {
      all = s.sorted(Comparator.comparing(Path::toString)).toList();
    }
    List<String> dirs = new ArrayList<>();
    for (Path p : all) {
      String path = "/" + src.relativize(p).toString();
      PosixFileAttributes a =
          Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      FileStat st = vol.lstat(path).orElseThrow(() -> new AssertionError(path + " is missing"));
      if (!a.isDirectory()) { // mkfs and e2fsck touch directories
        assertThat(st.mtime())
            .as(path + " mtime")
            .isEqualTo(a.lastModifiedTime().toMillis() / 1000);
      }
      if (a.isSymbolicLink()) {
        assertThat(st.type()).as(path).isEqualTo(FileType.SYMLINK);
        assertThat(vol.readLink(path)).as(path).isEqualTo(Files.readSymbolicLink(p).toString());
      } else if (a.isDirectory()) {
        assertThat(st.type()).as(path).isEqualTo(FileType.DIRECTORY);
        dirs.add(path);
        List<String> expected;
        try (Stream<Path> s = Files.list(p)) {
          expected = s.map(c -> c.getFileName().toString()).sorted().toList();
        }
        List<String> actual =
            vol.list(path).stream()
                .map(DirEntry::name)
                .filter(n -> !(path.equals("/") && n.equals("lost+found")))
                .sorted()
                .toList();
        assertThat(actual).as(path).isEqualTo(expected);
      } else if (a.isRegularFile()) {
        assertThat(st.type()).as(path).isEqualTo(FileType.REGULAR);
        assertThat(st.size()).as(path).isEqualTo(a.size());
        GuestFile f = vol.open(path);
        if (a.size() >= Fixtures.SPARSE_COMPARE_THRESHOLD && !fullHugeCompare) {
          compareWindows(p, f);
        } else if (a.size() >= Fixtures.SPARSE_COMPARE_THRESHOLD) {
          compareAll(p, f);
        } else if (path.startsWith("/many/")) { // content known from the name: no source read
          String n = path.substring(path.length() - 4);
          byte[] expected = ("n" + Integer.parseInt(n)).getBytes(StandardCharsets.UTF_8);
          assertThat(f.readAllBytes()).as(path).isEqualTo(expected);
        } else {
          assertThat(sha256(f))
              .as(path)
              .isEqualTo(SOURCE_HASHES.computeIfAbsent(p, DifferentialTest::sha256Unchecked));
        }
      } else {
        assertThat(st.type()).as(path).isEqualTo(FileType.FIFO);
      }
    }
    assertThat(vol.lstat("/links/hard").orElseThrow().id())
        .isEqualTo(vol.lstat("/links/target.txt").orElseThrow().id());
    assertThat(vol.stat("/links/fast").orElseThrow().path()).isEqualTo("/links/target.txt");

    // Names and inode numbers as debugfs sees them.
    dirs.add("/lost+found");
    Map<String, List<Fixtures.Listed>> listed = Fixtures.debugfsLs(image, dirs);
    for (String d : dirs) {
      List<Fixtures.Listed> ours =
          vol.list(d).stream()
              .map(e -> new Fixtures.Listed(e.name(), e.id()))
              .sorted(Comparator.comparing(Fixtures.Listed::name))
              .toList();
      List<Fixtures.Listed> theirs =
          listed.get(d).stream().sorted(Comparator.comparing(Fixtures.Listed::name)).toList();
      assertThat(ours).as("listing of " + d).isEqualTo(theirs);
    }
  }

  private static final Map<Path, String> SOURCE_HASHES = new ConcurrentHashMap<>();

  private static String sha256Unchecked(Path p) {
    try {
      return sha256(p);
    } catch (IOException | NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  static String sha256(Path p) throws IOException, NoSuchAlgorithmException {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    try (FileChannel ch = FileChannel.open(p)) {
      ByteBuffer buf = ByteBuffer.allocate((int) Math.min(1 << 20, ch.size() + 1));
      while (ch.read(buf) > 0) {
        buf.flip();
        md.update(buf);
        buf.clear();
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }

  static String sha256(GuestFile f) throws IOException, NoSuchAlgorithmException {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    ByteBuffer buf = ByteBuffer.allocate((int) Math.min(1 << 20, f.size() + 1));
    long pos = 0;
    while (true) {
      buf.clear();
      int n = f.read(pos, buf);
      if (n < 0) {
        break;
      }
      buf.flip();
      md.update(buf);
      pos += n;
    }
    assertThat(pos).isEqualTo(f.size());
    return HexFormat.of().formatHex(md.digest());
  }

  /** Windows at the start, the end, the middle and around the data past 2 GiB. */
  private static void compareWindows(Path p, GuestFile f) throws IOException {
    long size = f.size();
    int w = 1 << 20;
    for (long at : new long[] {0, size / 2, Fixtures.HUGE_DATA_AT - w / 2, size - w}) {
      compareRange(p, f, Math.max(0, Math.min(at, size - w)), w);
    }
  }

  private static void compareAll(Path p, GuestFile f) throws IOException {
    int w = 8 << 20;
    for (long at = 0; at < f.size(); at += w) {
      compareRange(p, f, at, (int) Math.min(w, f.size() - at));
    }
  }

  private static void compareRange(Path p, GuestFile f, long at, int len) throws IOException {
    ByteBuffer expected = ByteBuffer.allocate(len);
    try (FileChannel ch = FileChannel.open(p)) {
      while (expected.hasRemaining()) {
        ch.read(expected, at + expected.position());
      }
    }
    ByteBuffer actual = ByteBuffer.allocate(len);
    while (actual.hasRemaining()) {
      int n = f.read(at + actual.position(), actual);
      assertThat(n).as(f + " at " + (at + actual.position())).isPositive();
    }
    assertThat(actual.array()).as(f + " bytes " + at + "..+" + len).isEqualTo(expected.array());
  }
}
