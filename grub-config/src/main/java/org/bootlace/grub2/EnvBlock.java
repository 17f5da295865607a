package org.bootlace.grub2;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A grubenv file (lib/envblk.c): the signature line {@code # GRUB Environment Block}, then {@code
 * name=value} lines where a backslash escapes the next character (a newline included), and lines
 * starting with {@code #}, which are padding. Read exactly as GRUB reads it: a name runs to the
 * first {@code =} even across lines, and a line with no {@code =} or a value with no ending newline
 * ends the block.
 */
final class EnvBlock {
  static final String SIGNATURE = "# GRUB Environment Block\n";

  record Pair(String name, String value) {}

  private EnvBlock() {}

  /** The variables of a block, in file order; null when the signature is wrong. */
  static List<Pair> parse(byte[] bytes) {
    byte[] sig = SIGNATURE.getBytes(StandardCharsets.US_ASCII);
    // GRUB wants room for the signature and its terminating NUL.
    if (bytes.length < sig.length + 1) {
      return null;
    }
    for (int i = 0; i < sig.length; i++) {
      if (bytes[i] != sig[i]) {
        return null;
      }
    }
    List<Pair> out = new ArrayList<>();
    int p = sig.length;
    int end = bytes.length;
    while (p < end) {
      if (bytes[p] != '#') {
        int nameStart = p;
        while (p < end && bytes[p] != '=') {
          p++;
        }
        if (p == end) {
          return out;
        }
        int nameEnd = p;
        p++;
        int valueStart = p;
        while (p < end) {
          if (bytes[p] == '\n') {
            break;
          } else if (bytes[p] == '\\') {
            p += 2;
          } else {
            p++;
          }
        }
        if (p >= end) {
          return out;
        }
        java.io.ByteArrayOutputStream value = new java.io.ByteArrayOutputStream();
        for (int q = valueStart; bytes[q] != '\n'; q++) {
          if (bytes[q] == '\\') {
            q++;
          }
          value.write(bytes[q]);
        }
        out.add(
            new Pair(
                cString(bytes, nameStart, nameEnd), cString(value.toByteArray(), 0, value.size())));
      }
      // find_next_line
      while (p < end) {
        if (bytes[p] == '\\') {
          p += 2;
        } else if (bytes[p] == '\n') {
          break;
        } else {
          p++;
        }
      }
      p++;
    }
    return out;
  }

  /** Bytes up to the first NUL, as C sees a string; UTF-8 decoded. */
  private static String cString(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] == 0) {
        to = i;
        break;
      }
    }
    return new String(b, from, to - from, StandardCharsets.UTF_8);
  }
}
