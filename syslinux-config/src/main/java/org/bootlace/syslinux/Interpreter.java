package org.bootlace.syslinux;

import static org.bootlace.syslinux.Syntax.lookingAt;
import static org.bootlace.syslinux.Syntax.rest;
import static org.bootlace.syslinux.Syntax.skipBlanks;
import static org.bootlace.syslinux.Syntax.word;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.bootlace.SourceLocation;

/**
 * Reads one run's configuration line by line as syslinux 6 reads it ({@code parse_config_file}),
 * with the keywords in its order, any ASCII case, each followed by a blank or the end of the line;
 * lines it does not know are ignored. Included files are read in place, sharing every piece of
 * state, as if the files had been one.
 */
final class Interpreter {
  /** Directives syslinux knows that do not change what boots. */
  private static final List<String> IGNORED =
      List.of(
          "allowoptions",
          "display",
          "font",
          "kbdmap",
          "console",
          "noescape",
          "nocomplete",
          "nohalt",
          "onerror",
          "pxeretry",
          "serial",
          "say",
          "sendcookies");

  private static final int MAX_PATH_ENTRIES = 64;

  /** One file being read: its lines, and the menu its records go to ({@code m} in syslinux). */
  static final class FileState {
    final String name;
    final LineReader reader;
    final int depth;
    Menu m;

    FileState(String name, LineReader reader, int depth, Menu m) {
      this.name = name;
      this.reader = reader;
      this.depth = depth;
      this.m = m;
    }
  }

  private final RunState s;
  private final Diagnostics d;
  private final MenuDirectives menu;
  private final Deque<String> reading = new ArrayDeque<>();

  Interpreter(RunState s) {
    this.s = s;
    this.d = s.session.diagnostics();
    this.menu = new MenuDirectives(s, this);
  }

  /** Reads the configuration, records the last LABEL and resolves the menus MENU GOTO names. */
  void run(byte[] content) throws IOException {
    reading.push(s.session.key(s.config));
    read(s.config, content, 0);
    Recorder.record(s, s.current);
    resolveGotos();
  }

  private void read(String name, byte[] content, int depth) throws IOException {
    FileState f = new FileState(name, new LineReader(content, name, s.session), depth, s.current);
    LineReader.Line line;
    while ((line = f.reader.next()) != null) {
      line(f, line);
    }
  }

  private void line(FileState f, LineReader.Line line) throws IOException {
    String t = line.text();
    int p = skipBlanks(t, 0);
    SourceLocation where = new SourceLocation(f.name, line.number());
    LabelData ld = s.ld;
    int e;
    if ((e = lookingAt(t, p, "menu")) >= 0) {
      menu.run(f, t, skipBlanks(t, e), where);
    } else if (lookingAt(t, p, "text") >= 0) {
      skipText(f, where);
    } else if (isFunctionKey(t, p)) {
      return; // F1..F12 help screens
    } else if ((e = lookingAt(t, p, "include")) >= 0) {
      include(f, t, e, where);
    } else if ((e = lookingAt(t, p, "append")) >= 0) {
      if (ld.label != null) {
        ld.append = rest(t, e);
      } else {
        s.append = rest(t, e);
      }
    } else if ((e = lookingAt(t, p, "initrd")) >= 0) {
      if (ld.label != null) {
        ld.initrd = rest(t, e);
      } else {
        d.warn(where + ": INITRD outside a LABEL is ignored, as syslinux ignores it");
      }
    } else if ((e = lookingAt(t, p, "label")) >= 0) {
      label(f, t, skipBlanks(t, e), where);
    } else if (kernelType(t, p, where)) {
      return;
    } else if ((e = lookingAt(t, p, "timeout")) >= 0) {
      s.timeout = Syntax.atoi(t, e);
      f.m.timeout = s.timeout;
    } else if ((e = lookingAt(t, p, "totaltimeout")) >= 0) {
      s.totalTimeout = Syntax.atoi(t, e);
    } else if ((e = lookingAt(t, p, "ontimeout")) >= 0) {
      s.ontimeout = new Located(rest(t, e), where);
      f.m.ontimeout = s.ontimeout;
    } else if ((e = lookingAt(t, p, "ipappend")) >= 0 || (e = lookingAt(t, p, "sysappend")) >= 0) {
      int mask = (int) Syntax.strtoul(t, e);
      if (ld.label != null) {
        ld.sysAppend = mask;
      } else {
        s.sysAppend = mask;
      }
    } else if ((e = lookingAt(t, p, "default")) >= 0) {
      s.defaultCommand = replace(s.defaultCommand, new Located(rest(t, e), where), "DEFAULT");
    } else if ((e = lookingAt(t, p, "ui")) >= 0) {
      s.ui = replace(s.ui, new Located(rest(t, e), where), "UI");
    } else if ((e = lookingAt(t, p, "implicit")) >= 0) {
      s.implicit = Syntax.atoi(t, e);
    } else if ((e = lookingAt(t, p, "prompt")) >= 0) {
      s.prompt = Syntax.atoi(t, e);
    } else if ((e = lookingAt(t, p, "path")) >= 0) {
      path(rest(t, e), where);
    } else if (!ignored(t, p) && !line.continued() && p < t.length() && t.charAt(p) != '#') {
      d.warn(
          where
              + ": unknown keyword '"
              + shorten(word(t, p))
              + "' ignored, as syslinux ignores it");
    }
  }

