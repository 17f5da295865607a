package org.bootlace.binary;

/** Big-endian reads from a byte array (ISO 9660's other half, btrfs-free formats, qcow2). */
public final class Be {
  private Be() {}

  /**
   * An unsigned big-endian 16-bit value.
   *
   * @param b the bytes
   * @param off the offset of the field's first byte in {@code b}
   * @return the value, 0 to 65535
   */
  public static int u16(byte[] b, int off) {
    return (b[off] & 0xff) << 8 | (b[off + 1] & 0xff);
  }

  /**
   * An unsigned big-endian 32-bit value.
   *
   * @param b the bytes
   * @param off the offset of the field's first byte in {@code b}
   * @return the value, 0 to 2<sup>32</sup> - 1
   */
  public static long u32(byte[] b, int off) {
    return ((long) (b[off] & 0xff) << 24)
        | (b[off + 1] & 0xff) << 16
        | (b[off + 2] & 0xff) << 8
        | (b[off + 3] & 0xff);
  }

  /**
   * A raw big-endian 64-bit value; may be negative when the top bit is set, so callers validate it.
   *
   * @param b the bytes
   * @param off the offset of the field's first byte in {@code b}
   * @return the 64 bits as a {@code long}
   */
  public static long u64(byte[] b, int off) {
    return u32(b, off) << 32 | u32(b, off + 4);
  }
}
