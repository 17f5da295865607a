package org.bootlace.cli;

import java.util.Locale;

/**
 * Guest strings on their way to a terminal: control characters become {@code \xNN}, and the
 * Unicode controls that reorder text (the bidirectional embeddings, overrides and isolates, and
 * the invisible direction marks) become a backslash, {@code u} and four hex digits, so a title can neither drive the terminal
 * nor make the text around it read backwards.
 */
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
                out.append(String.format(Locale.ROOT, "\\x%02x", cp));
              } else if (reordersText(cp)) {
                out.append(String.format(Locale.ROOT, "\\u%04x", cp));
              } else {
                out.appendCodePoint(cp);
              }
            });
    return out.toString();
  }

  /** LRE, RLE, PDF, LRO, RLO; LRI, RLI, FSI, PDI; LRM, RLM, ALM. */
  static boolean reordersText(int cp) {
    return (cp >= 0x202a && cp <= 0x202e)
        || (cp >= 0x2066 && cp <= 0x2069)
        || cp == 0x200e
        || cp == 0x200f
        || cp == 0x061c;
  }
}
