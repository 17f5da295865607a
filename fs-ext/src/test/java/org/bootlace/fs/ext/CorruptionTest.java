package org.bootlace.fs.ext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bootlace.fs.ext.ExtImages.BS;
import static org.bootlace.fs.ext.ExtImages.SB;
import static org.bootlace.fs.ext.ExtImages.get16;
import static org.bootlace.fs.ext.ExtImages.get32;
import static org.bootlace.fs.ext.ExtImages.put16;
import static org.bootlace.fs.ext.ExtImages.put32;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.bootlace.CorruptImageException;
import org.bootlace.LimitExceededException;
import org.bootlace.Limits;
import org.bootlace.UnsupportedFeatureException;
import org.bootlace.block.BlockDevice;
import org.bootlace.block.BlockDevices;
import org.bootlace.testing.OpenedFs;
import org.bootlace.testing.Tools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One field of a real image patched per test; each check must fail with its exact exception and
 * message. "plain" has no metadata checksums so that a field check is reached; "csum" has
 * metadata_csum for the checksum checks.
 */
class CorruptionTest {
  @TempDir static Path shared;
  static Path plain;
  static Path csum;
  static Path ext2;
  static Path inline;

  @TempDir Path tmp;

  @BeforeAll
  static void images() throws IOException {
    Path src = ExtImages.tree(Files.createDirectories(shared.resolve("src")));
    plain =
        ExtImages.mkfs(
            src, shared.resolve("plain.img"), "mkfs.ext4", "^metadata_csum", "uninit_bg");
    csum = ExtImages.mkfs(src, shared.resolve("csum.img"), "mkfs.ext4");
    ext2 = ExtImages.mkfs(src, shared.resolve("ext2.img"), "mkfs.ext2");
    inline =
        ExtImages.mkfs(
            src, shared.resolve("inline.img"), "mkfs.ext4", "^metadata_csum", "inline_data");
  }

  private Path copy(Path base) {
    return ExtImages.copy(base, tmp);
  }

  private static void fails(
      Class<? extends Exception> type, String message, ThrowingCallable call) {
    assertThatThrownBy(call).isExactlyInstanceOf(type).hasMessage(message);
  }

  private static void openFails(Path image, Class<? extends Exception> type, String message) {
    fails(type, message, () -> ExtImages.open(image).close());
  }

  private static String hex(long v) {
    return "0x" + Long.toHexString(v);
  }

  // ---- sanity: the unpatched images read

  @Test
  void unpatchedImagesRead() throws IOException {
    for (Path p : new Path[] {plain, csum, ext2, inline}) {
      try (OpenedFs o = ExtImages.open(p)) {
        assertThat(o.read("/file")).hasSize(3000);
        assertThat(o.read("/tiny")).hasSize(100);
        assertThat(o.fs.readLink(o.node("/slow"))).isEqualTo("s".repeat(100));
        assertThat(o.fs.list(o.node("/many"))).hasSize(600);
        assertThat(o.warnings.list()).isEmpty();
      }
    }
  }

  // ---- superblock

  @Test
  void superblockMagic() throws IOException {
    Path p = copy(plain);
    put16(p, SB + 0x38, 0);
    openFails(
        p, CorruptImageException.class, "ext4: superblock s_magic at 0x438: 0x0000 != 0xef53");
    try (BlockDevice dev = BlockDevices.open(p)) {
      assertThat(new ExtFilesystemDriver().probe(dev).matched()).isFalse();
    }
  }

  @Test
  void superblockRevision() {
    Path p = copy(plain);
    put32(p, SB + 0x4C, 2);
    openFails(p, CorruptImageException.class, "ext4: superblock s_rev_level at 0x44c: 2 > 1");
  }

  @Test
  void superblockBlockSize() {
    Path p = copy(plain);
    put32(p, SB + 0x18, 7);
    openFails(
        p,
        CorruptImageException.class,
        "ext4: superblock s_log_block_size at 0x418: 7 > 6 (block size above 65536)");
  }

  @Test
  void superblockClusterSizeWithoutBigalloc() {
    Path p = copy(plain);
    put32(p, SB + 0x1C, 1);
    openFails(
        p,
        CorruptImageException.class,
        "ext4: superblock s_log_cluster_size at 0x41c: 1 != s_log_block_size 0 (no bigalloc)");
  }

  @Test
  void superblockClustersPerGroupWithBigalloc() {
    Path p = copy(plain);
    put32(p, SB + 0x64, get32(p, SB + 0x64) | 0x200); // bigalloc
    put32(p, SB + 0x24, 4096);
    openFails(
        p,
        CorruptImageException.class,
        "ext4: superblock s_blocks_per_group at 0x420: 8192 != s_clusters_per_group * blocks per cluster 4096");
  }

  @Test
  void superblockBigallocNeedsExtents() {
    Path p = copy(plain);
    put32(p, SB + 0x64, get32(p, SB + 0x64) | 0x200);
    put32(p, SB + 0x60, get32(p, SB + 0x60) & ~0x40L);
    openFails(
        p,
        CorruptImageException.class,
        "ext4: superblock s_feature_incompat at 0x460: bigalloc without the extent feature");
  }

