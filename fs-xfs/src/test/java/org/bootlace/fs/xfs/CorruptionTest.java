package org.bootlace.fs.xfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.bootlace.CorruptImageException;
import org.bootlace.LimitExceededException;
import org.bootlace.Limits;
import org.bootlace.UnsupportedFeatureException;
import org.bootlace.binary.Be;
import org.bootlace.binary.Le;
import org.bootlace.testing.OpenedFs;
import org.bootlace.testing.Tools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One field of a real image patched per test (checksums recomputed where the test is about a field
 * behind one), each check failing with its exact exception and message.
 */
class CorruptionTest {
  @TempDir static Path shared;
  static Path v5;
  static Path v4;
  static Path v4Remote;

  @TempDir Path tmp;

  @BeforeAll
  static void images() throws IOException {
    Path src = Files.createDirectories(shared.resolve("src"));
    Tools.write(src, "file", "x".repeat(3000));
    Tools.write(src, "short/a", "a");
    for (int i = 0; i < 40; i++) {
      Tools.write(src, String.format(java.util.Locale.ROOT, "block/entry-%02d", i), "b");
    }
    Files.createSymbolicLink(src.resolve("link"), Path.of("file"));
    v5 = XfsImages.mkfs(src, shared.resolve("v5.img"), 32 << 20);
    v4 = XfsImages.mkfs(src, shared.resolve("v4.img"), 32 << 20, "-m", "crc=0");
    XfsImages.remoteLinks(src);
    v4Remote = XfsImages.mkfs(src, shared.resolve("v5-remote.img"), 32 << 20);
  }

  private Path copy(Path base) {
    return XfsImages.copy(base, tmp);
  }

  private static void fails(
      Class<? extends Exception> type, String message, ThrowingCallable call) {
    assertThatThrownBy(call).isExactlyInstanceOf(type).hasMessage(message);
  }

  private static void openFails(Path image, Class<? extends Exception> type, String message) {
    fails(type, message, () -> XfsImages.open(image).close());
  }

  /** Patches a big-endian 32-bit superblock field, then recomputes sb_crc on v5. */
  private static void patchSb32(Path image, int field, long value) {
    byte[] sector = Tools.read(image, 0, 512);
    sector[field] = (byte) (value >>> 24);
    sector[field + 1] = (byte) (value >>> 16);
    sector[field + 2] = (byte) (value >>> 8);
    sector[field + 3] = (byte) value;
    if (Superblock.crcOf(sector)) {
      Le.putU32(sector, Superblock.SB_CRC, Crc.compute(sector, 0, 512, Superblock.SB_CRC));
    }
    Tools.patch(image, 0, sector);
  }

  /** The byte offset of the inode at {@code path}. */
  private static long inodeAt(Path image, String path) throws IOException {
    try (OpenedFs o = XfsImages.open(image)) {
      return ((XfsNode) o.node(path)).inode.diskOffset();
    }
  }

  private static void recomputeInodeCrc(Path image, long at) {
    byte[] raw = Tools.read(image, at, 512);
    Le.putU32(raw, Dinode.DI_CRC, Crc.compute(raw, 0, 512, Dinode.DI_CRC));
    Tools.patch(image, at, raw);
  }

  @Test
  void unpatchedImagesRead() throws IOException {
    for (Path p : new Path[] {v5, v4}) {
      try (OpenedFs o = XfsImages.open(p)) {
        assertThat(o.read("/file")).hasSize(3000);
        assertThat(o.fs.list(o.node("/block"))).hasSize(40);
        assertThat(o.fs.readLink(o.node("/link"))).isEqualTo("file");
      }
    }
  }

  // ---- superblock

  @Test
  void superblockMagic() {
    Path p = copy(v4);
    Tools.patch(p, 0, (byte) 'Y');
    openFails(
        p,
        CorruptImageException.class,
        "xfs: superblock sb_magicnum at 0x0: 0x59465342 != 0x58465342");
  }

  @Test
  void superblockCrc() {
    Path p = copy(v5);
    Tools.patch(p, Superblock.SB_FNAME, (byte) 'Z');
    byte[] sector = Tools.read(p, 0, 512);
    long want = Crc.compute(sector, 0, 512, Superblock.SB_CRC);
    openFails(
        p,
        CorruptImageException.class,
        "xfs: superblock sb_crc at 0xe0: 0x"
            + Long.toHexString(Le.u32(sector, Superblock.SB_CRC))
            + " != computed 0x"
            + Long.toHexString(want));
  }

