package org.bootlace.partition;

import java.util.HexFormat;
import org.bootlace.binary.Le;

/**
 * GUIDs as GPT stores them: the first three fields little-endian, the last eight bytes in order,
 * printed in lowercase the way {@code blkid} prints PARTUUIDs.
 */
final class Guids {
  static final int SIZE = 16;

  private Guids() {}

  static String format(byte[] b, int off) {
    HexFormat hex = HexFormat.of();
    return hex.toHexDigits((int) Le.u32(b, off))
        + '-'
        + hex.toHexDigits((short) Le.u16(b, off + 4))
        + '-'
        + hex.toHexDigits((short) Le.u16(b, off + 6))
        + '-'
        + hex.formatHex(b, off + 8, off + 10)
        + '-'
        + hex.formatHex(b, off + 10, off + SIZE);
  }

  static boolean isZero(byte[] b, int off) {
    for (int i = 0; i < SIZE; i++) {
      if (b[off + i] != 0) {
        return false;
      }
    }
    return true;
  }
}
