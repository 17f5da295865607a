package org.bootlace.fs.ext;

import static org.bootlace.binary.Checks.hex;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import org.bootlace.CorruptImageException;
import org.bootlace.UnsupportedFeatureException;
import org.bootlace.binary.Le;

/**
 * The validated superblock: the geometry every other structure is located with. Field offsets are
 * relative to the superblock, which starts 1024 bytes into the filesystem; messages give absolute
 * offsets.
 *
 * @param type {@code ext2}, {@code ext3} or {@code ext4}, from the feature bits (blkid's rule)
 * @param groupCount number of block groups
 * @param checksumSeed the metadata_csum seed (0 without metadata_csum)
 * @param hashSeed s_hash_seed as four little-endian words
 */
record Superblock(
    String type,
    long inodesCount,
    long blocksCount,
    long firstDataBlock,
    int blockSize,
    int clusterSize,
    long blocksPerGroup,
    long inodesPerGroup,
    int inodeSize,
    long firstIno,
    long compat,
    long incompat,
    long roCompat,
    byte[] uuid,
    byte[] volumeName,
    int descSize,
    long firstMetaBg,
    int[] hashSeed,
    long flags,
    long[] backupBgs,
    int state,
    int groupCount,
    int checksumSeed) {

  static final int OFFSET = 1024;
  static final int SIZE = 1024;
  static final int MAGIC = 0xEF53;

  static final int S_INODES_COUNT = 0x0;
  static final int S_BLOCKS_COUNT_LO = 0x4;
  static final int S_FIRST_DATA_BLOCK = 0x14;
  static final int S_LOG_BLOCK_SIZE = 0x18;
  static final int S_LOG_CLUSTER_SIZE = 0x1C;
  static final int S_BLOCKS_PER_GROUP = 0x20;
  static final int S_CLUSTERS_PER_GROUP = 0x24;
  static final int S_INODES_PER_GROUP = 0x28;
  static final int S_MAGIC = 0x38;
  static final int S_STATE = 0x3A;
  static final int S_REV_LEVEL = 0x4C;
  static final int S_FIRST_INO = 0x54;
  static final int S_INODE_SIZE = 0x58;
  static final int S_FEATURE_COMPAT = 0x5C;
  static final int S_FEATURE_INCOMPAT = 0x60;
  static final int S_FEATURE_RO_COMPAT = 0x64;
  static final int S_UUID = 0x68;
  static final int S_VOLUME_NAME = 0x78;
  static final int S_HASH_SEED = 0xEC;
  static final int S_DESC_SIZE = 0xFE;
  static final int S_FIRST_META_BG = 0x104;
  static final int S_BLOCKS_COUNT_HI = 0x150;
  static final int S_FLAGS = 0x160;
  static final int S_CHECKSUM_TYPE = 0x175;
  static final int S_BACKUP_BGS = 0x24C;
  static final int S_CHECKSUM_SEED = 0x270;
  static final int S_CHECKSUM = 0x3FC;

  /** s_state: errors were detected. */
  static final int STATE_ERROR_FS = 0x2;

  /** s_flags: directory hashes treat name bytes as unsigned. */
  static final long FLAG_UNSIGNED_HASH = 0x2;

  /** Whether {@code b} (the 1024 superblock bytes) starts like an ext superblock; for probing. */
  static boolean looksLikeSuperblock(byte[] b) {
    return Le.u16(b, S_MAGIC) == MAGIC
        && Le.u32(b, S_LOG_BLOCK_SIZE) <= 6
        && Le.u32(b, S_BLOCKS_PER_GROUP) != 0
        && Le.u32(b, S_INODES_PER_GROUP) != 0
        && Le.u32(b, S_INODES_COUNT) != 0
        && Le.u32(b, S_REV_LEVEL) <= 1;
  }

  /**
   * Validates the superblock bytes {@code b} read from offset 1024 of a device of {@code
   * deviceSize} bytes.
   */
  static Superblock parse(byte[] b, long deviceSize)
      throws CorruptImageException, UnsupportedFeatureException {
    long compat = Le.u32(b, S_FEATURE_COMPAT);
    long incompat = Le.u32(b, S_FEATURE_INCOMPAT);
    long roCompat = Le.u32(b, S_FEATURE_RO_COMPAT);
    String type = Features.type(compat, incompat, roCompat);
    Parser p = new Parser(type, b);

    int magic = Le.u16(b, S_MAGIC);
    p.require(
        magic == MAGIC, "s_magic", S_MAGIC, String.format(Locale.ROOT, "0x%04x != 0xef53", magic));

    boolean metadataCsum = (roCompat & Features.RO_COMPAT_METADATA_CSUM) != 0;
    if (metadataCsum) {
      int csumType = Le.u8(b, S_CHECKSUM_TYPE);
      p.require(csumType == 1, "s_checksum_type", S_CHECKSUM_TYPE, csumType + " != 1 (crc32c)");
      int stored = Le.s32(b, S_CHECKSUM);
      int computed = Crc32c.of(-1, b, 0, S_CHECKSUM);
      p.require(
          stored == computed,
          "s_checksum",
          S_CHECKSUM,
          String.format(Locale.ROOT, "stored 0x%08x != computed 0x%08x", stored, computed));
    }

    long rev = Le.u32(b, S_REV_LEVEL);
    p.require(rev <= 1, "s_rev_level", S_REV_LEVEL, rev + " > 1");

    long unsupported = incompat & ~Features.SUPPORTED_INCOMPAT;
    if (unsupported != 0) {
      String names = Features.incompatNames(unsupported);
      throw new UnsupportedFeatureException(
          type + " incompat " + hex(unsupported) + " (" + names + ")",
          String.format(
              Locale.ROOT,
              "%s: superblock s_feature_incompat at %s: unsupported feature bits %s (%s)",
              type,
              hex(OFFSET + S_FEATURE_INCOMPAT),
              hex(unsupported),
              names));
    }

    long logBlock = Le.u32(b, S_LOG_BLOCK_SIZE);
    p.require(
        logBlock <= 6,
        "s_log_block_size",
        S_LOG_BLOCK_SIZE,
        logBlock + " > 6 (block size above 65536)");
    int blockSize = 1024 << logBlock;

    boolean bigalloc = (roCompat & Features.RO_COMPAT_BIGALLOC) != 0;
    long logCluster = Le.u32(b, S_LOG_CLUSTER_SIZE);
    if (bigalloc) {
      p.require(
          logCluster >= logBlock && logCluster <= 20,
          "s_log_cluster_size",
          S_LOG_CLUSTER_SIZE,
          logCluster + " outside " + logBlock + "..20 (bigalloc)");
      p.require(
          (incompat & Features.INCOMPAT_EXTENTS) != 0,
          "s_feature_incompat",
          S_FEATURE_INCOMPAT,
          "bigalloc without the extent feature");
    } else {
      p.require(
          logCluster == logBlock,
          "s_log_cluster_size",
          S_LOG_CLUSTER_SIZE,
          logCluster + " != s_log_block_size " + logBlock + " (no bigalloc)");
    }
    int clusterSize = 1024 << logCluster;

    long bitsPerBitmap = 8L * blockSize;
    long blocksPerGroup = Le.u32(b, S_BLOCKS_PER_GROUP);
    if (bigalloc) {
      long clustersPerGroup = Le.u32(b, S_CLUSTERS_PER_GROUP);
      p.require(
          clustersPerGroup >= 1 && clustersPerGroup <= bitsPerBitmap,
          "s_clusters_per_group",
          S_CLUSTERS_PER_GROUP,
          clustersPerGroup + " outside 1.." + bitsPerBitmap);
      long expected = clustersPerGroup << (logCluster - logBlock);
      p.require(
          blocksPerGroup == expected,
          "s_blocks_per_group",
          S_BLOCKS_PER_GROUP,
          blocksPerGroup + " != s_clusters_per_group * blocks per cluster " + expected);
    } else {
      p.require(
          blocksPerGroup >= 1 && blocksPerGroup <= bitsPerBitmap,
          "s_blocks_per_group",
          S_BLOCKS_PER_GROUP,
          blocksPerGroup + " outside 1.." + bitsPerBitmap);
    }

    int inodeSize = 128;
    long firstIno = 11;
    if (rev >= 1) {
      inodeSize = Le.u16(b, S_INODE_SIZE);
      p.require(
          inodeSize >= 128 && inodeSize <= blockSize && Integer.bitCount(inodeSize) == 1,
          "s_inode_size",
          S_INODE_SIZE,
          inodeSize + " is not a power of two in 128.." + blockSize);
      firstIno = Le.u32(b, S_FIRST_INO);
      p.require(firstIno >= 11, "s_first_ino", S_FIRST_INO, firstIno + " < 11");
    }

    long inodesPerGroup = Le.u32(b, S_INODES_PER_GROUP);
    long inodesPerBlock = blockSize / inodeSize;
    p.require(
        inodesPerGroup >= inodesPerBlock && inodesPerGroup <= bitsPerBitmap,
        "s_inodes_per_group",
        S_INODES_PER_GROUP,
        inodesPerGroup + " outside " + inodesPerBlock + ".." + bitsPerBitmap);

    boolean is64 = (incompat & Features.INCOMPAT_64BIT) != 0;
    int descSize = 32;
    if (is64) {
      descSize = Le.u16(b, S_DESC_SIZE);
      p.require(
          descSize >= 64 && descSize <= 1024 && Integer.bitCount(descSize) == 1,
          "s_desc_size",
          S_DESC_SIZE,
          descSize + " is not a power of two in 64..1024 (64bit)");
    }

    long blocksCount = Le.u32(b, S_BLOCKS_COUNT_LO);
    if (is64) {
      blocksCount |= Le.u32(b, S_BLOCKS_COUNT_HI) << 32;
    }
    long firstDataBlock = Le.u32(b, S_FIRST_DATA_BLOCK);
    p.require(
        firstDataBlock <= 1 && (blockSize == 1024 || firstDataBlock == 0),
        "s_first_data_block",
        S_FIRST_DATA_BLOCK,
        firstDataBlock + " with " + blockSize + "-byte blocks");
    p.require(
        firstDataBlock == 1 || blockSize > 1024 || bigalloc,
        "s_first_data_block",
        S_FIRST_DATA_BLOCK,
        "0 with 1024-byte blocks and clusters");
    p.require(
        blocksCount > firstDataBlock,
        "s_blocks_count",
        S_BLOCKS_COUNT_LO,
        Long.toUnsignedString(blocksCount) + " <= s_first_data_block " + firstDataBlock);
    long deviceBlocks = deviceSize / blockSize;
    p.require(
        blocksCount <= deviceBlocks,
        "s_blocks_count",
        S_BLOCKS_COUNT_LO,
        blocksCount
            + " exceeds the device's "
            + deviceBlocks
            + " blocks of "
            + blockSize
            + " bytes");

    long groups = (blocksCount - firstDataBlock + blocksPerGroup - 1) / blocksPerGroup;
    long inodesCount = Le.u32(b, S_INODES_COUNT);
    p.require(
        groups <= Integer.MAX_VALUE && inodesCount == groups * inodesPerGroup,
        "s_inodes_count",
        S_INODES_COUNT,
        inodesCount + " != " + groups + " groups * " + inodesPerGroup + " inodes per group");
    p.require(
        firstIno < inodesCount,
        "s_first_ino",
        S_FIRST_INO,
        firstIno + " >= s_inodes_count " + inodesCount);

    long firstMetaBg = 0;
    if ((incompat & Features.INCOMPAT_META_BG) != 0) {
      firstMetaBg = Le.u32(b, S_FIRST_META_BG);
      long descPerBlock = blockSize / descSize;
      long descBlocks = (groups + descPerBlock - 1) / descPerBlock;
      p.require(
          firstMetaBg <= descBlocks,
          "s_first_meta_bg",
          S_FIRST_META_BG,
          firstMetaBg + " > " + descBlocks + " group descriptor blocks");
    }

    int[] hashSeed = new int[4];
    for (int i = 0; i < 4; i++) {
      hashSeed[i] = Le.s32(b, S_HASH_SEED + 4 * i);
    }
    long[] backupBgs = {Le.u32(b, S_BACKUP_BGS), Le.u32(b, S_BACKUP_BGS + 4)};
    byte[] uuid = slice(b, S_UUID, 16);
    int seed = 0;
    if (metadataCsum) {
      seed =
          (incompat & Features.INCOMPAT_CSUM_SEED) != 0
              ? Le.s32(b, S_CHECKSUM_SEED)
              : Crc32c.of(-1, uuid, 0, 16);
    }
    return new Superblock(
        type,
        inodesCount,
        blocksCount,
        firstDataBlock,
        blockSize,
        clusterSize,
        blocksPerGroup,
        inodesPerGroup,
        inodeSize,
        firstIno,
        compat,
        incompat,
        roCompat,
        uuid,
        slice(b, S_VOLUME_NAME, 16),
        descSize,
        firstMetaBg,
        hashSeed,
        Le.u32(b, S_FLAGS),
        backupBgs,
        Le.u16(b, S_STATE),
        (int) groups,
        seed);
  }

  private static byte[] slice(byte[] b, int off, int len) {
    byte[] out = new byte[len];
    System.arraycopy(b, off, out, 0, len);
    return out;
  }

  /** Builds the superblock's messages: {@code ext4: superblock FIELD at OFFSET: DETAIL}. */
  private record Parser(String type, byte[] b) {
    void require(boolean ok, String field, int offset, String detail) throws CorruptImageException {
      if (!ok) {
        throw new CorruptImageException(
            String.format(
                Locale.ROOT,
                "%s: superblock %s at %s: %s",
                type,
                field,
                hex(OFFSET + offset),
                detail));
      }
    }
  }

  boolean has(long incompatBit) {
    return (incompat & incompatBit) != 0;
  }

  boolean hasRo(long roCompatBit) {
    return (roCompat & roCompatBit) != 0;
  }

  boolean hasCompat(long compatBit) {
    return (compat & compatBit) != 0;
  }

  boolean metadataCsum() {
    return hasRo(Features.RO_COMPAT_METADATA_CSUM);
  }

  /** Whether group descriptors carry the older crc16 checksum. */
  boolean gdtCsum() {
    return !metadataCsum() && hasRo(Features.RO_COMPAT_GDT_CSUM);
  }

  boolean fileType() {
    return has(Features.INCOMPAT_FILETYPE);
  }

  /** The block holding the superblock (byte 1024): 1 with 1 KiB blocks, else 0. */
  long superblockBlock() {
    return blockSize == 1024 ? 1 : 0;
  }

  /** Blocks of one inode table. */
  long inodeTableBlocks() {
    return (inodesPerGroup * inodeSize + blockSize - 1) / blockSize;
  }

  /** Whether group {@code g} holds a superblock backup (and so descriptor copies). */
  boolean groupHasSuper(long g) {
    if (g == 0) {
      return true;
    }
    if (hasCompat(Features.COMPAT_SPARSE_SUPER2)) {
      return g == backupBgs[0] || g == backupBgs[1];
    }
    if (g <= 1 || !hasRo(Features.RO_COMPAT_SPARSE_SUPER)) {
      return true;
    }
    if ((g & 1) == 0) {
      return false;
    }
    return isPowerOf(g, 3) || isPowerOf(g, 5) || isPowerOf(g, 7);
  }

  private static boolean isPowerOf(long g, long base) {
    long n = base;
    while (n < g) {
      n *= base;
    }
    return n == g;
  }

  /** The filesystem UUID as blkid prints it, or empty when it is all zeros. */
  Optional<String> uuidString() {
    boolean zero = true;
    for (byte x : uuid) {
      zero &= x == 0;
    }
    if (zero) {
      return Optional.empty();
    }
    StringBuilder s = new StringBuilder(36);
    for (int i = 0; i < 16; i++) {
      if (i == 4 || i == 6 || i == 8 || i == 10) {
        s.append('-');
      }
      HexFormat.of().toHexDigits(s, uuid[i]);
    }
    return Optional.of(s.toString());
  }

  /** s_volume_name up to its first NUL, or empty when blank. */
  Optional<String> label() {
    int n = 0;
    while (n < volumeName.length && volumeName[n] != 0) {
      n++;
    }
    String s = new String(volumeName, 0, n, StandardCharsets.UTF_8);
    return s.isBlank() ? Optional.empty() : Optional.of(s);
  }
}