  @Test
  void superblockBlockSize() {
    Path p = copy(v5);
    patchSb32(p, Superblock.SB_BLOCKSIZE, 3000);
    openFails(
        p,
        CorruptImageException.class,
        "xfs: superblock sb_blocksize at 0x4: 3000 is not a power of two in 512..65536");
  }

  @Test
  void superblockAgCount() {
    Path p = copy(v4);
    patchSb32(p, Superblock.SB_AGCOUNT, 1000);
    openFails(
        p,
        CorruptImageException.class,
        "xfs: superblock sb_dblocks at 0x8: 8192 blocks do not make 1000 allocation groups of 4096 blocks");
  }

  @Test
  void unknownIncompatibleFeaturesAreRefusedByName() {
    Path p = copy(v5);
    byte[] sector = Tools.read(p, 0, 512);
    long incompat =
        Be.u32(sector, Superblock.SB_FEATURES_INCOMPAT) | Superblock.INCOMPAT_METADIR | (1L << 20);
    patchSb32(p, Superblock.SB_FEATURES_INCOMPAT, incompat);
    openFails(
        p,
        UnsupportedFeatureException.class,
        "xfs: superblock sb_features_incompat at 0xd8: 0x"
            + Long.toHexString(incompat)
            + ": unsupported incompatible features 0x100100 (metadir, unknown bit 20)");
  }

  @Test
  void needsRepairIsRefused() {
    Path p = copy(v5);
    byte[] sector = Tools.read(p, 0, 512);
    long incompat =
        Be.u32(sector, Superblock.SB_FEATURES_INCOMPAT) | Superblock.INCOMPAT_NEEDSREPAIR;
    patchSb32(p, Superblock.SB_FEATURES_INCOMPAT, incompat);
    assertThatThrownBy(() -> XfsImages.open(p).close())
        .isExactlyInstanceOf(UnsupportedFeatureException.class)
        .hasMessageEndingWith("unsupported incompatible features 0x10 (needsrepair)");
  }

  @Test
  void realtimeDeviceIsRefused() {
    Path p = copy(v5);
    patchSb32(p, Superblock.SB_RBLOCKS + 4, 1000);
    openFails(
        p,
        UnsupportedFeatureException.class,
        "xfs: superblock sb_rblocks at 0x10: 1000: the filesystem has a real-time device, which is not supported");
  }

  @Test
  void externalLogIsRefused() {
    Path p = copy(v5);
    patchSb32(p, Superblock.SB_LOGSTART, 0);
    patchSb32(p, Superblock.SB_LOGSTART + 4, 0);
    openFails(
        p,
        UnsupportedFeatureException.class,
        "xfs: superblock sb_logstart at 0x30: 0: the log is on an external device, which is not supported");
  }

  @Test
  void unknownV4FeatureBitsAreRefused() {
    Path p = copy(v4);
    byte[] sector = Tools.read(p, 0, 512);
    patchSb32(p, Superblock.SB_FEATURES2, Be.u32(sector, Superblock.SB_FEATURES2) | 0x400);
    assertThatThrownBy(() -> XfsImages.open(p).close())
        .isExactlyInstanceOf(UnsupportedFeatureException.class)
        .hasMessageEndingWith(": unknown feature bits 0x400 are not supported");
  }

  @Test
  void realMkfsRtDeviceAndExternalLogAreRefused() throws IOException {
    Path img = Tools.sparseFile(tmp.resolve("ext.img"), 320L << 20);
    Path log = Tools.sparseFile(tmp.resolve("log.img"), 64L << 20);
    Tools.run("mkfs.xfs", "-q", "-f", "-l", "logdev=" + log, img.toString());
    openFails(
        img,
        UnsupportedFeatureException.class,
        "xfs: superblock sb_logstart at 0x30: 0: the log is on an external device, which is not supported");
    Path rt = Tools.sparseFile(tmp.resolve("rt.img"), 64L << 20);
    Path img2 = Tools.sparseFile(tmp.resolve("data.img"), 320L << 20);
    Tools.run("mkfs.xfs", "-q", "-f", "-r", "rtdev=" + rt, img2.toString());
    assertThatThrownBy(() -> XfsImages.open(img2).close())
        .isExactlyInstanceOf(UnsupportedFeatureException.class)
        .hasMessageEndingWith(": the filesystem has a real-time device, which is not supported");
  }

  // ---- AG headers

  @Test
  void agfCrc() {
    Path p = copy(v5);
    Tools.patch(p, 512 + AgHeaders.LENGTH + 40, (byte) 0x55); // agf_freeblks
    assertThatThrownBy(() -> XfsImages.open(p).close())
        .isExactlyInstanceOf(CorruptImageException.class)
        .hasMessageStartingWith("xfs: AG 0 AGF at 0x200: agf_crc at 0x2d8: 0x");
  }

