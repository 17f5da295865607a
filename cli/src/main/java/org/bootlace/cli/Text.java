package org.bootlace.cli;

/** Guest strings on their way to a terminal: control characters become {@code \xNN}. */
final class Text {
  private Text() {}

  static String safe(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(s.length());
    s.codePoints()
        .forEach(
            cp -> {
              if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) {
                out.append(String.format("\\x%02x", cp));
              } else {
                out.appendCodePoint(cp);
              }
            });
    return out.toString();
  }
}
