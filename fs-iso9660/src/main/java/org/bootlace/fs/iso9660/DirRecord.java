package org.bootlace.fs.iso9660;

import static org.bootlace.binary.Checks.hex;

import java.util.Locale;
import org.bootlace.CorruptImageException;

/**
 * One directory record (ECMA-119 9.1) inside a sector buffer. {@link #parse} checks the record
 * against the bytes that remain in its logical sector before anything else reads it.
 *
 * @param buf the sector holding the record
 * @param off the record's first byte in {@code buf}
 * @param at the record's disk offset
 */
record DirRecord(
    byte[] buf,
    int off,
    long at,
    int length,
    int xarLength,
    long extent,
    long dataLength,
    long mtime,
    int flags,
    int unitSize,
    int gapSize,
    int nameLength) {
  static final int LEN_DR = 0;
  static final int EXT_ATTR_LEN = 1;
  static final int EXTENT = 2;
  static final int DATA_LENGTH = 10;
  static final int DATE = 18;
  static final int FLAGS = 25;
  static final int UNIT_SIZE = 26;
  static final int GAP_SIZE = 27;
  static final int NAME_LEN = 32;
  static final int NAME = 33;

  /** The fixed part plus a one-byte name. */
  static final int MIN_LENGTH = 34;

  static final int FLAG_HIDDEN = 0x01;
  static final int FLAG_DIRECTORY = 0x02;
  static final int FLAG_ASSOCIATED = 0x04;
  static final int FLAG_MULTI_EXTENT = 0x80;

  /**
   * Parses the record at {@code b[off]}; {@code avail} bytes remain in its logical sector (and
   * directory). {@code where} names the directory or descriptor holding it.
   */
  static DirRecord parse(byte[] b, int off, int avail, long at, String where)
      throws CorruptImageException {
    int len = b[off + LEN_DR] & 0xff;
    if (len < MIN_LENGTH) {
      throw fail(where, at, "length " + len + " < " + MIN_LENGTH);
    }
    if (len > avail) {
      throw fail(
          where,
          at,
          "length "
              + len
              + " runs past the end of its logical sector ("
              + avail
              + " bytes remain)");
    }
    int nameLen = b[off + NAME_LEN] & 0xff;
    if (nameLen == 0 || NAME + nameLen > len) {
      throw fail(
          where,
          at,
          "file identifier length " + nameLen + " does not fit the record length " + len);
    }
    String what = where + ": record at " + hex(at);
    long extent = Fields.both32(b, off + EXTENT, at + EXTENT, what, "extent location");
    long dataLength = Fields.both32(b, off + DATA_LENGTH, at + DATA_LENGTH, what, "data length");
    int flags = b[off + FLAGS] & 0xff;
    if ((flags & FLAG_DIRECTORY) != 0 && (flags & FLAG_MULTI_EXTENT) != 0) {
      throw fail(
          where,
          at,
          String.format(
              Locale.ROOT, "file flags 0x%02x: a directory cannot have several extents", flags));
    }
    return new DirRecord(
        b,
        off,
        at,
        len,
        b[off + EXT_ATTR_LEN] & 0xff,
        extent,
        dataLength,
        IsoDate.binary(b, off + DATE),
        flags,
        b[off + UNIT_SIZE] & 0xff,
        b[off + GAP_SIZE] & 0xff,
        nameLen);
  }

  static CorruptImageException fail(String where, long at, String detail) {
    return new CorruptImageException(
        String.format(Locale.ROOT, "%s: record at %s: %s", where, hex(at), detail));
  }

  boolean isDirectory() {
    return (flags & FLAG_DIRECTORY) != 0;
  }

  boolean isDot() {
    return nameLength == 1 && buf[off + NAME] == 0;
  }

  boolean isDotDot() {
    return nameLength == 1 && buf[off + NAME] == 1;
  }

  byte[] name() {
    byte[] n = new byte[nameLength];
    System.arraycopy(buf, off + NAME, n, 0, nameLength);
    return n;
  }

  boolean sameName(DirRecord o) {
    if (o.nameLength != nameLength) {
      return false;
    }
    for (int i = 0; i < nameLength; i++) {
      if (buf[off + NAME + i] != o.buf[o.off + NAME + i]) {
        return false;
      }
    }
    return true;
  }

  /** The system use area's start in {@code buf}: after the name and its padding byte. */
  int systemUseStart() {
    int start = off + NAME + nameLength + ((nameLength & 1) == 0 ? 1 : 0);
    return Math.min(start, off + length);
  }

  int systemUseEnd() {
    return off + length;
  }

  boolean interleaved() {
    return unitSize != 0 || gapSize != 0;
  }
}
