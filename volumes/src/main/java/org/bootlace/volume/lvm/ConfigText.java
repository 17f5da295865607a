package org.bootlace.volume.lvm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bootlace.CorruptImageException;
import org.bootlace.LimitExceededException;
import org.bootlace.Limits;

/**
 * LVM2's configuration text, the language its metadata is written in:
 *
 * <pre>
 *   file    = item*
 *   item    = NAME "=" value | NAME "{" item* "}"
 *   value   = STRING | NUMBER | "[" [ scalar ("," scalar)* ] "]"
 *   scalar  = STRING | NUMBER
 *   NAME    = [A-Za-z0-9_.+-]+          STRING = '"' ( '\' any | not '"' )* '"'
 *   NUMBER  = '-'? digits ('.' digits)?  comments run from '#' to the end of the line
 * </pre>
 *
 * Parsed in one pass over the bytes (linear in the text's length), with sections nested at most
 * {@link #MAX_DEPTH} deep; a key given twice in one section is an error. Bytes are read as
 * ISO-8859-1, so every byte is one character. The parsed tree costs more memory than the text (a
 * four-byte {@code a=1\n} becomes a key, a value and a map entry), so each value is charged {@link
 * #VALUE_COST} bytes against {@code maxMetadataBytes}.
 */
final class ConfigText {
  /** A VG's metadata nests four deep (vg, logical_volumes, lv, segment). */
  static final int MAX_DEPTH = 16;

  /** What one parsed value is charged against {@code maxMetadataBytes}, about its heap cost. */
  static final int VALUE_COST = 64;

  /** A parsed value. */
  sealed interface Value permits Str, Num, Arr, Section {}

  record Str(String value) implements Value {}

  /**
   * A number; {@code integer} is false for one with a fraction, whose {@code value} is its whole
   * part.
   */
  record Num(long value, boolean integer, String text) implements Value {}

  record Arr(List<Value> items) implements Value {}

  /**
   * A section: its keys in order, where it starts, and its path for messages ({@code
   * vg/logical_volumes/root}).
   */
  static final class Section implements Value {
    final Map<String, Value> items = new LinkedHashMap<>();
    final String path;
    final int line;
    private final String what;

    Section(String path, int line, String what) {
      this.path = path;
      this.line = line;
      this.what = what;
    }

    Optional<Value> get(String key) {
      return Optional.ofNullable(items.get(key));
    }

    private String at(String key) {
      return what + ": " + (path.isEmpty() ? "" : path + "/") + key;
    }

    private Value need(String key) throws CorruptImageException {
      Value v = items.get(key);
      if (v == null) {
        throw new CorruptImageException(
            what
                + ": "
                + (path.isEmpty() ? "top level" : path)
                + " (line "
                + line
                + "): missing \""
                + key
                + "\"");
      }
      return v;
    }

    String string(String key) throws CorruptImageException {
      if (need(key) instanceof Str s) {
        return s.value();
      }
      throw new CorruptImageException(at(key) + ": not a string");
    }

    long number(String key) throws CorruptImageException {
      if (need(key) instanceof Num n && n.integer()) {
        return n.value();
      }
      throw new CorruptImageException(at(key) + ": not an integer");
    }

    long number(String key, long min, long max) throws CorruptImageException {
      long v = number(key);
      if (v < min || v > max) {
        throw new CorruptImageException(at(key) + ": " + v + " is outside " + min + ".." + max);
      }
      return v;
    }

    Section section(String key) throws CorruptImageException {
      if (need(key) instanceof Section s) {
        return s;
      }
      throw new CorruptImageException(at(key) + ": not a section");
    }

    Arr array(String key) throws CorruptImageException {
      if (need(key) instanceof Arr a) {
        return a;
      }
      throw new CorruptImageException(at(key) + ": not an array");
    }

    /** An array of strings, or an empty list when the key is absent. */
    List<String> strings(String key) throws CorruptImageException {
      if (!items.containsKey(key)) {
        return List.of();
      }
      List<String> out = new ArrayList<>();
      for (Value v : array(key).items()) {
        if (!(v instanceof Str s)) {
          throw new CorruptImageException(at(key) + ": an item is not a string");
        }
        out.add(s.value());
      }
      return out;
    }

    String where(String key) {
      return at(key);
    }
  }

  private final byte[] b;
  private final int end;
  private final String what;
  private final long maxBytes;
  private long values;
  private int pos;
  private int line = 1;

  private ConfigText(byte[] b, int end, String what, long maxBytes) {
    this.b = b;
    this.end = end;
    this.what = what;
    this.maxBytes = maxBytes;
  }

  /**
   * Parses {@code text[0..end)}; {@code what} names it in messages ({@code lvm: disk.img[msdos2]:
   * metadata text at 0x1200}).
   */
  static Section parse(byte[] text, int end, String what, long maxMetadataBytes)
      throws CorruptImageException, LimitExceededException {
    ConfigText p = new ConfigText(text, end, what, maxMetadataBytes);
    Section top = new Section("", 1, what);
    p.items(top, 0);
    return top;
  }

  /** Parses with the default {@code maxMetadataBytes}. */
  static Section parse(byte[] text, int end, String what)
      throws CorruptImageException, LimitExceededException {
    return parse(text, end, what, Limits.defaults().maxMetadataBytes());
  }

  private void charge() throws LimitExceededException {
    values++;
    if (values * VALUE_COST > maxBytes) {
      throw new LimitExceededException(
          "maxMetadataBytes",
          maxBytes,
          what
              + ": more than "
              + (maxBytes / VALUE_COST)
              + " values at "
              + VALUE_COST
              + " bytes each");
    }
  }

