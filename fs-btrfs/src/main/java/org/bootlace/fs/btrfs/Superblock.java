package org.bootlace.fs.btrfs;

import static org.bootlace.binary.Checks.hex;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.bootlace.CorruptImageException;
import org.bootlace.UnsupportedFeatureException;
import org.bootlace.binary.Le;

/** The primary btrfs superblock at 64 KiB, validated. Mirrors are not read. */
record Superblock(
    byte[] fsid,
    byte[] metadataUuid,
    long generation,
    long root,
    long chunkRoot,
    long logRoot,
    long numDevices,
    int sectorSize,
    int nodeSize,
    long incompat,
    CsumType csumType,
    int rootLevel,
    int chunkRootLevel,
    long devId,
    Optional<String> label,
    byte[] sysChunkArray) {
  static final long OFFSET = 0x10000;
  static final int SIZE = 4096;

  static final int S_FSID = 0x20;
  static final int S_BYTENR = 0x30;
  static final int S_MAGIC = 0x40;
  static final int S_GENERATION = 0x48;
  static final int S_ROOT = 0x50;
  static final int S_CHUNK_ROOT = 0x58;
  static final int S_LOG_ROOT = 0x60;
  static final int S_NUM_DEVICES = 0x88;
  static final int S_SECTORSIZE = 0x90;
  static final int S_NODESIZE = 0x94;
  static final int S_SYS_CHUNK_ARRAY_SIZE = 0xa0;
  static final int S_INCOMPAT = 0xbc;
  static final int S_CSUM_TYPE = 0xc4;
  static final int S_ROOT_LEVEL = 0xc6;
  static final int S_CHUNK_ROOT_LEVEL = 0xc7;
  static final int S_DEV_ITEM_DEVID = 0xc9;
  static final int S_LABEL = 0x12b;
  static final int S_METADATA_UUID = 0x23b;
  static final int S_SYS_CHUNK_ARRAY = 0x32b;
  static final int SYS_CHUNK_ARRAY_MAX = 2048;
  static final byte[] MAGIC = "_BHRfS_M".getBytes(StandardCharsets.US_ASCII);

  /** Highest tree level btrfs allows (BTRFS_MAX_LEVEL - 1). */
  static final int MAX_LEVEL = 7;

  static final long INCOMPAT_METADATA_UUID = 0x400;

  /** Incompatible features this reader handles, by bit. */
  private static final String[] INCOMPAT_NAMES = {
    "mixed_backref",
    "default_subvol",
    "mixed_groups",
    "compress_lzo",
    "compress_zstd",
    "big_metadata",
    "extended_iref",
    "raid56",
    "skinny_metadata",
    "no_holes",
    "metadata_uuid",
    "raid1c34",
    "zoned",
    "extent_tree_v2",
    "raid_stripe_tree",
    "",
    "simple_quota"
  };

  /** Read as they are: raid56 and raid1c34 chunks are refused one by one by their profile. */
  private static final long INCOMPAT_SUPPORTED =
      0x1 | 0x2 | 0x4 | 0x8 | 0x10 | 0x20 | 0x40 | 0x80 | 0x100 | 0x200 | 0x400 | 0x800 | 0x10000;

  static boolean hasMagic(byte[] b) {
    return Arrays.equals(b, S_MAGIC, S_MAGIC + 8, MAGIC, 0, 8);
  }

  static Superblock parse(byte[] b) throws CorruptImageException, UnsupportedFeatureException {
    String where = "btrfs: superblock at " + hex(OFFSET);
    if (!hasMagic(b)) {
      throw new CorruptImageException(
          where
              + ": magic at "
              + hex(OFFSET + S_MAGIC)
              + ": "
              + printable(Arrays.copyOfRange(b, S_MAGIC, S_MAGIC + 8))
              + " != _BHRfS_M");
    }
    int csumCode = Le.u16(b, S_CSUM_TYPE);
    CsumType csum = CsumType.of(csumCode);
    if (csum == null) {
      throw new UnsupportedFeatureException(
          "btrfs csum_type " + csumCode,
          where + ": csum_type " + csumCode + " is not one of crc32c, xxhash64, sha256, blake2b");
    }
    csum.verify(b, where);
    long bytenr = Le.u64(b, S_BYTENR);
    require(bytenr == OFFSET, where, "bytenr", S_BYTENR, hex(bytenr) + " != " + hex(OFFSET));
    int sectorSize = (int) Le.u32(b, S_SECTORSIZE);
    require(
        Integer.bitCount(sectorSize) == 1 && sectorSize >= 4096 && sectorSize <= 65536,
        where,
        "sectorsize",
        S_SECTORSIZE,
        sectorSize + " is not a power of two from 4096 to 65536");
    int nodeSize = (int) Le.u32(b, S_NODESIZE);
    require(
        Integer.bitCount(nodeSize) == 1 && nodeSize >= sectorSize && nodeSize <= 65536,
        where,
        "nodesize",
        S_NODESIZE,
        nodeSize + " is not a power of two from sectorsize " + sectorSize + " to 65536");
    long sysSize = Le.u32(b, S_SYS_CHUNK_ARRAY_SIZE);
    require(
        sysSize <= SYS_CHUNK_ARRAY_MAX,
        where,
        "sys_chunk_array_size",
        S_SYS_CHUNK_ARRAY_SIZE,
        sysSize + " > " + SYS_CHUNK_ARRAY_MAX);
    long incompat = Le.u64(b, S_INCOMPAT);
    long unknown = incompat & ~INCOMPAT_SUPPORTED;
    if (unknown != 0) {
      String names = names(unknown);
      throw new UnsupportedFeatureException(
          "btrfs incompat " + hex(unknown) + names,
          where
              + ": incompat_flags "
              + hex(incompat)
              + " has features this reader does not handle: "
              + hex(unknown)
              + names);
    }
    long numDevices = Le.u64(b, S_NUM_DEVICES);
    require(numDevices != 0, where, "num_devices", S_NUM_DEVICES, "0");
    if (numDevices != 1) {
      throw new UnsupportedFeatureException(
          "btrfs multi-device",
          where
              + ": a multi-device filesystem (num_devices "
              + Long.toUnsignedString(numDevices)
              + "); only single-device btrfs is read");
    }
    int rootLevel = Le.u8(b, S_ROOT_LEVEL);
    require(
        rootLevel <= MAX_LEVEL, where, "root_level", S_ROOT_LEVEL, rootLevel + " > " + MAX_LEVEL);
    int chunkLevel = Le.u8(b, S_CHUNK_ROOT_LEVEL);
    require(
        chunkLevel <= MAX_LEVEL,
        where,
        "chunk_root_level",
        S_CHUNK_ROOT_LEVEL,
        chunkLevel + " > " + MAX_LEVEL);
    byte[] fsid = Arrays.copyOfRange(b, S_FSID, S_FSID + 16);
    byte[] metadataUuid =
        (incompat & INCOMPAT_METADATA_UUID) != 0
            ? Arrays.copyOfRange(b, S_METADATA_UUID, S_METADATA_UUID + 16)
            : fsid;
    int labelLen = 0;
    while (labelLen < 256 && b[S_LABEL + labelLen] != 0) {
      labelLen++;
    }
    Optional<String> label =
        labelLen == 0
            ? Optional.empty()
            : Optional.of(new String(b, S_LABEL, labelLen, StandardCharsets.UTF_8));
    return new Superblock(
        fsid,
        metadataUuid,
        Le.u64(b, S_GENERATION),
        Le.u64(b, S_ROOT),
        Le.u64(b, S_CHUNK_ROOT),
        Le.u64(b, S_LOG_ROOT),
        numDevices,
        sectorSize,
        nodeSize,
        incompat,
        csum,
        rootLevel,
        chunkLevel,
        Le.u64(b, S_DEV_ITEM_DEVID),
        label,
        Arrays.copyOfRange(b, S_SYS_CHUNK_ARRAY, S_SYS_CHUNK_ARRAY + (int) sysSize));
  }

  static String uuidString(byte[] u) {
    String h = java.util.HexFormat.of().formatHex(u);
    return h.substring(0, 8)
        + "-"
        + h.substring(8, 12)
        + "-"
        + h.substring(12, 16)
        + "-"
        + h.substring(16, 20)
        + "-"
        + h.substring(20);
  }

  private static String names(long bits) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      if ((bits & (1L << i)) != 0) {
        out.add(
            i < INCOMPAT_NAMES.length && !INCOMPAT_NAMES[i].isEmpty()
                ? INCOMPAT_NAMES[i]
                : "bit " + i);
      }
    }
    return " (" + String.join(", ", out) + ")";
  }

  private static String printable(byte[] b) {
    StringBuilder s = new StringBuilder();
    for (byte x : b) {
      s.append(
          x >= 0x20 && x < 0x7f
              ? String.valueOf((char) x)
              : String.format(java.util.Locale.ROOT, "\\x%02x", x & 0xff));
    }
    return s.toString();
  }

  private static void require(boolean ok, String where, String field, int off, String detail)
      throws CorruptImageException {
    if (!ok) {
      throw new CorruptImageException(
          where + ": " + field + " at " + hex(OFFSET + off) + ": " + detail);
    }
  }
}
