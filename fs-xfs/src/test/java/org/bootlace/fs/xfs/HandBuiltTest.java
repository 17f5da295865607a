package org.bootlace.fs.xfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.bootlace.CorruptImageException;
import org.bootlace.UnsupportedFeatureException;
import org.bootlace.binary.Le;
import org.bootlace.block.BlockDevices;
import org.junit.jupiter.api.Test;

/** Superblocks and inodes written byte by byte here, for checks a real image cannot reach alone. */
class HandBuiltTest {
  /** A plausible v4 superblock: 4 KiB blocks, 2 AGs of 4096 blocks, 256-byte inodes. */
  static byte[] v4() {
    byte[] b = new byte[512];
    be32(b, Superblock.SB_MAGICNUM, Superblock.MAGIC);
    be32(b, Superblock.SB_BLOCKSIZE, 4096);
    be32(b, Superblock.SB_DBLOCKS + 4, 8192);
    be32(b, Superblock.SB_LOGSTART + 4, 4100);
    be32(b, Superblock.SB_ROOTINO + 4, 128);
    be32(b, Superblock.SB_AGBLOCKS, 4096);
    be32(b, Superblock.SB_AGCOUNT, 2);
    be16(b, Superblock.SB_VERSIONNUM, 0x2000 | 4);
    be16(b, Superblock.SB_SECTSIZE, 512);
    be16(b, Superblock.SB_INODESIZE, 256);
    be16(b, Superblock.SB_INOPBLOCK, 16);
    b[Superblock.SB_BLOCKLOG] = 12;
    b[Superblock.SB_SECTLOG] = 9;
    b[Superblock.SB_INODELOG] = 8;
    b[Superblock.SB_INOPBLOG] = 4;
    b[Superblock.SB_AGBLKLOG] = 12;
    return b;
  }

  static void be32(byte[] b, int off, long v) {
    b[off] = (byte) (v >>> 24);
    b[off + 1] = (byte) (v >>> 16);
    b[off + 2] = (byte) (v >>> 8);
    b[off + 3] = (byte) v;
  }

  static void be16(byte[] b, int off, int v) {
    b[off] = (byte) (v >>> 8);
    b[off + 1] = (byte) v;
  }

  private static final long DEVICE = 8192L * 4096;

  @Test
  void handBuiltSuperblockParses() throws Exception {
    Superblock sb = Superblock.parse(v4(), DEVICE);
    assertThat(sb.blockSize()).isEqualTo(4096);
    assertThat(sb.uuidString()).isEmpty();
    assertThat(sb.labelString()).isEmpty();
  }

  @Test
  void deviceSmallerThanTheFilesystem() {
    assertThatThrownBy(() -> Superblock.parse(v4(), DEVICE - 1))
        .isExactlyInstanceOf(CorruptImageException.class)
        .hasMessage(
            "xfs: superblock sb_dblocks at 0x8: 8192 blocks of 4096 bytes exceed the device's 33554431 bytes");
  }

  @Test
  void blockLogMustMatch() {
    byte[] b = v4();
    b[Superblock.SB_BLOCKLOG] = 11;
    assertThatThrownBy(() -> Superblock.parse(b, DEVICE))
        .isExactlyInstanceOf(CorruptImageException.class)
        .hasMessage("xfs: superblock sb_blocklog at 0x78: 11 != log2(sb_blocksize 4096)");
  }

  @Test
  void agBlockLogMustMatch() {
    byte[] b = v4();
    b[Superblock.SB_AGBLKLOG] = 13;
    assertThatThrownBy(() -> Superblock.parse(b, DEVICE))
        .isExactlyInstanceOf(CorruptImageException.class)
        .hasMessage(
            "xfs: superblock sb_agblklog at 0x7c: 13 != log2(sb_agblocks 4096) rounded up (12)");
  }

  @Test
  void inodesPerBlockMustMatch() {
    byte[] b = v4();
    be16(b, Superblock.SB_INOPBLOCK, 15);
    assertThatThrownBy(() -> Superblock.parse(b, DEVICE))
        .isExactlyInstanceOf(CorruptImageException.class)
        .hasMessage("xfs: superblock sb_inopblock at 0x6a: 15 != sb_blocksize / sb_inodesize (16)");
  }

  @Test
  void oldSuperblockVersionsAreUnsupported() {
    byte[] b = v4();
    be16(b, Superblock.SB_VERSIONNUM, 3);
    assertThatThrownBy(() -> Superblock.parse(b, DEVICE))
        .isExactlyInstanceOf(UnsupportedFeatureException.class)
        .hasMessage(
            "xfs: superblock sb_versionnum at 0x64: 0x3: version 3 is not supported (only 4 and 5)");
  }

  @Test
  void unfinishedMkfs() {
    byte[] b = v4();
    b[Superblock.SB_INPROGRESS] = 1;
    assertThatThrownBy(() -> Superblock.parse(b, DEVICE))
        .isExactlyInstanceOf(CorruptImageException.class)
        .hasMessage("xfs: superblock sb_inprogress at 0x7e: 1: mkfs did not finish");
  }

  @Test
  void probeSaysNoToGarbageAndYesToTheMagic() throws Exception {
    XfsFilesystemDriver d = new XfsFilesystemDriver();
    assertThat(d.probe(BlockDevices.ofBytes(new byte[4096], "zeros")).matched()).isFalse();
    byte[] disk = new byte[4096];
    System.arraycopy(v4(), 0, disk, 0, 512);
    assertThat(d.probe(BlockDevices.ofBytes(disk, "hand")).detail())
        .isEqualTo("xfs v4 superblock, 4096-byte blocks");
  }

  @Test
  void v5ChecksumIsStandardCrc32c() {
    byte[] b = v4();
    be16(b, Superblock.SB_VERSIONNUM, 5);
    long crc = Crc.compute(b, 0, 512, Superblock.SB_CRC);
    Le.putU32(b, Superblock.SB_CRC, crc);
    java.util.zip.CRC32C c = new java.util.zip.CRC32C();
    byte[] z = b.clone();
    Le.putU32(z, Superblock.SB_CRC, 0);
    c.update(z);
    assertThat(crc).isEqualTo(c.getValue());
  }
}
