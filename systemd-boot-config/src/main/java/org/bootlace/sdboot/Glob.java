package org.bootlace.sdboot;

/**
 * The glob patterns of loader.conf's {@code default}: {@code *} any run, {@code ?} one character,
 * {@code [...]} a set with ranges and {@code !} or {@code ^} negation, {@code \} quoting the next
 * character. Matching backtracks only to the last {@code *}, so it is linear in pattern times name.
 */
final class Glob {
  private Glob() {}

  static boolean matches(String pattern, String name) {
    int p = 0;
    int n = 0;
    int starP = -1;
    int starN = -1;
    while (n < name.length()) {
      if (p < pattern.length() && pattern.charAt(p) == '*') {
        starP = ++p;
        starN = n;
        continue;
      }
      int next = p < pattern.length() ? one(pattern, p, name.charAt(n)) : -1;
      if (next >= 0) {
        p = next;
        n++;
        continue;
      }
      if (starP < 0) {
        return false;
      }
      p = starP;
      n = ++starN;
    }
    while (p < pattern.length() && pattern.charAt(p) == '*') {
      p++;
    }
    return p == pattern.length();
  }

  /** Matches one pattern element at {@code p} against {@code c}: the index after it, or -1. */
  private static int one(String pattern, int p, char c) {
    char pc = pattern.charAt(p);
    if (pc == '?') {
      return p + 1;
    }
    if (pc == '\\' && p + 1 < pattern.length()) {
      return pattern.charAt(p + 1) == c ? p + 2 : -1;
    }
    if (pc == '[') {
      int i = p + 1;
      boolean negate =
          i < pattern.length() && (pattern.charAt(i) == '!' || pattern.charAt(i) == '^');
      if (negate) {
        i++;
      }
      boolean hit = false;
      boolean first = true;
      while (i < pattern.length() && (first || pattern.charAt(i) != ']')) {
        first = false;
        char lo = pattern.charAt(i);
        char hi = lo;
        if (i + 2 < pattern.length()
            && pattern.charAt(i + 1) == '-'
            && pattern.charAt(i + 2) != ']') {
          hi = pattern.charAt(i + 2);
          i += 2;
        }
        hit |= c >= lo && c <= hi;
        i++;
      }
      if (i >= pattern.length()) {
        return pc == c ? p + 1 : -1; // no closing bracket: a literal '['
      }
      return hit != negate ? i + 1 : -1;
    }
    return pc == c ? p + 1 : -1;
  }
}
