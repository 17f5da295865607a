package org.bootlace.fs.btrfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bootlace.spi.DirEntry;
import org.bootlace.spi.FileSystem;
import org.bootlace.spi.FsNode;
import org.bootlace.spi.Subvolume;
import org.bootlace.testing.OpenedFs;
import org.bootlace.testing.Tools;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Subvolumes, snapshots, the default subvolume, preallocated and sparse files and compressed
 * extents, all made by the kernel itself on a loop mount (see {@link GuestLayouts}), compared with
 * their sources and with what btrfs-progs reports.
 */
class MountedLayoutTest {
  @TempDir static Path tmp;
  static Path image;
  static GuestLayouts.Sources src;
  static OpenedFs fs;
  static BtrfsFileSystem btrfs;

  @BeforeAll
  static void build() throws Exception {
    src = GuestLayouts.sources(Files.createDirectories(tmp.resolve("src")));
    image = tmp.resolve("guest.img");
    GuestLayouts.build(image, src);
    fs = BtrfsImages.open(image);
    btrfs = (BtrfsFileSystem) fs.fs;
  }

  @AfterAll
  static void close() throws Exception {
    if (fs != null) {
      fs.close();
    }
  }

  @Test
  void theDefaultSubvolumeIsTheRootAsGrubSeesIt() throws Exception {
    String dump =
        Tools.run("btrfs", "inspect-internal", "dump-tree", "-t", "root", image.toString());
    Matcher m =
        Pattern.compile(
                "location key \\((\\d+) ROOT_ITEM \\d+\\) type DIR\\s+transid \\d+ data_len 0 name_len 7\\s+name: default")
            .matcher(dump);
    assertThat(m.find()).as(dump).isTrue();
    assertThat(btrfs.defaultSubvolumeId()).isEqualTo(Long.parseLong(m.group(1))).isNotEqualTo(5);
    assertThat(btrfs.subvolumeId()).isEqualTo(btrfs.defaultSubvolumeId());
    BtrfsImages.assertSameTree(fs.fs, fs.fs.root(), src.snapshot1(), Set.of(".snapshots"));
    assertThat(new String(fs.read("boot/grub2/grub.cfg"), StandardCharsets.UTF_8))
        .startsWith("set btrfs_relative_path=\"y\"");
  }

  @Test
  void subvolumesByPath() throws Exception {
    BtrfsFileSystem at = btrfs.atSubvolume("@").orElseThrow();
    BtrfsImages.assertSameTree(at, at.root(), src.at(), Set.of(".snapshots"));
    BtrfsFileSystem fedora = btrfs.atSubvolume("/root/").orElseThrow();
    BtrfsImages.assertSameTree(fedora, fedora.root(), src.fedoraRoot(), Set.of());
    BtrfsFileSystem snap2 = btrfs.atSubvolume("@/.snapshots/2/snapshot").orElseThrow();
    BtrfsImages.assertSameTree(snap2, snap2.root(), src.at(), Set.of(".snapshots"));
    assertThat(btrfs.atSubvolume("@/boot")).as("a directory, not a subvolume").isEmpty();
    assertThat(btrfs.atSubvolume("nothing")).isEmpty();
  }

  @Test
  void viewsChosenThroughTheSpiNeverFallBackToTheTopLevel() throws Exception {
    assertThat(btrfs.hasSubvolumes()).isTrue();
    assertThat(btrfs.lookup(btrfs.root(), "root")).as("the lenient default view").isPresent();
    FileSystem def = btrfs.subvolume(new Subvolume.Default()).orElseThrow();
    assertThat(def.lookup(def.root(), "boot")).isPresent();
    assertThat(def.lookup(def.root(), "root")).as("only in the top level").isEmpty();
    FileSystem top = btrfs.subvolume(new Subvolume.TopLevel()).orElseThrow();
    assertThat(top.list(top.root()).stream().map(DirEntry::name))
        .contains("@", "root", "compressed");
    long snap2 = btrfs.atSubvolume("@/.snapshots/2/snapshot").orElseThrow().subvolumeId();
    FileSystem byId = btrfs.subvolume(new Subvolume.ById(snap2)).orElseThrow();
    BtrfsImages.assertSameTree(byId, byId.root(), src.at(), Set.of(".snapshots"));
    FileSystem byPath =
        btrfs.subvolume(new Subvolume.ByPath("@/.snapshots/2/snapshot")).orElseThrow();
    assertThat(byPath.root().id()).isEqualTo(byId.root().id());
    assertThat(btrfs.subvolume(new Subvolume.ById(snap2 + 1000))).isEmpty();
    assertThat(btrfs.subvolume(new Subvolume.ById(3))).as("not a subvolume id").isEmpty();
    assertThat(btrfs.subvolume(new Subvolume.ById(-1))).isEmpty();
    assertThat(btrfs.subvolume(new Subvolume.ByPath("@/etc"))).as("a directory").isEmpty();
  }

