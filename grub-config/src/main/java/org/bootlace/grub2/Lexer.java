package org.bootlace.grub2;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.bootlace.grub2.Ast.Part;
import org.bootlace.grub2.Ast.PartType;

/**
 * GRUB's script lexer (grub-core/script/yylex.l), rule for rule: the longest match wins and ties go
 * to the earlier rule. It reads one line at a time and asks for the next line only inside an open
 * construct ({@link #refs}), after an unterminated quote, or after a backslash-newline, as GRUB's
 * lexer does; everything else ends the piece of script at the end of the line.
 */
final class Lexer {
  enum Kind {
    WORD, NEWLINE, SEMI, LBR, RBR, EOF,
    CASE, DO, DONE, ELIF, ELSE, ESAC, FI, FOR, IF, IN, SELECT, THEN, UNTIL, WHILE, FUNCTION,
    BAD
  }

  /**
   * A token. {@code parts} are a word's pieces; {@code name} says a word is a bare name ({@code
   * [A-Za-z_][A-Za-z0-9_]*}), which {@code for} and {@code function} require.
   */
  record Token(Kind kind, String text, List<Part> parts, boolean name, int line, int column) {
    boolean keyword() {
      return kind.ordinal() >= Kind.CASE.ordinal() && kind.ordinal() <= Kind.FUNCTION.ordinal();
    }

    String describe() {
      return switch (kind) {
        case NEWLINE -> "end of line";
        case EOF -> "end of file";
        default -> "'" + text + "'";
      };
    }
  }

  private static final Set<String> KEYWORDS =
      Set.of("case", "do", "done", "elif", "else", "esac", "fi", "for", "if", "in", "select", "then",
          "until", "while", "function");

  private final Lines lines;
  private String buf = "";
  private int[] lineAt = new int[0];
  private int[] colAt = new int[0];
  private int pos;
  private int lastLine;
  /** Open constructs; while positive, the end of a line does not end the script. */
  int refs;

  Lexer(Lines lines, Lines.Line first) {
    this.lines = lines;
    setBuffer("", new int[0], new int[0], first);
  }

  /** The number of the last line read. */
  int lastLine() {
    return lastLine;
  }

  private void setBuffer(String prefix, int[] prefixLines, int[] prefixCols, Lines.Line line) {
    String text = prefix + line.text() + "\n";
    int[] l = new int[text.length()];
    int[] c = new int[text.length()];
    System.arraycopy(prefixLines, 0, l, 0, prefix.length());
    System.arraycopy(prefixCols, 0, c, 0, prefix.length());
    for (int i = prefix.length(); i < text.length(); i++) {
      l[i] = line.number();
      c[i] = i - prefix.length() + 1;
    }
    buf = text;
    lineAt = l;
    colAt = c;
    pos = 0;
    lastLine = line.number();
  }

  /** Joins the rest of the buffer from {@code from} with the next line and rescans it. */
  private void join(int from) throws ScriptSyntaxException {
    Lines.Line line = lines.next();
    if (line == null) {
      throw new ScriptSyntaxException("unexpected end of file", lineAt[from], colAt[from]);
    }
    int n = buf.length() - from;
    int[] l = new int[n];
    int[] c = new int[n];
    System.arraycopy(lineAt, from, l, 0, n);
    System.arraycopy(colAt, from, c, 0, n);
    setBuffer(buf.substring(from), l, c, line);
  }

  private Token token(Kind kind, int start, int end, List<Part> parts, boolean name) {
    pos = end;
    return new Token(kind, buf.substring(start, end), parts, name, lineAt[start], colAt[start]);
  }

