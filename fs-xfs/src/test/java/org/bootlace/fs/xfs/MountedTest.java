package org.bootlace.fs.xfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.bootlace.testing.OpenedFs;
import org.bootlace.testing.Tools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shapes a prototype file cannot make, written by the kernel through a loop mount (the tests run as
 * root): files fragmented into more extents than an inode holds (bmap btrees of two levels on 1 KiB
 * blocks), unwritten (preallocated) extents, reflinked extents, v5 remote symlinks, and directories
 * with freed entries.
 */
class MountedTest {
  @TempDir static Path shared;
  static Path src;
  static Path image;

  @BeforeAll
  static void image() throws IOException {
    src = Files.createDirectories(shared.resolve("src"));
    Random rnd = new Random(5);
    // 1500 runs of 1 KiB every 4 KiB: 1500 extents; at 59 records per 1 KiB leaf and 20
    // pointers in a 512-byte inode's root, the bmap btree needs two levels.
    long[] runs = new long[1500];
    for (int i = 0; i < runs.length; i++) {
      runs[i] = i * 4096L;
    }
    XfsImages.writeRuns(src.resolve("frag/two-levels.bin"), runs.length * 4096L, rnd, runs, 1024);
    // 30 runs: one leaf under the root (level 1).
    XfsImages.writeRuns(
        src.resolve("frag/one-level.bin"),
        30 * 4096L,
        rnd,
        java.util.Arrays.copyOf(runs, 30),
        1024);
    XfsImages.writeRuns(
        src.resolve("frag/holes.bin"),
        8 << 20,
        rnd,
        new long[] {0, 1 << 20, 5 << 20, (8 << 20) - 1000},
        3000);
    Tools.write(src, "frag/end", new byte[] {1});
    XfsImages.remoteLinks(src);
    for (int i = 0; i < 600; i++) {
      Tools.write(
          src,
          String.format(java.util.Locale.ROOT, "churn/entry-with-a-long-name-%04d", i),
          "c" + i);
    }
    Tools.write(src, "shared/original", XfsImages.bytes(rnd, 200_000));

    image = shared.resolve("mounted.img");
    Tools.sparseFile(image, 320L << 20); // mkfs.xfs wants 300 MB; the file stays sparse
    Tools.run(
        "mkfs.xfs",
        "-q",
        "-f",
        "-b",
        "size=1024",
        "-m",
        "uuid=" + XfsImages.UUID + ",reflink=1",
        "-L",
        XfsImages.LABEL,
        image.toString());
    Path mnt = Files.createDirectories(shared.resolve("mnt"));
    Tools.run("mount", "-t", "xfs", "-o", "loop", image.toString(), mnt.toString());
    try {
      // Runs written last to first, each flushed, so that no allocation spans two of them.
      for (String f : new String[] {"two-levels.bin", "one-level.bin"}) {
        reverseCopy(src.resolve("frag").resolve(f), mnt.resolve("frag").resolve(f));
      }
      Tools.run("cp", "-a", "-n", "--sparse=always", src + "/.", mnt.toString() + "/");
      // Preallocated, never written: unwritten extents that read as zeros.
      Tools.run("fallocate", "-l", "3M", mnt.resolve("prealloc.bin").toString());
      Tools.sparseFile(src.resolve("prealloc.bin"), 3 << 20);
      // Shared extents.
      Tools.run(
          "cp",
          "--reflink=always",
          mnt.resolve("shared/original").toString(),
          mnt.resolve("shared/clone").toString());
      Files.copy(src.resolve("shared/original"), src.resolve("shared/clone"));
      // Every other entry removed: free space and stale leaf entries in the directory.
      for (int i = 0; i < 600; i += 2) {
        String name = String.format(java.util.Locale.ROOT, "churn/entry-with-a-long-name-%04d", i);
        Files.delete(mnt.resolve(name));
        Files.delete(src.resolve(name));
      }
    } finally {
      Tools.run("umount", mnt.toString()); // -o loop detaches the loop device on unmount
    }
  }

  private static void reverseCopy(Path from, Path to) throws IOException {
    Files.createDirectories(to.getParent());
    byte[] data = Files.readAllBytes(from);
    try (var ch =
        java.nio.channels.FileChannel.open(
            to,
            java.nio.file.StandardOpenOption.CREATE_NEW,
            java.nio.file.StandardOpenOption.WRITE)) {
      for (int at = data.length - 4096; at >= 0; at -= 4096) {
        ch.write(java.nio.ByteBuffer.wrap(data, at, 1024), at);
        ch.force(false);
      }
    }
    Tools.run("truncate", "-s", Integer.toString(data.length), to.toString()); // a hole to the end
  }

  @Test
  void imageHoldsTheTreeTheKernelWrote() throws IOException {
    try (OpenedFs o = XfsImages.open(image)) {
      assertThat(TreeCompare.assertSameTree(o, src)).isGreaterThan(300);
    }
  }

  @Test
  void fragmentedFilesUseBmapBtrees() throws IOException {
    try (OpenedFs o = XfsImages.open(image)) {
      XfsNode two = (XfsNode) o.node("/frag/two-levels.bin");
      assertThat(two.inode.format()).isEqualTo(Dinode.FMT_BTREE);
      assertThat(two.extents()).hasSize(1500);
      int rootLevel = org.bootlace.binary.Be.u16(two.inode.raw(), two.inode.dataForkOffset());
      assertThat(rootLevel).isEqualTo(2);
      assertThat(XfsDb.inode(image, two.id(), "core.format", "core.nextents"))
          .containsEntry("core.format", "3 (btree)")
          .containsEntry("core.nextents", "1500");
      XfsNode one = (XfsNode) o.node("/frag/one-level.bin");
      assertThat(one.inode.format()).isEqualTo(Dinode.FMT_BTREE);
      assertThat(org.bootlace.binary.Be.u16(one.inode.raw(), one.inode.dataForkOffset()))
          .isEqualTo(1);
    }
  }

