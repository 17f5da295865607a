package org.bootlace.fs.btrfs;

/**
 * CRC-32C (Castagnoli) in its raw form: btrfs checksums metadata with the usual pre- and
 * post-inverted CRC and hashes directory names with the raw CRC seeded with {@code ~1}.
 */
final class Crc32c {
  private static final int[] TABLE = new int[256];

  static {
    for (int i = 0; i < 256; i++) {
      int c = i;
      for (int k = 0; k < 8; k++) {
        c = (c & 1) != 0 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
      }
      TABLE[i] = c;
    }
  }

  private Crc32c() {}

  /** The raw CRC register after {@code b[off..off+len)} starting from {@code crc}. */
  static int update(int crc, byte[] b, int off, int len) {
    int c = crc;
    for (int i = off; i < off + len; i++) {
      c = TABLE[(c ^ b[i]) & 0xff] ^ (c >>> 8);
    }
    return c;
  }

  /** The standard CRC-32C of a range, as btrfs stores it in a checksum field. */
  static int checksum(byte[] b, int off, int len) {
    return ~update(~0, b, off, len);
  }

  /** btrfs's directory-item key offset for a name: the raw CRC seeded with ~1, not inverted. */
  static long nameHash(byte[] name) {
    return update(~1, name, 0, name.length) & 0xffff_ffffL;
  }
}