  Token next() throws ScriptSyntaxException {
    while (true) {
      if (pos >= buf.length()) {
        if (refs <= 0) {
          return new Token(Kind.EOF, "", List.of(), false, lastLine, buf.length() + 1);
        }
        Lines.Line line = lines.next();
        if (line == null) {
          throw new ScriptSyntaxException(
              "unexpected end of file", lastLine, Math.max(1, buf.length()));
        }
        setBuffer("", new int[0], new int[0], line);
        continue;
      }
      char c = buf.charAt(pos);
      switch (c) {
        case ' ', '\t' -> {
          pos++;
          continue;
        }
        case '#' -> {
          pos = buf.indexOf('\n', pos);
          continue;
        }
        case '\n' -> {
          return token(Kind.NEWLINE, pos, pos + 1, List.of(), false);
        }
        case '|', '&', ';' -> {
          boolean twice = buf.charAt(pos + 1) == c;
          if (c == ';' && !twice) {
            return token(Kind.SEMI, pos, pos + 1, List.of(), false);
          }
          return token(Kind.BAD, pos, pos + (twice ? 2 : 1), List.of(), false);
        }
        case '<', '>' -> {
          return token(Kind.BAD, pos, pos + 1, List.of(), false);
        }
        case '{' -> {
          return token(Kind.LBR, pos, pos + 1, List.of(), false);
        }
        case '}' -> {
          return token(Kind.RBR, pos, pos + 1, List.of(), false);
        }
        default -> {}
      }
      int start = pos;
      long scan = scanWord(start);
      int end = (int) scan;
      boolean unterminated = scan < 0 || (scan >>> 32) != 0;
      if (unterminated) {
        // An open quote: GRUB puts the text back and reads the next line after it.
        join(start);
        continue;
      }
      if (end == start) {
        return token(Kind.BAD, start, start + 1, List.of(), false);
      }
      if (end == buf.length()) {
        // The word ends in a backslash-newline at the end of the line: a continued line.
        join(start);
        continue;
      }
      String text = buf.substring(start, end);
      if (text.equals("[[") || text.equals("]]")) {
        return token(Kind.BAD, start, end, List.of(), false);
      }
      if (KEYWORDS.contains(text)) {
        return token(Kind.valueOf(text.toUpperCase(java.util.Locale.ROOT)), start, end, List.of(), false);
      }
      return token(Kind.WORD, start, end, split(text, start), isName(text));
    }
  }

