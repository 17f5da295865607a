package org.bootlace.grub2;

import java.util.ArrayList;
import java.util.List;
import org.bootlace.LimitExceededException;
import org.bootlace.grub2.Ast.Part;
import org.bootlace.grub2.Ast.PartType;
import org.bootlace.grub2.Ast.Word;

/**
 * Turns a command's words into its arguments as grub_script_arglist_to_argv does: unquoted
 * variables split on blanks (a value's leading blanks do not start a new argument, as in GRUB), an
 * argument that ends up empty and unquoted disappears, quoted empty strings stay, and the backslash
 * escapes left in unquoted text are removed at the end. Wildcards are expanded only once GRUB's
 * regexp module is loaded (see {@link Wildcards}). Fedora's GRUB leaves every {@code \xNN} escape
 * as written, in quoted strings and unquoted text.
 */
final class Words {
  /** The arguments, and the block if the last word was one. */
  record Args(List<String> argv, Ast.CmdList block) {}

  /** GRUB's wildcard translator: an argument's expansions (escapes still in), or null. */
  interface Expander {
    List<String> expand(String escaped) throws java.io.IOException;
  }

  /** Values of variables, positional parameters included. */
  interface Lookup {
    String get(String name);

    /** Positional parameters, or null outside a function or menu entry. */
    List<String> positional();
  }

  private final List<StringBuilder> slots = new ArrayList<>();
  private final long maxBytes;
  private final String where;
  private final boolean fedora;
  private long total;

  private Words(long maxBytes, String where, boolean fedora) {
    this.maxBytes = maxBytes;
    this.where = where;
    this.fedora = fedora;
  }

  static Args expand(List<Word> words, Lookup env, long maxBytes, String where)
      throws LimitExceededException {
    return expand(words, env, maxBytes, where, false);
  }

  static Args expand(List<Word> words, Lookup env, long maxBytes, String where, boolean fedora)
      throws LimitExceededException {
    try {
      return expand(words, env, maxBytes, where, fedora, null);
    } catch (LimitExceededException e) {
      throw e;
    } catch (java.io.IOException e) {
      throw new IllegalStateException("no expander, no I/O", e);
    }
  }

  /** With {@code wildcards} (GRUB's regexp module loaded), arguments are file name patterns too. */
  static Args expand(
      List<Word> words, Lookup env, long maxBytes, String where, boolean fedora, Expander wildcards)
      throws java.io.IOException {
    Words w = new Words(maxBytes, where, fedora);
    Ast.CmdList block = null;
    for (Word word : words) {
      w.next();
      if (word.block() != null) {
        w.append("{}");
        block = word.block();
        continue;
      }
      for (Part p : word.parts()) {
        w.part(p, env);
      }
    }
    List<String> argv = new ArrayList<>();
    for (StringBuilder s : w.slots) {
      if (s != null) {
        List<String> expanded = wildcards == null ? null : wildcards.expand(s.toString());
        if (expanded == null) {
          argv.add(unescape(s, fedora));
        } else {
          argv.addAll(expanded);
        }
      }
    }
    return new Args(argv, block);
  }

  private void next() {
    if (!slots.isEmpty() && slots.get(slots.size() - 1) == null) {
      return;
    }
    slots.add(null);
  }

  private void append(String s) throws LimitExceededException {
    int last = slots.size() - 1;
    StringBuilder b = slots.get(last);
    if (b == null) {
      b = new StringBuilder();
      slots.set(last, b);
    }
    total += s.length();
    if (b.length() + (long) s.length() > maxBytes || total > 16 * maxBytes) {
      throw new LimitExceededException(
          "maxVariableBytes",
          maxBytes,
          "an argument of the command at " + where + " grows past it");
    }
    b.append(s);
  }

  private void part(Part p, Lookup env) throws LimitExceededException {
    switch (p.type()) {
      case TEXT -> {
        if (!p.text().isEmpty()) {
          append(p.text());
        }
      }
      case DQSTR, SQSTR -> append(escape(p.text(), fedora));
      case GETTEXT -> append(escape(gettext(p.text(), env), fedora));
      case VAR, DQVAR -> {
        List<String> values = values(p.text(), p.type(), env);
        for (int i = 0; i < values.size(); i++) {
          if (i != 0) {
            next();
          }
          append(
              p.type() == PartType.VAR
                  ? doubleBackslashes(values.get(i))
                  : escape(values.get(i), fedora));
        }
      }
    }
  }

  private static boolean special(String name) {
    return Lexer.isDigit(name.charAt(0))
        || name.equals("#")
        || name.equals("*")
        || name.equals("@");
  }

