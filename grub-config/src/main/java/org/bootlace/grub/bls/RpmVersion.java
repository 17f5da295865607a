package org.bootlace.grub.bls;

/**
 * The version comparison of Fedora's and RHEL's blscfg module: rpm's {@code rpmvercmp} in which
 * {@code +} plays the part rpm gives to {@code ^}.
 *
 * <p>Each string is read as runs of ASCII digits or ASCII letters; everything else separates runs
 * and is otherwise ignored, except {@code ~} and {@code +}. At each step:
 *
 * <ul>
 *   <li>{@code ~} sorts before anything, even before the end of the other string ({@code 1.0~rc1}
 *       is older than {@code 1.0});
 *   <li>{@code +} sorts after the end of the other string but before any run ({@code 1.0 < 1.0+1 <
 *       1.0.1});
 *   <li>a string that ends while the other has a run left is older;
 *   <li>a digit run is newer than a letter run; digit runs compare as numbers of any length
 *       (leading zeros dropped), letter runs byte by byte.
 * </ul>
 *
 * <p>rpm itself treats {@code ^} the way this treats {@code +}, and {@code +} as a separator; this
 * treats {@code ^} as a separator. RHEL 8's blscfg knows neither and treats both as separators. The
 * order is total: it compares the sequences of runs and marks lexicographically, which is what lets
 * {@link EntryOrder} sort with it.
 */
final class RpmVersion {
  private RpmVersion() {}

  /** 1 if {@code a} is newer, -1 if {@code b} is, 0 if they are the same version. */
  static int compare(String a, String b) {
    if (a.equals(b)) {
      return 0;
    }
    int i = 0;
    int j = 0;
    int n = a.length();
    int m = b.length();
    while (i < n || j < m) {
      while (i < n && isSeparator(a.charAt(i))) {
        i++;
      }
      while (j < m && isSeparator(b.charAt(j))) {
        j++;
      }
      char x = i < n ? a.charAt(i) : 0;
      char y = j < m ? b.charAt(j) : 0;
      if (x == '~' || y == '~') {
        if (x != '~') {
          return 1;
        }
        if (y != '~') {
          return -1;
        }
        i++;
        j++;
        continue;
      }
      if (x == '+' || y == '+') {
        if (i == n) {
          return -1;
        }
        if (j == m) {
          return 1;
        }
        if (x != '+') {
          return 1;
        }
        if (y != '+') {
          return -1;
        }
        i++;
        j++;
        continue;
      }
      if (i == n || j == m) {
        break;
      }
      boolean digits = isDigit(x);
      int endA = runEnd(a, i, digits);
      int endB = runEnd(b, j, digits);
      if (endB == j) { // b has a run of the other kind here: digits beat letters
        return digits ? 1 : -1;
      }
      if (digits) {
        while (i < endA && a.charAt(i) == '0') {
          i++;
        }
        while (j < endB && b.charAt(j) == '0') {
          j++;
        }
        int lengths = Integer.compare(endA - i, endB - j);
        if (lengths != 0) {
          return lengths;
        }
      }
      int bytes = compareRange(a, i, endA, b, j, endB);
      if (bytes != 0) {
        return bytes;
      }
      i = endA;
      j = endB;
    }
    if (i == n && j == m) {
      return 0;
    }
    return i == n ? -1 : 1;
  }

  private static int runEnd(String s, int from, boolean digits) {
    int k = from;
    while (k < s.length() && (digits ? isDigit(s.charAt(k)) : isLetter(s.charAt(k)))) {
      k++;
    }
    return k;
  }

  /** Like strcmp over two ASCII runs: the first differing byte, else the shorter is smaller. */
  private static int compareRange(String a, int i, int endA, String b, int j, int endB) {
    while (i < endA && j < endB) {
      int d = Character.compare(a.charAt(i), b.charAt(j));
      if (d != 0) {
        return d < 0 ? -1 : 1;
      }
      i++;
      j++;
    }
    return Integer.compare(endA - i, endB - j);
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  /** Non-ASCII characters are separators, as GRUB's and rpm's ctype tests see their bytes. */
  private static boolean isSeparator(char c) {
    return !isDigit(c) && !isLetter(c) && c != '~' && c != '+';
  }
}
