package org.bootlace.fs.xfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bootlace.spi.DirEntry;
import org.bootlace.spi.FileType;
import org.bootlace.spi.FsNode;
import org.bootlace.testing.OpenedFs;
import org.bootlace.testing.Tools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Images made by mkfs.xfs from one source tree, read back file by file and compared with the tree
 * and with xfs_db. Each variant is there for one on-disk shape.
 */
class DifferentialTest {
  @TempDir static Path shared;
  static Path src;
  static Path srcV4;
  static final Map<String, Path> IMAGES = new LinkedHashMap<>();

  @BeforeAll
  static void images() throws IOException {
    src = XfsImages.tree(Files.createDirectories(shared.resolve("src")));
    srcV4 = XfsImages.tree(Files.createDirectories(shared.resolve("src-v4")));
    XfsImages.remoteLinks(srcV4);
    // v5 with mkfs.xfs 6.1's defaults: crc, ftype, sparse inodes, bigtime, reflink, finobt,
    // inobtcount.
    IMAGES.put("v5", XfsImages.mkfs(src, shared.resolve("v5.img"), 64 << 20));
    // v5 with 1 KiB blocks and 4 KiB directory blocks (sb_dirblklog 2), rmapbt and nrext64.
    IMAGES.put(
        "v5-1k",
        XfsImages.mkfs(
            src,
            shared.resolve("v5-1k.img"),
            64 << 20,
            "-b",
            "size=1024",
            "-m",
            "rmapbt=1",
            "-i",
            "nrext64=1"));
    // v4: no checksums, v2 inodes, 256-byte inodes.
    IMAGES.put(
        "v4",
        XfsImages.mkfs(srcV4, shared.resolve("v4.img"), 64 << 20, "-m", "crc=0", "-i", "size=256"));
    // v4 with 8 KiB directory blocks on 4 KiB filesystem blocks.
    IMAGES.put(
        "v4-dir8k",
        XfsImages.mkfs(
            srcV4, shared.resolve("v4-dir8k.img"), 64 << 20, "-m", "crc=0", "-n", "size=8192"));
  }

  private static Path srcOf(String name) {
    return name.startsWith("v4") ? srcV4 : src;
  }

