package org.bootlace.image.support;

import java.util.Locale;

/** How names read from an image appear in messages: control characters escaped, length capped. */
public final class Names {
  private Names() {}

  /**
   * {@code s} for a message: control characters as {@code \xNN}, the first 256 characters only,
   * then {@code ...}.
   *
   * @param s a name read from an image
   * @return the printable form
   */
  public static String printable(String s) {
    StringBuilder b = new StringBuilder();
    int n = Math.min(s.length(), 256);
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        b.append(String.format(Locale.ROOT, "\\x%02x", (int) c));
      } else {
        b.append(c);
      }
    }
    if (s.length() > n) {
      b.append("...");
    }
    return b.toString();
  }
}
