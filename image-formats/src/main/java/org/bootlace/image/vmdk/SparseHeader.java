package org.bootlace.image.vmdk;

import static org.bootlace.binary.Checks.hex;

import org.bootlace.CorruptImageException;
import org.bootlace.LimitExceededException;
import org.bootlace.Limits;
import org.bootlace.UnsupportedFeatureException;
import org.bootlace.binary.Le;

/**
 * The header of a hosted sparse extent (VMware's "Virtual Disk Format 1.1", {@code KDMV}), used by
 * monolithicSparse, twoGbMaxExtentSparse and streamOptimized disks; sizes and offsets in 512-byte
 * sectors. Validated against the file it came from.
 */
record SparseHeader(
    int version,
    long flags,
    long capacity,
    long grainSize,
    long descriptorOffset,
    long descriptorSize,
    int gtesPerGt,
    long rgdOffset,
    long gdOffset,
    long overHead,
    int compressAlgorithm) {

  static final long MAGIC = 0x564d444bL; // "KDMV"
  static final long GD_AT_END = -1L;
  static final long FLAG_ZEROED_GTE = 1L << 2;
  static final long FLAG_COMPRESSED = 1L << 16;
  static final long FLAG_MARKERS = 1L << 17;
  static final long MAX_GRAIN_SECTORS = 2048;
  static final int MAX_GTES = 4096;

  boolean compressed() {
    return (flags & FLAG_COMPRESSED) != 0;
  }

  long grainBytes() {
    return grainSize * 512;
  }

  /** Grain directory entries: the capacity in grains, in tables, rounded up. */
  long gdEntries() {
    long perTable = grainSize * gtesPerGt;
    return capacity / perTable + (capacity % perTable != 0 ? 1 : 0);
  }

  static SparseHeader parse(byte[] h, String name, Limits limits)
      throws CorruptImageException, UnsupportedFeatureException, LimitExceededException {
    String at = name + ": vmdk sparse header ";
    long magic = Le.u32(h, 0);
    if (magic != MAGIC) {
      throw new CorruptImageException(at + "magic at 0x0: " + hex(magic) + " != " + hex(MAGIC));
    }
    long version = Le.u32(h, 4);
    if (version < 1 || version > 3) {
      throw new UnsupportedFeatureException(
          "vmdk version " + version,
          at + "version at 0x4: " + version + " (only 1 to 3 are supported)");
    }
    long flags = Le.u32(h, 8);
    long capacity = Le.u64(h, 12);
    long grain = Le.u64(h, 20);
    long descOffset = Le.u64(h, 28);
    long descSize = Le.u64(h, 36);
    long gtes = Le.u32(h, 44);
    long rgd = Le.u64(h, 48);
    long gd = Le.u64(h, 56);
    long overHead = Le.u64(h, 64);
    int compress = Le.u16(h, 77);
    if (capacity < 0 || capacity > Long.MAX_VALUE / 512) {
      throw new CorruptImageException(
          at + "capacity at 0xc: " + Long.toUnsignedString(capacity) + " sectors is too large");
    }
    if (grain < 1 || grain > MAX_GRAIN_SECTORS || Long.bitCount(grain) != 1) {
      throw new CorruptImageException(
          at
              + "grainSize at 0x14: "
              + Long.toUnsignedString(grain)
              + " sectors (must be a power of two up to "
              + MAX_GRAIN_SECTORS
              + ")");
    }
    if (gtes < 1 || gtes > MAX_GTES) {
      throw new CorruptImageException(
          at + "numGTEsPerGT at 0x2c: " + gtes + " (must be 1 to " + MAX_GTES + ")");
    }
    if (compress > 1) {
      throw new UnsupportedFeatureException(
          "vmdk compression " + compress,
          at + "compressAlgorithm at 0x4d: " + compress + " (only 0 and 1, deflate, are known)");
    }
    if ((flags & FLAG_COMPRESSED) != 0 && compress != 1) {
      throw new CorruptImageException(
          at + "flags at 0x8: compressed grains without compressAlgorithm 1");
    }
    SparseHeader s =
        new SparseHeader(
            (int) version,
            flags,
            capacity,
            grain,
            descOffset,
            descSize,
            (int) gtes,
            rgd,
            gd,
            overHead,
            compress);
    Limits.check(
        "maxMetadataBytes",
        limits.maxMetadataBytes(),
        s.gdEntries() * 4,
        name + ": vmdk grain directory of " + s.gdEntries() + " entries, in bytes");
    return s;
  }
}
