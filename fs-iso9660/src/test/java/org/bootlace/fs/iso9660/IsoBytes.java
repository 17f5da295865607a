package org.bootlace.fs.iso9660;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.bootlace.testing.Tools;

/**
 * Finds fields in a real image, for the patches of the corruption tests: the offsets follow
 * ECMA-119's layout directly, so that a test does not depend on the reader it tests.
 */
final class IsoBytes {
  private IsoBytes() {}

  static final long PVD = 0x8000;
  static final long ROOT_RECORD = PVD + 156;

  static long u32(Path image, long at) {
    byte[] b = Tools.read(image, at, 4);
    return (b[0] & 0xffL) | (b[1] & 0xffL) << 8 | (b[2] & 0xffL) << 16 | (b[3] & 0xffL) << 24;
  }

  static int u8(Path image, long at) {
    return Tools.read(image, at, 1)[0] & 0xff;
  }

  static void le32(Path image, long at, long v) {
    Tools.patch(image, at, (byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24));
  }

  static void be32(Path image, long at, long v) {
    Tools.patch(image, at, (byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v);
  }

  /** A 7.3.3 field: both halves. */
  static void both32(Path image, long at, long v) {
    le32(image, at, v);
    be32(image, at + 4, v);
  }

  static void u8(Path image, long at, int v) {
    Tools.patch(image, at, (byte) v);
  }

  /** The extent of the directory record at {@code record}. */
  static long extent(Path image, long record) {
    return u32(image, record + 2);
  }

  /**
   * The disk offset of the record named {@code isoName} (as stored) in the directory at block
   * {@code lba}.
   */
  static long record(Path image, long lba, String isoName) {
    byte[] want = isoName.getBytes(StandardCharsets.ISO_8859_1);
    long at = lba * 2048;
    byte[] sector = Tools.read(image, at, 2048);
    int p = 0;
    while (p < 2048 && sector[p] != 0) {
      int len = sector[p] & 0xff;
      int nameLen = sector[p + 32] & 0xff;
      if (nameLen == want.length
          && java.util.Arrays.equals(sector, p + 33, p + 33 + nameLen, want, 0, nameLen)) {
        return at + p;
      }
      p += len;
    }
    throw new AssertionError(isoName + " not in the directory at block " + lba);
  }

  /** The record {@code path} names, from the root: ISO names as stored, '/'-separated. */
  static long path(Path image, String path) {
    long lba = u32(image, ROOT_RECORD + 2);
    long rec = -1;
    for (String part : path.split("/")) {
      if (!part.isEmpty()) {
        rec = record(image, lba, part);
        lba = extent(image, rec);
      }
    }
    return rec;
  }

  /**
   * The disk offset of the SUSP entry {@code sig} in the System Use area of the record at {@code
   * record}.
   */
  static long entry(Path image, long record, String sig) {
    byte[] r = Tools.read(image, record, u8(image, record));
    int nameLen = r[32] & 0xff;
    int p = 33 + nameLen + ((nameLen & 1) == 0 ? 1 : 0);
    while (p + 4 <= r.length) {
      if (r[p] == sig.charAt(0) && r[p + 1] == sig.charAt(1)) {
        return record + p;
      }
      if ((r[p + 2] & 0xff) < 4) {
        break;
      }
      p += r[p + 2] & 0xff;
    }
    throw new AssertionError(sig + " not in the record at " + record);
  }
}