  /** grub_script_env_get: the pieces a variable contributes; an empty value contributes none. */
  static List<String> values(String name, PartType type, Lookup env) {
    List<String> out = new ArrayList<>();
    boolean split = type == PartType.VAR;
    if (!special(name)) {
      String v = env.get(name);
      if (v != null && !v.isEmpty()) {
        if (split) {
          splitInto(out, v);
        } else {
          out.add(v);
        }
      }
      return out;
    }
    List<String> args = env.positional();
    if (args == null) {
      return out;
    }
    switch (name) {
      case "#" -> out.add(Integer.toString(args.size()));
      case "*" -> {
        if (split) {
          for (String a : args) {
            splitInto(out, a);
          }
        } else {
          out.add(String.join(" ", args));
        }
      }
      case "@" -> {
        for (String a : args) {
          if (split) {
            splitInto(out, a);
          } else {
            out.add(a);
          }
        }
      }
      default -> {
        Gnu.Number n = Gnu.strtoul(name, 10);
        long num = n.value();
        if (num != 0 && Long.compareUnsigned(num, args.size()) <= 0) {
          String a = args.get((int) num - 1);
          if (split) {
            splitInto(out, a);
          } else {
            out.add(a);
          }
        }
      }
    }
    return out;
  }

  /**
   * grub_script_argv_split_append into a fresh list. The first piece of a value joins the argument
   * being built; GRUB ignores blanks before it.
   */
  private static void splitInto(List<String> out, String v) {
    int i = 0;
    int n = v.length();
    while (i < n && Gnu.isSpace(v.charAt(i))) {
      i++;
    }
    while (i < n) {
      int start = i;
      while (i < n && !Gnu.isSpace(v.charAt(i))) {
        i++;
      }
      out.add(v.substring(start, i));
      while (i < n && Gnu.isSpace(v.charAt(i))) {
        i++;
      }
    }
  }

  /** wildcard_escape: a backslash before every {@code *}, {@code ?} and backslash. */
  static String escape(String s) {
    return escape(s, false);
  }

  /** wildcard_escape; Fedora's copies {@code \xNN} as written. */
  static String escape(String s, boolean fedora) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (fedora && Gnu.hexEscape(s, i)) {
        b.append(s, i, i + 4);
        i += 3;
        continue;
      }
      if (c == '*' || c == '\\' || c == '?') {
        b.append('\\');
      }
      b.append(c);
    }
    return b.toString();
  }

  /**
   * How an unquoted variable's value is protected: backslashes doubled, {@code \?} and {@code \*}
   * tripled.
   */
  private static String doubleBackslashes(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\') {
        b.append('\\');
        if (i + 1 < s.length() && (s.charAt(i + 1) == '?' || s.charAt(i + 1) == '*')) {
          b.append('\\');
        }
      }
      b.append(c);
    }
    return b.toString();
  }

  /** wildcard_unescape: every backslash escapes the character after it. */
  static String unescape(CharSequence s) {
    return unescape(s, false);
  }

  /** wildcard_unescape; Fedora's keeps {@code \xNN} as written. */
  static String unescape(CharSequence s, boolean fedora) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (fedora && Gnu.hexEscape(s, i)) {
        b.append(s, i, i + 4);
        i += 3;
        continue;
      }
      if (c == '\\') {
        if (i + 1 < s.length()) {
          b.append(s.charAt(++i));
        }
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  /**
   * A {@code $"..."} string (gettext_append with no translation loaded): variables named in the
   * string are replaced by their values; a backslash escapes {@code $} and itself.
   */
  static String gettext(String s, Lookup env) {
    StringBuilder out = new StringBuilder();
    boolean escaped = false;
    int i = 0;
    int n = s.length();
    while (i < n) {
      char c = s.charAt(i);
      if (c == '\\') {
        escaped = !escaped;
        if (!escaped) {
          out.append('\\');
        }
        i++;
      } else if (c == '$') {
        if (escaped) {
          escaped = false;
          out.append('$');
          i++;
          continue;
        }
        i++;
        char d = i < n ? s.charAt(i) : 0;
        if (d == '{') {
          int close = s.indexOf('}', i + 1);
          if (close < 0) {
            break;
          }
          putVar(out, s.substring(i + 1, close), env);
          i = close + 1;
        } else if (Lexer.isDigit(d)) {
          int j = i;
          while (j < n && Lexer.isDigit(s.charAt(j))) {
            j++;
          }
          putVar(out, s.substring(i, j), env);
          i = j;
        } else if (Lexer.isAlpha(d) || d == '_') {
          int j = i;
          while (j < n
              && (Lexer.isAlpha(s.charAt(j)) || Lexer.isDigit(s.charAt(j)) || s.charAt(j) == '_')) {
            j++;
          }
          putVar(out, s.substring(i, j), env);
          i = j;
        } else if (d == '?' || d == '#') {
          putVar(out, String.valueOf(d), env);
          i++;
        } else {
          out.append('$');
        }
      } else {
        if (escaped) {
          out.append('\\');
        }
        escaped = false;
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  private static void putVar(StringBuilder out, String name, Lookup env) {
    if (name.equals("#") && env.positional() != null) {
      out.append(env.positional().size());
      return;
    }
    String v = env.get(name);
    if (v != null) {
      out.append(v);
    }
  }
}