  @Test
  void agiMagic() {
    Path p = copy(v4);
    Tools.patch(p, 1024, (byte) 0);
    openFails(
        p,
        CorruptImageException.class,
        "xfs: AG 0 AGI at 0x400: agi_magicnum 0x414749 != 0x58414749");
  }

  // ---- inodes

  @Test
  void inodeMagic() throws IOException {
    Path p = copy(v4);
    long at = inodeAt(p, "/file");
    Tools.patch(p, at, (byte) 0, (byte) 0);
    try (OpenedFs o = XfsImages.open(p)) {
      fails(
          CorruptImageException.class,
          "xfs: inode 131 at " + hex(at) + ": di_magic at " + hex(at) + ": 0x0 != 0x494e",
          () -> o.node("/file"));
    }
  }

  @Test
  void inodeCrc() throws IOException {
    Path p = copy(v5);
    long at = inodeAt(p, "/file");
    Tools.patch(p, at + Dinode.DI_SIZE + 7, (byte) 1);
    try (OpenedFs o = XfsImages.open(p)) {
      assertThatThrownBy(() -> o.node("/file"))
          .isExactlyInstanceOf(CorruptImageException.class)
          .hasMessageStartingWith(
              "xfs: inode 131 at " + hex(at) + ": di_crc at " + hex(at + 100) + ": 0x");
    }
  }

  @Test
  void inodeNumberStampedInTheInode() throws IOException {
    Path p = copy(v5);
    long at = inodeAt(p, "/file");
    Tools.patch(p, at + Dinode.DI_INO + 7, (byte) 99);
    recomputeInodeCrc(p, at);
    try (OpenedFs o = XfsImages.open(p)) {
      fails(
          CorruptImageException.class,
          "xfs: inode 131 at " + hex(at) + ": di_ino at " + hex(at + Dinode.DI_INO) + ": 99 != 131",
          () -> o.node("/file"));
    }
  }

  @Test
  void inodeFormatForItsType() throws IOException {
    Path p = copy(v4);
    long at = inodeAt(p, "/file");
    Tools.patch(p, at + Dinode.DI_FORMAT, (byte) Dinode.FMT_LOCAL);
    try (OpenedFs o = XfsImages.open(p)) {
      fails(
          CorruptImageException.class,
          "xfs: inode 131 at "
              + hex(at)
              + ": di_format at "
              + hex(at + 5)
              + ": 1 (local) for a regular",
          () -> o.node("/file"));
    }
  }

  @Test
  void extentOutsideTheDevice() throws IOException {
    Path p = copy(v4);
    long at = inodeAt(p, "/file");
    // The first extent record's startblock: a block far past the last AG.
    Tools.patch(p, at + 100 + 7, (byte) 0xff);
    Tools.patch(p, at + 100 + 8, (byte) 0xff, (byte) 0xff, (byte) 0xff);
    try (OpenedFs o = XfsImages.open(p)) {
      assertThatThrownBy(() -> o.read("/file"))
          .isExactlyInstanceOf(CorruptImageException.class)
          .hasMessageStartingWith(
              "xfs: inode 131 at " + hex(at) + ": extent record at " + hex(at + 100) + ": block ")
          .hasMessageEndingWith(" outside the data device (2 AGs of 4096 blocks, 8192 in all)");
    }
  }

  @Test
  void tooManyExtentsForTheLimit() throws IOException {
    Path p = copy(v4);
    try (OpenedFs o =
        OpenedFs.open(new XfsFilesystemDriver(), p, Limits.builder().maxMetadataBytes(8).build())) {
      assertThatThrownBy(() -> o.read("/file"))
          .isExactlyInstanceOf(LimitExceededException.class)
          .hasMessageContaining("limit maxMetadataBytes (8) exceeded: xfs: inode 131");
    }
  }

  // ---- directories and symlinks

  @Test
  void directoryBlockCrc() throws IOException {
    Path p = copy(v5);
    long block;
    try (OpenedFs o = XfsImages.open(p)) {
      XfsNode d = (XfsNode) o.node("/block");
      block = ((XfsFileSystem) o.fs).fsbToByte(d.extents().get(0).startFsb());
    }
    Tools.patch(p, block + 200, (byte) 0x7f);
    try (OpenedFs o = XfsImages.open(p)) {
      assertThatThrownBy(() -> o.fs.list(o.node("/block")))
          .isExactlyInstanceOf(CorruptImageException.class)
          .hasMessageStartingWith("xfs: inode ")
          .hasMessageContaining(": directory block 0 at " + hex(block) + ": crc 0x");
    }
  }

