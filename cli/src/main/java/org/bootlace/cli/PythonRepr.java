package org.bootlace.cli;

import java.util.Locale;

/**
 * Python 3's {@code repr()} of a string, which pygrub's sxp output uses: single quotes unless the
 * text holds a single quote and no double quote, backslash escapes for the quote, the backslash,
 * {@code \t \n \r} and every non-printable character.
 */
final class PythonRepr {
  private PythonRepr() {}

  static String of(String s) {
    char quote = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
    StringBuilder out = new StringBuilder(s.length() + 2).append(quote);
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      if (cp == quote || cp == '\\') {
        out.append('\\').appendCodePoint(cp);
      } else if (cp == '\t') {
        out.append("\\t");
      } else if (cp == '\n') {
        out.append("\\n");
      } else if (cp == '\r') {
        out.append("\\r");
      } else if (cp < 0x20 || cp == 0x7f) {
        out.append(String.format(Locale.ROOT, "\\x%02x", cp));
      } else if (cp < 0x7f || isPrintable(cp)) {
        out.appendCodePoint(cp);
      } else if (cp <= 0xff) {
        out.append(String.format(Locale.ROOT, "\\x%02x", cp));
      } else if (cp <= 0xffff) {
        out.append(String.format(Locale.ROOT, "\\u%04x", cp));
      } else {
        out.append(String.format(Locale.ROOT, "\\U%08x", cp));
      }
    }
    return out.append(quote).toString();
  }

  /** Python's str.isprintable for one character: not in categories Cc Cf Cs Co Cn Zl Zp Zs. */
  private static boolean isPrintable(int cp) {
    switch (Character.getType(cp)) {
      case Character.CONTROL:
      case Character.FORMAT:
      case Character.SURROGATE:
      case Character.PRIVATE_USE:
      case Character.UNASSIGNED:
      case Character.LINE_SEPARATOR:
      case Character.PARAGRAPH_SEPARATOR:
      case Character.SPACE_SEPARATOR:
        return false;
      default:
        return true;
    }
  }
}
