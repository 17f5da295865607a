package org.bootlace.volume.testing;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A Linux md member with a version-1 superblock, built byte by byte from the kernel's {@code struct
 * mdp_superblock_1} (include/uapi/linux/raid/md_p.h) for tests, since making arrays with mdadm
 * needs the kernel's md driver. {@code mdadm --examine} reads each one back in the tests
 * (MdExamineTest) so the bytes are checked by the real reader.
 */
public final class MdMember {
  public static final long MAX_SECTOR = -1L;

  public int minor = 2;
  public byte[] uuid = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
  public String name = "bltest:boot";
  public int level = 1;
  public long sizeSectors;
  public int raidDisks = 2;
  public long dataOffset = -1;
  public long dataSize = -1;
  public long events = 20;
  public int devNumber = 0;
  public int[] roles = {0, 1};
  public int maxDev = 128;
  public int featureMap = 0;
  public long recoveryOffset = 0;
  public long ctime = 1_700_000_000L;

  /** Where the superblock goes on a member of {@code bytes}. */
  public long superOffset(long bytes) {
    return switch (minor) {
      case 0 -> ((bytes / 512 - 16) & ~7L) * 512;
      case 1 -> 0;
      default -> 4096;
    };
  }

  /** The member: {@code data} at the data offset, the superblock where this version keeps it. */
  public byte[] build(byte[] data, long memberBytes) {
    long sb = superOffset(memberBytes);
    long off = dataOffset >= 0 ? dataOffset : minor == 0 ? 0 : 2048;
    long dsize = dataSize >= 0 ? dataSize : minor == 0 ? sb / 512 : memberBytes / 512 - off;
    long size = sizeSectors > 0 ? sizeSectors : data.length / 512;
    byte[] out = new byte[Math.toIntExact(memberBytes)];
    System.arraycopy(data, 0, out, Math.toIntExact(off * 512), data.length);
    System.arraycopy(
        superblock(sb / 512, off, dsize, size), 0, out, Math.toIntExact(sb), 256 + 2 * maxDev);
    return out;
  }

  public byte[] superblock(
      long superSector, long dataOffsetSectors, long dataSizeSectors, long size) {
    ByteBuffer b = ByteBuffer.allocate(256 + 2 * maxDev).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(0, 0xa92b4efc);
    b.putInt(4, 1);
    b.putInt(8, featureMap);
    b.put(16, uuid);
    byte[] n = name.getBytes(StandardCharsets.ISO_8859_1);
    b.put(32, n, 0, Math.min(32, n.length));
    b.putLong(64, ctime);
    b.putInt(72, level);
    b.putLong(80, size);
    b.putInt(92, raidDisks);
    b.putLong(128, dataOffsetSectors);
    b.putLong(136, dataSizeSectors);
    b.putLong(144, superSector);
    b.putLong(152, recoveryOffset);
    b.putInt(160, devNumber);
    for (int i = 0; i < 16; i++) {
      b.put(168 + i, (byte) (0xd0 + devNumber + i));
    }
    b.putLong(192, ctime + 100);
    b.putLong(200, events);
    b.putLong(208, MAX_SECTOR);
    b.putInt(220, maxDev);
    for (int i = 0; i < maxDev; i++) {
      b.putShort(256 + 2 * i, (short) (i < roles.length ? roles[i] : 0xffff));
    }
    byte[] bytes = b.array();
    b.putInt(216, (int) checksum(bytes));
    return b.array();
  }

  /** Sum of the little-endian 32-bit words (sb_csum as zero), folded once, as the kernel does. */
  public static long checksum(byte[] sb) {
    ByteBuffer b = ByteBuffer.wrap(sb).order(ByteOrder.LITTLE_ENDIAN);
    long sum = 0;
    int i = 0;
    for (; i + 4 <= sb.length; i += 4) {
      sum += i == 216 ? 0 : Integer.toUnsignedLong(b.getInt(i));
    }
    if (sb.length - i == 2) {
      sum += Short.toUnsignedInt(b.getShort(i));
    }
    return ((sum & 0xffffffffL) + (sum >>> 32)) & 0xffffffffL;
  }

  /** Where 0.90 keeps its superblock: the last 64 KiB-aligned 64 KiB of the member. */
  public static long superOffset090(long bytes) {
    return ((bytes / 512 & ~127L) - 128) * 512;
  }

  /**
   * A member with a version-0.90 superblock ({@code mdp_super_t}, little-endian 32-bit words):
   * {@code data} at its start, {@link #minor} as {@code md_minor} (2 unless set), roles as
   * descriptor numbers.
   */
  public byte[] build090(byte[] data, long memberBytes) {
    long sb = superOffset090(memberBytes);
    byte[] out = new byte[Math.toIntExact(memberBytes)];
    System.arraycopy(data, 0, out, 0, data.length);
    ByteBuffer b = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);
    ByteBuffer u = ByteBuffer.wrap(uuid).order(ByteOrder.BIG_ENDIAN);
    b.putInt(0, 0xa92b4efc);
    b.putInt(4 * 2, 90);
    b.putInt(4 * 5, u.getInt(0));
    b.putInt(4 * 6, (int) ctime);
    b.putInt(4 * 7, level);
    b.putInt(4 * 8, (int) ((sizeSectors > 0 ? sizeSectors : data.length / 512) / 2));
    b.putInt(4 * 9, raidDisks);
    b.putInt(4 * 10, raidDisks);
    b.putInt(4 * 11, minor);
    b.putInt(4 * 13, u.getInt(4));
    b.putInt(4 * 14, u.getInt(8));
    b.putInt(4 * 15, u.getInt(12));
    b.putInt(4 * 32, (int) ctime + 100);
    b.putInt(4 * 33, 1);
    b.putInt(4 * 34, raidDisks);
    b.putInt(4 * 35, raidDisks);
    b.putLong(4 * 39, events);
    for (int i = 0; i < raidDisks; i++) {
      int d = 128 + 32 * i;
      b.putInt(4 * d, i);
      b.putInt(4 * (d + 3), i);
      b.putInt(4 * (d + 4), 6);
    }
    int role = devNumber < roles.length ? roles[devNumber] : 0xffff;
    b.putInt(4 * 992, devNumber);
    b.putInt(4 * 995, role < raidDisks ? role : devNumber);
    b.putInt(4 * 996, role < raidDisks ? 6 : 0);
    long sum = 0;
    for (int w = 0; w < 1024; w++) {
      sum += Integer.toUnsignedLong(b.getInt(4 * w));
    }
    b.putInt(4 * 38, (int) ((sum & 0xffffffffL) + (sum >>> 32)));
    System.arraycopy(b.array(), 0, out, Math.toIntExact(sb), 4096);
    return out;
  }
}
