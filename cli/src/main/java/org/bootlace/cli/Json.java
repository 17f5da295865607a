package org.bootlace.cli;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** A minimal JSON writer for the command line's --json output (maps keep insertion order). */
final class Json {
  private Json() {}

  static String write(Object value) {
    StringBuilder out = new StringBuilder();
    write(value, out, 0);
    return out.append('\n').toString();
  }

  /** {@code value} on one line (JSON Lines), ending with a newline. */
  static String line(Object value) {
    StringBuilder out = new StringBuilder();
    write(value, out, COMPACT);
    return out.append('\n').toString();
  }

  /** The indent that means "all on one line". */
  private static final int COMPACT = -1;

  private static void write(Object v, StringBuilder out, int indent) {
    if (v instanceof Optional<?> o) {
      write(o.orElse(null), out, indent);
    } else if (v == null) {
      out.append("null");
    } else if (v instanceof String s) {
      string(s, out);
    } else if (v instanceof Number || v instanceof Boolean) {
      out.append(v);
    } else if (v instanceof Map<?, ?> m) {
      if (m.isEmpty()) {
        out.append("{}");
        return;
      }
      out.append(indent == COMPACT ? "{" : "{\n");
      int i = 0;
      for (Map.Entry<?, ?> e : m.entrySet()) {
        pad(out, indent + 1);
        string(String.valueOf(e.getKey()), out);
        out.append(": ");
        write(e.getValue(), out, next(indent));
        out.append(++i < m.size() ? separator(indent) : end(indent));
      }
      pad(out, indent);
      out.append('}');
    } else if (v instanceof List<?> l) {
      if (l.isEmpty()) {
        out.append("[]");
        return;
      }
      out.append(indent == COMPACT ? "[" : "[\n");
      for (int i = 0; i < l.size(); i++) {
        pad(out, indent + 1);
        write(l.get(i), out, next(indent));
        out.append(i + 1 < l.size() ? separator(indent) : end(indent));
      }
      pad(out, indent);
      out.append(']');
    } else {
      string(v.toString(), out);
    }
  }

  private static int next(int indent) {
    return indent == COMPACT ? COMPACT : indent + 1;
  }

  private static String separator(int indent) {
    return indent == COMPACT ? ", " : ",\n";
  }

  private static String end(int indent) {
    return indent == COMPACT ? "" : "\n";
  }

  private static void pad(StringBuilder out, int indent) {
    if (indent > 0) {
      out.append("  ".repeat(indent));
    }
  }

  private static void string(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || (c >= 0x7f && c < 0xa0) || c == 0x2028 || c == 0x2029) {
            out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
