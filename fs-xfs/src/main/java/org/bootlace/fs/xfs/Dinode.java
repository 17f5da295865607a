package org.bootlace.fs.xfs;

import static org.bootlace.binary.Checks.hex;

import java.util.Arrays;
import org.bootlace.CorruptImageException;
import org.bootlace.binary.Be;
import org.bootlace.spi.FileType;

/**
 * One validated on-disk inode (versions 1 and 2 on v4 filesystems, 3 on v5), holding its raw bytes
 * for the data fork.
 *
 * @param dataForkSize bytes of the data fork inside the inode (up to the attribute fork)
 * @param extents the data fork's extent count (di_nextents, or di_big_nextents with nrext64)
 */
record Dinode(
    long ino,
    long diskOffset,
    int mode,
    int format,
    long size,
    long extents,
    long mtime,
    int dataForkOffset,
    int dataForkSize,
    byte[] raw) {

  static final int MAGIC = 0x494e; // "IN"

  static final int DI_MAGIC = 0;
  static final int DI_MODE = 2;
  static final int DI_VERSION = 4;
  static final int DI_FORMAT = 5;
  static final int DI_BIG_NEXTENTS = 24;
  static final int DI_MTIME = 40;
  static final int DI_SIZE = 56;
  static final int DI_NEXTENTS = 76;
  static final int DI_FORKOFF = 82;
  static final int DI_CRC = 100;
  static final int DI_FLAGS2 = 120;
  static final int DI_INO = 152;
  static final int DI_UUID = 160;

  static final int FMT_DEV = 0;
  static final int FMT_LOCAL = 1;
  static final int FMT_EXTENTS = 2;
  static final int FMT_BTREE = 3;

  static final long FLAGS2_BIGTIME = 1L << 3;
  static final long FLAGS2_NREXT64 = 1L << 4;

  /** Seconds from the bigtime epoch (the earliest 32-bit time) to the Unix epoch. */
  static final long BIGTIME_EPOCH_OFFSET = 1L << 31;

  private static final String[] FORMATS = {"dev", "local", "extents", "btree", "uuid", "rmap"};

  FileType fileType() {
    return switch (mode & 0xf000) {
      case 0x8000 -> FileType.REGULAR;
      case 0x4000 -> FileType.DIRECTORY;
      case 0xa000 -> FileType.SYMLINK;
      case 0x2000 -> FileType.CHARACTER_DEVICE;
      case 0x6000 -> FileType.BLOCK_DEVICE;
      case 0x1000 -> FileType.FIFO;
      case 0xc000 -> FileType.SOCKET;
      default -> FileType.UNKNOWN;
    };
  }

  /** {@code xfs: inode 131 at 0x10600}: the start of every message about this inode. */
  String where() {
    return "xfs: inode " + Long.toUnsignedString(ino) + " at " + hex(diskOffset);
  }

  CorruptImageException fail(String field, int fieldOffset, String detail) {
    return fail(ino, diskOffset, field, fieldOffset, detail);
  }

  static CorruptImageException fail(
      long ino, long diskOffset, String field, int fieldOffset, String detail) {
    return new CorruptImageException(
        "xfs: inode "
            + Long.toUnsignedString(ino)
            + " at "
            + hex(diskOffset)
            + ": "
            + field
            + " at "
            + hex(diskOffset + fieldOffset)
            + ": "
            + detail);
  }

  static String formatName(int format) {
    return format < FORMATS.length ? FORMATS[format] : "unknown";
  }

  /** Validates {@code raw} (sb_inodesize bytes read at {@code diskOffset}) as inode {@code ino}. */
  static Dinode parse(byte[] raw, long diskOffset, long ino, Superblock sb)
      throws CorruptImageException {
    int magic = Be.u16(raw, DI_MAGIC);
    if (magic != MAGIC) {
      throw fail(ino, diskOffset, "di_magic", DI_MAGIC, hex(magic) + " != " + hex(MAGIC));
    }
    int version = raw[DI_VERSION] & 0xff;
    if (sb.crc() ? version != 3 : version != 1 && version != 2) {
      throw fail(
          ino,
          diskOffset,
          "di_version",
          DI_VERSION,
          version
              + " on a v"
              + sb.version()
              + " filesystem (expected "
              + (sb.crc() ? "3" : "1 or 2")
              + ")");
    }
    long flags2 = 0;
    if (version == 3) {
      long want = Crc.compute(raw, 0, raw.length, DI_CRC);
      long got = Crc.stored(raw, 0, DI_CRC);
      if (want != got) {
        throw fail(ino, diskOffset, "di_crc", DI_CRC, hex(got) + " != computed " + hex(want));
      }
      long stamped = Be.u64(raw, DI_INO);
      if (stamped != ino) {
        throw fail(
            ino,
            diskOffset,
            "di_ino",
            DI_INO,
            Long.toUnsignedString(stamped) + " != " + Long.toUnsignedString(ino));
      }
      if (!Arrays.equals(raw, DI_UUID, DI_UUID + 16, sb.metaUuid(), 0, 16)) {
        throw fail(ino, diskOffset, "di_uuid", DI_UUID, "not the filesystem's UUID");
      }
      flags2 = Be.u64(raw, DI_FLAGS2);
    }
    int mode = Be.u16(raw, DI_MODE);
    int format = raw[DI_FORMAT] & 0xff;
    long size = Be.u64(raw, DI_SIZE);
    if (size < 0) {
      throw fail(
          ino,
          diskOffset,
          "di_size",
          DI_SIZE,
          Long.toUnsignedString(size) + " is negative as a signed 64-bit size");
    }
    long extents;
    int extentsAt = DI_NEXTENTS;
    if ((flags2 & FLAGS2_NREXT64) != 0) {
      if (!sb.has(Superblock.INCOMPAT_NREXT64)) {
        throw fail(
            ino,
            diskOffset,
            "di_flags2",
            DI_FLAGS2,
            hex(flags2) + ": nrext64 on a filesystem without the nrext64 feature");
      }
      extents = Be.u64(raw, DI_BIG_NEXTENTS);
      extentsAt = DI_BIG_NEXTENTS;
    } else {
      extents = Be.u32(raw, DI_NEXTENTS);
    }
    long mtime;
    if ((flags2 & FLAGS2_BIGTIME) != 0) {
      if (!sb.has(Superblock.INCOMPAT_BIGTIME)) {
        throw fail(
            ino,
            diskOffset,
            "di_flags2",
            DI_FLAGS2,
            hex(flags2) + ": bigtime on a filesystem without the bigtime feature");
      }
      mtime = Long.divideUnsigned(Be.u64(raw, DI_MTIME), 1_000_000_000L) - BIGTIME_EPOCH_OFFSET;
    } else {
      mtime = (int) Be.u32(raw, DI_MTIME);
    }
    int core = sb.inodeCoreSize();
    int literal = raw.length - core;
    int forkoff = (raw[DI_FORKOFF] & 0xff) * 8;
    if (forkoff >= literal) {
      throw fail(
          ino,
          diskOffset,
          "di_forkoff",
          DI_FORKOFF,
          (forkoff / 8)
              + " ("
              + forkoff
              + " bytes) leaves no room in a literal area of "
              + literal
              + " bytes");
    }
    int forkSize = forkoff == 0 ? literal : forkoff;
    Dinode d = new Dinode(ino, diskOffset, mode, format, size, extents, mtime, core, forkSize, raw);
    d.checkFormat(extentsAt);
    return d;
  }

  private void checkFormat(int extentsAt) throws CorruptImageException {
    FileType type = fileType();
    boolean ok =
        switch (type) {
          case REGULAR -> format == FMT_EXTENTS || format == FMT_BTREE;
          case DIRECTORY, SYMLINK ->
              format == FMT_LOCAL || format == FMT_EXTENTS || format == FMT_BTREE;
          case CHARACTER_DEVICE, BLOCK_DEVICE, FIFO, SOCKET -> format == FMT_DEV;
          case UNKNOWN -> false;
        };
    if (type == FileType.UNKNOWN) {
      throw fail(
          "di_mode",
          DI_MODE,
          String.format(java.util.Locale.ROOT, "0%o has no known file type", mode));
    }
    if (!ok) {
      throw fail(
          "di_format",
          DI_FORMAT,
          format
              + " ("
              + formatName(format)
              + ") for a "
              + type.name().toLowerCase(java.util.Locale.ROOT));
    }
    if (format == FMT_LOCAL && size > dataForkSize) {
      throw fail(
          "di_size",
          DI_SIZE,
          size + " exceeds the " + dataForkSize + "-byte data fork of a local inode");
    }
    if (format == FMT_EXTENTS && (extents < 0 || extents > dataForkSize / Bmap.RECORD_SIZE)) {
      throw fail(
          extentsAt == DI_NEXTENTS ? "di_nextents" : "di_big_nextents",
          extentsAt,
          Long.toUnsignedString(extents)
              + " records do not fit a data fork of "
              + dataForkSize
              + " bytes");
    }
  }
}
