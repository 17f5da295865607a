package org.bootlace.fs.fat;

/**
 * 8.3 names: decoding from the OEM code page (437, Linux's and mtools' default), the lower-case
 * flags Windows NT keeps in byte 0x0C, and the checksum long names carry.
 */
final class ShortName {
  /** Code page 437's characters for bytes 0x80 to 0xff. */
  private static final String CP437_HIGH =
      "\u00c7\u00fc\u00e9\u00e2\u00e4\u00e0\u00e5\u00e7\u00ea\u00eb\u00e8\u00ef\u00ee\u00ec\u00c4\u00c5\u00c9\u00e6\u00c6\u00f4\u00f6\u00f2\u00fb\u00f9\u00ff\u00d6\u00dc\u00a2\u00a3\u00a5\u20a7\u0192\u00e1\u00ed\u00f3\u00fa\u00f1\u00d1\u00aa\u00ba\u00bf\u2310\u00ac\u00bd\u00bc\u00a1\u00ab\u00bb\u2591\u2592\u2593\u2502\u2524\u2561\u2562\u2556\u2555\u2563\u2551\u2557\u255d\u255c\u255b\u2510\u2514\u2534\u252c\u251c\u2500\u253c\u255e\u255f\u255a\u2554\u2569\u2566\u2560\u2550\u256c\u2567\u2568\u2564\u2565\u2559\u2558\u2552\u2553\u256b\u256a\u2518\u250c\u2588\u2584\u258c\u2590\u2580"
          + "\u03b1\u00df\u0393\u03c0\u03a3\u03c3\u00b5\u03c4\u03a6\u0398\u03a9\u03b4\u221e\u03c6\u03b5\u2229\u2261\u00b1\u2265\u2264\u2320\u2321\u00f7\u2248\u00b0\u2219\u00b7\u221a\u207f\u00b2\u25a0\u00a0";

  /** Byte 0x0C: the base name is lower case. */
  static final int LOWER_BASE = 0x08;

  /** Byte 0x0C: the extension is lower case. */
  static final int LOWER_EXT = 0x10;

  private ShortName() {}

  static char decode(int b) {
    return b < 0x80 ? (char) b : CP437_HIGH.charAt(b - 0x80);
  }

  /** {@code length} bytes at {@code at} as code page 437 characters, as they are. */
  static String decode(byte[] b, int at, int length) {
    StringBuilder s = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      s.append(decode(b[at + i] & 0xff));
    }
    return s.toString();
  }

  /**
   * The name of the 11 raw name bytes at {@code at}: base, a dot and the extension when there is
   * one, trailing blanks dropped, lower-cased where {@code ntCase} says (ASCII letters only, as
   * Windows and Linux do). A leading 0x05 stands for 0xE5.
   */
  static String name(byte[] b, int at, int ntCase) {
    StringBuilder s = new StringBuilder(12);
    int baseEnd = 8;
    while (baseEnd > 0 && b[at + baseEnd - 1] == ' ') {
      baseEnd--;
    }
    for (int i = 0; i < baseEnd; i++) {
      int c = b[at + i] & 0xff;
      if (i == 0 && c == 0x05) {
        c = 0xE5;
      }
      s.append(lower(decode(c), (ntCase & LOWER_BASE) != 0));
    }
    int extEnd = 11;
    while (extEnd > 8 && b[at + extEnd - 1] == ' ') {
      extEnd--;
    }
    if (extEnd > 8) {
      s.append('.');
      for (int i = 8; i < extEnd; i++) {
        s.append(lower(decode(b[at + i] & 0xff), (ntCase & LOWER_EXT) != 0));
      }
    }
    return s.toString();
  }

  private static char lower(char c, boolean lower) {
    return lower && c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
  }

  /** The checksum of the 11 name bytes at {@code at} that a long name's entries repeat. */
  static int checksum(byte[] b, int at) {
    int sum = 0;
    for (int i = 0; i < 11; i++) {
      sum = (((sum & 1) << 7) | ((sum & 0xff) >> 1)) + (b[at + i] & 0xff);
      sum &= 0xff;
    }
    return sum;
  }

  /** {@code s} with ASCII letters in upper case only, as GRUB's grub_strcasecmp folds FAT names. */
  static String asciiUpper(String s) {
    char[] c = s.toCharArray();
    for (int i = 0; i < c.length; i++) {
      c[i] = asciiUpper(c[i]);
    }
    return new String(c);
  }

  private static char asciiUpper(char c) {
    return c >= 'a' && c <= 'z' ? (char) (c - ('a' - 'A')) : c;
  }
}
