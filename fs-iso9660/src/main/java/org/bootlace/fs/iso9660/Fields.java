package org.bootlace.fs.iso9660;

import static org.bootlace.binary.Checks.hex;

import java.util.Locale;
import org.bootlace.CorruptImageException;
import org.bootlace.binary.Be;
import org.bootlace.binary.Le;

/**
 * ECMA-119's numeric fields. The both-byte-order fields (7.2.3, 7.3.3) are read from both halves
 * and must agree: Linux reads only the little-endian half, but a disagreement means one half is
 * damaged and nothing tells which, so it is reported as corruption instead of guessed at.
 */
final class Fields {
  private Fields() {}

  /**
   * A 7.2.3 field (16 bits, little- then big-endian) at {@code b[off]}, which lies at {@code at} on
   * disk.
   */
  static int both16(byte[] b, int off, long at, String what, String field)
      throws CorruptImageException {
    int le = Le.u16(b, off);
    int be = Be.u16(b, off + 2);
    if (le != be) {
      throw new CorruptImageException(
          String.format(
              Locale.ROOT,
              "%s: %s at %s: little-endian %d != big-endian %d",
              what,
              field,
              hex(at),
              le,
              be));
    }
    return le;
  }

  /**
   * A 7.3.3 field (32 bits, little- then big-endian) at {@code b[off]}, which lies at {@code at} on
   * disk.
   */
  static long both32(byte[] b, int off, long at, String what, String field)
      throws CorruptImageException {
    long le = Le.u32(b, off);
    long be = Be.u32(b, off + 4);
    if (le != be) {
      throw new CorruptImageException(
          String.format(
              Locale.ROOT,
              "%s: %s at %s: little-endian %d != big-endian %d",
              what,
              field,
              hex(at),
              le,
              be));
    }
    return le;
  }
}
