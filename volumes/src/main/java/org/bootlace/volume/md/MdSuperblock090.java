package org.bootlace.volume.md;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.bootlace.CorruptImageException;
import org.bootlace.binary.Checks;
import org.bootlace.binary.Le;
import org.bootlace.block.BlockDevice;

/**
 * A Linux md version-0.90 superblock ({@code mdp_super_t}, 4 KiB of 32-bit words in the byte order
 * of the machine that wrote it; little-endian is read here) in the last 64 KiB-aligned 64 KiB of
 * the member, whose data starts at its first byte. Checksummed as the kernel does (every word
 * summed in 64 bits with {@code sb_csum} as zero, folded once). GRUB names the array {@code
 * md/md<md_minor>}; its UUID is the four {@code set_uuid} words, each written big-endian.
 *
 * @param sizeKib the array's per-member size in KiB (RAID1: the array's size)
 * @param role {@code this_disk.raid_disk}, or -1 when this member is not active and in sync
 */
record MdSuperblock090(
    long offset,
    byte[] uuid,
    int minor,
    int level,
    long sizeKib,
    long raidDisks,
    long events,
    int role) {
  static final int SIZE = 4096;
  static final long MAGIC = 0xa92b4efcL;
  static final int W_MAJOR = 1;
  static final int W_MINOR_VERSION = 2;
  static final int W_UUID0 = 5;
  static final int W_LEVEL = 7;
  static final int W_SIZE = 8;
  static final int W_RAID_DISKS = 10;
  static final int W_MD_MINOR = 11;
  static final int W_UUID1 = 13;
  static final int W_CSUM = 38;
  static final int W_EVENTS = 39;
  static final int W_THIS_DISK = 992;

  /** {@code MD_DISK_ACTIVE} and {@code MD_DISK_SYNC} in a disk descriptor's state. */
  static final long ACTIVE_SYNC = 0b110;

  static final long FAULTY = 0b1;

  /**
   * Where 0.90 keeps its superblock on a member of {@code size} bytes, or -1 when it is too small.
   */
  static long locate(long size) {
    long sectors = size / 512;
    return sectors < 256 ? -1 : ((sectors & ~127L) - 128) * 512;
  }

  static boolean looksLike(byte[] b) {
    return b.length >= 12
        && Le.u32(b, 0) == MAGIC
        && Le.u32(b, 4 * W_MAJOR) == 0
        && Le.u32(b, 4 * W_MINOR_VERSION) == 90;
  }

  static MdSuperblock090 read(BlockDevice dev) throws IOException {
    long at = locate(dev.size());
    Checks.require(
        at >= 0, "md: %s: superblock 0.90: the device (%d bytes) is too small", dev, dev.size());
    return parse(
        dev.read(at, SIZE),
        at,
        dev.size(),
        "md: " + dev + ": superblock 0.90 at " + Checks.hex(at));
  }

  static MdSuperblock090 parse(byte[] b, long at, long devSize, String where)
      throws CorruptImageException {
    Checks.require(b.length == SIZE, "%s: %d bytes, not %d", where, b.length, SIZE);
    Checks.require(looksLike(b), "%s: not a version 0.90 superblock", where);
    long csum = word(b, W_CSUM);
    long actual = checksum(b);
    Checks.require(csum == actual, "%s: sb_csum 0x%08x != 0x%08x computed", where, csum, actual);
    long sizeKib = word(b, W_SIZE);
    Checks.require(
        sizeKib * 1024 <= at,
        "%s: size %d KiB runs into the superblock at %s",
        where,
        sizeKib,
        Checks.hex(at));
    long raidDisks = word(b, W_RAID_DISKS);
    Checks.require(
        raidDisks >= 1 && raidDisks <= 27, "%s: raid_disks %d is outside 1..27", where, raidDisks);
    long raidDisk = word(b, W_THIS_DISK + 3);
    long state = word(b, W_THIS_DISK + 4);
    int role =
        (state & FAULTY) == 0 && (state & ACTIVE_SYNC) == ACTIVE_SYNC && raidDisk < raidDisks
            ? (int) raidDisk
            : -1;
    ByteBuffer uuid = ByteBuffer.allocate(16).order(ByteOrder.BIG_ENDIAN);
    uuid.putInt((int) word(b, W_UUID0));
    for (int w = W_UUID1; w < W_UUID1 + 3; w++) {
      uuid.putInt((int) word(b, w));
    }
    return new MdSuperblock090(
        at,
        uuid.array(),
        (int) word(b, W_MD_MINOR),
        Le.s32(b, 4 * W_LEVEL),
        sizeKib,
        raidDisks,
        Le.u64(b, 4 * W_EVENTS),
        role);
  }

  private static long word(byte[] b, int w) {
    return Le.u32(b, 4 * w);
  }

  /** The kernel's {@code calc_sb_csum}. */
  static long checksum(byte[] b) {
    long sum = 0;
    for (int w = 0; w < SIZE / 4; w++) {
      sum += w == W_CSUM ? 0 : word(b, w);
    }
    return ((sum & 0xffff_ffffL) + (sum >>> 32)) & 0xffff_ffffL;
  }
}
