package org.bootlace.fs.xfs;

import static org.bootlace.binary.Checks.hex;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.bootlace.CorruptImageException;
import org.bootlace.UnsupportedFeatureException;
import org.bootlace.binary.Be;

/**
 * The validated primary superblock (allocation group 0, byte 0): the geometry every other structure
 * is located with. XFS stores it big-endian, except the v5 checksum.
 *
 * @param crc a version 5 superblock: metadata checksums, v3 inodes, self-describing blocks
 * @param metaUuid the UUID stamped into v5 metadata (sb_meta_uuid with the meta_uuid feature, else
 *     sb_uuid)
 */
record Superblock(
    int version,
    int blockSize,
    int blockLog,
    long dataBlocks,
    byte[] uuid,
    byte[] metaUuid,
    long rootIno,
    long agBlocks,
    long agCount,
    int sectorSize,
    int inodeSize,
    int inodeLog,
    int inodesPerBlockLog,
    int agBlockLog,
    int dirBlockLog,
    byte[] label,
    long incompat,
    long logIncompat,
    boolean ftype,
    boolean asciiCi) {

  static final int MAGIC = 0x58465342; // "XFSB"

  /** Bytes read by the probe and by open: the smallest sector. */
  static final int SIZE = 512;

  static final int SB_MAGICNUM = 0x0;
  static final int SB_BLOCKSIZE = 0x4;
  static final int SB_DBLOCKS = 0x8;
  static final int SB_RBLOCKS = 0x10;
  static final int SB_UUID = 0x20;
  static final int SB_LOGSTART = 0x30;
  static final int SB_ROOTINO = 0x38;
  static final int SB_AGBLOCKS = 0x54;
  static final int SB_AGCOUNT = 0x58;
  static final int SB_VERSIONNUM = 0x64;
  static final int SB_SECTSIZE = 0x66;
  static final int SB_INODESIZE = 0x68;
  static final int SB_INOPBLOCK = 0x6a;
  static final int SB_FNAME = 0x6c;
  static final int SB_BLOCKLOG = 0x78;
  static final int SB_SECTLOG = 0x79;
  static final int SB_INODELOG = 0x7a;
  static final int SB_INOPBLOG = 0x7b;
  static final int SB_AGBLKLOG = 0x7c;
  static final int SB_INPROGRESS = 0x7e;
  static final int SB_DIRBLKLOG = 0xc0;
  static final int SB_FEATURES2 = 0xc8;
  static final int SB_FEATURES_INCOMPAT = 0xd8;
  static final int SB_FEATURES_LOG_INCOMPAT = 0xdc;
  static final int SB_CRC = 0xe0;
  static final int SB_META_UUID = 0xf8;

  // sb_versionnum bits (v4)
  static final int VERSION_NUMBITS = 0x000f;
  static final int VERSION_SHAREDBIT = 0x0200;
  static final int VERSION_DIRV2BIT = 0x2000;
  static final int VERSION_BORGBIT = 0x4000;
  static final int VERSION_MOREBITSBIT = 0x8000;

  // sb_features2 bits (v4)
  static final long FEATURES2_FTYPE = 0x200;

  /**
   * lazysbcount, attr2, parent (ignored), projid32bit, crc (v5 only), ftype; 0x1 and 0x4 reserved.
   */
  static final long FEATURES2_KNOWN = 0x2 | 0x8 | 0x10 | 0x80 | 0x200;

  // sb_features_incompat bits (v5)
  static final long INCOMPAT_FTYPE = 1L << 0;
  static final long INCOMPAT_SPINODES = 1L << 1;
  static final long INCOMPAT_META_UUID = 1L << 2;
  static final long INCOMPAT_BIGTIME = 1L << 3;
  static final long INCOMPAT_NEEDSREPAIR = 1L << 4;
  static final long INCOMPAT_NREXT64 = 1L << 5;
  static final long INCOMPAT_EXCHRANGE = 1L << 6;
  static final long INCOMPAT_PARENT = 1L << 7;
  static final long INCOMPAT_METADIR = 1L << 8;
  static final long INCOMPAT_ZONED = 1L << 9;

  /**
   * What a reader of files and directories handles: sparse inode chunks only change inode
   * allocation, bigtime and nrext64 the inode fields decoded here, exchange-range the log, parent
   * pointers extended attributes.
   */
  static final long INCOMPAT_SUPPORTED =
      INCOMPAT_FTYPE
          | INCOMPAT_SPINODES
          | INCOMPAT_META_UUID
          | INCOMPAT_BIGTIME
          | INCOMPAT_NREXT64
          | INCOMPAT_EXCHRANGE
          | INCOMPAT_PARENT;

  private static final String[] INCOMPAT_NAMES = {
    "ftype",
    "sparse inodes",
    "meta_uuid",
    "bigtime",
    "needsrepair",
    "nrext64",
    "exchange-range",
    "parent pointers",
    "metadir",
    "zoned"
  };

  static boolean crcOf(byte[] b) {
    return (Be.u16(b, SB_VERSIONNUM) & VERSION_NUMBITS) == 5;
  }

  boolean crc() {
    return version == 5;
  }

  boolean has(long incompatBit) {
    return (incompat & incompatBit) != 0;
  }

  /** Bytes of a directory block. */
  int dirBlockSize() {
    return blockSize << dirBlockLog;
  }

  /** Bytes of the inode core: 100 for v1/v2 inodes, 176 for v3. */
  int inodeCoreSize() {
    return crc() ? 176 : 100;
  }

  Optional<String> uuidString() {
    boolean zero = true;
    for (byte x : uuid) {
      zero &= x == 0;
    }
    if (zero) {
      return Optional.empty();
    }
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < 16; i++) {
      if (i == 4 || i == 6 || i == 8 || i == 10) {
        s.append('-');
      }
      HexFormat.of().toHexDigits(s, uuid[i]);
    }
    return Optional.of(s.toString());
  }

  Optional<String> labelString() {
    int n = 0;
    while (n < label.length && label[n] != 0) {
      n++;
    }
    return n == 0 ? Optional.empty() : Optional.of(new String(label, 0, n, StandardCharsets.UTF_8));
  }

  /** The names of incompatible feature bits, for messages: {@code 0x300 (metadir, zoned)}. */
  static String incompatNames(long bits) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 32; i++) {
      if ((bits & (1L << i)) != 0) {
        names.add(i < INCOMPAT_NAMES.length ? INCOMPAT_NAMES[i] : "unknown bit " + i);
      }
    }
    return hex(bits) + " (" + String.join(", ", names) + ")";
  }

  private static CorruptImageException fail(String field, int at, String detail) {
    return new CorruptImageException("xfs: superblock " + field + " at " + hex(at) + ": " + detail);
  }

  private static boolean powerOfTwo(long v) {
    return v > 0 && (v & (v - 1)) == 0;
  }

  private static int log2(long v) {
    return 63 - Long.numberOfLeadingZeros(v);
  }

  /**
   * Checks the first sector; {@code sector} holds at least {@link #SIZE} bytes and, for v5, the
   * whole sb_sectsize sector (the checksum covers it). {@code deviceSize} bounds the data device.
   */
  static Superblock parse(byte[] b, long deviceSize)
      throws CorruptImageException, UnsupportedFeatureException {
    long magic = Be.u32(b, SB_MAGICNUM);
    if (magic != MAGIC) {
      throw fail("sb_magicnum", SB_MAGICNUM, hex(magic) + " != " + hex(MAGIC));
    }
    int versionnum = Be.u16(b, SB_VERSIONNUM);
    int version = versionnum & VERSION_NUMBITS;
    if (version != 4 && version != 5) {
      throw new UnsupportedFeatureException(
          "xfs superblock version " + version,
          "xfs: superblock sb_versionnum at "
              + hex(SB_VERSIONNUM)
              + ": "
              + hex(versionnum)
              + ": version "
              + version
              + " is not supported (only 4 and 5)");
    }
    int sectSize = Be.u16(b, SB_SECTSIZE);
    if (!powerOfTwo(sectSize) || sectSize < 512 || sectSize > 32768) {
      throw fail("sb_sectsize", SB_SECTSIZE, sectSize + " is not a power of two in 512..32768");
    }
    if (b[SB_SECTLOG] != log2(sectSize)) {
      throw fail(
          "sb_sectlog", SB_SECTLOG, b[SB_SECTLOG] + " != log2(sb_sectsize " + sectSize + ")");
    }
    if (version == 5) {
      if (b.length < sectSize) {
        throw new IllegalArgumentException("the whole sector is needed for the checksum");
      }
      long want = Crc.compute(b, 0, sectSize, SB_CRC);
      long got = Crc.stored(b, 0, SB_CRC);
      if (want != got) {
        throw fail("sb_crc", SB_CRC, hex(got) + " != computed " + hex(want));
      }
    }
    long blockSize = Be.u32(b, SB_BLOCKSIZE);
    if (!powerOfTwo(blockSize) || blockSize < 512 || blockSize > 65536 || blockSize < sectSize) {
      throw fail(
          "sb_blocksize",
          SB_BLOCKSIZE,
          blockSize + " is not a power of two in " + sectSize + "..65536");
    }
    int blockLog = b[SB_BLOCKLOG];
    if (blockLog != log2(blockSize)) {
      throw fail("sb_blocklog", SB_BLOCKLOG, blockLog + " != log2(sb_blocksize " + blockSize + ")");
    }
    int inodeSize = Be.u16(b, SB_INODESIZE);
    int minInode = version == 5 ? 512 : 256;
    if (!powerOfTwo(inodeSize)
        || inodeSize < minInode
        || inodeSize > 2048
        || inodeSize > blockSize) {
      throw fail(
          "sb_inodesize",
          SB_INODESIZE,
          inodeSize + " is not a power of two in " + minInode + "..min(2048, block size)");
    }
    if (b[SB_INODELOG] != log2(inodeSize)) {
      throw fail(
          "sb_inodelog", SB_INODELOG, b[SB_INODELOG] + " != log2(sb_inodesize " + inodeSize + ")");
    }
    int inopblock = Be.u16(b, SB_INOPBLOCK);
    if (inopblock != blockSize / inodeSize) {
      throw fail(
          "sb_inopblock",
          SB_INOPBLOCK,
          inopblock + " != sb_blocksize / sb_inodesize (" + blockSize / inodeSize + ")");
    }
    if (b[SB_INOPBLOG] != log2(inopblock)) {
      throw fail(
          "sb_inopblog", SB_INOPBLOG, b[SB_INOPBLOG] + " != log2(sb_inopblock " + inopblock + ")");
    }
    long agBlocks = Be.u32(b, SB_AGBLOCKS);
    if (agBlocks < 64) {
      throw fail("sb_agblocks", SB_AGBLOCKS, agBlocks + " < 64");
    }
    int agBlockLog = b[SB_AGBLKLOG];
    int wantAgLog = 64 - Long.numberOfLeadingZeros(agBlocks - 1); // rounded up
    if (agBlockLog != wantAgLog) {
      throw fail(
          "sb_agblklog",
          SB_AGBLKLOG,
          agBlockLog + " != log2(sb_agblocks " + agBlocks + ") rounded up (" + wantAgLog + ")");
    }
    long agCount = Be.u32(b, SB_AGCOUNT);
    if (agCount < 1) {
      throw fail("sb_agcount", SB_AGCOUNT, "0");
    }
    long dblocks = Be.u64(b, SB_DBLOCKS);
    // Every AG but the last is full; the last holds at least one block.
    if (dblocks <= (agCount - 1) * agBlocks || dblocks > agCount * agBlocks) {
      throw fail(
          "sb_dblocks",
          SB_DBLOCKS,
          Long.toUnsignedString(dblocks)
              + " blocks do not make "
              + agCount
              + " allocation groups of "
              + agBlocks
              + " blocks");
    }
    long fsBytes = dblocks << blockLog; // dblocks <= 2^32 * 2^32 / 2^..., checked below
    if (dblocks > (Long.MAX_VALUE >> blockLog) || fsBytes > deviceSize) {
      throw fail(
          "sb_dblocks",
          SB_DBLOCKS,
          dblocks
              + " blocks of "
              + blockSize
              + " bytes exceed the device's "
              + deviceSize
              + " bytes");
    }
    if (b[SB_INPROGRESS] != 0) {
      throw fail("sb_inprogress", SB_INPROGRESS, b[SB_INPROGRESS] + ": mkfs did not finish");
    }
    int dirBlockLog = b[SB_DIRBLKLOG];
    if (dirBlockLog < 0 || blockLog + dirBlockLog > 16) {
      throw fail("sb_dirblklog", SB_DIRBLKLOG, dirBlockLog + ": directory blocks over 64 KiB");
    }
    long rblocks = Be.u64(b, SB_RBLOCKS);
    if (rblocks != 0) {
      throw new UnsupportedFeatureException(
          "xfs real-time device",
          "xfs: superblock sb_rblocks at "
              + hex(SB_RBLOCKS)
              + ": "
              + Long.toUnsignedString(rblocks)
              + ": the filesystem has a real-time device, which is not supported");
    }
    long logStart = Be.u64(b, SB_LOGSTART);
    if (logStart == 0) {
      throw new UnsupportedFeatureException(
          "xfs external log",
          "xfs: superblock sb_logstart at "
              + hex(SB_LOGSTART)
              + ": 0: the log is on an external device, which is not supported");
    }
    boolean ftype;
    boolean asciiCi = (versionnum & VERSION_BORGBIT) != 0;
    long incompat = 0;
    byte[] uuid = slice(b, SB_UUID, 16);
    byte[] metaUuid = uuid;
    if (version == 4) {
      if ((versionnum & VERSION_DIRV2BIT) == 0) {
        throw new UnsupportedFeatureException(
            "xfs version 1 directories",
            "xfs: superblock sb_versionnum at "
                + hex(SB_VERSIONNUM)
                + ": "
                + hex(versionnum)
                + ": version 1 directories (no dirv2 bit) are not supported");
      }
      if ((versionnum & VERSION_SHAREDBIT) != 0) {
        throw new UnsupportedFeatureException(
            "xfs shared superblock",
            "xfs: superblock sb_versionnum at "
                + hex(SB_VERSIONNUM)
                + ": "
                + hex(versionnum)
                + ": the shared bit 0x200 is not supported");
      }
      long features2 = (versionnum & VERSION_MOREBITSBIT) != 0 ? Be.u32(b, SB_FEATURES2) : 0;
      long unknown = features2 & ~FEATURES2_KNOWN;
      if (unknown != 0) {
        throw new UnsupportedFeatureException(
            "xfs features2 " + hex(unknown),
            "xfs: superblock sb_features2 at "
                + hex(SB_FEATURES2)
                + ": "
                + hex(features2)
                + ": unknown feature bits "
                + hex(unknown)
                + " are not supported");
      }
      ftype = (features2 & FEATURES2_FTYPE) != 0;
    } else {
      incompat = Be.u32(b, SB_FEATURES_INCOMPAT);
      long unknown = incompat & ~INCOMPAT_SUPPORTED;
      if (unknown != 0) {
        String names = incompatNames(unknown);
        throw new UnsupportedFeatureException(
            "xfs incompat " + names,
            "xfs: superblock sb_features_incompat at "
                + hex(SB_FEATURES_INCOMPAT)
                + ": "
                + hex(incompat)
                + ": unsupported incompatible features "
                + names);
      }
      ftype = (incompat & INCOMPAT_FTYPE) != 0;
      if ((incompat & INCOMPAT_META_UUID) != 0) {
        metaUuid = slice(b, SB_META_UUID, 16);
      }
    }
    return new Superblock(
        version,
        (int) blockSize,
        blockLog,
        dblocks,
        uuid,
        metaUuid,
        Be.u64(b, SB_ROOTINO),
        agBlocks,
        agCount,
        sectSize,
        inodeSize,
        b[SB_INODELOG],
        b[SB_INOPBLOG],
        agBlockLog,
        dirBlockLog,
        slice(b, SB_FNAME, 12),
        incompat,
        version == 5 ? Be.u32(b, SB_FEATURES_LOG_INCOMPAT) : 0,
        ftype,
        asciiCi);
  }

  private static byte[] slice(byte[] b, int off, int len) {
    byte[] out = new byte[len];
    System.arraycopy(b, off, out, 0, len);
    return out;
  }
}
