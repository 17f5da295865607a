package org.bootlace.binary;

/**
 * Little-endian reads from a byte array. Callers check bounds through {@link ByteCursor} or sizes.
 */
public final class Le {
  private Le() {}

  /**
   * An unsigned byte.
   *
   * @param b the bytes
   * @param off the offset of the field's first byte in {@code b}
   * @return the value, 0 to 255
   */
  public static int u8(byte[] b, int off) {
    return b[off] & 0xff;
  }

  /**
   * An unsigned little-endian 16-bit value.
   *
   * @param b the bytes
   * @param off the offset of the field's first byte in {@code b}
   * @return the value, 0 to 65535
   */
  public static int u16(byte[] b, int off) {
    return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8;
  }

  /**
   * An unsigned little-endian 32-bit value.
   *
   * @param b the bytes
   * @param off the offset of the field's first byte in {@code b}
   * @return the value, 0 to 2<sup>32</sup> - 1
   */
  public static long u32(byte[] b, int off) {
    return s32(b, off) & 0xffff_ffffL;
  }

  /**
   * A little-endian 32-bit value as Java's signed {@code int} (the same bits as {@link #u32}).
   *
   * @param b the bytes
   * @param off the offset of the field's first byte in {@code b}
   * @return the value
   */
  public static int s32(byte[] b, int off) {
    return (b[off] & 0xff)
        | (b[off + 1] & 0xff) << 8
        | (b[off + 2] & 0xff) << 16
        | (b[off + 3] & 0xff) << 24;
  }

  /**
   * A raw little-endian 64-bit value; may be negative when the top bit is set, so callers validate
   * it.
   *
   * @param b the bytes
   * @param off the offset of the field's first byte in {@code b}
   * @return the 64 bits as a {@code long}
   */
  public static long u64(byte[] b, int off) {
    return u32(b, off) | u32(b, off + 4) << 32;
  }

  /**
   * Writes the low 32 bits of {@code v} little-endian (for building structures, such as a
   * checksum's input with a field zeroed).
   *
   * @param b the bytes
   * @param off the offset of the field's first byte in {@code b}
   * @param v the value; bits above the 32nd are dropped
   */
  public static void putU32(byte[] b, int off, long v) {
    b[off] = (byte) v;
    b[off + 1] = (byte) (v >>> 8);
    b[off + 2] = (byte) (v >>> 16);
    b[off + 3] = (byte) (v >>> 24);
  }
}
