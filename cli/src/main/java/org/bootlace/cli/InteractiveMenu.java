package org.bootlace.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.bootlace.BootMenu;
import org.bootlace.MenuEntry;
import org.jline.terminal.Attributes;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.NonBlockingReader;

/**
 * pygrub's interactive menu on the controlling terminal: the entries in a box, the default
 * highlighted, a countdown that boots it, arrow keys (or j/k) to move, Enter to boot. Without a
 * terminal there is no one to ask, so the default is booted.
 */
final class InteractiveMenu {
  private static final int VISIBLE = 10;
  private static final int WIDTH = 72;

  private final Terminal terminal;
  private final PrintWriter w;
  private final BootMenu menu;
  private final List<MenuEntry> entries;
  private int selected;
  private int first;

  private InteractiveMenu(Terminal terminal, BootMenu menu) {
    this.terminal = terminal;
    this.w = terminal.writer();
    this.menu = menu;
    this.entries = Menus.flatten(menu);
  }

  /** The index path chosen on the terminal; empty when there is no terminal or no entry. */
  static Optional<List<Integer>> choose(BootMenu menu) throws IOException {
    try (Terminal t = TerminalBuilder.builder().system(true).dumb(true).build()) {
      if (t.getType().startsWith(Terminal.TYPE_DUMB)) {
        return Optional.empty();
      }
      InteractiveMenu m = new InteractiveMenu(t, menu);
      if (m.entries.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(m.run());
    }
  }

  private List<Integer> run() throws IOException {
    menu.defaultEntry()
        .ifPresent(
            d -> {
              for (int i = 0; i < entries.size(); i++) {
                if (entries.get(i).index().equals(d)) {
                  selected = i;
                }
              }
            });
    int remaining = menu.timeoutSeconds().orElse(-1);
    Attributes saved = terminal.enterRawMode();
    try {
      w.print("\033[?25l"); // hide the cursor while the menu is up
      NonBlockingReader in = terminal.reader();
      while (true) {
        draw(remaining);
        if (remaining == 0) {
          break;
        }
        int c = in.read(remaining > 0 ? 1000 : 0);
        if (c == NonBlockingReader.READ_EXPIRED) {
          remaining--;
          continue;
        }
        if (c < 0) {
          break; // the terminal went away: boot what is highlighted
        }
        remaining = -1; // any key stops the countdown, as in GRUB
        if (c == '\r' || c == '\n') {
          break;
        }
        if (c == 'k') {
          move(-1);
        } else if (c == 'j') {
          move(1);
        } else if (c == 27) {
          int b = in.read(50);
          int k = b == '[' || b == 'O' ? in.read(50) : -1;
          if (k == 'A') {
            move(-1);
          } else if (k == 'B') {
            move(1);
          }
        }
      }
    } finally {
      w.print("\033[0m\033[?25h\033[H\033[2J");
      w.flush();
      terminal.setAttributes(saved);
    }
    return entries.get(selected).index();
  }

  private void move(int delta) {
    selected = Math.max(0, Math.min(entries.size() - 1, selected + delta));
    if (selected < first) {
      first = selected;
    } else if (selected >= first + VISIBLE) {
      first = selected - VISIBLE + 1;
    }
  }

  private void draw(int remaining) {
    StringBuilder s = new StringBuilder("\033[H\033[2J");
    s.append("\r\n    bootlace boot menu\r\n\r\n");
    s.append(' ').append('+').append("-".repeat(WIDTH)).append("+\r\n");
    int shown = Math.min(VISIBLE, entries.size());
    for (int row = 0; row < shown; row++) {
      int i = first + row;
      String title = i < entries.size() ? Text.safe(Menus.titlePath(menu, entries.get(i))) : "";
      if (title.length() > WIDTH - 2) {
        title = title.substring(0, WIDTH - 3) + ">";
      }
      String line = " " + title + " ".repeat(WIDTH - 1 - title.length());
      s.append(" |");
      s.append(i == selected ? "\033[7m" + line + "\033[0m" : line);
      s.append("|\r\n");
    }
    s.append(' ').append('+').append("-".repeat(WIDTH)).append("+\r\n\r\n");
    s.append("    Use the up and down arrow keys to select which entry is highlighted.\r\n");
    s.append("    Press enter to boot the selected OS.\r\n");
    if (remaining > 0) {
      s.append(String.format(Locale.ROOT, "    Will boot selected entry in %2d seconds\r\n", remaining));
    }
    w.print(s);
    w.flush();
  }
}
