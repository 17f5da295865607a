package org.bootlace.fs.ext;

import static org.bootlace.binary.Checks.hex;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.bootlace.CorruptImageException;
import org.bootlace.binary.Le;
import org.bootlace.spi.FileType;

/**
 * One directory entry as stored (ext4_dir_entry_2, or ext4_dir_entry with a 16-bit name length when
 * the filetype feature is off). {@link #parse} walks a region of entries, checking each record
 * before it moves on by its rec_len.
 */
record DirRecord(
    long inode, int fileType, byte[] block, int nameOffset, int nameLength, long diskOffset) {
  static final int HEADER = 8;

  /** file_type of the checksum tail that ends a leaf block with metadata_csum. */
  static final int TAIL_FILE_TYPE = 0xDE;

  static final int TAIL_SIZE = 12;

  /** Receives each live record; returns false to stop the walk. */
  interface Visitor {
    boolean visit(DirRecord r) throws IOException;
  }

  /** rec_len as stored; blocks of 64 KiB and more keep the high bits in the low two. */
  static int recLen(byte[] b, int off, int blockSize) {
    int raw = Le.u16(b, off + 4);
    if (blockSize < 65536) {
      return raw;
    }
    if (raw == 65535 || raw == 0) {
      return blockSize;
    }
    return (raw & 65532) | ((raw & 3) << 16);
  }

  /**
   * Walks the records in {@code b[start, end)}, whose byte {@code start} lies at {@code
   * diskOffset}. {@code blockSize} decodes rec_len (pass 0 for inline data). Returns false if the
   * visitor stopped the walk.
   */
  static boolean parse(
      byte[] b,
      int start,
      int end,
      long diskOffset,
      int blockSize,
      Superblock sb,
      String where,
      Visitor v)
      throws IOException {
    boolean fileTypeFeature = sb.fileType();
    int pos = start;
    while (pos < end) {
      long at = diskOffset + (pos - start);
      if (end - pos < HEADER) {
        throw fail(where, at, "header needs " + HEADER + " bytes, " + (end - pos) + " remain");
      }
      int recLen = recLen(b, pos, blockSize);
      if (recLen < HEADER) {
        throw fail(where, at, "rec_len " + recLen + " < " + HEADER);
      }
      if ((recLen & 3) != 0) {
        throw fail(where, at, "rec_len " + recLen + " is not a multiple of 4");
      }
      if (recLen > end - pos) {
        throw fail(
            where,
            at,
            "rec_len " + recLen + " runs past the end (" + (end - pos) + " bytes remain)");
      }
      int nameLen = fileTypeFeature ? Le.u8(b, pos + 6) : Le.u16(b, pos + 6);
      int fileType = fileTypeFeature ? Le.u8(b, pos + 7) : 0;
      if (HEADER + nameLen > recLen) {
        throw fail(where, at, "name_len " + nameLen + " does not fit rec_len " + recLen);
      }
      long inode = Le.u32(b, pos);
      if (inode != 0) {
        if (inode > sb.inodesCount()) {
          throw fail(where, at, "inode " + inode + " > s_inodes_count " + sb.inodesCount());
        }
        if (nameLen == 0) {
          throw fail(where, at, "empty name for inode " + inode);
        }
        for (int i = pos + HEADER; i < pos + HEADER + nameLen; i++) {
          if (b[i] == '/' || b[i] == 0) {
            throw fail(where, at, "name contains '/' or NUL");
          }
        }
        if (fileType > 7) {
          throw fail(where, at, "file_type " + fileType + " > 7");
        }
        if (!v.visit(new DirRecord(inode, fileType, b, pos + HEADER, nameLen, at))) {
          return false;
        }
      }
      pos += recLen;
    }
    return true;
  }

  private static CorruptImageException fail(String where, long at, String detail) {
    return new CorruptImageException(
        String.format(Locale.ROOT, "%s: entry at %s: %s", where, hex(at), detail));
  }

  boolean isDotOrDotDot() {
    return (nameLength == 1 && block[nameOffset] == '.')
        || (nameLength == 2 && block[nameOffset] == '.' && block[nameOffset + 1] == '.');
  }

  boolean nameEquals(byte[] name) {
    if (name.length != nameLength) {
      return false;
    }
    for (int i = 0; i < nameLength; i++) {
      if (block[nameOffset + i] != name[i]) {
        return false;
      }
    }
    return true;
  }

  byte[] nameBytes() {
    byte[] out = new byte[nameLength];
    System.arraycopy(block, nameOffset, out, 0, nameLength);
    return out;
  }

  String name() {
    return new String(block, nameOffset, nameLength, StandardCharsets.UTF_8);
  }

  FileType type() {
    switch (fileType) {
      case 1:
        return FileType.REGULAR;
      case 2:
        return FileType.DIRECTORY;
      case 3:
        return FileType.CHARACTER_DEVICE;
      case 4:
        return FileType.BLOCK_DEVICE;
      case 5:
        return FileType.FIFO;
      case 6:
        return FileType.SOCKET;
      case 7:
        return FileType.SYMLINK;
      default:
        return FileType.UNKNOWN;
    }
  }
}
