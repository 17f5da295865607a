package org.bootlace.fs.btrfs;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.bootlace.CorruptImageException;
import org.bootlace.binary.Le;
import org.bootlace.spi.FileType;

/** The item bodies the reader decodes, each checked against its item's size. */
final class Items {
  private Items() {}

  static void need(Disk.Found f, int bytes, String what) throws CorruptImageException {
    if (f.size() < bytes) {
      throw new CorruptImageException(
          f.leaf().item(f.index()) + ": " + what + " of " + f.size() + " bytes, needs " + bytes);
    }
  }

  /** btrfs_inode_item: the fields the reader uses. */
  record Inode(long size, int mode, long mtime, long flags) {
    static final int SIZE = 160;
    static final int I_SIZE = 16;
    static final int I_FLAGS = 64;
    static final int I_MODE = 52;
    static final int I_MTIME = 136;

    static Inode parse(Disk.Found f) throws CorruptImageException {
      need(f, SIZE, "inode item");
      byte[] b = f.data();
      int o = f.offset();
      long size = Le.u64(b, o + I_SIZE);
      if (size < 0) {
        throw new CorruptImageException(
            f.leaf().item(f.index())
                + ": inode size "
                + Long.toUnsignedString(size)
                + " is negative as a signed 64-bit number");
      }
      return new Inode(
          size, (int) Le.u32(b, o + I_MODE), Le.u64(b, o + I_MTIME), Le.u64(b, o + I_FLAGS));
    }

    FileType type() {
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
  }

  /** One btrfs_dir_item: the key it points at, its type and name. */
  record Dir(Key location, int type, byte[] name) {
    static final int FIXED = 30;
    static final int NAME_MAX = 255;

    String nameString() {
      return new String(name, StandardCharsets.UTF_8);
    }

    FileType fileType() {
      return switch (type) {
        case 1 -> FileType.REGULAR;
        case 2 -> FileType.DIRECTORY;
        case 3 -> FileType.CHARACTER_DEVICE;
        case 4 -> FileType.BLOCK_DEVICE;
        case 5 -> FileType.FIFO;
        case 6 -> FileType.SOCKET;
        case 7 -> FileType.SYMLINK;
        default -> FileType.UNKNOWN;
      };
    }

    /** All the dir items packed in one item (several when names collide in the hash). */
    static List<Dir> parseAll(Disk.Found f) throws CorruptImageException {
      List<Dir> out = new ArrayList<>();
      byte[] b = f.data();
      int p = f.offset();
      int end = p + f.size();
      while (p < end) {
        String at = f.leaf().item(f.index()) + ": dir item at +" + (p - f.offset());
        if (end - p < FIXED) {
          throw new CorruptImageException(at + ": " + (end - p) + " bytes left, needs " + FIXED);
        }
        Key loc = Key.parse(b, p);
        int dataLen = Le.u16(b, p + 25);
        int nameLen = Le.u16(b, p + 27);
        int type = Le.u8(b, p + 29);
        if (type < 1 || type > 7) {
          throw new CorruptImageException(
              at + ": type " + type + " is not a directory entry's (1..7)");
        }
        if (nameLen == 0 || nameLen > NAME_MAX) {
          throw new CorruptImageException(at + ": name_len " + nameLen + " outside 1.." + NAME_MAX);
        }
        if (dataLen != 0) {
          throw new CorruptImageException(
              at + ": data_len " + dataLen + " != 0 in a directory entry");
        }
        long total = (long) FIXED + nameLen;
        if (total > end - p) {
          throw new CorruptImageException(
              at
                  + ": name_len "
                  + nameLen
                  + " runs past the item's end ("
                  + (end - p - FIXED)
                  + " bytes)");
        }
        byte[] name = new byte[nameLen];
        System.arraycopy(b, p + FIXED, name, 0, nameLen);
        for (byte c : name) {
          if (c == '/' || c == 0) {
            throw new CorruptImageException(at + ": name contains " + (c == 0 ? "NUL" : "'/'"));
          }
        }
        if ((nameLen == 1 && name[0] == '.')
            || (nameLen == 2 && name[0] == '.' && name[1] == '.')) {
          throw new CorruptImageException(
              at + ": name '" + new String(name, StandardCharsets.UTF_8) + "'");
        }
        out.add(new Dir(loc, type, name));
        p += (int) total;
      }
      return out;
    }
  }

