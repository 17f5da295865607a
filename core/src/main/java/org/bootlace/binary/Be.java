package org.bootlace.binary;

/** Big-endian reads from a byte array (ISO 9660's other half, btrfs-free formats, qcow2). */
public final class Be {
  private Be() {}

  public static int u16(byte[] b, int off) {
    return (b[off] & 0xff) << 8 | (b[off + 1] & 0xff);
  }

  public static long u32(byte[] b, int off) {
    return ((long) (b[off] & 0xff) << 24)
        | (b[off + 1] & 0xff) << 16
        | (b[off + 2] & 0xff) << 8
        | (b[off + 3] & 0xff);
  }

  /** A raw 64-bit value; may be negative when the top bit is set, so callers validate it. */
  public static long u64(byte[] b, int off) {
    return u32(b, off) << 32 | u32(b, off + 4);
  }
}
