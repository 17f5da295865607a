package org.bootlace.sdboot;

import java.util.Comparator;

/**
 * systemd's version comparison (the UAPI Group's Version Format Specification, systemd's {@code
 * strverscmp_improved}): segments of digits compare as numbers and sort above letters, {@code ~}
 * sorts below everything (the end of the string included), then {@code -}, {@code ^} and {@code .}
 * sort below letters and digits; characters other than letters, digits and those four are ignored.
 * {@code null} sorts first.
 */
public final class VersionCompare implements Comparator<String> {
  /** The comparator; it holds no state, so one instance serves every thread. */
  public static final VersionCompare INSTANCE = new VersionCompare();

  private VersionCompare() {}

  @Override
  public int compare(String x, String y) {
    if (x == null || y == null) {
      return Boolean.compare(x != null, y != null);
    }
    int a = 0;
    int b = 0;
    // Each pass consumes at least one character of one string, so the loop ends.
    while (true) {
      while (a < x.length() && !valid(x.charAt(a))) {
        a++;
      }
      while (b < y.length() && !valid(y.charAt(b))) {
        b++;
      }
      char ca = a < x.length() ? x.charAt(a) : 0;
      char cb = b < y.length() ? y.charAt(b) : 0;
      int r;
      if (ca == '~' || cb == '~') {
        r = Boolean.compare(ca != '~', cb != '~');
        if (r != 0) {
          return r;
        }
        a++;
        b++;
        continue;
      }
      if (ca == 0 || cb == 0) {
        return Integer.compare(ca, cb);
      }
      boolean sep = false;
      for (char s : new char[] {'-', '^', '.'}) {
        if (ca == s || cb == s) {
          r = Boolean.compare(ca != s, cb != s);
          if (r != 0) {
            return r;
          }
          a++;
          b++;
          sep = true;
          break;
        }
      }
      if (sep) {
        continue;
      }
      int aa = a;
      int bb = b;
      if (digit(ca) || digit(cb)) {
        while (aa < x.length() && digit(x.charAt(aa))) {
          aa++;
        }
        while (bb < y.length() && digit(y.charAt(bb))) {
          bb++;
        }
        r = Boolean.compare(a != aa, b != bb);
        if (r != 0) {
          return r;
        }
        while (a < aa && x.charAt(a) == '0') {
          a++;
        }
        while (b < bb && y.charAt(b) == '0') {
          b++;
        }
        r = Integer.compare(aa - a, bb - b);
        if (r != 0) {
          return r;
        }
      } else {
        while (aa < x.length() && alpha(x.charAt(aa))) {
          aa++;
        }
        while (bb < y.length() && alpha(y.charAt(bb))) {
          bb++;
        }
      }
      r = x.substring(a, aa).compareTo(y.substring(b, bb));
      if (r != 0) {
        return Integer.signum(r);
      }
      a = aa;
      b = bb;
    }
  }

  private static boolean digit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean alpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static boolean valid(char c) {
    return digit(c) || alpha(c) || c == '~' || c == '-' || c == '^' || c == '.';
  }
}