  /** btrfs_root_item: where a tree's root is and which directory is the subvolume's root. */
  record Root(long rootDirId, long bytenr, int level) {
    static final int MIN_SIZE = 239;
    static final int R_ROOT_DIRID = 168;
    static final int R_BYTENR = 176;
    static final int R_LEVEL = 238;

    static Root parse(Disk.Found f) throws CorruptImageException {
      need(f, MIN_SIZE, "root item");
      byte[] b = f.data();
      int o = f.offset();
      int level = Le.u8(b, o + R_LEVEL);
      if (level > Superblock.MAX_LEVEL) {
        throw new CorruptImageException(
            f.leaf().item(f.index()) + ": root item level " + level + " > " + Superblock.MAX_LEVEL);
      }
      long dirid = Le.u64(b, o + R_ROOT_DIRID);
      if (dirid <= 0) {
        throw new CorruptImageException(
            f.leaf().item(f.index()) + ": root item root_dirid " + Long.toUnsignedString(dirid));
      }
      return new Root(dirid, Le.u64(b, o + R_BYTENR), level);
    }
  }

  /** btrfs_file_extent_item. */
  record Extent(
      long fileOffset,
      long ramBytes,
      int compression,
      int type,
      long diskBytenr,
      long diskNumBytes,
      long offset,
      long numBytes,
      int inlineOff,
      int inlineLen) {
    static final int INLINE = 0;
    static final int REG = 1;
    static final int PREALLOC = 2;
    static final int HEADER = 21;
    static final int FULL = 53;

    /** Bytes of the file this extent covers. */
    long length() {
      return type == INLINE ? ramBytes : numBytes;
    }

    static Extent parse(Disk.Found f) throws CorruptImageException {
      need(f, HEADER, "file extent item");
      String at = f.leaf().item(f.index());
      byte[] b = f.data();
      int o = f.offset();
      long ram = Le.u64(b, o + 8);
      int compression = Le.u8(b, o + 16);
      int encryption = Le.u8(b, o + 17);
      int other = Le.u16(b, o + 18);
      int type = Le.u8(b, o + 20);
      long fileOffset = f.key().offset();
      if (fileOffset < 0) {
        throw new CorruptImageException(
            at
                + ": file offset "
                + Long.toUnsignedString(fileOffset)
                + " is negative as a signed 64-bit number");
      }
      if (encryption != 0 || other != 0) {
        throw new CorruptImageException(
            at + ": encryption " + encryption + " / other_encoding " + other + " != 0");
      }
      if (compression > 3) {
        throw new CorruptImageException(
            at + ": compression " + compression + " is not none, zlib, lzo or zstd");
      }
      if (ram < 0) {
        throw new CorruptImageException(
            at
                + ": ram_bytes "
                + Long.toUnsignedString(ram)
                + " is negative as a signed 64-bit number");
      }
      switch (type) {
        case INLINE -> {
          int len = f.size() - HEADER;
          if (compression == 0 && ram != len) {
            throw new CorruptImageException(
                at + ": inline ram_bytes " + ram + " != its " + len + " bytes of data");
          }
          return new Extent(fileOffset, ram, compression, type, 0, 0, 0, 0, o + HEADER, len);
        }
        case REG, PREALLOC -> {
          need(f, FULL, "file extent item");
          long diskBytenr = Le.u64(b, o + 21);
          long diskNum = Le.u64(b, o + 29);
          long off = Le.u64(b, o + 37);
          long num = Le.u64(b, o + 45);
          if (num <= 0
              || off < 0
              || diskNum < 0
              || diskBytenr < 0
              || fileOffset > Long.MAX_VALUE - num) {
            throw new CorruptImageException(
                at
                    + ": disk_bytenr "
                    + Long.toUnsignedString(diskBytenr)
                    + " disk_num_bytes "
                    + Long.toUnsignedString(diskNum)
                    + " offset "
                    + Long.toUnsignedString(off)
                    + " num_bytes "
                    + Long.toUnsignedString(num)
                    + " out of range");
          }
          if (diskBytenr != 0) {
            long limit = compression != 0 ? ram : diskNum;
            if (off > limit || num > limit - off) {
              throw new CorruptImageException(
                  at
                      + ": offset "
                      + off
                      + " + num_bytes "
                      + num
                      + " > "
                      + (compression != 0 ? "ram_bytes " : "disk_num_bytes ")
                      + limit);
            }
          }
          return new Extent(
              fileOffset, ram, compression, type, diskBytenr, diskNum, off, num, 0, 0);
        }
        default ->
            throw new CorruptImageException(
                at + ": file extent type " + type + " is not inline, regular or prealloc");
      }
    }
  }
}
