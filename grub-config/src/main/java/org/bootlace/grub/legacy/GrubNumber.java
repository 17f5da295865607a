package org.bootlace.grub.legacy;

/**
 * A number as GRUB 0.97 reads one ({@code safe_parse_maxint} in stage2/char_io.c): decimal, or
 * hexadecimal after {@code 0x}, taken from the start of the text up to the first character that is
 * not a digit, at most 2^31-1. Whatever follows the digits is left to the caller.
 *
 * @param value the number
 * @param end the index just past its last digit
 */
record GrubNumber(int value, int end) {
  private static final int MAXINT = Integer.MAX_VALUE;

  static GrubNumber parse(String s, int start) throws GrubFailure {
    int i = start;
    int mult = 10;
    if (charAt(s, i) == '0' && lower(charAt(s, i + 1)) == 'x') {
      i += 2;
      mult = 16;
    }
    int value = 0;
    boolean found = false;
    while (true) {
      int digit = digit(charAt(s, i), mult);
      if (digit < 0) {
        break;
      }
      found = true;
      if (value > (MAXINT - digit) / mult) {
        throw new GrubFailure(GrubError.NUMBER_OVERFLOW);
      }
      value = value * mult + digit;
      i++;
    }
    if (!found) {
      throw new GrubFailure(GrubError.NUMBER_PARSING);
    }
    return new GrubNumber(value, i);
  }

  private static int digit(char c, int mult) {
    char l = lower(c);
    if (l >= '0' && l <= '9') {
      return l - '0';
    }
    if (mult == 16 && l >= 'a' && l <= 'f') {
      return l - 'a' + 10;
    }
    return -1;
  }

  /** The character at {@code i}, or NUL past the end, as C code sees a terminated string. */
  static char charAt(String s, int i) {
    return i < s.length() ? s.charAt(i) : '\0';
  }

  private static char lower(char c) {
    return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
  }
}
