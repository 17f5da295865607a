package org.bootlace.partition;

import org.bootlace.binary.Le;

/**
 * GUIDs as GPT stores them: the first three fields little-endian, the last eight bytes in order,
 * printed in lowercase the way {@code blkid} prints PARTUUIDs.
 */
final class Guids {
  static final int SIZE = 16;

  private Guids() {}

  static String format(byte[] b, int off) {
    StringBuilder s = new StringBuilder(36);
    s.append(String.format("%08x-%04x-%04x-", Le.u32(b, off), Le.u16(b, off + 4), Le.u16(b, off + 6)));
    for (int i = 8; i < SIZE; i++) {
      if (i == 10) {
        s.append('-');
      }
      s.append(String.format("%02x", b[off + i] & 0xff));
    }
    return s.toString();
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
