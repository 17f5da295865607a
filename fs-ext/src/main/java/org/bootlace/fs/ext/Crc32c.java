package org.bootlace.fs.ext;

import java.util.zip.CRC32C;

/**
 * CRC32C as ext4 uses it: a raw register value, chained from a seed, with neither the initial nor
 * the final inversion. {@link CRC32C} always starts from {@code ~0} and inverts at the end, so a
 * seed is reached by first feeding four bytes that drive the register from {@code ~0} to it.
 */
final class Crc32c {
  /** The reflected CRC32C polynomial. */
  private static final int POLY = 0x82F63B78;

  private final CRC32C crc = new CRC32C();

  private Crc32c(int seed) {
    int x = unshift32(seed) ^ 0xFFFF_FFFF;
    crc.update(new byte[] {(byte) x, (byte) (x >>> 8), (byte) (x >>> 16), (byte) (x >>> 24)});
  }

  static Crc32c seeded(int seed) {
    return new Crc32c(seed);
  }

  /** The raw CRC of {@code len} bytes from {@code seed}. */
  static int of(int seed, byte[] b, int off, int len) {
    return seeded(seed).update(b, off, len).value();
  }

  /**
   * Undoes 32 zero-bit steps of the register, so that feeding the result's bytes lands on {@code
   * s}.
   */
  private static int unshift32(int s) {
    for (int i = 0; i < 32; i++) {
      // A forward step shifts right and xors POLY (top bit set) when the low bit was 1.
      s = (s & 0x8000_0000) != 0 ? ((s ^ POLY) << 1) | 1 : s << 1;
    }
    return s;
  }

  Crc32c update(byte[] b, int off, int len) {
    crc.update(b, off, len);
    return this;
  }

  Crc32c updateLe32(long v) {
    crc.update(new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)});
    return this;
  }

  Crc32c updateZeros(int n) {
    crc.update(new byte[n]);
    return this;
  }

  /** The raw register, as ext4 stores it. */
  int value() {
    return ~(int) crc.getValue();
  }
}
