package org.bootlace.image.vhdx;

import java.util.Arrays;
import java.util.HexFormat;

/** A GUID as VHDX stores it: the first three fields little-endian, the rest as written. */
record Guid(byte[] bytes) {
  static Guid of(String text) {
    byte[] t = HexFormat.of().parseHex(text.replace("-", ""));
    byte[] b = new byte[16];
    int[] order = {3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15};
    for (int i = 0; i < 16; i++) {
      b[i] = t[order[i]];
    }
    return new Guid(b);
  }

  static Guid at(byte[] b, int off) {
    return new Guid(Arrays.copyOfRange(b, off, off + 16));
  }

  boolean isZero() {
    for (byte x : bytes) {
      if (x != 0) {
        return false;
      }
    }
    return true;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Guid g && Arrays.equals(bytes, g.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    int[] order = {3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15};
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < 16; i++) {
      if (i == 4 || i == 6 || i == 8 || i == 10) {
        s.append('-');
      }
      HexFormat.of().toHexDigits(s, bytes[order[i]]);
    }
    return s.toString();
  }
}
