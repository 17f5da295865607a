package org.bootlace.grub2;

import java.math.BigInteger;

/**
 * Small GRUB library routines whose exact behaviour decides results (kern/misc.c, lib/cmdline.c).
 */
final class Gnu {
  private Gnu() {}

  private static final BigInteger ULL_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

  /** grub_isspace: only these four. */
  static boolean isSpace(char c) {
    return c == '\n' || c == '\r' || c == ' ' || c == '\t';
  }

  /** The outcome of grub_strtoull: a value, where parsing stopped, and GRUB's error. */
  record Number(long value, int end, Error error) {
    enum Error {
      NONE,
      BAD_NUMBER,
      OUT_OF_RANGE
    }

    boolean ok() {
      return error == Error.NONE;
    }
  }

  /**
   * grub_strtoul(s, end, base) on a 64-bit GRUB: leading blanks skipped, {@code 0x} means hex and a
   * leading {@code 0} before an octal digit means octal when base is 0, no sign, stops at the first
   * non-digit; no digit is GRUB_ERR_BAD_NUMBER, overflow is GRUB_ERR_OUT_OF_RANGE with all bits
   * set. The value is unsigned 64-bit, held in a long.
   */
  static Number strtoul(String s, int base) {
    int i = 0;
    int n = s.length();
    while (i < n && isSpace(s.charAt(i))) {
      i++;
    }
    if (i < n && s.charAt(i) == '0') {
      if (i + 1 < n && s.charAt(i + 1) == 'x') {
        if (base == 0 || base == 16) {
          base = 16;
          i += 2;
        }
      } else if (base == 0 && i + 1 < n && s.charAt(i + 1) >= '0' && s.charAt(i + 1) <= '7') {
        base = 8;
      }
    }
    if (base == 0) {
      base = 10;
    }
    BigInteger num = BigInteger.ZERO;
    boolean found = false;
    BigInteger b = BigInteger.valueOf(base);
    while (i < n) {
      int digit = Character.toLowerCase(s.charAt(i)) - '0';
      if (digit >= 'a' - '0') {
        digit += '0' - 'a' + 10;
      } else if (digit > 9 || digit < 0) {
        break;
      }
      if (digit < 0 || digit >= base) {
        break;
      }
      found = true;
      BigInteger next = num.multiply(b).add(BigInteger.valueOf(digit));
      if (next.compareTo(ULL_MAX) > 0) {
        return new Number(-1L, i, Number.Error.OUT_OF_RANGE);
      }
      num = next;
      i++;
    }
    if (!found) {
      return new Number(0, i, Number.Error.BAD_NUMBER);
    }
    return new Number(num.longValue(), i, Number.Error.NONE);
  }

  /** test's grub_strtosl: a leading '-' negates; errors are ignored; the result is a C int. */
  static int strtosl(String s) {
    if (s.startsWith("-")) {
      return (int) -strtoul(s.substring(1), 0).value();
    }
    return (int) strtoul(s, 0).value();
  }

  /**
   * menuentry_eq (normal/menu.c): does {@code spec} name {@code id} at this menu level? A single
   * {@code >} in spec ends the level; {@code >>} stands for a literal {@code >}.
   */
  static boolean menuEntryEq(String id, String spec) {
    int p1 = 0;
    int p2 = 0;
    while (true) {
      char c2 = p2 < spec.length() ? spec.charAt(p2) : 0;
      char c2next = p2 + 1 < spec.length() ? spec.charAt(p2 + 1) : 0;
      char c1 = p1 < id.length() ? id.charAt(p1) : 0;
      if (c2 == '>' && c2next != '>' && c1 == 0) {
        return true;
      }
      if (c2 == '>' && c2next != '>') {
        return false;
      }
      if (c2 == '>') {
        p2++;
        c2 = p2 < spec.length() ? spec.charAt(p2) : 0;
      }
      if (c1 != c2) {
        return false;
      }
      if (c1 == 0) {
        return true;
      }
      p1++;
      p2++;
    }
  }

  /** What follows the first single {@code >} of a default path, or null (GRUB then unsets it). */
  static String afterFirstLevel(String def) {
    if (def == null) {
      return null;
    }
    int i = 0;
    while (i < def.length()) {
      if (def.charAt(i) == '>' && i + 1 < def.length() && def.charAt(i + 1) == '>') {
        i += 2;
        continue;
      }
      if (def.charAt(i) == '>') {
        break;
      }
      i++;
    }
    if (i < def.length() && i + 1 < def.length()) {
      return def.substring(i + 1);
    }
    return null;
  }

  /**
   * grub_create_loader_cmdline: arguments joined by spaces; an argument holding a space is put in
   * double quotes; backslashes and both quote characters are escaped with a backslash. Arguments
   * that no longer fit in {@code size} bytes are left out, as GRUB leaves them out.
   *
   * @return the command line and how many arguments fit
   */
  static String[] loaderCmdline(java.util.List<String> args, long size) {
    return loaderCmdline(args, size, false);
  }

  /** Whether {@code s} has Fedora's pass-through escape {@code \xNN} at {@code i}. */
  static boolean hexEscape(CharSequence s, int i) {
    return i + 3 < s.length()
        && s.charAt(i) == '\\'
        && s.charAt(i + 1) == 'x'
        && isHex(s.charAt(i + 2))
        && isHex(s.charAt(i + 3));
  }

  private static boolean isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  /**
   * grub_create_loader_cmdline; in Fedora's GRUB ({@code fedora}) a {@code \xNN} escape is copied
   * as written instead of having its backslash escaped.
   */
  static String[] loaderCmdline(java.util.List<String> args, long size, boolean fedora) {
    StringBuilder out = new StringBuilder();
    int used = 0;
    for (String a : args) {
      boolean space = a.indexOf(' ') >= 0;
      long argSize = a.length() + 1;
      for (int i = 0; i < a.length(); i++) {
        char c = a.charAt(i);
        if (fedora && hexEscape(a, i)) {
          i += 3;
        } else if (c == '\\' || c == '\'' || c == '"') {
          argSize++;
        }
      }
      if (space) {
        argSize += 2;
      }
      if (size < argSize) {
        break;
      }
      size -= argSize;
      if (used > 0) {
        out.append(' ');
      }
      if (space) {
        out.append('"');
      }
      for (int i = 0; i < a.length(); i++) {
        char c = a.charAt(i);
        if (fedora && hexEscape(a, i)) {
          out.append(a, i, i + 4);
          i += 3;
          continue;
        }
        if (c == '\\' || c == '\'' || c == '"') {
          out.append('\\');
        }
        out.append(c);
      }
      if (space) {
        out.append('"');
      }
      used++;
    }
    return new String[] {out.toString(), Integer.toString(used)};
  }
}
