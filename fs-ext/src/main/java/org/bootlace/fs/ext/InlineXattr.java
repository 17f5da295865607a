package org.bootlace.fs.ext;

import static org.bootlace.binary.Checks.hex;

import java.util.Locale;
import org.bootlace.CorruptImageException;
import org.bootlace.binary.Le;

/**
 * The extended attributes stored in the inode body after i_extra_isize, read only to find {@code
 * system.data}: the part of an inline-data file or directory that does not fit i_block.
 */
final class InlineXattr {
  static final long MAGIC = 0xEA020000L;

  /** e_name_index of the "system." namespace. */
  static final int INDEX_SYSTEM = 7;

  private static final int ENTRY_HEADER = 16;
  private static final int E_NAME_LEN = 0x0;
  private static final int E_NAME_INDEX = 0x1;
  private static final int E_VALUE_OFFS = 0x2;
  private static final int E_VALUE_INUM = 0x4;
  private static final int E_VALUE_SIZE = 0x8;
  private static final int E_NAME = 0x10;

  private InlineXattr() {}

  /** An attribute value and the disk offset of its first byte. */
  record Value(byte[] bytes, long diskOffset) {}

  /**
   * The value of system.data in {@code raw[start, end)}, which lies at {@code diskOffset + start};
   * an inline-data inode without one is corrupt.
   */
  static Value systemData(byte[] raw, int start, int end, long diskOffset, String where)
      throws CorruptImageException {
    if (end - start < 4 || Le.u32(raw, start) != MAGIC) {
      throw new CorruptImageException(
          String.format(
              Locale.ROOT,
              "%s: in-inode xattr header at %s: no system.data attribute for inline data",
              where,
              hex(diskOffset + start)));
    }
    int first = start + 4; // entries and value offsets count from here
    int pos = first;
    while (end - pos >= 4 && Le.u32(raw, pos) != 0) {
      long at = diskOffset + pos;
      if (end - pos < ENTRY_HEADER) {
        throw entryFail(where, at, "needs " + ENTRY_HEADER + " bytes, " + (end - pos) + " remain");
      }
      int nameLen = Le.u8(raw, pos + E_NAME_LEN);
      int entrySize = (ENTRY_HEADER + nameLen + 3) & ~3;
      if (entrySize > end - pos) {
        throw entryFail(where, at, "e_name_len " + nameLen + " runs past the inode");
      }
      if (Le.u8(raw, pos + E_NAME_INDEX) == INDEX_SYSTEM
          && nameLen == 4
          && raw[pos + E_NAME] == 'd'
          && raw[pos + E_NAME + 1] == 'a'
          && raw[pos + E_NAME + 2] == 't'
          && raw[pos + E_NAME + 3] == 'a') {
        long inum = Le.u32(raw, pos + E_VALUE_INUM);
        if (inum != 0) {
          throw entryFail(where, at, "system.data e_value_inum " + inum + " != 0");
        }
        int offs = Le.u16(raw, pos + E_VALUE_OFFS);
        long size = Le.u32(raw, pos + E_VALUE_SIZE);
        if (offs + size > end - first) {
          throw entryFail(
              where,
              at,
              "system.data e_value_offs "
                  + offs
                  + " + e_value_size "
                  + size
                  + " beyond the "
                  + (end - first)
                  + " bytes of in-inode attributes");
        }
        byte[] value = new byte[(int) size];
        System.arraycopy(raw, first + offs, value, 0, (int) size);
        return new Value(value, diskOffset + first + offs);
      }
      pos += entrySize;
    }
    throw new CorruptImageException(
        String.format(
            Locale.ROOT,
            "%s: in-inode xattrs at %s: no system.data attribute for inline data",
            where,
            hex(diskOffset + start)));
  }

  private static CorruptImageException entryFail(String where, long at, String detail) {
    return new CorruptImageException(
        String.format(Locale.ROOT, "%s: in-inode xattr entry at %s: %s", where, hex(at), detail));
  }
}
