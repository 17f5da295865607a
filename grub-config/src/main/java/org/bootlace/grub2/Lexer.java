package org.bootlace.grub2;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.bootlace.LimitExceededException;
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
    WORD,
    NEWLINE,
    SEMI,
    LBR,
    RBR,
    EOF,
    CASE,
    DO,
    DONE,
    ELIF,
    ELSE,
    ESAC,
    FI,
    FOR,
    IF,
    IN,
    SELECT,
    THEN,
    UNTIL,
    WHILE,
    FUNCTION,
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
      Set.of(
          "case",
          "do",
          "done",
          "elif",
          "else",
          "esac",
          "fi",
          "for",
          "if",
          "in",
          "select",
          "then",
          "until",
          "while",
          "function");

  private final Lines lines;

  /**
   * The text of the piece being lexed: its first line and every line an open quote or a
   * backslash-newline pulled in after it. Lines are only ever appended, and a word that runs over
   * several lines is scanned once, resuming where the last line ended, so lexing stays linear in
   * the size of the script however long a quote stays open.
   */
  private final StringBuilder buf = new StringBuilder();

  private int[] lineAt = new int[64];
  private int[] colAt = new int[64];
  private int pos;
  private int lastLine;

  /** Open constructs; while positive, the end of a line does not end the script. */
  int refs;

  Lexer(Lines lines, Lines.Line first) {
    this.lines = lines;
    startBuffer(first);
  }

  /** The number of the last line read. */
  int lastLine() {
    return lastLine;
  }

  /** Starts a fresh buffer with {@code line}: the previous text is no longer needed. */
  private void startBuffer(Lines.Line line) {
    buf.setLength(0);
    pos = 0;
    append(line);
  }

  private void append(Lines.Line line) {
    int from = buf.length();
    buf.append(line.text()).append('\n');
    int to = buf.length();
    if (to > lineAt.length) {
      int size = Math.max(to, lineAt.length * 2);
      lineAt = Arrays.copyOf(lineAt, size);
      colAt = Arrays.copyOf(colAt, size);
    }
    for (int i = from; i < to; i++) {
      lineAt[i] = line.number();
      colAt[i] = i - from + 1;
    }
    lastLine = line.number();
  }

  /** Appends the next line to the word that starts at {@code wordStart}, which needs more text. */
  private void appendNext(int wordStart) throws ScriptSyntaxException, LimitExceededException {
    Lines.Line line = lines.next();
    if (line == null) {
      throw new ScriptSyntaxException(
          "unexpected end of file", lineAt[wordStart], colAt[wordStart]);
    }
    append(line);
  }

  private Token token(Kind kind, int start, int end, List<Part> parts, boolean name) {
    pos = end;
    return new Token(kind, buf.substring(start, end), parts, name, lineAt[start], colAt[start]);
  }

  Token next() throws ScriptSyntaxException, LimitExceededException {
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
        startBuffer(line);
        continue;
      }
      char c = buf.charAt(pos);
      switch (c) {
        case ' ', '\t' -> {
          pos++;
          continue;
        }
        case '#' -> {
          pos = buf.indexOf("\n", pos);
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
      WordScan scan = new WordScan(start);
      // An open quote or a backslash-newline at the end of the line: GRUB reads the next line
      // and goes on with the same word.
      while (!scan.run()) {
        appendNext(start);
      }
      int end = scan.i;
      if (end == start) {
        return token(Kind.BAD, start, start + 1, List.of(), false);
      }
      String text = buf.substring(start, end);
      if (text.equals("[[") || text.equals("]]")) {
        return token(Kind.BAD, start, end, List.of(), false);
      }
      if (KEYWORDS.contains(text)) {
        return token(Kind.valueOf(text.toUpperCase(Locale.ROOT)), start, end, List.of(), false);
      }
      return token(Kind.WORD, start, end, split(text, start), isName(text));
    }
  }

  /** Where a word scan stands: outside quotes, or inside a single- or double-quoted string. */
  private enum ScanMode {
    PLAIN,
    SINGLE,
    DOUBLE
  }

  /**
   * The scan of the longest WORD at a position, resumable: when the buffer ends inside the word,
   * {@link #run()} answers false and keeps its place, and the next call goes on from there once
   * another line has been appended.
   */
  private final class WordScan {
    private int i;
    private ScanMode mode = ScanMode.PLAIN;

    WordScan(int start) {
      this.i = start;
    }

    /** True when the word ended (at {@link #i}); false when it needs the next line. */
    boolean run() {
      int n = buf.length();
      while (true) {
        if (mode == ScanMode.SINGLE) {
          int j = buf.indexOf("'", i);
          if (j < 0) {
            i = n;
            return false;
          }
          i = j + 1;
          mode = ScanMode.PLAIN;
        } else if (mode == ScanMode.DOUBLE) {
          while (i < n && buf.charAt(i) != '"') {
            i += buf.charAt(i) == '\\' ? 2 : 1;
          }
          if (i >= n) {
            i = n; // a backslash before the buffer's final newline steps past it
            return false;
          }
          i++;
          mode = ScanMode.PLAIN;
        }
        if (i >= n) {
          return false; // only a backslash-newline can take a word to the end of the buffer
        }
        char c = buf.charAt(i);
        if (isWordChar(c)) {
          i++;
        } else if (c == '\\') {
          i += 2;
        } else if (c == '\'') {
          i++;
          mode = ScanMode.SINGLE;
        } else if (c == '"') {
          i++;
          mode = ScanMode.DOUBLE;
        } else if (c == '$' && i + 1 < n && buf.charAt(i + 1) == '"') {
          i += 2;
          mode = ScanMode.DOUBLE;
        } else if (c == '$') {
          int v = variableLength(buf, i + 1);
          if (v == 0) {
            return true;
          }
          i += 1 + v;
        } else {
          return true;
        }
      }
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

  // A switch, not a search of a string of these characters: it runs for every character of the
  // configuration, and a cold command line runs it interpreted.
  private static boolean isWordChar(char c) {
    return switch (c) {
      case '{', '}', '|', '&', '$', ';', '<', '>', ' ', '\t', '\n', '\'', '"', '\\' -> false;
      default -> true;
    };
  }

  /**
   * Length of a variable reference after {@code $} at {@code i}: NAME, DIGITS, SPECIAL, or braced;
   * 0 if none.
   */
  static int variableLength(CharSequence s, int i) {
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

  private static int bareVariableLength(CharSequence s, int i) {
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
      throw new ScriptSyntaxException("'$' not followed by a variable name", lineAt[at], colAt[at]);
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
