package org.bootlace.fs.btrfs;

import static org.bootlace.binary.Checks.hex;

import java.util.ArrayList;
import java.util.List;
import org.bootlace.CorruptImageException;
import org.bootlace.UnsupportedFeatureException;
import org.bootlace.binary.Le;

/**
 * One chunk item: a range of logical addresses and where its copies live on the device. Only the
 * SINGLE profile (one stripe) and DUP (two stripes on the one device) are read.
 */
record Chunk(long logical, long length, long type, List<Long> stripeOffsets) {
  static final int FIXED = 48;
  static final int STRIPE = 32;

  static final int C_LENGTH = 0;
  static final int C_TYPE = 24;
  static final int C_NUM_STRIPES = 44;
  static final int STRIPE_DEVID = 0;
  static final int STRIPE_OFFSET = 8;

  static final long DUP = 0x20;
  private static final String[] PROFILES = {
    "RAID0", "RAID1", "DUP", "RAID10", "RAID5", "RAID6", "RAID1C3", "RAID1C4"
  };
  private static final long PROFILE_MASK = 0x7f8;

  /**
   * Size of the chunk item starting at {@code off}, from its num_stripes, checked to fit {@code
   * end}.
   */
  static int itemSize(byte[] b, int off, int end, long diskPos, String where)
      throws CorruptImageException {
    if (end - off < FIXED) {
      throw new CorruptImageException(
          where
              + ": chunk item at "
              + hex(diskPos)
              + ": "
              + (end - off)
              + " bytes, needs "
              + FIXED);
    }
    int n = Le.u16(b, off + C_NUM_STRIPES);
    int size = FIXED + STRIPE * n;
    if (n == 0 || size > end - off) {
      throw new CorruptImageException(
          where
              + ": chunk item at "
              + hex(diskPos)
              + ": num_stripes "
              + n
              + " needs "
              + size
              + " bytes, "
              + (end - off)
              + " there");
    }
    return size;
  }

  /**
   * Parses the chunk item of {@code size} bytes at {@code off}, for logical address {@code logical}
   * (its key offset).
   */
  static Chunk parse(
      byte[] b,
      int off,
      int size,
      long logical,
      long devId,
      int sectorSize,
      long diskPos,
      String where)
      throws CorruptImageException, UnsupportedFeatureException {
    String at = where + ": chunk at logical " + hex(logical);
    int n = Le.u16(b, off + C_NUM_STRIPES);
    if (size != FIXED + STRIPE * n) {
      throw new CorruptImageException(
          at + ": item size " + size + " != " + (FIXED + STRIPE * n) + " for num_stripes " + n);
    }
    long length = Le.u64(b, off + C_LENGTH);
    if (logical < 0
        || length <= 0
        || length % sectorSize != 0
        || logical % sectorSize != 0
        || logical > Long.MAX_VALUE - length) {
      throw new CorruptImageException(
          at
              + ": length "
              + hex(length)
              + " is not a nonzero multiple of the sector size "
              + sectorSize
              + " inside the address space");
    }
    long type = Le.u64(b, off + C_TYPE);
    long profile = type & PROFILE_MASK;
    if (profile != 0 && profile != DUP) {
      throw new UnsupportedFeatureException(
          "btrfs " + profileName(profile) + " profile",
          at
              + ": the "
              + profileName(profile)
              + " profile ("
              + n
              + " stripes) spans devices; only SINGLE and DUP are read");
    }
    int want = profile == DUP ? 2 : 1;
    if (n != want) {
      throw new CorruptImageException(
          at
              + ": num_stripes "
              + n
              + " != "
              + want
              + " for the "
              + (profile == DUP ? "DUP" : "SINGLE")
              + " profile");
    }
    List<Long> offsets = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int s = off + FIXED + STRIPE * i;
      long dev = Le.u64(b, s + STRIPE_DEVID);
      if (dev != devId) {
        throw new CorruptImageException(
            at
                + ": stripe "
                + i
                + " devid "
                + Long.toUnsignedString(dev)
                + " != this device's "
                + Long.toUnsignedString(devId));
      }
      long phys = Le.u64(b, s + STRIPE_OFFSET);
      if (phys < 0 || phys > Long.MAX_VALUE - length) {
        throw new CorruptImageException(
            at
                + ": stripe "
                + i
                + " offset "
                + hex(phys)
                + " + length "
                + hex(length)
                + " overflows");
      }
      offsets.add(phys);
    }
    return new Chunk(logical, length, type, List.copyOf(offsets));
  }

  private static String profileName(long profile) {
    for (int i = 0; i < PROFILES.length; i++) {
      if ((profile & (0x8L << i)) != 0) {
        return PROFILES[i];
      }
    }
    return hex(profile);
  }

  long end() {
    return logical + length;
  }
}
