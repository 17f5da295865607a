package org.bootlace.fs.ext;

/**
 * Bit-at-a-time CRC32C and CRC16, written independently of the reader's, to compute the checksums
 * that expected error messages quote and to re-seal patched fixtures.
 */
final class TestCrc {
  private TestCrc() {}

  /** Raw CRC32C register from {@code crc}, no inversions (ext4's convention). */
  static int crc32c(int crc, byte[] b, int off, int len) {
    for (int i = off; i < off + len; i++) {
      crc ^= b[i] & 0xff;
      for (int k = 0; k < 8; k++) {
        crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0x82F63B78 : crc >>> 1;
      }
    }
    return crc;
  }

  static int crc32c(int crc, byte[] b) {
    return crc32c(crc, b, 0, b.length);
  }

  static int crc16(int crc, byte[] b, int off, int len) {
    for (int i = off; i < off + len; i++) {
      crc ^= b[i] & 0xff;
      for (int k = 0; k < 8; k++) {
        crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0xA001 : crc >>> 1;
      }
    }
    return crc & 0xffff;
  }

  static byte[] le32(long v) {
    return new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)};
  }

  static int u16(byte[] b, int off) {
    return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8;
  }

  static long u32(byte[] b, int off) {
    return ((b[off] & 0xff)
        | (b[off + 1] & 0xff) << 8
        | (b[off + 2] & 0xff) << 16
        | (long) (b[off + 3] & 0xff) << 24);
  }
}