  @Test
  void superblockBlocksPerGroup() {
    Path p = copy(plain);
    put32(p, SB + 0x20, 0);
    openFails(
        p,
        CorruptImageException.class,
        "ext4: superblock s_blocks_per_group at 0x420: 0 outside 1..8192");
  }

  @Test
  void superblockInodesPerGroup() {
    Path p = copy(plain);
    put32(p, SB + 0x28, 1);
    openFails(
        p,
        CorruptImageException.class,
        "ext4: superblock s_inodes_per_group at 0x428: 1 outside 4..8192");
  }

  @Test
  void superblockInodeSize() {
    Path p = copy(plain);
    put16(p, SB + 0x58, 100);
    openFails(
        p,
        CorruptImageException.class,
        "ext4: superblock s_inode_size at 0x458: 100 is not a power of two in 128..1024");
  }

  @Test
  void superblockFirstIno() {
    Path p = copy(plain);
    put32(p, SB + 0x54, 5);
    openFails(p, CorruptImageException.class, "ext4: superblock s_first_ino at 0x454: 5 < 11");
  }

  @Test
  void superblockDescSize() {
    Path p = copy(plain);
    put16(p, SB + 0xFE, 48);
    openFails(
        p,
        CorruptImageException.class,
        "ext4: superblock s_desc_size at 0x4fe: 48 is not a power of two in 64..1024 (64bit)");
  }

  @Test
  void superblockFirstDataBlock() {
    Path p = copy(plain);
    put32(p, SB + 0x14, 0);
    openFails(
        p,
        CorruptImageException.class,
        "ext4: superblock s_first_data_block at 0x414: 0 with 1024-byte blocks and clusters");
    put32(p, SB + 0x14, 2);
    openFails(
        p,
        CorruptImageException.class,
        "ext4: superblock s_first_data_block at 0x414: 2 with 1024-byte blocks");
  }