  static boolean isName(String s) {
    if (s.isEmpty() || !(isAlpha(s.charAt(0)) || s.charAt(0) == '_')) {
      return false;
    }
    for (int i = 1; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!(isAlpha(c) || isDigit(c) || c == '_')) {
        return false;
      }
    }
    return true;
  }

  static boolean isAlpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isWordChar(char c) {
    return "{}|&$;<> \t\n'\"\\".indexOf(c) < 0;
  }

  /**
   * The end of the longest WORD at {@code p}. Returns the end offset; when the word runs into a
   * quote that does not close in this buffer the result has bit 32 set (GRUB's MULTILINE rule).
   */
  private long scanWord(int p) {
    int i = p;
    int n = buf.length();
    while (i < n) {
      char c = buf.charAt(i);
      if (isWordChar(c)) {
        i++;
      } else if (c == '\\') {
        i += 2;
      } else if (c == '\'') {
        int j = buf.indexOf('\'', i + 1);
        if (j < 0) {
          return (1L << 32) | i;
        }
        i = j + 1;
      } else if (c == '"') {
        int j = endOfDoubleQuote(i + 1);
        if (j < 0) {
          return (1L << 32) | i;
        }
        i = j + 1;
      } else if (c == '$') {
        if (i + 1 < n && buf.charAt(i + 1) == '"') {
          int j = endOfDoubleQuote(i + 2);
          if (j < 0) {
            return (1L << 32) | i;
          }
          i = j + 1;
        } else {
          int v = variableLength(buf, i + 1);
          if (v == 0) {
            return i;
          }
          i += 1 + v;
        }
      } else {
        return i;
      }
    }
    return Math.min(i, n);
  }

  private int endOfDoubleQuote(int k) {
    while (k < buf.length()) {
      char c = buf.charAt(k);
      if (c == '\\') {
        k += 2;
      } else if (c == '"') {
        return k;
      } else {
        k++;
      }
    }
    return -1;
  }

  /** Length of a variable reference after {@code $} at {@code i}: NAME, DIGITS, SPECIAL, or braced; 0 if none. */
  static int variableLength(String s, int i) {
    int n = s.length();
    if (i >= n) {
      return 0;
    }
    char c = s.charAt(i);
    if (c == '{') {
      int inner = bareVariableLength(s, i + 1);
      if (inner > 0 && i + 1 + inner < n && s.charAt(i + 1 + inner) == '}') {
        return inner + 2;
      }
      return 0;
    }
    return bareVariableLength(s, i);
  }

  private static int bareVariableLength(String s, int i) {
    int n = s.length();
    if (i >= n) {
      return 0;
    }
    char c = s.charAt(i);
    if ("?#*@".indexOf(c) >= 0) {
      return 1;
    }
    int j = i;
    if (isDigit(c)) {
      while (j < n && isDigit(s.charAt(j))) {
        j++;
      }
      return j - i;
    }
    if (isAlpha(c) || c == '_') {
      while (j < n && (isAlpha(s.charAt(j)) || isDigit(s.charAt(j)) || s.charAt(j) == '_')) {
        j++;
      }
      return j - i;
    }
    return 0;
  }

  /** Splits a word into its pieces, as GRUB's SPLIT, DQUOTE, SQUOTE and VAR lexer states do. */
  private List<Part> split(String t, int offset) throws ScriptSyntaxException {
    List<Part> parts = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    int n = t.length();
    int i = 0;
    while (i < n) {
      char c = t.charAt(i);
      if (c == '\\') {
        if (i + 1 < n && t.charAt(i + 1) == '\n') {
          i += 2;
        } else if (i + 1 < n) {
          cur.append(c).append(t.charAt(i + 1));
          i += 2;
        } else {
          cur.append(c);
          i++;
        }
      } else if (c == '"') {
        flushText(parts, cur);
        i = doubleQuoted(t, i + 1, parts, offset);
      } else if (c == '\'') {
        flushText(parts, cur);
        int j = t.indexOf('\'', i + 1);
        parts.add(new Part(PartType.SQSTR, t.substring(i + 1, j)));
        i = j + 1;
      } else if (c == '$') {
        flushText(parts, cur);
        if (i + 1 < n && t.charAt(i + 1) == '"') {
          i = gettext(t, i + 2, parts);
        } else {
          i = variable(t, i + 1, PartType.VAR, parts, offset);
        }
      } else {
        cur.append(c);
        i++;
      }
    }
    flushText(parts, cur);
    return List.copyOf(parts);
  }

  private static void flushText(List<Part> parts, StringBuilder cur) {
    if (cur.length() > 0) {
      parts.add(new Part(PartType.TEXT, cur.toString()));
      cur.setLength(0);
    }
  }

  private int doubleQuoted(String t, int i, List<Part> parts, int offset)
      throws ScriptSyntaxException {
    StringBuilder cur = new StringBuilder();
    while (true) {
      char c = t.charAt(i);
      if (c == '\\') {
        char d = t.charAt(i + 1);
        if (d == '$' || d == '\\' || d == '"') {
          cur.append(d);
          i += 2;
        } else if (d == '\n') {
          i += 2;
        } else {
          cur.append(c);
          i++;
        }
      } else if (c == '"') {
        parts.add(new Part(PartType.DQSTR, cur.toString()));
        return i + 1;
      } else if (c == '$') {
        parts.add(new Part(PartType.DQSTR, cur.toString()));
        cur.setLength(0);
        i = variable(t, i + 1, PartType.DQVAR, parts, offset);
      } else {
        cur.append(c);
        i++;
      }
    }
  }

  private int variable(String t, int i, PartType type, List<Part> parts, int offset)
      throws ScriptSyntaxException {
    int v = variableLength(t, i);
    if (v == 0) {
      int at = Math.min(offset + i - 1, buf.length() - 1);
      throw new ScriptSyntaxException(
          "'$' not followed by a variable name", lineAt[at], colAt[at]);
    }
    String name = t.charAt(i) == '{' ? t.substring(i + 1, i + v - 1) : t.substring(i, i + v);
    parts.add(new Part(type, name));
    return i + v;
  }

  private static int gettext(String t, int i, List<Part> parts) {
    StringBuilder cur = new StringBuilder();
    while (true) {
      char c = t.charAt(i);
      if (c == '\\' && t.charAt(i + 1) == '\\') {
        cur.append("\\\\");
        i += 2;
      } else if (c == '\\' && t.charAt(i + 1) == '"') {
        cur.append('"');
        i += 2;
      } else if (c == '\\' && t.charAt(i + 1) == '\n') {
        i += 2;
      } else if (c == '"') {
        parts.add(new Part(PartType.GETTEXT, cur.toString()));
        return i + 1;
      } else {
        cur.append(c);
        i++;
      }
    }
  }
}