  @Test
  void subvolumesById() throws Exception {
    BtrfsFileSystem top = btrfs.atSubvolumeId(5);
    FsNode atRoot = top.lookup(top.root(), "@").orElseThrow();
    long atId = btrfs.atSubvolume("@").orElseThrow().subvolumeId();
    assertThat(atRoot.id() >>> 40).isEqualTo(atId);
    BtrfsFileSystem byId = btrfs.atSubvolumeId(atId);
    assertThat(byId.root().id()).isEqualTo(atRoot.id());
    assertThat(byId.list(byId.root()).stream().map(DirEntry::name))
        .containsExactlyInAnyOrder(".snapshots", "boot", "etc");
  }

  @Test
  void pathsCrossSubvolumesFromTheTopLevel() throws Exception {
    BtrfsFileSystem top = btrfs.atSubvolumeId(5);
    assertThat(top.list(top.root()).stream().map(DirEntry::name))
        .containsExactlyInAnyOrder("@", "root", "compressed", "prealloc", "holes");
    FsNode k1 =
        BtrfsImages.node(top, top.root(), "@/.snapshots/1/snapshot/boot/vmlinuz-6.4.0-1-default");
    assertThat(BtrfsImages.read(top, k1))
        .isEqualTo(Files.readAllBytes(src.snapshot1().resolve("boot/vmlinuz-6.4.0-1-default")));
    FsNode k2 =
        BtrfsImages.node(top, top.root(), "@/.snapshots/2/snapshot/boot/vmlinuz-6.5.0-1-default");
    assertThat(BtrfsImages.read(top, k2))
        .isEqualTo(Files.readAllBytes(src.at().resolve("boot/vmlinuz-6.5.0-1-default")));
    FsNode release = BtrfsImages.node(top, top.root(), "root/etc/fedora-release");
    assertThat(BtrfsImages.read(top, release))
        .isEqualTo(Files.readAllBytes(src.fedoraRoot().resolve("etc/fedora-release")));
  }

  @Test
  void snapperPathsFromTheDefaultSnapshotReachTheSnapshotsSubvolume() throws Exception {
    // Snapshot 1 holds '.snapshots' as an entry naming the @/.snapshots subvolume; GRUB follows it.
    FsNode k2 = fs.node(".snapshots/2/snapshot/boot/vmlinuz-6.5.0-1-default");
    assertThat(fs.read(k2))
        .isEqualTo(Files.readAllBytes(src.at().resolve("boot/vmlinuz-6.5.0-1-default")));
  }

  @Test
  void topLevelPathsFallBackFromTheDefaultSubvolumeWithAWarning() throws Exception {
    try (OpenedFs again = BtrfsImages.open(image)) {
      FsNode cfg = again.node("@/.snapshots/2/snapshot/etc/os-release");
      assertThat(again.read(cfg)).isEqualTo(Files.readAllBytes(src.at().resolve("etc/os-release")));
      assertThat(again.warnings.list())
          .containsExactly(
              "btrfs: guest.img: '/@' is not in the default subvolume "
                  + btrfs.defaultSubvolumeId()
                  + "; found it in the top level (subvolume 5) instead");
      assertThat(again.fs.lookup(again.fs.root(), "absent-everywhere")).isEmpty();
    }
  }

  @Test
  void compressedFilesMatchTheirSources() throws Exception {
    BtrfsFileSystem top = btrfs.atSubvolumeId(5);
    FsNode dir = BtrfsImages.node(top, top.root(), "compressed");
    BtrfsImages.assertSameTree(top, dir, src.compressed(), Set.of());
  }