  @Test
  void superblockBlocksCountBeyondDevice() throws IOException {
    Path p = copy(plain);
    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
      ch.truncate(8 << 20);
    }
    openFails(
        p,
        CorruptImageException.class,
        "ext4: superblock s_blocks_count at 0x404: 16384 exceeds the device's 8192 blocks of 1024 bytes");
  }

  @Test
  void superblockInodesCount() {
    Path p = copy(plain);
    long count = get32(p, SB);
    long perGroup = get32(p, SB + 0x28);
    put32(p, SB, count + 1);
    openFails(
        p,
        CorruptImageException.class,
        "ext4: superblock s_inodes_count at 0x400: "
            + (count + 1)
            + " != 2 groups * "
            + perGroup
            + " inodes per group");
  }

  @Test
  void superblockFirstMetaBg() {
    Path p = copy(plain);
    put32(p, SB + 0x60, get32(p, SB + 0x60) | 0x10); // meta_bg
    put32(p, SB + 0x104, 1000);
    openFails(
        p,
        CorruptImageException.class,
        "ext4: superblock s_first_meta_bg at 0x504: 1000 > 1 group descriptor blocks");
  }

  @Test
  void unknownIncompatibleFeature() {
    Path p = copy(plain);
    put32(p, SB + 0x60, get32(p, SB + 0x60) | 0x8000_0000L);
    openFails(
        p,
        UnsupportedFeatureException.class,
        "ext4: superblock s_feature_incompat at 0x460: unsupported feature bits 0x80000000 (unknown)");
    put32(p, SB + 0x60, get32(p, SB + 0x60) | 0x1001L);
    fails(
        UnsupportedFeatureException.class,
        "ext4: superblock s_feature_incompat at 0x460: unsupported feature bits 0x80001001 (compression, dirdata, unknown)",
        () -> ExtImages.open(p).close());
  }

  @Test
  void unknownIncompatibleFeatureNamesItsBit() {
    Path p = copy(csum);
    put32(p, SB + 0x60, get32(p, SB + 0x60) | 0x0100_0000L);
    ExtImages.resealSuperblock(p);
    assertThatThrownBy(() -> ExtImages.open(p).close())
        .isExactlyInstanceOf(UnsupportedFeatureException.class)
        .hasMessage(
            "ext4: superblock s_feature_incompat at 0x460: unsupported feature bits 0x1000000 (unknown)")
        .extracting(e -> ((UnsupportedFeatureException) e).feature())
        .isEqualTo("ext4 incompat 0x1000000 (unknown)");
  }

  @Test
  void unknownReadOnlyCompatibleFeatureIsFine() throws IOException {
    Path p = copy(csum);
    put32(p, SB + 0x64, get32(p, SB + 0x64) | 0x8000_0000L);
    ExtImages.resealSuperblock(p);
    try (OpenedFs o = ExtImages.open(p)) {
      assertThat(o.read("/file")).hasSize(3000);
    }
  }

  @Test
  void superblockChecksumType() {
    Path p = copy(csum);
    Tools.patch(p, SB + 0x175, (byte) 2);
    openFails(
        p,
        CorruptImageException.class,
        "ext4: superblock s_checksum_type at 0x575: 2 != 1 (crc32c)");
  }

  @Test
  void superblockChecksum() {
    Path p = copy(csum);
    Tools.patch(p, SB + 0x78, (byte) 'X'); // the label
    byte[] sb = Tools.read(p, SB, 1024);
    openFails(
        p,
        CorruptImageException.class,
        String.format(
            Locale.ROOT,
            "ext4: superblock s_checksum at 0x7fc: stored 0x%08x != computed 0x%08x",
            TestCrc.u32(sb, 0x3FC),
            TestCrc.crc32c(-1, sb, 0, 0x3FC)));
  }

  @Test
  void needsRecoveryIsReadWithAWarning() throws IOException {
    Path p = copy(csum);
    put32(p, SB + 0x60, get32(p, SB + 0x60) | 0x4);
    ExtImages.resealSuperblock(p);
    try (OpenedFs o = ExtImages.open(p)) {
      assertThat(o.read("/file")).hasSize(3000);
      assertThat(o.warnings.list())
          .containsExactly(
              "ext4: csum.img: the journal needs recovery; read without replaying it, so the most recent changes may be missing");
    }
  }

  // ---- group descriptors

  @Test
  void groupDescriptorCrc32c() {
    Path p = copy(csum);
    long gd = 2 * BS; // group 0's descriptor follows the superblock's block
    put16(p, gd + 0xC, get16(p, gd + 0xC) ^ 1); // bg_free_blocks_count_lo
    byte[] d = Tools.read(p, gd, 64);
    byte[] uuid = Tools.read(p, SB + 0x68, 16);
    int seed = TestCrc.crc32c(-1, uuid);
    int c = TestCrc.crc32c(seed, TestCrc.le32(0));
    c = TestCrc.crc32c(c, d, 0, 0x1E);
    c = TestCrc.crc32c(c, new byte[2]);
    c = TestCrc.crc32c(c, d, 0x20, 64 - 0x20);
    openFails(
        p,
        CorruptImageException.class,
        String.format(
            Locale.ROOT,
            "ext4: group descriptor 0: bg_checksum at 0x81e: stored 0x%04x != computed 0x%04x",
            TestCrc.u16(d, 0x1E),
            c & 0xffff));
  }

  @Test
  void groupDescriptorCrc16() {
    Path p = copy(plain);
    long gd = 2 * BS + 64; // group 1
    put16(p, gd + 0xC, get16(p, gd + 0xC) ^ 1);
    byte[] d = Tools.read(p, gd, 64);
    byte[] uuid = Tools.read(p, SB + 0x68, 16);
    int c = TestCrc.crc16(0xffff, uuid, 0, 16);
    c = TestCrc.crc16(c, TestCrc.le32(1), 0, 4);
    c = TestCrc.crc16(c, d, 0, 0x1E);
    c = TestCrc.crc16(c, d, 0x20, 64 - 0x20);
    openFails(
        p,
        CorruptImageException.class,
        String.format(
            Locale.ROOT,
            "ext4: group descriptor 1: bg_checksum at 0x85e: stored 0x%04x != computed 0x%04x",
            TestCrc.u16(d, 0x1E),
            c));
  }

  @Test
  void groupDescriptorInodeTable() {
    Path p = copy(ext2);
    long gd = 2 * BS;
    put32(p, gd + 0x8, 0x00FF_FFFF);
    long blocks = get32(p, SB + 0x4);
    long itb = get32(p, SB + 0x28) * 128 / BS; // ext2 here has 256-byte inodes? computed below
    itb = get32(p, SB + 0x28) * get16(p, SB + 0x58) / BS;
    openFails(
        p,
        CorruptImageException.class,
        "ext2: group descriptor 0: bg_inode_table at 0x808: blocks 16777215..+"
            + itb
            + " outside 2.."
            + Math.min(8193, blocks));
  }

  @Test
  void groupDescriptorTableLimit() {
    Limits limits = Limits.builder().maxMetadataBytes(100).build();
    fails(
        LimitExceededException.class,
        "limit maxMetadataBytes (100) exceeded: ext4: group descriptor table (128) (raise it with Limits.builder().maxMetadataBytes(...))",
        () -> ExtImages.open(plain, limits).close());
  }

  // ---- inodes

  @Test
  void inodeExtraIsize() throws IOException {
    Path p = copy(plain);
    long ino = Debugfs.inodeNumber(p, "/file");
    long at = Debugfs.inodeOffset(p, "/file", BS);
    put16(p, at + 0x80, 3);
    try (OpenedFs o = ExtImages.open(p)) {
      fails(
          CorruptImageException.class,
          "ext4: inode "
              + ino
              + ": i_extra_isize at "
              + hex(at + 0x80)
              + ": 3 does not fit a 256-byte inode in 4-byte steps",
          () -> o.node("/file"));
    }
  }

  @Test
  void inodeLinksCount() throws IOException {
    Path p = copy(plain);
    long ino = Debugfs.inodeNumber(p, "/file");
    long at = Debugfs.inodeOffset(p, "/file", BS);
    put16(p, at + 0x1A, 0);
    try (OpenedFs o = ExtImages.open(p)) {
      fails(
          CorruptImageException.class,
          "ext4: inode " + ino + ": i_links_count at " + hex(at + 0x1A) + ": 0 (a deleted inode)",
          () -> o.node("/file"));
    }
  }

  @Test
  void inodeMode() throws IOException {
    Path p = copy(plain);
    long ino = Debugfs.inodeNumber(p, "/file");
    long at = Debugfs.inodeOffset(p, "/file", BS);
    put16(p, at, 0644);
    try (OpenedFs o = ExtImages.open(p)) {
      fails(
          CorruptImageException.class,
          "ext4: inode " + ino + ": i_mode at " + hex(at) + ": 0644 has no file type",
          () -> o.node("/file"));
    }
  }

  @Test
  void inodeFlagsInlineAndExtents() throws IOException {
    Path p = copy(plain);
    long ino = Debugfs.inodeNumber(p, "/file");
    long at = Debugfs.inodeOffset(p, "/file", BS);
    put32(p, at + 0x20, 0x10080000L);
    try (OpenedFs o = ExtImages.open(p)) {
      fails(
          CorruptImageException.class,
          "ext4: inode "
              + ino
              + ": i_flags at "
              + hex(at + 0x20)
              + ": 0x10080000 sets both inline data and extents",
          () -> o.node("/file"));
    }
  }

  @Test
  void inodeNegativeSize() throws IOException {
    Path p = copy(plain);
    long ino = Debugfs.inodeNumber(p, "/file");
    long at = Debugfs.inodeOffset(p, "/file", BS);
    put32(p, at + 0x6C, 0x8000_0000L);
    try (OpenedFs o = ExtImages.open(p)) {
      fails(
          CorruptImageException.class,
          "ext4: inode "
              + ino
              + ": i_size at "
              + hex(at + 4)
              + ": 9223372036854778808 is negative as a signed 64-bit size",
          () -> o.node("/file"));
    }
  }

  @Test
  void inodeChecksum() throws IOException {
    Path p = copy(csum);
    long ino = Debugfs.inodeNumber(p, "/file");
    long at = Debugfs.inodeOffset(p, "/file", BS);
    put32(p, at + 0x10, 12345); // i_mtime
    byte[] raw = Tools.read(p, at, 256);
    int seed = TestCrc.crc32c(-1, Tools.read(p, SB + 0x68, 16));
    int c = TestCrc.crc32c(seed, TestCrc.le32(ino));
    c = TestCrc.crc32c(c, Tools.read(p, at + 0x64, 4));
    byte[] zeroed = raw.clone();
    zeroed[0x7C] = zeroed[0x7D] = zeroed[0x82] = zeroed[0x83] = 0;
    c = TestCrc.crc32c(c, zeroed);
    long stored = TestCrc.u16(raw, 0x7C) | (long) TestCrc.u16(raw, 0x82) << 16;
    try (OpenedFs o = ExtImages.open(p)) {
      fails(
          CorruptImageException.class,
          String.format(
              Locale.ROOT,
              "ext4: inode %d: checksum at %s: stored 0x%08x != computed 0x%08x",
              ino,
              hex(at + 0x7C),
              stored,
              c),
          () -> o.node("/file"));
    }
  }

  // ---- extent trees

  private record Tree(long ino, long inodeAt) {
    long root() {
      return inodeAt + 0x28;
    }
  }

  private static Tree tree(Path p, String path) {
    return new Tree(Debugfs.inodeNumber(p, path), Debugfs.inodeOffset(p, path, BS));
  }

  @Test
  void extentRootMagic() throws IOException {
    Path p = copy(plain);
    Tree t = tree(p, "/file");
    put16(p, t.root(), 0);
    try (OpenedFs o = ExtImages.open(p)) {
      fails(
          CorruptImageException.class,
          "ext4: inode "
              + t.ino
              + ": extent root eh_magic at "
              + hex(t.root())
              + ": 0x0000 != 0xf30a",
          () -> o.read("/file"));
    }
  }

  @Test
  void extentRootDepthAboveFive() throws IOException {
    Path p = copy(plain);
    Tree t = tree(p, "/file");
    put16(p, t.root() + 6, 6);
    try (OpenedFs o = ExtImages.open(p)) {
      fails(
          CorruptImageException.class,
          "ext4: inode " + t.ino + ": extent root eh_depth at " + hex(t.root() + 6) + ": 6 > 5",
          () -> o.read("/file"));
    }
  }

  @Test
  void extentDepthLimit() throws IOException {
    Tree t = tree(plain, "/frag2");
    assertThat(get16(plain, t.root() + 6)).isEqualTo(2);
    try (OpenedFs o = ExtImages.open(plain, Limits.builder().maxTreeDepth(1).build())) {
      fails(
          LimitExceededException.class,
          "limit maxTreeDepth (1) exceeded: ext4: inode "
              + t.ino
              + ": extent tree depth (2) (raise it with Limits.builder().maxTreeDepth(...))",
          () -> o.read("/frag2"));
    }
  }

  @Test
  void extentRootMaxTooLarge() throws IOException {
    Path p = copy(plain);
    Tree t = tree(p, "/file");
    put16(p, t.root() + 4, 5);
    try (OpenedFs o = ExtImages.open(p)) {
      fails(
          CorruptImageException.class,
          "ext4: inode "
              + t.ino
              + ": extent root eh_max at "
              + hex(t.root() + 4)
              + ": 5 > 4 entries that fit the node",
          () -> o.read("/file"));
    }
  }

  @Test
  void extentEntriesAboveMax() throws IOException {
    Path p = copy(plain);
    Tree t = tree(p, "/file");
    put16(p, t.root() + 2, 5);
    try (OpenedFs o = ExtImages.open(p)) {
      fails(
          CorruptImageException.class,
          "ext4: inode "
              + t.ino
              + ": extent root eh_entries at "
              + hex(t.root() + 2)
              + ": 5 > eh_max 4",
          () -> o.read("/file"));
    }
  }

  @Test
  void extentNodePointingAtItselfEndsInAnError() throws IOException {
    Path p = copy(plain);
    Tree t = tree(p, "/frag2");
    long index = get32(p, t.root() + 12 + 4); // the root's first child: an index node of depth 1
    long at = index * BS;
    assertThat(get16(p, at + 6)).isEqualTo(1);
    put32(p, at + 12 + 4, index); // its first entry now leads back to itself
    try (OpenedFs o = ExtImages.open(p)) {
      fails(
          CorruptImageException.class,
          "ext4: inode "
              + t.ino
              + ": extent block "
              + index
              + " eh_depth at "
              + hex(at + 6)
              + ": 1 != expected 0",
          () -> o.read("/frag2"));
    }
  }

  @Test
  void extentStartOutsideTheFilesystem() throws IOException {
    Path p = copy(plain);
    Tree t = tree(p, "/file");
    put32(p, t.root() + 12 + 8, 0xFFFF_FFF0L);
    try (OpenedFs o = ExtImages.open(p)) {
      fails(
          CorruptImageException.class,
          "ext4: inode "
              + t.ino
              + ": extent root extent ee_start at "
              + hex(t.root() + 12 + 6)
              + ": blocks 4294967280..+3 outside 2..16383",
          () -> o.read("/file"));
    }
  }

  @Test
  void extentKeysNotAscending() throws IOException {
    Path p = copy(plain);
    Tree t = tree(p, "/holes");
    assertThat(get16(p, t.root() + 2)).isEqualTo(2);
    put32(p, t.root() + 24, 0); // the second extent now starts where the first does
    try (OpenedFs o = ExtImages.open(p)) {
      fails(
          CorruptImageException.class,
          "ext4: inode "
              + t.ino
              + ": extent root extent ee_block at "
              + hex(t.root() + 24)
              + ": 0 + ee_len 1 not ascending within 0..4294967295",
          () -> o.read("/holes"));
    }
  }

  @Test
  void extentBlockChecksum() throws IOException {
    Path p = copy(csum);
    Tree t = tree(p, "/frag1");
    assertThat(get16(p, t.root() + 6)).isEqualTo(1);
    long leaf = get32(p, t.root() + 12 + 4);
    long at = leaf * BS;
    put32(p, at + 12 + 8, get32(p, at + 12 + 8) + 1); // the first extent's ee_start_lo
    byte[] block = Tools.read(p, at, BS);
    int max = TestCrc.u16(block, 4);
    long ino = t.ino;
    int seed = TestCrc.crc32c(-1, Tools.read(p, SB + 0x68, 16));
    int c =
        TestCrc.crc32c(
            TestCrc.crc32c(
                TestCrc.crc32c(seed, TestCrc.le32(ino)), Tools.read(p, t.inodeAt + 0x64, 4)),
            block,
            0,
            12 + 12 * max);
    try (OpenedFs o = ExtImages.open(p)) {
      fails(
          CorruptImageException.class,
          String.format(
              Locale.ROOT,
              "ext4: inode %d: extent block %d checksum at %s: stored 0x%08x != computed 0x%08x",
              ino,
              leaf,
              hex(at + 12 + 12 * max),
              TestCrc.u32(block, 12 + 12 * max),
              c),
          () -> o.read("/frag1"));
    }
  }

  // ---- indirect blocks

  @Test
  void indirectPointerOutsideTheFilesystem() throws IOException {
    Path p = copy(ext2);
    Tree t = tree(p, "/ind");
    put32(p, t.root() + 4 * 12, 0xFFFF_FF00L);
    try (OpenedFs o = ExtImages.open(p)) {
      fails(
          CorruptImageException.class,
          "ext2: inode "
              + t.ino
              + ": indirect block pointer at "
              + hex(t.root() + 48)
              + ": block 4294967040 outside 2..16383",
          () -> o.read("/ind"));
    }
  }

  @Test
  void directPointerOutsideTheFilesystem() throws IOException {
    Path p = copy(ext2);
    Tree t = tree(p, "/ind");
    put32(p, t.root() + 4, 16384);
    try (OpenedFs o = ExtImages.open(p)) {
      fails(
          CorruptImageException.class,
          "ext2: inode "
              + t.ino
              + ": data block pointer at "
              + hex(t.root() + 4)
              + ": block 16384 outside 2..16383",
          () -> o.read("/ind"));
    }
  }

  @Test
  void indirectDepthLimit() throws IOException {
    Tree t = tree(ext2, "/ind");
    try (OpenedFs o = ExtImages.open(ext2, Limits.builder().maxTreeDepth(1).build())) {
      assertThat(o.read("/ind")).hasSize(20 << 10); // single indirect: depth 1
      assertThat(t.ino).isPositive();
    }
  }

  // ---- directories

  private record Dir(long ino, long block) {}

  private static Dir dir(Path p, String path) {
    return new Dir(Debugfs.inodeNumber(p, path), Debugfs.bmap(p, path, 0));
  }

  private static void listFails(
      Path p, String path, Class<? extends Exception> type, String message) throws IOException {
    try (OpenedFs o = ExtImages.open(p)) {
      fails(type, message, () -> o.fs.list(o.node(path)));
    }
  }

  @Test
  void dirRecLenBelowEight() throws IOException {
    Path p = copy(plain);
    Dir d = dir(p, "/dir");
    put16(p, d.block * BS + 4, 4);
    listFails(
        p,
        "/dir",
        CorruptImageException.class,
        "ext4: inode "
            + d.ino
            + ": directory block 0: entry at "
            + hex(d.block * BS)
            + ": rec_len 4 < 8");
  }

  @Test
  void dirRecLenUnaligned() throws IOException {
    Path p = copy(plain);
    Dir d = dir(p, "/dir");
    put16(p, d.block * BS + 4, 13);
    listFails(
        p,
        "/dir",
        CorruptImageException.class,
        "ext4: inode "
            + d.ino
            + ": directory block 0: entry at "
            + hex(d.block * BS)
            + ": rec_len 13 is not a multiple of 4");
  }

  @Test
  void dirRecLenPastTheBlock() throws IOException {
    Path p = copy(plain);
    Dir d = dir(p, "/dir");
    put16(p, d.block * BS + 12 + 4, 2000); // ".." is the second record
    listFails(
        p,
        "/dir",
        CorruptImageException.class,
        "ext4: inode "
            + d.ino
            + ": directory block 0: entry at "
            + hex(d.block * BS + 12)
            + ": rec_len 2000 runs past the end (1012 bytes remain)");
  }

  @Test
  void dirNameLenBeyondRecLen() throws IOException {
    Path p = copy(plain);
    Dir d = dir(p, "/dir");
    Tools.patch(p, d.block * BS + 6, (byte) 20);
    listFails(
        p,
        "/dir",
        CorruptImageException.class,
        "ext4: inode "
            + d.ino
            + ": directory block 0: entry at "
            + hex(d.block * BS)
            + ": name_len 20 does not fit rec_len 12");
  }

  @Test
  void dirInodeBeyondCount() throws IOException {
    Path p = copy(plain);
    Dir d = dir(p, "/dir");
    put32(p, d.block * BS + 24, 0xFFFF_FFFFL); // the third record: the first name
    long count = get32(p, SB);
    listFails(
        p,
        "/dir",
        CorruptImageException.class,
        "ext4: inode "
            + d.ino
            + ": directory block 0: entry at "
            + hex(d.block * BS + 24)
            + ": inode 4294967295 > s_inodes_count "
            + count);
  }

  @Test
  void dirBlockChecksum() throws IOException {
    Path p = copy(csum);
    Dir d = dir(p, "/dir");
    long at = d.block * BS;
    Tools.patch(p, at + 24 + 8, (byte) 'z'); // the first name's byte
    byte[] block = Tools.read(p, at, BS);
    Tree t = tree(p, "/dir");
    int seed = TestCrc.crc32c(-1, Tools.read(p, SB + 0x68, 16));
    int c =
        TestCrc.crc32c(
            TestCrc.crc32c(
                TestCrc.crc32c(seed, TestCrc.le32(t.ino)), Tools.read(p, t.inodeAt + 0x64, 4)),
            block,
            0,
            BS - 12);
    listFails(
        p,
        "/dir",
        CorruptImageException.class,
        String.format(
            Locale.ROOT,
            "ext4: inode %d: directory block 0: checksum at %s: stored 0x%08x != computed 0x%08x",
            d.ino,
            hex(at + BS - 4),
            TestCrc.u32(block, BS - 4),
            c));
  }

  @Test
  void dirBlockWithoutChecksumTail() throws IOException {
    Path p = copy(csum);
    Dir d = dir(p, "/dir");
    Tools.patch(p, d.block * BS + BS - 12 + 7, (byte) 0);
    listFails(
        p,
        "/dir",
        CorruptImageException.class,
        "ext4: inode "
            + d.ino
            + ": directory block 0: checksum tail at "
            + hex(d.block * BS + BS - 12)
            + ": missing (metadata_csum)");
  }

  @Test
  void directoryEntryLimit() throws IOException {
    long ino = Debugfs.inodeNumber(plain, "/many");
    try (OpenedFs o = ExtImages.open(plain, Limits.builder().maxDirectoryEntries(100).build())) {
      fails(
          LimitExceededException.class,
          "limit maxDirectoryEntries (100) exceeded: ext4: inode "
              + ino
              + ": directory entries (101) (raise it with Limits.builder().maxDirectoryEntries(...))",
          () -> o.fs.list(o.node("/many")));
      // A lookup through the hash index reads a few blocks, whatever the directory's size.
      assertThat(o.node("/many/a-long-name-to-fill-the-directory-blocks-0599").size()).isEqualTo(1);
    }
  }

  private static void lookupFails(Path p, Class<? extends Exception> type, String message)
      throws IOException {
    try (OpenedFs o = ExtImages.open(p)) {
      fails(type, message, () -> o.node("/many/a-long-name-to-fill-the-directory-blocks-0007"));
    }
  }

  @Test
  void htreeRootLimit() throws IOException {
    Path p = copy(plain);
    Dir d = dir(p, "/many");
    put16(p, d.block * BS + 0x20, 999);
    lookupFails(
        p,
        CorruptImageException.class,
        "ext4: inode "
            + d.ino
            + ": htree root limit at "
            + hex(d.block * BS + 0x20)
            + ": 999 != 124");
  }

  @Test
  void htreeRootCount() throws IOException {
    Path p = copy(plain);
    Dir d = dir(p, "/many");
    put16(p, d.block * BS + 0x22, 0);
    lookupFails(
        p,
        CorruptImageException.class,
        "ext4: inode "
            + d.ino
            + ": htree root count at "
            + hex(d.block * BS + 0x22)
            + ": 0 outside 1..124");
  }

  @Test
  void htreeHashVersion() throws IOException {
    Path p = copy(plain);
    Dir d = dir(p, "/many");
    Tools.patch(p, d.block * BS + 0x1C, (byte) 9);
    lookupFails(
        p,
        CorruptImageException.class,
        "ext4: inode "
            + d.ino
            + ": htree root hash_version at "
            + hex(d.block * BS + 0x1C)
            + ": 9 is unknown");
  }

  @Test
  void htreeIndirectLevels() throws IOException {
    Path p = copy(plain);
    Dir d = dir(p, "/many");
    Tools.patch(p, d.block * BS + 0x1E, (byte) 2);
    lookupFails(
        p,
        CorruptImageException.class,
        "ext4: inode "
            + d.ino
            + ": htree root indirect_levels at "
            + hex(d.block * BS + 0x1E)
            + ": 2 >= 2");
  }

  @Test
  void htreeChecksum() throws IOException {
    Path p = copy(csum);
    Dir d = dir(p, "/many");
    long at = d.block * BS;
    put32(p, at + 0x28, get32(p, at + 0x28) + 2); // the second entry's hash
    byte[] block = Tools.read(p, at, BS);
    int limit = TestCrc.u16(block, 0x20);
    int count = TestCrc.u16(block, 0x22);
    int tail = 0x20 + 8 * limit;
    Tree t = tree(p, "/many");
    int seed = TestCrc.crc32c(-1, Tools.read(p, SB + 0x68, 16));
    int c =
        TestCrc.crc32c(
            TestCrc.crc32c(seed, TestCrc.le32(t.ino)), Tools.read(p, t.inodeAt + 0x64, 4));
    c = TestCrc.crc32c(c, block, 0, 0x20 + 8 * count);
    c = TestCrc.crc32c(c, block, tail, 4);
    c = TestCrc.crc32c(c, new byte[4]);
    String message =
        String.format(
            Locale.ROOT,
            "ext4: inode %d: htree root checksum at %s: stored 0x%08x != computed 0x%08x",
            d.ino,
            hex(at + tail + 4),
            TestCrc.u32(block, tail + 4),
            c);
    lookupFails(p, CorruptImageException.class, message);
    listFails(p, "/many", CorruptImageException.class, message);
  }

  @Test
  void casefoldedDirectoryMatchesNamesThatFoldAlike() throws IOException {
    Path p = copy(plain);
    put32(p, SB + 0x60, get32(p, SB + 0x60) | 0x20000); // casefold
    Tree t = tree(p, "/dir");
    put32(p, t.inodeAt + 0x20, get32(p, t.inodeAt + 0x20) | 0x4000_0000L);
    try (OpenedFs o = ExtImages.open(p)) {
      assertThat(o.node("/dir/A").id()).isEqualTo(o.node("/dir/a").id());
      assertThat(o.fs.lookup(o.node("/"), "FILE")).isEmpty(); // the root is not casefolded
    }
  }

  @Test
  void encryptedInodesAreRefused() throws IOException {
    Path p = copy(plain);
    Tree file = tree(p, "/file");
    Tree dir = tree(p, "/dir");
    put32(p, file.inodeAt + 0x20, get32(p, file.inodeAt + 0x20) | 0x800);
    put32(p, dir.inodeAt + 0x20, get32(p, dir.inodeAt + 0x20) | 0x800);
    try (OpenedFs o = ExtImages.open(p)) {
      fails(
          UnsupportedFeatureException.class,
          "ext4: inode "
              + file.ino
              + ": i_flags at "
              + hex(file.inodeAt + 0x20)
              + ": 0x80800: encrypted files and directories are not supported",
          () -> o.read("/file"));
      fails(
          UnsupportedFeatureException.class,
          "ext4: inode "
              + dir.ino
              + ": i_flags at "
              + hex(dir.inodeAt + 0x20)
              + ": 0x80800: encrypted files and directories are not supported",
          () -> o.node("/dir/a"));
    }
  }

  // ---- symlinks and inline data

  @Test
  void symlinkTargetLimit() throws IOException {
    long ino = Debugfs.inodeNumber(plain, "/slow");
    try (OpenedFs o = ExtImages.open(plain, Limits.builder().maxPathBytes(50).build())) {
      fails(
          LimitExceededException.class,
          "limit maxPathBytes (50) exceeded: ext4: inode "
              + ino
              + ": symlink target length (100) (raise it with Limits.builder().maxPathBytes(...))",
          () -> o.fs.readLink(o.node("/slow")));
    }
  }

  @Test
  void fastSymlinkTooLong() throws IOException {
    Path p = copy(plain);
    Tree t = tree(p, "/fast");
    put32(p, t.inodeAt + 4, 70);
    try (OpenedFs o = ExtImages.open(p)) {
      fails(
          CorruptImageException.class,
          "ext4: inode "
              + t.ino
              + ": i_size at "
              + hex(t.inodeAt + 4)
              + ": 70 too long for a fast symlink (< 60)",
          () -> o.fs.readLink(o.node("/fast")));
    }
  }

  @Test
  void inlineDataWithoutSystemData() throws IOException {
    Path p = copy(inline);
    Tree t = tree(p, "/tiny");
    int extra = get16(p, t.inodeAt + 0x80);
    long xattrs = t.inodeAt + 0x80 + extra;
    assertThat(get32(p, xattrs)).isEqualTo(0xEA020000L);
    Tools.patch(p, xattrs + 4 + 16, (byte) 'D'); // "data" -> "Data"
    try (OpenedFs o = ExtImages.open(p)) {
      fails(
          CorruptImageException.class,
          "ext4: inode "
              + t.ino
              + ": in-inode xattrs at "
              + hex(xattrs)
              + ": no system.data attribute for inline data",
          () -> o.node("/tiny"));
    }
  }

  @Test
  void inlineDataSizeBeyondItsBytes() throws IOException {
    Path p = copy(inline);
    Tree t = tree(p, "/tiny");
    put32(p, t.inodeAt + 4, 500);
    try (OpenedFs o = ExtImages.open(p)) {
      fails(
          CorruptImageException.class,
          "ext4: inode "
              + t.ino
              + ": i_size at "
              + hex(t.inodeAt + 4)
              + ": 500 exceeds the 100 bytes of its inline data",
          () -> o.node("/tiny"));
    }
  }

  // ---- probing

  @Test
  void probe() throws IOException {
    ExtFilesystemDriver d = new ExtFilesystemDriver();
    try (BlockDevice dev = BlockDevices.open(plain)) {
      assertThat(d.probe(dev))
          .isEqualTo(org.bootlace.spi.Probe.yes("ext4 superblock, 1024-byte blocks"));
    }
    try (BlockDevice dev = BlockDevices.open(ext2)) {
      assertThat(d.probe(dev).detail()).isEqualTo("ext2 superblock, 1024-byte blocks");
    }
    assertThat(d.probe(BlockDevices.ofBytes(new byte[1500], "small")).matched()).isFalse();
    assertThat(d.probe(BlockDevices.ofBytes(new byte[4096], "zeros")).detail())
        .isEqualTo("no ext magic 0xef53 at 0x438");
    byte[] garbage = new byte[4096];
    new java.util.Random(3).nextBytes(garbage);
    garbage[0x438] = 0x53;
    garbage[0x439] = (byte) 0xEF;
    assertThat(d.probe(BlockDevices.ofBytes(garbage, "garbage")).matched()).isFalse();
  }

  @Test
  void tooSmallDevice() {
    fails(
        CorruptImageException.class,
        "ext: tiny: 100 bytes, too small for a superblock ending at 0x800",
        () ->
            new ExtFilesystemDriver()
                .open(
                    BlockDevices.ofBytes(new byte[100], "tiny"),
                    new org.bootlace.spi.DriverContext(
                        Limits.defaults(), new org.bootlace.spi.Warnings())));
  }

  @Test
  void readsIntoDirectBuffersAndAtOffsets() throws IOException {
    try (OpenedFs o = ExtImages.open(csum)) {
      byte[] whole = o.read("/frag1");
      var node = o.node("/frag1");
      ByteBuffer direct = ByteBuffer.allocateDirect(5000);
      assertThat(o.fs.read(node, 777, direct)).isEqualTo(5000);
      direct.flip();
      byte[] got = new byte[5000];
      direct.get(got);
      assertThat(got).isEqualTo(java.util.Arrays.copyOfRange(whole, 777, 5777));
      assertThat(o.fs.read(node, node.size(), ByteBuffer.allocate(10))).isEqualTo(-1);
      assertThat(o.fs.read(node, node.size() - 3, ByteBuffer.allocate(10))).isEqualTo(3);
    }
  }
}