  private CorruptImageException fail(String msg) {
    return new CorruptImageException(what + ": line " + line + ": " + msg);
  }

  private String found() {
    if (pos >= end) {
      return "the end of the text";
    }
    int c = b[pos] & 0xff;
    return c >= 0x21 && c < 0x7f
        ? "'" + (char) c + "'"
        : String.format(java.util.Locale.ROOT, "byte 0x%02x", c);
  }

  private void skipSpace() {
    while (pos < end) {
      int c = b[pos] & 0xff;
      if (c == '\n') {
        line++;
        pos++;
      } else if (c == ' ' || c == '\t' || c == '\r') {
        pos++;
      } else if (c == '#') {
        while (pos < end && b[pos] != '\n') {
          pos++;
        }
      } else {
        return;
      }
    }
  }

  private static boolean nameChar(int c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '_'
        || c == '.'
        || c == '+'
        || c == '-';
  }

  /** Items until the end of the text (depth 0) or a closing brace. */
  private void items(Section into, int depth) throws CorruptImageException, LimitExceededException {
    while (true) {
      skipSpace();
      if (pos >= end) {
        if (depth > 0) {
          throw fail("section \"" + into.path + "\" (line " + into.line + ") is not closed");
        }
        return;
      }
      if (b[pos] == '}') {
        if (depth == 0) {
          throw fail("'}' without a section to close");
        }
        pos++;
        return;
      }
      int start = pos;
      while (pos < end && nameChar(b[pos] & 0xff)) {
        pos++;
      }
      if (pos == start) {
        throw fail("expected a name, found " + found());
      }
      String key = new String(b, start, pos - start, java.nio.charset.StandardCharsets.ISO_8859_1);
      int keyLine = line;
      if (into.items.containsKey(key)) {
        throw fail(
            "\""
                + key
                + "\" given twice in "
                + (into.path.isEmpty() ? "the top level" : "\"" + into.path + "\""));
      }
      charge();
      skipSpace();
      if (pos < end && b[pos] == '=') {
        pos++;
        skipSpace();
        into.items.put(key, value());
      } else if (pos < end && b[pos] == '{') {
        pos++;
        if (depth + 1 > MAX_DEPTH) {
          throw fail("sections nested deeper than " + MAX_DEPTH);
        }
        Section s = new Section(into.path.isEmpty() ? key : into.path + "/" + key, keyLine, what);
        into.items.put(key, s);
        items(s, depth + 1);
      } else {
        throw fail("expected '=' or '{' after \"" + key + "\", found " + found());
      }
    }
  }

  private Value value() throws CorruptImageException, LimitExceededException {
    if (pos < end && b[pos] == '[') {
      pos++;
      List<Value> items = new ArrayList<>();
      skipSpace();
      if (pos < end && b[pos] == ']') {
        pos++;
        return new Arr(List.copyOf(items));
      }
      while (true) {
        skipSpace();
        charge();
        items.add(scalar());
        skipSpace();
        if (pos < end && b[pos] == ',') {
          pos++;
        } else if (pos < end && b[pos] == ']') {
          pos++;
          return new Arr(List.copyOf(items));
        } else {
          throw fail("expected ',' or ']' in an array, found " + found());
        }
      }
    }
    return scalar();
  }

  private Value scalar() throws CorruptImageException {
    if (pos < end && b[pos] == '"') {
      pos++;
      StringBuilder sb = new StringBuilder();
      int startLine = line;
      while (true) {
        if (pos >= end) {
          line = startLine;
          throw fail("string not closed");
        }
        int c = b[pos] & 0xff;
        if (c == '"') {
          pos++;
          return new Str(sb.toString());
        }
        if (c == '\\') {
          pos++;
          if (pos >= end) {
            line = startLine;
            throw fail("string not closed");
          }
          c = b[pos] & 0xff;
        }
        if (c == '\n') {
          line++;
        }
        sb.append((char) c);
        pos++;
      }
    }
    if (pos < end && (b[pos] == '-' || (b[pos] >= '0' && b[pos] <= '9'))) {
      int start = pos;
      boolean negative = b[pos] == '-';
      if (negative) {
        pos++;
      }
      long v = 0;
      int digits = 0;
      boolean overflow = false;
      while (pos < end && b[pos] >= '0' && b[pos] <= '9') {
        int d = b[pos] - '0';
        if (v > (Long.MAX_VALUE - d) / 10) {
          overflow = true;
        } else {
          v = v * 10 + d;
        }
        digits++;
        pos++;
      }
      boolean integer = true;
      if (pos < end && b[pos] == '.') {
        integer = false;
        pos++;
        int frac = 0;
        while (pos < end && b[pos] >= '0' && b[pos] <= '9') {
          pos++;
          frac++;
        }
        if (frac == 0) {
          throw fail("a number ends in '.'");
        }
      }
      String text = new String(b, start, pos - start, java.nio.charset.StandardCharsets.ISO_8859_1);
      if (digits == 0) {
        throw fail("'-' without digits");
      }
      if (overflow) {
        throw fail("number " + text + " does not fit in 64 bits");
      }
      if (pos < end && nameChar(b[pos] & 0xff)) {
        throw fail("number " + text + " followed by " + found());
      }
      return new Num(negative ? -v : v, integer, text);
    }
    throw fail("expected a value, found " + found());
  }
}
