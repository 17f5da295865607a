package org.bootlace.fs.ext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Locale;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.bootlace.CorruptImageException;
import org.bootlace.LimitExceededException;
import org.bootlace.Limits;
import org.bootlace.UnsupportedFeatureException;
import org.bootlace.spi.DirEntry;
import org.bootlace.spi.DriverContext;
import org.bootlace.spi.FileSystem;
import org.bootlace.spi.FileType;
import org.bootlace.spi.FsNode;
import org.bootlace.spi.Warnings;
import org.junit.jupiter.api.Test;

/** The checks again, on a filesystem built byte by byte ({@link TinyExt}). */
class HandBuiltTest {
  private static FileSystem open(TinyExt t) throws IOException {
    return open(t, Limits.defaults());
  }

  private static FileSystem open(TinyExt t, Limits limits) throws IOException {
    return new ExtFilesystemDriver().open(t.device(), new DriverContext(limits, new Warnings()));
  }

  private static byte[] readFile(FileSystem fs) throws IOException {
    FsNode f = fs.lookup(fs.root(), "file").orElseThrow();
    ByteBuffer b = ByteBuffer.allocate((int) f.size());
    while (b.hasRemaining()) {
      assertThat(fs.read(f, b.position(), b)).isPositive();
    }
    return b.array();
  }

  private static void fails(
      Class<? extends Exception> type, String message, ThrowingCallable call) {
    assertThatThrownBy(call).isExactlyInstanceOf(type).hasMessage(message);
  }

  @Test
  void theUntouchedFilesystemReads() throws IOException {
    TinyExt t = new TinyExt();
    FileSystem fs = open(t);
    assertThat(fs.type()).isEqualTo("ext4");
    assertThat(fs.uuid()).contains("01020304-0506-0708-090a-0b0c0d0e0f10");
    assertThat(fs.label()).isEmpty();
    assertThat(fs.list(fs.root())).containsExactly(new DirEntry("file", FileType.REGULAR, 12));
    byte[] content = readFile(fs);
    for (int i = 0; i < content.length; i++) {
      assertThat(content[i]).isEqualTo((byte) (i * 7));
    }
    assertThat(fs.lookup(fs.root(), "missing")).isEmpty();
  }

  @Test
  void superblockChecks() {
    TinyExt t = new TinyExt();
    t.put16(TinyExt.SB + 0x38, 0x1234);
    fails(
        CorruptImageException.class,
        "ext4: superblock s_magic at 0x438: 0x1234 != 0xef53",
        () -> Superblock.parse(t.superblock(), t.image.length));
    t.put16(TinyExt.SB + 0x38, 0xEF53);
    t.put32(TinyExt.SB + 0x18, 9);
    fails(
        CorruptImageException.class,
        "ext4: superblock s_log_block_size at 0x418: 9 > 6 (block size above 65536)",
        () -> open(t));
    t.put32(TinyExt.SB + 0x18, 0);
    t.put32(TinyExt.SB, 17);
    fails(
        CorruptImageException.class,
        "ext4: superblock s_inodes_count at 0x400: 17 != 1 groups * 16 inodes per group",
        () -> open(t));
    t.put32(TinyExt.SB, 16);
    t.put32(TinyExt.SB + 0x4, 65);
    fails(
        CorruptImageException.class,
        "ext4: superblock s_blocks_count at 0x404: 65 exceeds the device's 64 blocks of 1024 bytes",
        () -> open(t));
    t.put32(TinyExt.SB + 0x4, 64);
    t.put32(TinyExt.SB + 0x60, 0x42 | 0x40000);
    fails(
        UnsupportedFeatureException.class,
        "ext4: superblock s_feature_incompat at 0x460: unsupported feature bits 0x40000 (unknown)",
        () -> open(t));
  }

