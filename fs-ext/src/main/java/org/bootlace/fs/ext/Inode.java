package org.bootlace.fs.ext;

import static org.bootlace.binary.Checks.hex;

import java.util.Locale;
import org.bootlace.CorruptImageException;
import org.bootlace.binary.Le;
import org.bootlace.spi.FileType;

/**
 * One validated inode. {@code iBlock} is the 60-byte i_block area (block map, extent root, fast
 * symlink or inline data); {@code inlineTail} is the system.data extended attribute of an inline
 * data inode, the bytes that follow i_block.
 *
 * @param csumSeed the per-inode metadata_csum seed (inode number and generation folded in)
 */
record Inode(
    long number,
    long diskOffset,
    int mode,
    FileType fileType,
    long size,
    long flags,
    long blocks512,
    long fileAcl,
    byte[] iBlock,
    long mtime,
    byte[] inlineTail,
    long inlineTailAt,
    int csumSeed) {

  static final int GOOD_OLD_SIZE = 128;
  static final int I_MODE = 0x0;
  static final int I_SIZE_LO = 0x4;
  static final int I_MTIME = 0x10;
  static final int I_LINKS_COUNT = 0x1A;
  static final int I_BLOCKS_LO = 0x1C;
  static final int I_FLAGS = 0x20;
  static final int I_BLOCK = 0x28;
  static final int I_BLOCK_SIZE = 60;
  static final int I_GENERATION = 0x64;
  static final int I_FILE_ACL_LO = 0x68;
  static final int I_SIZE_HIGH = 0x6C;
  static final int L_I_BLOCKS_HIGH = 0x74;
  static final int L_I_FILE_ACL_HIGH = 0x76;
  static final int L_I_CHECKSUM_LO = 0x7C;
  static final int I_EXTRA_ISIZE = 0x80;
  static final int I_CHECKSUM_HI = 0x82;
  static final int I_MTIME_EXTRA = 0x88;

  static final long FL_ENCRYPT = 0x800;
  static final long FL_INDEX = 0x1000;
  static final long FL_HUGE_FILE = 0x40000;
  static final long FL_EXTENTS = 0x80000;
  static final long FL_INLINE_DATA = 0x10000000;
  static final long FL_CASEFOLD = 0x40000000;

  static Inode parse(byte[] raw, long diskOffset, long number, Superblock sb)
      throws CorruptImageException {
    String where = sb.type() + ": inode " + number;
    int inodeSize = sb.inodeSize();
    int extra = 0;
    if (inodeSize > GOOD_OLD_SIZE) {
      extra = Le.u16(raw, I_EXTRA_ISIZE);
      if (GOOD_OLD_SIZE + extra > inodeSize || (extra & 3) != 0) {
        throw fail(
            where,
            "i_extra_isize",
            diskOffset + I_EXTRA_ISIZE,
            extra + " does not fit a " + inodeSize + "-byte inode in 4-byte steps");
      }
    }
    long generation = Le.u32(raw, I_GENERATION);
    int seed = 0;
    if (sb.metadataCsum()) {
      seed = Crc32c.seeded(sb.checksumSeed()).updateLe32(number).updateLe32(generation).value();
      boolean hasHi = inodeSize > GOOD_OLD_SIZE && extra >= 4;
      int computed = checksum(raw, seed, inodeSize, hasHi);
      int stored = Le.u16(raw, L_I_CHECKSUM_LO);
      if (hasHi) {
        stored |= Le.u16(raw, I_CHECKSUM_HI) << 16;
      } else {
        computed &= 0xffff;
      }
      if (stored != computed) {
        throw fail(
            where,
            "checksum",
            diskOffset + L_I_CHECKSUM_LO,
            String.format(Locale.ROOT, "stored 0x%08x != computed 0x%08x", stored, computed));
      }
    }

    int links = Le.u16(raw, I_LINKS_COUNT);
    if (links == 0) {
      throw fail(where, "i_links_count", diskOffset + I_LINKS_COUNT, "0 (a deleted inode)");
    }
    int mode = Le.u16(raw, I_MODE);
    FileType type = typeOf(mode);
    if (type == null) {
      throw fail(
          where,
          "i_mode",
          diskOffset + I_MODE,
          String.format(Locale.ROOT, "0%o has no file type", mode));
    }
    long flags = Le.u32(raw, I_FLAGS);
    boolean inline = (flags & FL_INLINE_DATA) != 0;
    boolean extents = (flags & FL_EXTENTS) != 0;
    if (inline && extents) {
      throw fail(
          where,
          "i_flags",
          diskOffset + I_FLAGS,
          hex(flags) + " sets both inline data and extents");
    }
    if (inline && !sb.has(Features.INCOMPAT_INLINE_DATA)) {
      throw fail(
          where,
          "i_flags",
          diskOffset + I_FLAGS,
          hex(flags) + " sets inline data without the inline_data feature");
    }
    if (extents && !sb.has(Features.INCOMPAT_EXTENTS)) {
      throw fail(
          where,
          "i_flags",
          diskOffset + I_FLAGS,
          hex(flags) + " sets extents without the extent feature");
    }

    long size = Le.u32(raw, I_SIZE_LO);
    if (type == FileType.REGULAR || sb.has(Features.INCOMPAT_LARGEDIR)) {
      size |= Le.u32(raw, I_SIZE_HIGH) << 32;
    }
    if (size < 0) {
      throw fail(
          where,
          "i_size",
          diskOffset + I_SIZE_LO,
          Long.toUnsignedString(size) + " is negative as a signed 64-bit size");
    }

    long blocks = Le.u32(raw, I_BLOCKS_LO);
    if (sb.hasRo(Features.RO_COMPAT_HUGE_FILE)) {
      blocks |= (long) Le.u16(raw, L_I_BLOCKS_HIGH) << 32;
      if ((flags & FL_HUGE_FILE) != 0) {
        blocks *= sb.blockSize() / 512;
      }
    }
    long fileAcl = Le.u32(raw, I_FILE_ACL_LO);
    if (sb.has(Features.INCOMPAT_64BIT)) {
      fileAcl |= (long) Le.u16(raw, L_I_FILE_ACL_HIGH) << 32;
    }

    byte[] iBlock = new byte[I_BLOCK_SIZE];
    System.arraycopy(raw, I_BLOCK, iBlock, 0, I_BLOCK_SIZE);

    long mtime = Le.s32(raw, I_MTIME);
    if (extra >= I_MTIME_EXTRA + 4 - GOOD_OLD_SIZE) {
      mtime += (Le.u32(raw, I_MTIME_EXTRA) & 3) << 32;
    }

    byte[] tail = null;
    long tailAt = 0;
    if (inline) {
      InlineXattr.Value v =
          InlineXattr.systemData(raw, GOOD_OLD_SIZE + extra, inodeSize, diskOffset, where);
      tail = v.bytes();
      tailAt = v.diskOffset();
      long capacity = I_BLOCK_SIZE + tail.length;
      if (size > capacity) {
        throw fail(
            where,
            "i_size",
            diskOffset + I_SIZE_LO,
            size + " exceeds the " + capacity + " bytes of its inline data");
      }
    }
    return new Inode(
        number,
        diskOffset,
        mode,
        type,
        size,
        flags,
        blocks,
        fileAcl,
        iBlock,
        mtime,
        tail,
        tailAt,
        seed);
  }

  /** The inode checksum with both checksum fields taken as zero. */
  private static int checksum(byte[] raw, int seed, int inodeSize, boolean hasHi) {
    Crc32c c = Crc32c.seeded(seed);
    c.update(raw, 0, L_I_CHECKSUM_LO).updateZeros(2);
    c.update(raw, L_I_CHECKSUM_LO + 2, GOOD_OLD_SIZE - L_I_CHECKSUM_LO - 2);
    if (inodeSize > GOOD_OLD_SIZE) {
      c.update(raw, GOOD_OLD_SIZE, I_CHECKSUM_HI - GOOD_OLD_SIZE);
      int rest = I_CHECKSUM_HI;
      if (hasHi) {
        c.updateZeros(2);
        rest += 2;
      }
      c.update(raw, rest, inodeSize - rest);
    }
    return c.value();
  }

  static FileType typeOf(int mode) {
    switch (mode & 0xF000) {
      case 0x1000:
        return FileType.FIFO;
      case 0x2000:
        return FileType.CHARACTER_DEVICE;
      case 0x4000:
        return FileType.DIRECTORY;
      case 0x6000:
        return FileType.BLOCK_DEVICE;
      case 0x8000:
        return FileType.REGULAR;
      case 0xA000:
        return FileType.SYMLINK;
      case 0xC000:
        return FileType.SOCKET;
      default:
        return null;
    }
  }

  static CorruptImageException fail(String where, String field, long offset, String detail) {
    return new CorruptImageException(
        String.format(Locale.ROOT, "%s: %s at %s: %s", where, field, hex(offset), detail));
  }

  /** The message prefix for this inode: {@code ext4: inode 12}. */
  String where(Superblock sb) {
    return sb.type() + ": inode " + number;
  }

  boolean has(long flag) {
    return (flags & flag) != 0;
  }

  boolean inline() {
    return inlineTail != null;
  }
}
