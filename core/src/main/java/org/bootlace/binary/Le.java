package org.bootlace.binary;

/**
 * Little-endian reads from a byte array. Callers check bounds through {@link ByteCursor} or sizes.
 */
public final class Le {
  private Le() {}

  public static int u8(byte[] b, int off) {
    return b[off] & 0xff;
  }

  public static int u16(byte[] b, int off) {
    return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8;
  }

  public static long u32(byte[] b, int off) {
    return s32(b, off) & 0xffff_ffffL;
  }

  public static int s32(byte[] b, int off) {
    return (b[off] & 0xff)
        | (b[off + 1] & 0xff) << 8
        | (b[off + 2] & 0xff) << 16
        | (b[off + 3] & 0xff) << 24;
  }

  /** A raw 64-bit value; may be negative when the top bit is set, so callers validate it. */
  public static long u64(byte[] b, int off) {
    return u32(b, off) | u32(b, off + 4) << 32;
  }

  public static void putU32(byte[] b, int off, long v) {
    b[off] = (byte) v;
    b[off + 1] = (byte) (v >>> 8);
    b[off + 2] = (byte) (v >>> 16);
    b[off + 3] = (byte) (v >>> 24);
  }
}