  /** The last DEFAULT (or UI) wins; the explanation says which it replaced. */
  private Located replace(Located old, Located now, String keyword) {
    if (old != null) {
      d.explain(
          now.where()
              + ": "
              + keyword
              + " "
              + shorten(now.text())
              + " replaces "
              + keyword
              + " "
              + shorten(old.text())
              + " at "
              + old.where()
              + " (the last one counts)");
    }
    return now;
  }

  /** A kernel-like directive, which sets the LABEL's image and type; false if the line is none. */
  private boolean kernelType(String t, int p, SourceLocation where) {
    for (KernelType type : KernelType.values()) {
      int e = lookingAt(t, p, type.keyword);
      if (e >= 0) {
        if (s.ld.label != null) {
          s.ld.kernel = rest(t, e);
          s.ld.type = type;
        } else {
          d.warn(
              where
                  + ": "
                  + type.keyword.toUpperCase(Locale.ROOT)
                  + " outside a LABEL is ignored, as syslinux ignores it");
        }
        return true;
      }
    }
    return false;
  }

  private static boolean ignored(String t, int p) {
    for (String k : IGNORED) {
      if (lookingAt(t, p, k) >= 0) {
        return true;
      }
    }
    return false;
  }

  private void label(FileState f, String t, int p, SourceLocation where) throws IOException {
    Recorder.record(s, f.m);
    String word = word(t, p);
    String line = t.substring(p);
    if (!line.equals(word)) {
      d.warn(
          where
              + ": LABEL line '"
              + shorten(line)
              + "' is longer than its label: DEFAULT and the boot:"
              + " prompt know the entry as '"
              + shorten(word)
              + "', the menu module as the whole line");
    }
    s.ld.start(word, line, where, s.sysAppend);
  }

  /** {@code TEXT HELP ... ENDTEXT}: help text, skipped to the line that starts with ENDTEXT. */
  private void skipText(FileState f, SourceLocation where) throws IOException {
    LineReader.Line l;
    while ((l = f.reader.next()) != null) {
      String raw = l.raw();
      if (lookingAt(raw, skipBlanks(raw, 0), "endtext") >= 0) {
        return;
      }
    }
    d.warn(where + ": TEXT without ENDTEXT; syslinux reads the rest of the file as text");
  }

