package org.bootlace.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.bootlace.BootMenu;
import org.bootlace.BootTarget;
import org.bootlace.EntryKind;
import org.bootlace.FileRef;
import org.bootlace.MenuEntry;
import org.jline.terminal.Attributes;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.NonBlockingReader;

/**
 * pygrub's interactive menu on the controlling terminal, drawn as GRUB draws its menu: one level of
 * the menu tree at a time (Enter on a submenu opens it, Esc goes back), titles cut at the
 * terminal's width with the highlighted entry's whole title below the box, a countdown that boots
 * the default and stops at the first key. As in pygrub, {@code e} edits the highlighted entry's
 * kernel, initrd and arguments before booting it and {@code a} appends to its arguments; an entry's
 * hotkey (GRUB 2 {@code --hotkey}) boots it, or opens it if it is a submenu. Without a terminal
 * there is no one to ask, so the default is booted.
 */
final class InteractiveMenu {
  private static final int MAX_VISIBLE = 10;
  private static final int MAX_TITLE_LINES = 3;

  /** The longest value the line editor takes (Linux's longest command line on most platforms). */
  private static final int MAX_EDIT_CHARS = 4096;

  private static final int ESC = 27;

  /** The entry chosen and, when it was edited, what to boot instead of what it says. */
  record Choice(List<Integer> index, Optional<Edit> edit) {}

  /** An edited entry: kernel and ramdisk paths on the entry's volume, the whole command line. */
  record Edit(String kernel, List<String> initrds, String args) {}

  /** One menu level on the screen: its entries and the submenu titles leading to it. */
  private static final class Level {
    final List<MenuEntry> entries;
    final String path;
    int selected;
    int first;

    Level(List<MenuEntry> entries, String path) {
      this.entries = entries;
      this.path = path;
    }
  }

  private final Terminal terminal;
  private final PrintWriter w;
  private final BootMenu menu;
  private final Deque<Level> levels = new ArrayDeque<>();
  private final java.nio.charset.CharsetEncoder encoder;
  private final String cutMarker;

  private InteractiveMenu(Terminal terminal, BootMenu menu) {
    this.terminal = terminal;
    this.w = terminal.writer();
    this.menu = menu;
    java.nio.charset.Charset cs =
        terminal.encoding() == null
            ? java.nio.charset.StandardCharsets.US_ASCII
            : terminal.encoding();
    this.encoder = cs.newEncoder();
    this.cutMarker = encoder.canEncode('\u2026') ? "\u2026" : "$";
  }

  /**
   * A guest string as this terminal shows it: escaped ({@link Text#safe}), and each character the
   * terminal's encoding cannot carry shown as {@code ?}, so columns are counted for what is drawn.
   */
  private String shown(String s) {
    String safe = Text.safe(s);
    StringBuilder out = new StringBuilder(safe.length());
    safe.codePoints()
        .forEach(
            cp -> {
              String one = new String(Character.toChars(cp));
              out.append(cp < 0x80 || encoder.canEncode(one) ? one : "?");
            });
    return out.toString();
  }

  /** The entry chosen on the terminal; empty when there is no terminal or no entry. */
  static Optional<Choice> choose(BootMenu menu) throws IOException {
    if (menu.entries().isEmpty()) {
      return Optional.empty();
    }
    try (Terminal t = TerminalBuilder.builder().system(true).dumb(true).build()) {
      if (t.getType().startsWith(Terminal.TYPE_DUMB)) {
        return Optional.empty();
      }
      return Optional.of(new InteractiveMenu(t, menu).run());
    }
  }