  @Test
  void theKernelReallyCompressedWithEachAlgorithm() {
    String dump = Tools.run("btrfs", "inspect-internal", "dump-tree", "-t", "5", image.toString());
    assertThat(dump)
        .contains(
            "extent compression 1 (zlib)",
            "extent compression 2 (lzo)",
            "extent compression 3 (zstd)");
    assertThat(dump)
        .containsPattern("inline extent data size \\d+ ram_bytes 2500 compression [123]");
    assertThat(dump).contains("prealloc data disk byte");
  }

  @Test
  void preallocatedAndSparseFilesReadAsZerosAroundTheirData() throws Exception {
    BtrfsFileSystem top = btrfs.atSubvolumeId(5);
    byte[] prealloc = BtrfsImages.read(top, BtrfsImages.node(top, top.root(), "prealloc"));
    byte[] holes = BtrfsImages.read(top, BtrfsImages.node(top, top.root(), "holes"));
    assertThat(prealloc).hasSize(1 << 20);
    assertThat(holes).hasSize(3 << 20);
    byte[][] want = new byte[2][];
    BtrfsImages.mounted(
        image,
        "ro,subvolid=5",
        mnt -> {
          want[0] = Files.readAllBytes(mnt.resolve("prealloc"));
          want[1] = Files.readAllBytes(mnt.resolve("holes"));
        });
    assertThat(prealloc).isEqualTo(want[0]);
    assertThat(holes).isEqualTo(want[1]);
    assertThat(java.util.Arrays.copyOfRange(holes, 0, 1_500_000)).containsOnly(0);
  }

  @Test
  void uuidAndLabelAreWhatBtrfsProgsReports() {
    String show = Tools.run("btrfs", "inspect-internal", "dump-super", image.toString());
    String fsid =
        show.lines().filter(l -> l.startsWith("fsid")).findFirst().orElseThrow().split("\\s+")[1];
    assertThat(fs.fs.uuid()).contains(fsid);
    assertThat(fs.fs.label()).contains("guest");
  }

  @Test
  void concurrentReadersOfCompressedAndPlainFilesSeeTheirOwnBytes() throws Exception {
    BtrfsFileSystem top = btrfs.atSubvolumeId(5);
    String[] paths = {
      "compressed/zlib/text", "compressed/lzo/text", "compressed/zstd/mixed", "compressed/lzo/mixed"
    };
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      java.util.List<java.util.concurrent.Future<Boolean>> results = new java.util.ArrayList<>();
      for (int round = 0; round < 3; round++) {
        for (String p : paths) {
          results.add(
              pool.submit(
                  () ->
                      java.util.Arrays.equals(
                          BtrfsImages.read(top, BtrfsImages.node(top, top.root(), p)),
                          Files.readAllBytes(
                              src.compressed().resolve(p.substring("compressed/".length()))))));
        }
      }
      for (var r : results) {
        assertThat(r.get()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aGibibyteHoleReadsAsZerosInLinearTime() throws Exception {
    Path img = tmp.resolve("hole.img");
    BtrfsImages.mkfs(img, null, 128L << 20);
    BtrfsImages.mounted(
        img,
        "",
        mnt -> {
          Tools.run("truncate", "-s", "1G", mnt.resolve("huge-hole").toString());
          Tools.run(
              "dd",
              "status=none",
              "if=/dev/urandom",
              "of=" + mnt.resolve("huge-hole"),
              "bs=4096",
              "count=1",
              "seek=262143",
              "conv=notrunc");
        });
    try (OpenedFs h = BtrfsImages.open(img)) {
      FsNode n = h.node("huge-hole");
      assertThat(n.size()).isEqualTo(1L << 30);
      java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(1 << 20);
      long start = System.nanoTime();
      long at = 0;
      long nonZero = 0;
      while (at < n.size()) {
        buf.clear();
        int got = h.fs.read(n, at, buf);
        assertThat(got).isPositive();
        for (int i = 0; i < got; i++) {
          if (buf.get(i) != 0) {
            nonZero++;
          }
        }
        at += got;
      }
      assertThat(at).isEqualTo(1L << 30);
      assertThat(nonZero).isGreaterThan(4000);
      assertThat(System.nanoTime() - start).as("nanoseconds for 1 GiB").isLessThan(30_000_000_000L);
    }
  }
}