  @ParameterizedTest
  @ValueSource(strings = {"v5", "v5-1k", "v4", "v4-dir8k"})
  void imageHoldsTheSourceTree(String name) throws IOException {
    try (OpenedFs o = XfsImages.open(IMAGES.get(name))) {
      assertThat(TreeCompare.assertSameTree(o, srcOf(name))).isGreaterThan(1500);
      assertThat(o.fs.type()).isEqualTo("xfs");
      assertThat(o.fs.uuid()).contains(XfsImages.UUID);
      assertThat(o.fs.label()).contains(XfsImages.LABEL);
      assertThat(o.warnings.list()).isEmpty();
      Superblock sb = ((XfsFileSystem) o.fs).sb;
      if (name.startsWith("v5")) {
        // mkfs.xfs 6.1's defaults: ftype, sparse inode chunks, bigtime; nrext64 where asked.
        assertThat(sb.incompat() & 0xb).isEqualTo(0xb);
        assertThat(sb.has(Superblock.INCOMPAT_NREXT64)).isEqualTo(name.equals("v5-1k"));
      } else {
        assertThat(sb.version()).isEqualTo(4);
        assertThat(sb.ftype()).isTrue();
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"v5", "v5-1k", "v4", "v4-dir8k"})
  void listingsMatchXfsDb(String name) throws IOException {
    Path image = IMAGES.get(name);
    try (OpenedFs o = XfsImages.open(image)) {
      for (String dir :
          List.of(
              "/",
              "/dirs/short",
              "/dirs/block",
              "/dirs/leaf",
              "/dirs/node",
              "/links",
              "/unicode")) {
        Map<String, Long> ours = new LinkedHashMap<>();
        for (DirEntry e : o.fs.list(o.node(dir))) {
          ours.put(e.name(), e.id());
        }
        assertThat(ours).as(dir).isEqualTo(XfsDb.ls(image, dir));
      }
    }
  }

  /** Each directory is in the form it is there for, as xfs_db reports it, and reads the same. */
  @ParameterizedTest
  @ValueSource(strings = {"v5", "v4"})
  void directoryFormsAreTheIntendedOnes(String name) throws IOException {
    Path image = IMAGES.get(name);
    try (OpenedFs o = XfsImages.open(image)) {
      Map<String, String> want =
          Map.of(
              "/dirs/short", "1 (local)",
              "/dirs/block", "2 (extents)",
              "/dirs/leaf", "2 (extents)",
              "/dirs/node", "3 (btree)");
      for (Map.Entry<String, String> w : want.entrySet()) {
        XfsNode n = (XfsNode) o.node(w.getKey());
        Map<String, String> db =
            XfsDb.inode(image, n.id(), "core.format", "core.size", "core.nextents");
        assertThat(db.get("core.format")).as(w.getKey()).isEqualTo(w.getValue());
        assertThat(n.inode.format() + " (" + Dinode.formatName(n.inode.format()) + ")")
            .isEqualTo(w.getValue());
        assertThat(Long.toString(n.size())).isEqualTo(db.get("core.size"));
        assertThat(Long.toString(n.inode.extents())).isEqualTo(db.get("core.nextents"));
      }
      // Block form: one directory block; leaf form: data blocks plus one leaf block (at 32 GiB);
      // node form: leaf blocks under a node block and a free index (at 64 GiB).
      XfsNode block = (XfsNode) o.node("/dirs/block");
      assertThat(block.extents()).hasSize(1);
      assertThat(block.extents().get(0).end() << ((XfsFileSystem) o.fs).sb.blockLog())
          .isEqualTo(((XfsFileSystem) o.fs).sb.dirBlockSize());
      XfsNode leaf = (XfsNode) o.node("/dirs/leaf");
      long leafOffset = Directory.LEAF_OFFSET >>> ((XfsFileSystem) o.fs).sb.blockLog();
      assertThat(
              leaf.extents().stream()
                  .filter(e -> e.fileBlock() >= leafOffset)
                  .mapToLong(Bmap.Extent::count)
                  .sum())
          .isEqualTo(
              ((XfsFileSystem) o.fs).sb.dirBlockSize() >> ((XfsFileSystem) o.fs).sb.blockLog());
      XfsNode node = (XfsNode) o.node("/dirs/node");
      assertThat(node.extents().stream().filter(e -> e.fileBlock() >= 2 * leafOffset)).isNotEmpty();
    }
  }

  /** Timestamps decode to the time mkfs ran: bigtime nanoseconds on v5, 32-bit seconds on v4. */
  @ParameterizedTest
  @ValueSource(strings = {"v5", "v5-1k", "v4"})
  void timestampsDecode(String name) throws IOException {
    try (OpenedFs o = XfsImages.open(IMAGES.get(name))) {
      XfsNode n = (XfsNode) o.node("/small.txt");
      long flags2 =
          name.startsWith("v5") ? org.bootlace.binary.Be.u64(n.inode.raw(), Dinode.DI_FLAGS2) : 0;
      assertThat((flags2 & Dinode.FLAGS2_BIGTIME) != 0).isEqualTo(name.startsWith("v5"));
      assertThat((flags2 & Dinode.FLAGS2_NREXT64) != 0).isEqualTo(name.equals("v5-1k"));
      long now = System.currentTimeMillis() / 1000;
      assertThat(n.mtime()).isBetween(now - 3600, now + 60);
    }
  }

  /** A directory of 20,000 entries (1.5 MB of directory blocks) lists in linear time. */
  @Test
  void largeDirectoryListsQuickly() throws IOException {
    Path one = Tools.write(shared, "empty-file", new byte[0]); // no data blocks per entry
    StringBuilder proto = new StringBuilder("big\n0 0\nd--755 0 0\n big d--755 0 0\n");
    for (int i = 0; i < 20_000; i++) {
      proto.append(
          String.format(
              java.util.Locale.ROOT, "  entry-with-a-longer-name-%05d ---644 0 0 %s%n", i, one));
    }
    proto.append(" $\n$\n");
    Path protoFile = Files.writeString(shared.resolve("big.proto"), proto.toString());
    Path image = Tools.sparseFile(shared.resolve("big.img"), 128 << 20);
    org.bootlace.testing.Tools.run(
        "env",
        "TEST_DIR=1",
        "TEST_DEV=1",
        "QA_CHECK_FS=1",
        "mkfs.xfs",
        "-q",
        "-f",
        "-p",
        protoFile.toString(),
        image.toString());
    try (OpenedFs o = XfsImages.open(image)) {
      FsNode big = o.node("/big");
      long start = System.nanoTime();
      List<DirEntry> entries = o.fs.list(big);
      long ms = (System.nanoTime() - start) / 1_000_000;
      assertThat(entries).hasSize(20_000);
      assertThat(o.fs.lookup(big, "entry-with-a-longer-name-19999")).isPresent();
      assertThat(ms).as("listing took %d ms", ms).isLessThan(5_000);
    }
  }

  /**
   * mkfs.xfs -n version=ci: names match without regard to ASCII case, as the kernel matches them.
   */
  @Test
  void asciiCaseInsensitiveNames() throws IOException {
    Path ciSrc = Files.createDirectories(shared.resolve("ci-src"));
    Tools.write(ciSrc, "Boot/Grub.CFG", "ci\n");
    Path image = XfsImages.mkfs(ciSrc, shared.resolve("ci.img"), 32 << 20, "-n", "version=ci");
    try (OpenedFs o = XfsImages.open(image)) {
      assertThat(new String(o.read("/boot/grub.cfg"), StandardCharsets.UTF_8)).isEqualTo("ci\n");
      assertThat(o.fs.list(o.node("/BOOT"))).extracting(DirEntry::name).containsExactly("Grub.CFG");
    }
    try (OpenedFs o = XfsImages.open(IMAGES.get("v5"))) {
      assertThat(o.fs.lookup(o.fs.root(), "SMALL.TXT")).isEmpty();
    }
  }

  @Test
  void inodeFieldsMatchXfsDb() throws IOException {
    Path image = IMAGES.get("v5");
    try (OpenedFs o = XfsImages.open(image)) {
      for (String path :
          List.of("/small.txt", "/sizes/f3145728", "/empty", "/links/rel", "/dirs/node")) {
        FsNode n = o.node(path);
        Map<String, String> db =
            XfsDb.inode(image, n.id(), "core.size", "core.mode", "core.mtime.sec");
        assertThat(Long.toString(n.size())).as(path).isEqualTo(db.get("core.size"));
        assertThat("0" + Integer.toOctalString(n.mode())).as(path).isEqualTo(db.get("core.mode"));
      }
    }
  }

  /**
   * v4 without ftype: entries carry no type, so listings say UNKNOWN and the nodes say what they
   * are.
   */
  @Test
  void withoutFtypeEntriesAreUntyped() throws IOException {
    Path image =
        XfsImages.mkfs(
            src, shared.resolve("v4-noftype.img"), 64 << 20, "-m", "crc=0", "-n", "ftype=0");
    try (OpenedFs o = XfsImages.open(image)) {
      List<DirEntry> root = o.fs.list(o.fs.root());
      assertThat(root).extracting(DirEntry::type).containsOnly(FileType.UNKNOWN);
      assertThat(root)
          .extracting(DirEntry::name)
          .containsExactlyInAnyOrderElementsOf(XfsDb.ls(image, "/").keySet());
      assertThat(o.node("/dirs/node").type()).isEqualTo(FileType.DIRECTORY);
      assertThat(o.fs.list(o.node("/dirs/node"))).hasSize(1200);
      assertThat(o.node("/links/rel").type()).isEqualTo(FileType.SYMLINK);
      assertThat(
              new String(
                  o.read("/dirs/node/a-rather-long-file-name-to-fill-directory-blocks-1199"),
                  StandardCharsets.UTF_8))
          .isEqualTo("n1199");
    }
  }
}