  private Choice run() throws IOException {
    Level top = new Level(menu.entries(), "");
    Optional<List<Integer>> dflt = menu.defaultEntry();
    if (dflt.isPresent() && !dflt.get().isEmpty()) {
      select(top, dflt.get().subList(0, 1));
    }
    levels.push(top);
    int remaining = menu.timeoutSeconds().orElse(-1);
    Attributes saved = terminal.enterRawMode();
    try {
      w.print("\033[?25l"); // hide the cursor while the menu is up
      NonBlockingReader in = terminal.reader();
      while (true) {
        draw(remaining);
        if (remaining == 0) {
          // Nobody touched a key: boot the default, inside a submenu if that is where it is.
          return new Choice(dflt.orElse(highlighted().index()), Optional.empty());
        }
        int c = in.read(remaining > 0 ? 1000 : 0);
        if (c == NonBlockingReader.READ_EXPIRED) {
          remaining--;
          continue;
        }
        if (c < 0) {
          return new Choice(highlighted().index(), Optional.empty()); // the terminal went away
        }
        remaining = -1; // any key stops the countdown, as in GRUB
        Level level = levels.peek();
        MenuEntry e = highlighted();
        if (c == '\r' || c == '\n') {
          if (e.kind() != EntryKind.SUBMENU) {
            return new Choice(e.index(), Optional.empty());
          }
          enter(level, e);
        } else if (c == 'k') {
          move(level, -1);
        } else if (c == 'j') {
          move(level, 1);
        } else if (c == 'e' || c == 'a') {
          if (e.target().isPresent()) {
            Optional<Edit> edit = c == 'e' ? editEntry(in, e) : appendArgs(in, e);
            if (edit.isPresent()) {
              return new Choice(e.index(), edit);
            }
          }
        } else if (c != ESC) {
          // As in GRUB, a key the menu does not use picks the entry it is the hotkey of.
          Optional<MenuEntry> hot = hotkeyEntry(level, c);
          if (hot.isPresent() && hot.get().kind() != EntryKind.SUBMENU) {
            return new Choice(hot.get().index(), Optional.empty());
          }
          if (hot.isPresent()) {
            enter(level, hot.get());
          }
        } else {
          int k = escapeSequence(in);
          if (k == 'A') {
            move(level, -1);
          } else if (k == 'B') {
            move(level, 1);
          } else if (k == ESC && levels.size() > 1) {
            levels.pop();
          }
        }
      }
    } finally {
      w.print("\033[0m\033[?25h\033[H\033[2J");
      w.flush();
      terminal.setAttributes(saved);
    }
  }

  /**
   * After an ESC: the final letter of an arrow-key sequence ({@code A}, {@code B}, ...), {@code
   * ESC} when the Esc key was pressed alone, 0 for any other sequence (read and ignored).
   */
  private static int escapeSequence(NonBlockingReader in) throws IOException {
    int b = in.read(50);
    if (b == NonBlockingReader.READ_EXPIRED || b < 0) {
      return ESC;
    }
    if (b != '[' && b != 'O') {
      return 0;
    }
    // CSI parameters, then one final byte in @..~; bounded like any input.
    for (int i = 0; i < 16; i++) {
      int k = in.read(50);
      if (k < 0 || k == NonBlockingReader.READ_EXPIRED) {
        return 0;
      }
      if (k >= 0x40 && k <= 0x7e) {
        return k;
      }
    }
    return 0;
  }

  /** Opens submenu {@code e} of {@code level} on its own screen, its default highlighted. */
  private void enter(Level level, MenuEntry e) {
    if (e.children().isEmpty()) {
      return;
    }
    Level sub =
        new Level(e.children(), level.path.isEmpty() ? e.title() : level.path + " > " + e.title());
    e.defaultChild().filter(d -> d.size() == e.index().size() + 1).ifPresent(d -> select(sub, d));
    levels.push(sub);
  }

