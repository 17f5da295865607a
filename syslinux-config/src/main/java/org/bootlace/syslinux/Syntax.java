package org.bootlace.syslinux;

/**
 * The character rules of syslinux's config reader ({@code readconfig.c}), applied to one decoded
 * line. Two notions of blank coexist there and both are kept: a keyword or word ends at any control
 * character, space or DEL ({@code my_isspace}), while the blanks skipped before a value are only
 * C's six ({@code skipspace}).
 */
final class Syntax {
  private Syntax() {}

  /** {@code my_isspace}: what ends a keyword or a word. */
  static boolean isSpace(char c) {
    return c <= ' ' || c == 0x7f;
  }

  /** C's {@code isspace}: what {@code skipspace} skips. */
  static boolean isBlank(char c) {
    return c == ' ' || (c >= '\t' && c <= '\r');
  }

  static int skipBlanks(String s, int i) {
    while (i < s.length() && isBlank(s.charAt(i))) {
      i++;
    }
    return i;
  }

  /**
   * {@code looking_at}: whether {@code keyword} (lower case) starts at {@code i} in either ASCII
   * case and is followed by the end of the line or a {@link #isSpace} character.
   *
   * @return the index just past the keyword, or -1
   */
  static int lookingAt(String s, int i, String keyword) {
    int end = i + keyword.length();
    if (end > s.length()) {
      return -1;
    }
    for (int k = 0; k < keyword.length(); k++) {
      char c = s.charAt(i + k);
      char q = keyword.charAt(k);
      if (c != q && c != (char) (q ^ 0x20)) {
        return -1;
      }
    }
    return end == s.length() || isSpace(s.charAt(end)) ? end : -1;
  }

  /**
   * The text after the blanks at {@code i}, to the end of the line, as {@code skipspace} leaves it.
   */
  static String rest(String s, int i) {
    return s.substring(skipBlanks(s, i));
  }

  /** The index just past the word starting at {@code i}. */
  static int wordEnd(String s, int i) {
    while (i < s.length() && !isSpace(s.charAt(i))) {
      i++;
    }
    return i;
  }

  /** The word starting at {@code i} (possibly empty). */
  static String word(String s, int i) {
    return s.substring(i, wordEnd(s, i));
  }

  /** The text after the first word and the {@link #isSpace} characters that follow it. */
  static String afterWord(String s) {
    int i = wordEnd(s, 0);
    while (i < s.length() && isSpace(s.charAt(i))) {
      i++;
    }
    return s.substring(i);
  }

  /** A menu label without its {@code ^} hotkey markers, as the menu shows it. */
  static String stripCaret(String s) {
    return s.indexOf('^') < 0 ? s : s.replace("^", "");
  }

  /** Trailing blanks off, for titles a user selects by typing them. */
  static String trimEnd(String s) {
    int end = s.length();
    while (end > 0 && isBlank(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(0, end);
  }

  /** Blanks off both ends, as pygrub strips kernel arguments. */
  static String strip(String s) {
    return trimEnd(s.substring(skipBlanks(s, 0)));
  }

  /**
   * C's {@code atoi} from {@code i}: blanks, a sign, decimal digits; 0 when there are none. Values
   * beyond an {@code int} saturate instead of overflowing as C's would.
   */
  static int atoi(String s, int i) {
    return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, parse(s, i, 10, false)));
  }

  /**
   * C's {@code strtoul(s, NULL, 0)} as syslinux reads a bit mask: blanks, a sign, then {@code 0x}
   * hexadecimal, {@code 0} octal or decimal; kept to 32 bits as syslinux stores it.
   */
  static long strtoul(String s, int i) {
    return parse(s, i, 0, true) & 0xffffffffL;
  }

  private static long parse(String s, int i, int base, boolean wrap) {
    i = skipBlanks(s, i);
    boolean negative = false;
    if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
      negative = s.charAt(i) == '-';
      i++;
    }
    if (base == 0) {
      base = 10;
      if (i < s.length() && s.charAt(i) == '0') {
        base = 8;
        if (i + 2 < s.length()
            && (s.charAt(i + 1) | 0x20) == 'x'
            && Character.digit(s.charAt(i + 2), 16) >= 0) {
          base = 16;
          i += 2;
        }
      }
    }
    long value = 0;
    boolean saturated = false;
    for (; i < s.length(); i++) {
      char c = s.charAt(i);
      int d = c < 0x80 ? Character.digit(c, base) : -1;
      if (d < 0) {
        break;
      }
      if (value > (Long.MAX_VALUE - d) / base) {
        saturated = true;
        value = Long.MAX_VALUE;
      } else if (!saturated) {
        value = value * base + d;
      }
    }
    if (wrap && saturated) {
      value = 0xffffffffL;
    }
    return negative ? -value : value;
  }
}
