package org.bootlace.fs.xfs;

import java.util.zip.CRC32C;
import org.bootlace.binary.Le;

/**
 * XFS's metadata checksum: the standard CRC32C (initial and final inversion) over a whole
 * structure, its own four checksum bytes counted as zeros, stored little-endian.
 */
final class Crc {
  private static final byte[] ZEROS = new byte[4];

  private Crc() {}

  /** The checksum of {@code b[off, off + len)} with the field at {@code off + crcAt} zeroed. */
  static long compute(byte[] b, int off, int len, int crcAt) {
    CRC32C c = new CRC32C();
    c.update(b, off, crcAt);
    c.update(ZEROS, 0, 4);
    c.update(b, off + crcAt + 4, len - crcAt - 4);
    return c.getValue();
  }

  /** The stored checksum at {@code off + crcAt}. */
  static long stored(byte[] b, int off, int crcAt) {
    return Le.u32(b, off + crcAt);
  }
}