  @Test
  void metadataChecksumOfTheSuperblock() {
    TinyExt t = new TinyExt();
    t.put32(TinyExt.SB + 0x64, 0x400); // metadata_csum, checksum left zero
    t.image[TinyExt.SB + 0x175] = 1;
    int computed = TestCrc.crc32c(-1, t.superblock(), 0, 0x3FC);
    fails(
        CorruptImageException.class,
        String.format(
            Locale.ROOT,
            "ext4: superblock s_checksum at 0x7fc: stored 0x00000000 != computed 0x%08x",
            computed),
        () -> open(t));
  }

  @Test
  void groupDescriptorInodeTableOutsideItsGroup() {
    TinyExt t = new TinyExt();
    t.put32(2 * TinyExt.BS + 0x8, 63);
    fails(
        CorruptImageException.class,
        "ext4: group descriptor 0: bg_inode_table at 0x808: blocks 63..+2 outside 2..64",
        () -> open(t));
  }

  @Test
  void rootMustBeADirectory() {
    TinyExt t = new TinyExt();
    t.put16(TinyExt.inode(2), 0x81A4);
    fails(
        CorruptImageException.class,
        "ext4: inode 2 (root) at 0xc80: i_mode 0100644 is not a directory",
        () -> open(t));
  }

  @Test
  void deletedInode() throws IOException {
    TinyExt t = new TinyExt();
    t.put16(TinyExt.inode(12) + 0x1A, 0);
    FileSystem fs = open(t);
    fails(
        CorruptImageException.class,
        "ext4: inode 12: i_links_count at 0x119a: 0 (a deleted inode)",
        () -> fs.lookup(fs.root(), "file"));
  }

  @Test
  void extentMagic() throws IOException {
    TinyExt t = new TinyExt();
    t.put16(TinyExt.inode(12) + 0x28, 0);
    FileSystem fs = open(t);
    fails(
        CorruptImageException.class,
        "ext4: inode 12: extent root eh_magic at 0x11a8: 0x0000 != 0xf30a",
        () -> readFile(fs));
  }

  @Test
  void extentTreePointingAtItselfEndsInAnError() throws IOException {
    TinyExt t = new TinyExt();
    int root = TinyExt.inode(12) + 0x28;
    t.extentHeader(root, 1, 4, 2);
    t.index(root + 12, 0, 9);
    t.extentHeader(9 * TinyExt.BS, 1, 84, 1);
    t.index(9 * TinyExt.BS + 12, 0, 9); // block 9 leads to block 9
    FileSystem fs = open(t);
    fails(
        CorruptImageException.class,
        "ext4: inode 12: extent block 9 eh_depth at 0x2406: 1 != expected 0",
        () -> readFile(fs));
  }

  @Test
  void extentTreeOfDepthTwoReads() throws IOException {
    TinyExt t = new TinyExt();
    int root = TinyExt.inode(12) + 0x28;
    t.extentHeader(root, 1, 4, 2);
    t.index(root + 12, 0, 9);
    t.extentHeader(9 * TinyExt.BS, 1, 84, 1);
    t.index(9 * TinyExt.BS + 12, 0, 10);
    t.extentHeader(10 * TinyExt.BS, 2, 84, 0);
    t.extent(10 * TinyExt.BS + 12, 0, 1, TinyExt.FILE_BLOCK);
    t.extent(10 * TinyExt.BS + 24, 2, 32768 + 1, 11); // unwritten: reads as zeros
    byte[] content = readFile(open(t));
    assertThat(content[1]).isEqualTo((byte) 7);
    for (int i = 1024; i < 3000; i++) {
      assertThat(content[i]).as("byte %d", i).isZero(); // a hole, then an unwritten extent
    }
    fails(
        LimitExceededException.class,
        "limit maxTreeDepth (1) exceeded: ext4: inode 12: extent tree depth (2) (raise it with Limits.builder().maxTreeDepth(...))",
        () -> readFile(open(t, Limits.builder().maxTreeDepth(1).build())));
  }