  @Test
  void directoryBlockMagic() throws IOException {
    Path p = copy(v4);
    long block;
    long ino;
    try (OpenedFs o = XfsImages.open(p)) {
      XfsNode d = (XfsNode) o.node("/block");
      ino = d.id();
      block = ((XfsFileSystem) o.fs).fsbToByte(d.extents().get(0).startFsb());
    }
    Tools.patch(p, block + 3, (byte) 'D');
    try (OpenedFs o = XfsImages.open(p)) {
      assertThatThrownBy(() -> o.fs.list(o.node("/block")))
          .isExactlyInstanceOf(CorruptImageException.class)
          .hasMessageEndingWith(
              ": directory block 0 at " + hex(block) + ": magic 0x58443244 != 0x58443242")
          .hasMessageStartingWith("xfs: inode " + ino + " at ");
    }
  }

  @Test
  void shortformEntryWithoutName() throws IOException {
    Path p = copy(v4);
    long at = inodeAt(p, "/short");
    // header: count, i8count, 4-byte parent; then the first entry's namelen
    Tools.patch(p, at + 100 + 6, (byte) 0);
    try (OpenedFs o = XfsImages.open(p)) {
      fails(
          CorruptImageException.class,
          "xfs: inode "
              + ((XfsNode) o.node("/short")).id()
              + " at "
              + hex(at)
              + ": shortform directory at "
              + hex(at + 100)
              + ": entry 0 at "
              + hex(at + 106)
              + ": namelen 0",
          () -> o.fs.list(o.node("/short")));
    }
  }

  /** mkfs.xfs 6.1 writes v5 remote symlinks without their header; the kernel refuses them too. */
  @Test
  void remoteSymlinkWithoutItsV5Header() throws IOException {
    try (OpenedFs o = XfsImages.open(v4Remote)) {
      assertThatThrownBy(() -> o.fs.readLink(o.node("/remote/long")))
          .isExactlyInstanceOf(CorruptImageException.class)
          .hasMessageEndingWith(": sl_magic 0x722f722f != 0x58534c4d");
      assertThat(o.fs.readLink(o.node("/link"))).isEqualTo("file");
    }
  }

  // ---- more fields of a v4 image (no checksums in the way)

  /** The v4 /block directory's block, its inode number and the image's inode literal area. */
  private static long[] v4Block(Path p) throws IOException {
    try (OpenedFs o = XfsImages.open(p)) {
      XfsNode d = (XfsNode) o.node("/block");
      XfsFileSystem fs = (XfsFileSystem) o.fs;
      return new long[] {
        fs.fsbToByte(d.extents().get(0).startFsb()),
        d.id(),
        d.inode.diskOffset(),
        fs.sb.inodeSize() - 100
      };
    }
  }

  private void listFails(Path p, String suffix) throws IOException {
    long[] b = v4Block(v4);
    try (OpenedFs o = XfsImages.open(p)) {
      fails(
          CorruptImageException.class,
          "xfs: inode "
              + b[1]
              + " at "
              + hex(b[2])
              + ": directory block 0 at "
              + hex(b[0])
              + ": "
              + suffix,
          () -> o.fs.list(o.node("/block")));
    }
  }

  // "." at 0x10 and ".." at 0x20 take 16 bytes each; entry-00 starts at 0x30: inode (8),
  // namelen (1), name (8), ftype (1), tag (2), padded to 24.
  @Test
  void directoryEntryTag() throws IOException {
    Path p = copy(v4);
    long block = v4Block(p)[0];
    Tools.patch(p, block + 0x30 + 22, (byte) 0, (byte) 0x40);
    listFails(p, "entry at " + hex(block + 0x30) + ": tag 0x40 != the entry's offset 0x30");
  }

  @Test
  void directoryEntryFtype() throws IOException {
    Path p = copy(v4);
    long block = v4Block(p)[0];
    Tools.patch(p, block + 0x30 + 17, (byte) 9);
    listFails(p, "entry at " + hex(block + 0x30) + ": ftype 9 outside 0..7");
  }

  @Test
  void directoryEntryNameWithSlash() throws IOException {
    Path p = copy(v4);
    long block = v4Block(p)[0];
    Tools.patch(p, block + 0x30 + 9, (byte) '/');
    listFails(p, "entry at " + hex(block + 0x30) + ": name contains '/'");
  }