  /** The byte offset of the first child of the bmap btree root of {@code path}, and the inode. */
  private static long[] firstChild(Path img, String path) throws IOException {
    try (OpenedFs o = XfsImages.open(img)) {
      XfsNode n = (XfsNode) o.node(path);
      Dinode d = n.inode;
      int maxrecs = (d.dataForkSize() - Bmap.ROOT_HEADER) / Bmap.RECORD_SIZE;
      long ptr =
          org.bootlace.binary.Be.u64(d.raw(), d.dataForkOffset() + Bmap.ROOT_HEADER + maxrecs * 8);
      return new long[] {((XfsFileSystem) o.fs).fsbToByte(ptr), d.ino(), ptr};
    }
  }

  @Test
  void bmapBtreeBlockMagic(@org.junit.jupiter.api.io.TempDir Path tmp) throws IOException {
    Path p = Files.copy(image, tmp.resolve("magic.img"));
    long[] child = firstChild(p, "/frag/two-levels.bin");
    Tools.patch(p, child[0], (byte) 'X');
    try (OpenedFs o = XfsImages.open(p)) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> o.read("/frag/two-levels.bin"))
          .isExactlyInstanceOf(org.bootlace.CorruptImageException.class)
          .hasMessageEndingWith(
              ": bmap btree block "
                  + child[2]
                  + " at 0x"
                  + Long.toHexString(child[0])
                  + ": bb_magic 0x584d4133 != 0x424d4133")
          .hasMessageStartingWith("xfs: inode " + child[1] + " at ");
    }
  }

  @Test
  void bmapBtreeBlockCrc(@org.junit.jupiter.api.io.TempDir Path tmp) throws IOException {
    Path p = Files.copy(image, tmp.resolve("crc.img"));
    long[] child = firstChild(p, "/frag/two-levels.bin");
    Tools.patch(p, child[0] + 500, (byte) 0x5a);
    try (OpenedFs o = XfsImages.open(p)) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> o.read("/frag/two-levels.bin"))
          .isExactlyInstanceOf(org.bootlace.CorruptImageException.class)
          .hasMessageContaining(
              ": bmap btree block "
                  + child[2]
                  + " at 0x"
                  + Long.toHexString(child[0])
                  + ": crc 0x");
    }
  }

  @Test
  void bmapBtreeLevelBelowItsParent(@org.junit.jupiter.api.io.TempDir Path tmp) throws IOException {
    Path p = Files.copy(image, tmp.resolve("level.img"));
    long[] child = firstChild(p, "/frag/two-levels.bin");
    byte[] b = Tools.read(p, child[0], 1024);
    b[Bmap.BB_LEVEL + 1] = 0; // a leaf where a level-1 node belongs
    org.bootlace.binary.Le.putU32(b, Bmap.BB_CRC, Crc.compute(b, 0, 1024, Bmap.BB_CRC));
    Tools.patch(p, child[0], b);
    try (OpenedFs o = XfsImages.open(p)) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> o.read("/frag/two-levels.bin"))
          .isExactlyInstanceOf(org.bootlace.CorruptImageException.class)
          .hasMessageEndingWith(
              ": bmap btree block "
                  + child[2]
                  + " at 0x"
                  + Long.toHexString(child[0])
                  + ": bb_level 0 != 1 below its parent");
    }
  }

  @Test
  void bmapBtreeDeeperThanTheLimit(@org.junit.jupiter.api.io.TempDir Path tmp) throws IOException {
    Path p = Files.copy(image, tmp.resolve("depth.img"));
    long at;
    long ino;
    int fork;
    try (OpenedFs o = XfsImages.open(p)) {
      XfsNode n = (XfsNode) o.node("/frag/two-levels.bin");
      at = n.inode.diskOffset();
      ino = n.id();
      fork = n.inode.dataForkOffset();
    }
    byte[] raw = Tools.read(p, at, 512);
    raw[fork + 1] = 9;
    org.bootlace.binary.Le.putU32(raw, Dinode.DI_CRC, Crc.compute(raw, 0, 512, Dinode.DI_CRC));
    Tools.patch(p, at, raw);
    try (OpenedFs o = XfsImages.open(p)) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> o.read("/frag/two-levels.bin"))
          .isExactlyInstanceOf(org.bootlace.LimitExceededException.class)
          .hasMessage(
              "limit maxTreeDepth (8) exceeded: xfs: inode "
                  + ino
                  + " at 0x"
                  + Long.toHexString(at)
                  + ": bmap btree depth (9) (raise it with Limits.builder().maxTreeDepth(...))");
    }
  }

  @Test
  void preallocatedExtentsAreUnwrittenAndReadAsZeros() throws IOException {
    try (OpenedFs o = XfsImages.open(image)) {
      XfsNode n = (XfsNode) o.node("/prealloc.bin");
      assertThat(n.extents()).isNotEmpty().allMatch(Bmap.Extent::unwritten);
      assertThat(o.read(n)).isEqualTo(new byte[3 << 20]);
    }
  }

  @Test
  void reflinkedFilesShareBlocks() throws IOException {
    try (OpenedFs o = XfsImages.open(image)) {
      XfsNode a = (XfsNode) o.node("/shared/original");
      XfsNode b = (XfsNode) o.node("/shared/clone");
      assertThat(a.extents().get(0).startFsb()).isEqualTo(b.extents().get(0).startFsb());
      assertThat(o.read(b)).isEqualTo(Files.readAllBytes(src.resolve("shared/original")));
    }
  }
}