  @Test
  void extentIndexKeysMustAscend() throws IOException {
    TinyExt t = new TinyExt();
    int root = TinyExt.inode(12) + 0x28;
    t.extentHeader(root, 2, 4, 1);
    t.index(root + 12, 5, 9);
    t.index(root + 24, 5, 10);
    FileSystem fs = open(t);
    fails(
        CorruptImageException.class,
        "ext4: inode 12: extent root index ei_block at 0x11c0: 5 not ascending within 0..4294967295",
        () -> readFile(fs));
  }

  @Test
  void extentLeafOutsideItsParentsRange() throws IOException {
    TinyExt t = new TinyExt();
    int root = TinyExt.inode(12) + 0x28;
    t.extentHeader(root, 2, 4, 1);
    t.index(root + 12, 0, 9);
    t.index(root + 24, 2, 10);
    t.extentHeader(9 * TinyExt.BS, 1, 84, 0);
    t.extent(
        9 * TinyExt.BS + 12, 0, 3, TinyExt.FILE_BLOCK); // covers block 2, which the next index owns
    FileSystem fs = open(t);
    fails(
        CorruptImageException.class,
        "ext4: inode 12: extent block 9 extent ee_block at 0x240c: 0 + ee_len 3 not ascending within 0..1",
        () -> readFile(fs));
  }

  @Test
  void dirEntryChecks() throws IOException {
    int d = TinyExt.ROOT_DIR_BLOCK * TinyExt.BS;
    TinyExt t = new TinyExt();
    t.put16(d + 24 + 4, 0);
    FileSystem fs = open(t);
    fails(
        CorruptImageException.class,
        "ext4: inode 2: directory block 0: entry at 0x1418: rec_len 0 < 8",
        () -> fs.list(fs.root()));
    t.put16(d + 24 + 4, TinyExt.BS - 24);
    t.image[d + 24 + 8 + 1] = '/';
    fails(
        CorruptImageException.class,
        "ext4: inode 2: directory block 0: entry at 0x1418: name contains '/' or NUL",
        () -> fs.list(fs.root()));
    t.image[d + 24 + 8 + 1] = 'i';
    t.image[d + 24 + 7] = 9;
    fails(
        CorruptImageException.class,
        "ext4: inode 2: directory block 0: entry at 0x1418: file_type 9 > 7",
        () -> fs.list(fs.root()));
    t.image[d + 24 + 7] = 1;
    t.put32(d + 24, 17);
    fails(
        CorruptImageException.class,
        "ext4: inode 2: directory block 0: entry at 0x1418: inode 17 > s_inodes_count 16",
        () -> fs.list(fs.root()));
  }

  @Test
  void dirRecordsInARegion() throws IOException {
    Superblock sb = Superblock.parse(new TinyExt().superblock(), 64 * 1024);
    byte[] b = new byte[36];
    b[0] = 12; // inode
    b[4] = 16; // rec_len
    b[6] = 3; // name_len
    b[7] = 1; // file_type
    b[8] = 'a';
    b[9] = 'b';
    b[10] = 'c';
    b[16] = 13;
    b[20] = 20; // runs to the region's end
    b[22] = 1;
    b[23] = 2;
    b[24] = 'd';
    List<String> names = new java.util.ArrayList<>();
    DirRecord.parse(
        b, 0, 36, 0x1000, 0, sb, "x", r -> names.add(r.name() + "=" + r.inode() + "/" + r.type()));
    assertThat(names).containsExactly("abc=12/REGULAR", "d=13/DIRECTORY");
    b[20] = 24;
    fails(
        CorruptImageException.class,
        "x: entry at 0x1010: rec_len 24 runs past the end (20 bytes remain)",
        () -> DirRecord.parse(b, 0, 36, 0x1000, 0, sb, "x", r -> true));
    fails(
        CorruptImageException.class,
        "x: entry at 0x1000: header needs 8 bytes, 6 remain",
        () -> DirRecord.parse(b, 0, 6, 0x1000, 0, sb, "x", r -> true));
  }