  @Test
  void directoryFreeLength() throws IOException {
    Path p = copy(v4);
    long block = v4Block(p)[0];
    Tools.patch(p, block + 0x30, (byte) 0xff, (byte) 0xff, (byte) 0, (byte) 12);
    listFails(
        p,
        "entry at "
            + hex(block + 0x30)
            + ": free length 12 is not a multiple of 8 in 8.."
            + (4096 - 8 - 42 * 8 - 0x30));
  }

  @Test
  void inodeVersionForTheSuperblock() throws IOException {
    Path p = copy(v4);
    long at = inodeAt(p, "/file");
    Tools.patch(p, at + Dinode.DI_VERSION, (byte) 3);
    try (OpenedFs o = XfsImages.open(p)) {
      fails(
          CorruptImageException.class,
          "xfs: inode 131 at "
              + hex(at)
              + ": di_version at "
              + hex(at + 4)
              + ": 3 on a v4 filesystem (expected 1 or 2)",
          () -> o.node("/file"));
    }
  }

  @Test
  void inodeForkOffset() throws IOException {
    Path p = copy(v4);
    long[] b = v4Block(p);
    long at = inodeAt(p, "/file");
    Tools.patch(p, at + Dinode.DI_FORKOFF, (byte) 0xff);
    try (OpenedFs o = XfsImages.open(p)) {
      fails(
          CorruptImageException.class,
          "xfs: inode 131 at "
              + hex(at)
              + ": di_forkoff at "
              + hex(at + 82)
              + ": 255 (2040 bytes) leaves no room in a literal area of "
              + b[3]
              + " bytes",
          () -> o.node("/file"));
    }
  }

  @Test
  void inodeExtentCountBeyondTheFork() throws IOException {
    Path p = copy(v4);
    long[] b = v4Block(p);
    long at = inodeAt(p, "/file");
    Tools.patch(p, at + Dinode.DI_NEXTENTS, (byte) 0, (byte) 0, (byte) 0, (byte) 100);
    try (OpenedFs o = XfsImages.open(p)) {
      fails(
          CorruptImageException.class,
          "xfs: inode 131 at "
              + hex(at)
              + ": di_nextents at "
              + hex(at + 76)
              + ": 100 records do not fit a data fork of "
              + b[3]
              + " bytes",
          () -> o.node("/file"));
    }
  }

  @Test
  void symlinkOfLengthZero() throws IOException {
    Path p = copy(v4);
    long at = inodeAt(p, "/link");
    Tools.patch(p, at + Dinode.DI_SIZE + 7, (byte) 0);
    try (OpenedFs o = XfsImages.open(p)) {
      fails(
          CorruptImageException.class,
          "xfs: inode "
              + o.node("/link").id()
              + " at "
              + hex(at)
              + ": di_size at "
              + hex(at + 56)
              + ": 0 outside 1..1023 for a symbolic link",
          () -> o.fs.readLink(o.node("/link")));
    }
  }

  @Test
  void agiSequenceNumber() {
    Path p = copy(v4);
    Tools.patch(p, 1024 + AgHeaders.SEQNO + 3, (byte) 7);
    openFails(p, CorruptImageException.class, "xfs: AG 0 AGI at 0x400: agi_seqno at 0x408: 7 != 0");
  }

  @Test
  void agfUuidOnV5() {
    Path p = copy(v5);
    byte[] agf = Tools.read(p, 512, 512);
    agf[AgHeaders.AGF_UUID] ^= 1;
    Le.putU32(agf, AgHeaders.AGF_CRC, Crc.compute(agf, 0, 512, AgHeaders.AGF_CRC));
    Tools.patch(p, 512, agf);
    openFails(
        p,
        CorruptImageException.class,
        "xfs: AG 0 AGF at 0x200: agf_uuid at 0x240: not the filesystem's UUID");
  }

  @Test
  void versionOneDirectoriesAreRefused() {
    Path p = copy(v4);
    byte[] sector = Tools.read(p, 0, 512);
    int v = Be.u16(sector, Superblock.SB_VERSIONNUM) & ~Superblock.VERSION_DIRV2BIT;
    Tools.patch(p, Superblock.SB_VERSIONNUM, (byte) (v >>> 8), (byte) v);
    openFails(
        p,
        UnsupportedFeatureException.class,
        "xfs: superblock sb_versionnum at 0x64: 0x"
            + Integer.toHexString(v)
            + ": version 1 directories (no dirv2 bit) are not supported");
  }

  private static String hex(long v) {
    return "0x" + Long.toHexString(v);
  }
}