  /** The first entry of {@code level} whose hotkey is {@code c} (a character, tab or backspace). */
  private static Optional<MenuEntry> hotkeyEntry(Level level, int c) {
    for (MenuEntry e : level.entries) {
      if (e.hotkey().isEmpty()) {
        continue;
      }
      String k = e.hotkey().get();
      boolean match =
          k.length() == 1
              ? k.charAt(0) == c
              : (k.equals("tab") && c == '\t') || (k.equals("backspace") && (c == 8 || c == 127));
      if (match) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }

  private MenuEntry highlighted() {
    Level level = levels.peek();
    return level.entries.get(level.selected);
  }

  private void select(Level level, List<Integer> index) {
    for (int i = 0; i < level.entries.size(); i++) {
      if (level.entries.get(i).index().equals(index)) {
        level.selected = i;
      }
    }
    move(level, 0);
  }

  private void move(Level level, int delta) {
    level.selected = Math.max(0, Math.min(level.entries.size() - 1, level.selected + delta));
    int visible = visibleRows();
    if (level.selected < level.first) {
      level.first = level.selected;
    } else if (level.selected >= level.first + visible) {
      level.first = level.selected - visible + 1;
    }
  }

  private int columns() {
    int c = terminal.getWidth();
    return c < 20 ? (c <= 0 ? 80 : 20) : c;
  }

  private int visibleRows() {
    int rows = terminal.getHeight();
    return Math.max(1, Math.min(MAX_VISIBLE, (rows <= 0 ? 24 : rows) - 17));
  }

  /** One screen line: cut to the width (the last column stays free so nothing wraps). */
  private String line(String text) {
    return Text.fit(text, columns() - 1, cutMarker) + "\r\n";
  }

  private void draw(int remaining) {
    Level level = levels.peek();
    int cols = columns();
    int inner = cols - 4; // " |" + inner + "|" leaves the last column free
    int titleWidth = inner - 4; // " " + title + " " + submenu mark + " "
    StringBuilder s = new StringBuilder("\033[H\033[2J");
    s.append("\r\n").append(line("    bootlace boot menu"));
    s.append(level.path.isEmpty() ? "\r\n" : line("    " + shown(level.path)));
    s.append("\r\n");
    s.append(" +").append("-".repeat(inner)).append("+\r\n");
    int shown = Math.min(visibleRows(), level.entries.size());
    for (int row = 0; row < shown; row++) {
      int i = level.first + row;
      String cell = " ".repeat(inner);
      if (i < level.entries.size()) {
        MenuEntry e = level.entries.get(i);
        String title = Text.pad(Text.fit(shown(e.title()), titleWidth, cutMarker), titleWidth);
        cell = " " + title + " " + (e.kind() == EntryKind.SUBMENU ? ">" : " ") + " ";
        if (i == level.selected) {
          cell = "\033[7m" + cell + "\033[0m";
        }
      }
      s.append(" |").append(cell).append("|\r\n");
    }
    s.append(" +").append("-".repeat(inner)).append("+\r\n");
    wrapped(s, shown(highlighted().title()), cols - 1);
    s.append("\r\n");
    s.append(line("    Use the up and down arrow keys to select which entry is highlighted."));
    s.append(line("    Press enter to boot the selected OS or open the selected submenu,"));
    s.append(line("    'e' to edit its kernel, initrd and arguments, 'a' to append arguments."));
    if (levels.size() > 1) {
      s.append(line("    Press Esc to go back to the previous menu."));
    }
    if (remaining > 0) {
      s.append(
          line(
              String.format(
                  Locale.ROOT, "    Will boot selected entry in %2d seconds", remaining)));
    }
    w.print(s);
    w.flush();
  }

  /** {@code text} over at most {@link #MAX_TITLE_LINES} lines of {@code width} columns. */
  private void wrapped(StringBuilder s, String text, int width) {
    String rest = text;
    for (int n = 0; n < MAX_TITLE_LINES; n++) {
      if (Text.columns(rest) <= width || n == MAX_TITLE_LINES - 1) {
        s.append(Text.fit(rest, width, cutMarker)).append("\r\n");
        return;
      }
      int used = 0;
      int i = 0;
      while (i < rest.length()) {
        int cp = rest.codePointAt(i);
        if (used + Text.columns(cp) > width) {
          break;
        }
        used += Text.columns(cp);
        i += Character.charCount(cp);
      }
      s.append(rest, 0, i).append("\r\n");
      rest = rest.substring(i);
    }
  }

  /** pygrub's {@code e}: the kernel, the initrds and the arguments, one line each. */
  private Optional<Edit> editEntry(NonBlockingReader in, MenuEntry e) throws IOException {
    BootTarget t = e.target().orElseThrow();
    String initrds = String.join(" ", t.initrds().stream().map(FileRef::path).toList());
    List<String> done = new ArrayList<>();
    String kernel = editLine(in, e, done, "kernel", t.kernel().path());
    if (kernel == null) {
      return Optional.empty();
    }
    done.add("kernel: " + kernel);
    String initrd = editLine(in, e, done, "initrd", initrds);
    if (initrd == null) {
      return Optional.empty();
    }
    done.add("initrd: " + initrd);
    String args = editLine(in, e, done, "args", t.args());
    if (args == null) {
      return Optional.empty();
    }
    List<String> initrdPaths =
        initrd.equals(initrds)
            ? t.initrds().stream().map(FileRef::path).toList()
            : List.of(initrd.trim().split("\\s+")).stream().filter(p -> !p.isEmpty()).toList();
    return Optional.of(new Edit(kernel.trim(), initrdPaths, args));
  }

  /** pygrub's {@code a}: the arguments, with the cursor at their end. */
  private Optional<Edit> appendArgs(NonBlockingReader in, MenuEntry e) throws IOException {
    BootTarget t = e.target().orElseThrow();
    String args = editLine(in, e, List.of(), "args", t.args());
    if (args == null) {
      return Optional.empty();
    }
    return Optional.of(
        new Edit(t.kernel().path(), t.initrds().stream().map(FileRef::path).toList(), args));
  }

  /**
   * A one-line editor holding {@code value}: typing appends, Backspace deletes, Ctrl-U clears,
   * Enter accepts, Esc cancels (null).
   */
  private String editLine(
      NonBlockingReader in, MenuEntry e, List<String> done, String field, String value)
      throws IOException {
    StringBuilder buf = new StringBuilder(value);
    while (true) {
      drawEditor(e, done, field, buf.toString());
      int c = in.read(0);
      if (c < 0) {
        return null;
      }
      if (c == '\r' || c == '\n') {
        return buf.toString();
      }
      if (c == 127 || c == 8) {
        int n = buf.length();
        if (n > 0) {
          buf.setLength(
              n >= 2 && Character.isSurrogatePair(buf.charAt(n - 2), buf.charAt(n - 1))
                  ? n - 2
                  : n - 1);
        }
      } else if (c == 21) {
        buf.setLength(0);
      } else if (c == ESC) {
        if (escapeSequence(in) == ESC) {
          return null;
        }
      } else if (c >= 0x20 && buf.length() < MAX_EDIT_CHARS) {
        buf.append((char) c);
      }
    }
  }

  private void drawEditor(MenuEntry e, List<String> done, String field, String value) {
    int width = columns() - 1;
    StringBuilder s = new StringBuilder("\033[H\033[2J");
    s.append("\r\n").append(line("    Editing '" + shown(e.title()) + "'")).append("\r\n");
    for (String d : done) {
      s.append(line("    " + shown(d)));
    }
    String label = "    " + field + ": ";
    // The end of the value, where typing goes, stays in view; a cut start is marked.
    String visible = shown(value);
    int room = width - Text.columns(label) - 1;
    if (Text.columns(visible) > room) {
      int used = Text.columns(cutMarker);
      int i = visible.length();
      while (i > 0) {
        int cp = visible.codePointBefore(i);
        if (used + Text.columns(cp) > room) {
          break;
        }
        used += Text.columns(cp);
        i -= Character.charCount(cp);
      }
      visible = cutMarker + visible.substring(i);
    }
    s.append(label).append(visible).append("\033[7m \033[0m\r\n\r\n");
    s.append(line("    Type to change the " + field + ". Enter keeps it, Backspace deletes,"));
    s.append(line("    Ctrl-U clears it, Esc goes back to the menu."));
    w.print(s);
    w.flush();
  }
}
