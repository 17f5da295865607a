package org.bootlace.volume.lvm;

/**
 * LVM2's checksum: the reflected CRC-32 polynomial (0xedb88320) started at 0xf597a6cf, without the
 * final inversion; it covers a label from its {@code offset_xl} field, a metadata-area header after
 * its checksum, and the metadata text.
 */
final class LvmCrc {
  static final int INITIAL = 0xf597a6cf;
  private static final int[] TABLE = new int[256];

  static {
    for (int i = 0; i < 256; i++) {
      int c = i;
      for (int k = 0; k < 8; k++) {
        c = (c & 1) != 0 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
      }
      TABLE[i] = c;
    }
  }

  private LvmCrc() {}

  static int update(int crc, byte[] b, int off, int len) {
    int c = crc;
    for (int i = off; i < off + len; i++) {
      c = TABLE[(c ^ b[i]) & 0xff] ^ (c >>> 8);
    }
    return c;
  }

  static long of(byte[] b, int off, int len) {
    return update(INITIAL, b, off, len) & 0xffff_ffffL;
  }
}
