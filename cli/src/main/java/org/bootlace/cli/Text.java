package org.bootlace.cli;

import java.util.Locale;

/**
 * Guest strings on their way to a terminal: control characters become {@code \xNN}, and the Unicode
 * controls that reorder text (the bidirectional embeddings, overrides and isolates, and the
 * invisible direction marks) become a backslash, {@code u} and four hex digits, so a title can
 * neither drive the terminal nor make the text around it read backwards.
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

  /** The terminal columns {@code s} takes; see {@link #columns(int)}. */
  static int columns(String s) {
    return s.codePoints().map(Text::columns).sum();
  }

  /**
   * The terminal columns one code point takes, as wcwidth counts them: 2 for East Asian Wide and
   * Fullwidth characters (CJK ideographs, kana, Hangul syllables, fullwidth forms, the wide emoji
   * blocks), 0 for combining marks, format characters and Hangul medial and final jamo, 1 for the
   * rest. Control characters count 1: callers pass guest text through {@link #safe} first.
   */
  static int columns(int cp) {
    int type = Character.getType(cp);
    if (type == Character.NON_SPACING_MARK
        || type == Character.ENCLOSING_MARK
        || type == Character.FORMAT
        || (cp >= 0x1160 && cp <= 0x11ff)) {
      return cp == 0x00ad ? 1 : 0;
    }
    return wide(cp) ? 2 : 1;
  }

  private static boolean wide(int cp) {
    return (cp >= 0x1100 && cp <= 0x115f) // Hangul initial jamo
        || cp == 0x2329
        || cp == 0x232a
        || (cp >= 0x231a && cp <= 0x231b)
        || (cp >= 0x23e9 && cp <= 0x23ec)
        || (cp >= 0x2e80 && cp <= 0x303e) // CJK radicals, Kangxi, CJK symbols and punctuation
        || (cp >= 0x3041
            && cp <= 0x33ff) // kana, bopomofo, Hangul compatibility jamo, CJK compatibility
        || (cp >= 0x3400 && cp <= 0x4dbf) // CJK extension A
        || (cp >= 0x4e00 && cp <= 0x9fff) // CJK unified ideographs
        || (cp >= 0xa000 && cp <= 0xa4cf) // Yi
        || (cp >= 0xa960 && cp <= 0xa97f) // Hangul jamo extended A
        || (cp >= 0xac00 && cp <= 0xd7a3) // Hangul syllables
        || (cp >= 0xf900 && cp <= 0xfaff) // CJK compatibility ideographs
        || (cp >= 0xfe10 && cp <= 0xfe19) // vertical forms
        || (cp >= 0xfe30 && cp <= 0xfe6f) // CJK compatibility forms, small forms
        || (cp >= 0xff00 && cp <= 0xff60) // fullwidth forms
        || (cp >= 0xffe0 && cp <= 0xffe6)
        || (cp >= 0x16fe0 && cp <= 0x18cff) // Tangut and its components
        || (cp >= 0x1b000 && cp <= 0x1b2ff) // kana supplement and extensions, Nushu
        || (cp >= 0x1f300 && cp <= 0x1f64f) // pictographs and emoticons
        || (cp >= 0x1f900 && cp <= 0x1f9ff)
        || (cp >= 0x20000 && cp <= 0x3fffd); // CJK extensions B and later
  }

  /**
   * {@code s} cut at the end to at most {@code width} columns; when cut, the last column holds
   * {@code marker} (a wide character is never split: a column it would straddle stays blank).
   */
  static String fit(String s, int width, String marker) {
    if (columns(s) <= width) {
      return s;
    }
    int room = width - columns(marker);
    StringBuilder out = new StringBuilder();
    int used = 0;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      int w = columns(cp);
      if (used + w > room) {
        break;
      }
      out.appendCodePoint(cp);
      used += w;
      i += Character.charCount(cp);
    }
    return out.append(" ".repeat(Math.max(0, room - used)))
        .append(room >= 0 ? marker : "")
        .toString();
  }

  /** {@code s} padded with spaces to {@code width} columns (it must fit). */
  static String pad(String s, int width) {
    return s + " ".repeat(Math.max(0, width - columns(s)));
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
