package org.bootlace.fs.iso9660;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * UUID and label as blkid reports them for ISO 9660. The UUID is the primary descriptor's
 * modification date, or its creation date when that is unset, as {@code YYYY-MM-DD-HH-MM-SS-CC}.
 * The label is the primary volume identifier; with Joliet, blkid rebuilds the full name from the
 * Joliet identifier (16 UCS-2 characters, with case and non-ASCII characters) and the primary one
 * (32 characters, upper case, '_' for what ASCII cannot hold) when one is a prefix of the other,
 * and takes the Joliet identifier as it is otherwise.
 */
final class VolumeIds {
  private static final int ID_BYTES = 32;

  private VolumeIds() {}

  static Optional<String> uuid(byte[] pvd) {
    int at = VolumeDescriptor.MODIFICATION_DATE;
    if (unset(pvd, at)) {
      at = VolumeDescriptor.CREATION_DATE;
      if (unset(pvd, at)) {
        return Optional.empty();
      }
    }
    for (int i = 0; i < 16; i++) {
      if (pvd[at + i] < '0' || pvd[at + i] > '9') {
        return Optional.empty();
      }
    }
    String d = new String(pvd, at, 16, StandardCharsets.US_ASCII);
    return Optional.of(
        String.join(
            "-",
            d.substring(0, 4),
            d.substring(4, 6),
            d.substring(6, 8),
            d.substring(8, 10),
            d.substring(10, 12),
            d.substring(12, 14),
            d.substring(14, 16)));
  }

  /** ECMA-119 8.4.26.1: sixteen '0' digits and a zero offset mean "not specified". */
  private static boolean unset(byte[] b, int at) {
    for (int i = 0; i < 16; i++) {
      if (b[at + i] != '0') {
        return false;
      }
    }
    return b[at + 16] == 0;
  }

  static Optional<String> label(byte[] pvd, Optional<byte[]> joliet) {
    int at = VolumeDescriptor.VOLUME_ID;
    if (joliet.isEmpty()) {
      int n = 0;
      while (n < ID_BYTES && pvd[at + n] != 0) {
        n++;
      }
      return trimmed(decode(pvd, at, n, StandardCharsets.UTF_8));
    }
    byte[] j = joliet.get();
    byte[] merged = merge(j, at, pvd, at);
    byte[] utf16 = merged != null ? merged : java.util.Arrays.copyOfRange(j, at, at + ID_BYTES);
    int units = 0;
    while (2 * units + 1 < utf16.length && (utf16[2 * units] != 0 || utf16[2 * units + 1] != 0)) {
      units++;
    }
    return trimmed(decode(utf16, 0, 2 * units, StandardCharsets.UTF_16BE));
  }

  /**
   * The Joliet identifier (UTF-16BE) completed by the primary one, or null when the Joliet one is
   * not a prefix of it: where the primary has '_' the Joliet character stands, where the Joliet has
   * '_' the primary's, and letters equal but for case keep the Joliet case.
   */
  private static byte[] merge(byte[] j, int jAt, byte[] a, int aAt) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int u = 0;
    int c = 0;
    while (u + 1 < ID_BYTES && c < ID_BYTES) {
      int hi = j[jAt + u] & 0xff;
      if (hi >= 0xD8
          && hi <= 0xDB
          && u + 3 < ID_BYTES
          && (j[jAt + u + 2] & 0xff) >= 0xDC
          && (j[jAt + u + 2] & 0xff) <= 0xDF) {
        out.write(j[jAt + u]);
        out.write(j[jAt + u + 1]);
        u += 2;
        hi = j[jAt + u] & 0xff;
      }
      int lo = j[jAt + u + 1] & 0xff;
      int ch = a[aAt + c] & 0xff;
      if (ch == '_') {
        out.write(hi);
        out.write(lo);
      } else if (hi == 0 && lo == '_') {
        out.write(0);
        out.write(ch);
      } else if (hi == 0 && upper(ch) == upper(lo)) {
        out.write(0);
        out.write(ch >= 'A' && ch <= 'Z' ? lo : ch);
      } else {
        return null;
      }
      u += 2;
      c++;
    }
    for (; c < ID_BYTES; c++) {
      out.write(0);
      out.write(a[aAt + c]);
    }
    return out.toByteArray();
  }

  private static int upper(int c) {
    return c >= 'a' && c <= 'z' ? c - 0x20 : c;
  }

  private static String decode(byte[] b, int off, int n, java.nio.charset.Charset cs) {
    try {
      return cs.newDecoder()
          .onMalformedInput(CodingErrorAction.REPLACE)
          .onUnmappableCharacter(CodingErrorAction.REPLACE)
          .decode(ByteBuffer.wrap(b, off, n))
          .toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      return "";
    }
  }

  /** blkid drops trailing white space; an empty label is no label. */
  private static Optional<String> trimmed(String s) {
    int n = s.length();
    while (n > 0
        && (s.charAt(n - 1) == ' ' || (s.charAt(n - 1) >= '\t' && s.charAt(n - 1) <= '\r'))) {
      n--;
    }
    return n == 0 ? Optional.empty() : Optional.of(s.substring(0, n));
  }
}