  @Test
  void recLenOf64KiBBlocks() {
    byte[] b = new byte[8];
    b[4] = (byte) 0xff;
    b[5] = (byte) 0xff;
    assertThat(DirRecord.recLen(b, 0, 65536)).isEqualTo(65536);
    b[4] = 1; // 0x0001: the high bits live in the low two
    b[5] = 0;
    assertThat(DirRecord.recLen(b, 0, 65536)).isEqualTo(0x10000);
    b[4] = 12;
    assertThat(DirRecord.recLen(b, 0, 65536)).isEqualTo(12);
    assertThat(DirRecord.recLen(b, 0, 4096)).isEqualTo(12);
  }

  @Test
  void directoryHoleIsSkippedWhileListing() throws IOException {
    TinyExt t = new TinyExt();
    int root = TinyExt.inode(2);
    t.put32(root + 4, 3 * TinyExt.BS); // blocks 0 and 2 mapped, 1 a hole
    t.extentHeader(root + 0x28, 2, 4, 0);
    t.extent(root + 0x28 + 12, 0, 1, TinyExt.ROOT_DIR_BLOCK);
    t.extent(root + 0x28 + 24, 2, 1, 12);
    t.dirEntry(12 * TinyExt.BS, 12, TinyExt.BS, "again", 1);
    FileSystem fs = open(t);
    assertThat(fs.list(fs.root())).extracting(DirEntry::name).containsExactly("file", "again");
    assertThat(fs.lookup(fs.root(), "again")).isPresent();
  }

  /**
   * A hash index whose second leaf continues a hash collision (its index hash has the low bit set):
   * a name hashing to that value must be looked for in both leaves.
   */
  @Test
  void htreeLookupFollowsACollisionIntoTheNextLeaf() throws IOException {
    TinyExt t = new TinyExt();
    t.put32(TinyExt.SB + 0x5C, 0x20); // dir_index
    int root = TinyExt.inode(2);
    t.put32(root + 4, 3 * TinyExt.BS);
    t.put32(root + 0x20, 0x80000 | 0x1000); // extents, indexed
    t.extentHeader(root + 0x28, 1, 4, 0);
    t.extent(root + 0x28 + 12, 0, 3, 10); // directory blocks 0..2 at 10..12
    int dx = 10 * TinyExt.BS;
    t.dirEntry(dx, 2, 12, ".", 2);
    t.dirEntry(dx + 12, 2, TinyExt.BS - 12, "..", 2);
    t.image[dx + 0x1C] = 1; // half_md4
    t.image[dx + 0x1D] = 8; // info_length
    t.put16(dx + 0x20, (TinyExt.BS - 0x20) / 8); // limit
    t.put16(dx + 0x22, 2); // count
    t.put32(dx + 0x24, 1); // hashes below entry 1 live in block 1
    long hash =
        DirHash.hash(
                DirHash.HALF_MD4,
                new int[4],
                "file".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
            & 0xffff_ffffL;
    t.put32(dx + 0x28, hash | 1); // block 2 continues the collision at this hash
    t.put32(dx + 0x2C, 2);
    t.dirEntry(11 * TinyExt.BS, 12, TinyExt.BS, "other", 1);
    t.dirEntry(12 * TinyExt.BS, 12, TinyExt.BS, "file", 1);
    FileSystem fs = open(t);
    assertThat(fs.lookup(fs.root(), "file")).map(FsNode::id).contains(12L);
    assertThat(fs.list(fs.root())).extracting(DirEntry::name).containsExactly("other", "file");
    // Without the continuation bit the search stops after the first leaf.
    t.put32(dx + 0x28, hash + 2);
    FileSystem stops = open(t);
    assertThat(stops.lookup(stops.root(), "file")).isEmpty();
    // Block numbers past the directory are corrupt, not followed.
    t.put32(dx + 0x2C, 7);
    FileSystem beyond = open(t);
    fails(
        CorruptImageException.class,
        "ext4: inode 2: htree root entry block at 0x282c: 7 beyond the directory's 3 blocks",
        () -> beyond.lookup(beyond.root(), "file"));
  }
}