  /** {@code F1}..{@code F12} (and F0 for F10), as {@code is_fkey} recognizes them. */
  private static boolean isFunctionKey(String t, int p) {
    if (p >= t.length() || (t.charAt(p) | 0x20) != 'f') {
      return false;
    }
    int q = skipBlanks(t, p + 1);
    if (q < t.length() && (t.charAt(q) == '+' || t.charAt(q) == '-')) {
      q++;
    }
    int digits = q;
    long n = 0;
    while (q < t.length() && t.charAt(q) >= '0' && t.charAt(q) <= '9' && q - digits < 9) {
      n = n * 10 + (t.charAt(q) - '0');
      q++;
    }
    if (q == digits) {
      q = p + 1; // no number: strtoul leaves the end where it started
      n = 0;
    }
    return (q == t.length() || Syntax.isSpace(t.charAt(q))) && n <= 12;
  }

  /**
   * {@code INCLUDE file [tag]} and {@code MENU INCLUDE file [tag]}: the file read in place; with a
   * tag, inside a submenu of that name, as the menu module reads it.
   */
  void include(FileState f, String t, int afterKeyword, SourceLocation where) throws IOException {
    int p = skipBlanks(t, afterKeyword);
    String file = word(t, p);
    String tag = rest(t, p + file.length());
    if (tag.isEmpty()) {
      readIncluded(file, f, where);
      return;
    }
    Recorder.record(s, f.m);
    f.m = s.beginSubmenu(tag, where);
    readIncluded(file, f, where);
    Recorder.record(s, f.m);
    f.m = s.endSubmenu(where);
  }

  private void readIncluded(String file, FileState from, SourceLocation where) throws IOException {
    if (file.isEmpty()) {
      d.warn(where + ": INCLUDE without a file name is ignored");
      return;
    }
    String path = file.equals("~") ? s.config : Paths.resolve(s.cwd, file);
    s.session.checkNesting(s.depth + from.depth + 1, where.toString());
    String key = s.session.key(path);
    if (reading.contains(key)) {
      d.warn(
          where
              + ": INCLUDE "
              + shorten(path)
              + ": the file is already being read (an include loop);"
              + " syslinux would recurse until it crashes; not read again");
      return;
    }
    StringBuilder why = new StringBuilder();
    Optional<byte[]> content = s.session.readFile(path, where.toString(), why);
    if (content.isEmpty()) {
      d.warn(where + ": INCLUDE " + shorten(path) + ": " + why + "; syslinux goes on without it");
      return;
    }
    reading.push(key);
    try {
      read(path, content.get(), from.depth + 1);
    } finally {
      reading.pop();
    }
  }

  /** {@code PATH dir[:dir...]}: more directories to find modules in. */
  private void path(String value, SourceLocation where) {
    for (String entry : value.split(":", -1)) {
      if (entry.isEmpty()) {
        continue;
      }
      if (s.modulePath.size() >= MAX_PATH_ENTRIES) {
        d.warn(
            where + ": more than " + MAX_PATH_ENTRIES + " PATH entries; the rest are not searched");
        return;
      }
      s.modulePath.add(entry);
    }
    if (!s.modulePath.isEmpty()) {
      d.explain(
          where
              + ": PATH "
              + shorten(value)
              + ": modules are searched in "
              + shorten(s.modulePath.toString()));
    }
  }

  private void resolveGotos() {
    for (Item it : s.items) {
      if ((it.action == Item.Action.GOTO || it.action == Item.Action.EXIT) && it.target != null) {
        Optional<Menu> m = s.findMenu(it.target);
        if (m.isPresent()) {
          it.submenu = m.get();
        } else {
          it.notes.add(
              "MENU "
                  + it.action
                  + " "
                  + shorten(it.target)
                  + ": there is no such menu; syslinux disables the entry");
          it.action = Item.Action.DISABLED;
        }
      }
    }
  }

  /** Long values cut for messages, so a hostile name cannot make every warning huge. */
  static String shorten(String s) {
    return s.length() <= 120 ? s : s.substring(0, 117) + "...";
  }
}
