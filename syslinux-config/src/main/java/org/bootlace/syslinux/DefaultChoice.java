package org.bootlace.syslinux;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.bootlace.MenuEntry;

/**
 * What syslinux 6 boots when nobody chooses, decided as ldlinux and the menu module decide it.
 *
 * <p>ldlinux runs the last UI command if there is one, else the last DEFAULT command; without
 * either it stops at its boot: prompt. With PROMPT 0 (the default) and no UI it runs it at once;
 * with PROMPT 1 it waits TIMEOUT and then runs ONTIMEOUT if there is one. A command whose first
 * word is a label runs that entry (further words are added to its command line); otherwise it is a
 * file, its type from its extension (tried in turn when it has none).
 *
 * <p>When the command is a menu module ({@code menu.c32}, {@code vesamenu.c32}, {@code
 * gfxboot.c32}), the menu reads the configuration itself: it starts in the root menu (or the MENU
 * START one) at the entry MENU DEFAULT marks (the last one; entry 0 without any); a DEFAULT naming
 * a label moves it there only if the configuration has a UI line. When the menu times out it runs
 * its ONTIMEOUT if it has one, else its default entry's command; an entry without one (a submenu, a
 * separator) makes it leave the menu, so nothing boots. When it waits for ever, the default is what
 * Enter does: the selected entry (the first one that is not a separator, when the default is entry
 * 0), or, for a submenu, that submenu's default.
 */
final class DefaultChoice {
  record Choice(Optional<List<Integer>> path, String reason, Optional<Integer> timeout) {}

  private static final List<String> MENUS = List.of("menu.c32", "vesamenu.c32", "gfxboot.c32");

  private final RunState s;
  private final Tree tree;
  private final Diagnostics d;

  DefaultChoice(RunState s, Tree tree) {
    this.s = s;
    this.tree = tree;
    this.d = s.session.diagnostics();
  }

  Choice choose() throws IOException {
    Located cmd = s.ui != null ? s.ui : s.defaultCommand;
    if (cmd == null) {
      return none(
          "no DEFAULT or UI in " + s.config + ": syslinux 6 stops at its boot: prompt",
          Optional.empty());
    }
    StringBuilder why =
        new StringBuilder(s.ui != null ? "UI " : "DEFAULT ")
            .append(Interpreter.shorten(cmd.text()))
            .append(" at ")
            .append(cmd.where());
    if (s.ui != null && s.defaultCommand != null) {
      why.append(" (UI takes precedence over DEFAULT ")
          .append(Interpreter.shorten(s.defaultCommand.text()))
          .append(" at ")
          .append(s.defaultCommand.where())
          .append(')');
    }
    Optional<Integer> timeout;
    if (s.ui != null) {
      timeout = Optional.empty();
    } else if (s.prompt == 0) {
      timeout = Optional.of(0);
      why.append(", run at once (no PROMPT 1)");
    } else {
      timeout = seconds(s.timeout);
      if (s.timeout > 0 && s.ontimeout != null) {
        why.append("; PROMPT 1 and TIMEOUT ")
            .append(s.timeout)
            .append(": at the timeout syslinux runs ONTIMEOUT ")
            .append(Interpreter.shorten(s.ontimeout.text()))
            .append(" at ")
            .append(s.ontimeout.where());
        cmd = s.ontimeout;
      } else {
        why.append(
            timeout.isPresent()
                ? "; PROMPT 1: the boot: prompt runs it after TIMEOUT"
                : "; PROMPT 1: the boot: prompt runs it on Enter");
      }
    }
    return launch(cmd, why, timeout);
  }

  /** A menu module reading a file of its own: the menu's default in that file. */
  Choice menuOnly() throws IOException {
    return menu(new StringBuilder("the menu module shows ").append(s.config), false);
  }

  /** {@code load_kernel}: a label, or a file with the rest of the line as its arguments. */
  private Choice launch(Located cmd, StringBuilder why, Optional<Integer> timeout)
      throws IOException {
    String text = cmd.text();
    String first = Syntax.word(text, 0);
    String extra = Syntax.afterWord(text);
    Optional<Item> label = s.findLabel(first);
    if (label.isPresent()) {
      Item it = label.get();
      if (it.action != Item.Action.COMMAND) {
        return none(
            why.append(": label '")
                .append(Interpreter.shorten(it.label))
                .append("' is a menu action (MENU ")
                .append(it.action)
                .append("), which runs nothing outside the menu")
                .toString(),
            timeout);
      }
      return labelled(
          it, extra, cmd, why.append(": label ").append(Interpreter.shorten(it.label)), timeout);
    }
    if (first.isEmpty()) {
      return none(why.append(": an empty command boots nothing").toString(), timeout);
    }
    if (s.implicit == 0) {
      return none(
          why.append(": IMPLICIT 0 lets syslinux boot only labels, and there is no label '")
              .append(Interpreter.shorten(first))
              .append('\'')
              .toString(),
          timeout);
    }
    String file = first;
    KernelType type = KernelType.byExtension(file);
    if (type == KernelType.KERNEL) {
      Optional<String> ext = findExtension(file);
      if (ext.isPresent()) {
        file = file + ext.get();
        type = KernelType.byExtension(file);
        why.append(" (").append(Interpreter.shorten(file)).append(')');
      }
    }
    String module = Paths.basename(file).toLowerCase(Locale.ROOT);
    if (type == KernelType.KERNEL && MENUS.contains(module + ".c32")) {
      file = file + ".c32"; // a menu module missing altogether: read its menu all the same
      module = module + ".c32";
      type = KernelType.COM32;
    }
    if (type == KernelType.COM32 && MENUS.contains(module)) {
      if (findModule(file).isEmpty()) {
        d.warn(
            cmd.where()
                + ": "
                + Interpreter.shorten(file)
                + " is not in "
                + s.cwd
                + " or PATH: syslinux would stop at its"
                + " boot: prompt; bootlace reads the menu as if it were there");
      }
      if (!extra.isEmpty() && !module.equals("gfxboot.c32")) {
        d.warn(
            cmd.where()
                + ": "
                + Interpreter.shorten(file)
                + " is given '"
                + Interpreter.shorten(extra)
                + "' to read instead of "
                + s.config
                + "; bootlace reads the menu of "
                + s.config);
      }
      why.append(": the menu module ").append(module).append(" reads ").append(s.config);
      return menu(why, s.ui != null || module.equals("gfxboot.c32"));
    }
    why.append(": there is no label '")
        .append(Interpreter.shorten(first))
        .append("', so syslinux runs it as a command line");
    String note =
        "not a menu entry: syslinux runs "
            + Interpreter.shorten(Syntax.strip(text))
            + " as a command line ("
            + cmd.where()
            + ")";
    Tree.Implicit it = tree.implicit(file + text.substring(first.length()), type, cmd, note);
    return implicit(it, why, timeout);
  }

  /** A label's entry, or with further words, its command line with them added. */
  private Choice labelled(
      Item it, String extra, Located cmd, StringBuilder why, Optional<Integer> timeout)
      throws IOException {
    if (extra.isEmpty()) {
      return entry(it, why, timeout);
    }
    why.append(" with '").append(Interpreter.shorten(extra)).append("' added");
    String note =
        "label "
            + Interpreter.shorten(it.label)
            + " with '"
            + Interpreter.shorten(extra)
            + "' added, as "
            + cmd.where()
            + " runs it";
    String cmdline = it.cmdline + " " + extra;
    Tree.Implicit implicit =
        tree.implicit(cmdline, KernelType.byExtension(Syntax.word(cmdline, 0)), cmd, note);
    return implicit(implicit, why, timeout);
  }

  /** The default of the menu module, which reads the configuration itself. */
  private Choice menu(StringBuilder why, boolean hasUi) throws IOException {
    Menu start = s.start;
    int index = start.defaultIndex;
    if (start != s.root) {
      why.append("; MENU START makes it start in '")
          .append(Interpreter.shorten(start.tag))
          .append('\'');
    }
    if (s.defaultCommand != null && !isMenuCommand(s.defaultCommand)) {
      String w = Syntax.word(s.defaultCommand.text(), 0);
      Optional<Item> me = s.findMenuLabel(w);
      if (!hasUi) {
        why.append("; without a UI line the menu ignores DEFAULT ")
            .append(Interpreter.shorten(w))
            .append(" at ")
            .append(s.defaultCommand.where());
      } else if (me.isPresent() && me.get().menu != s.hidden) {
        start = me.get().menu;
        index = me.get().index;
        why.append("; with a UI line the menu starts at DEFAULT ")
            .append(Interpreter.shorten(w))
            .append(" (")
            .append(s.defaultCommand.where())
            .append(')');
      } else {
        why.append("; the menu finds no entry labelled '")
            .append(Interpreter.shorten(w))
            .append("' for DEFAULT at ")
            .append(s.defaultCommand.where());
        if (me.isEmpty() && s.findLabel(w).isPresent()) {
          why.append(
              " (its LABEL line has more than that word, and the menu compares the whole line)");
        }
      }
    }
    if (start.items.isEmpty()) {
      return none(
          why.append("; the menu has no entries ('Initial menu has no LABEL entries!')").toString(),
          Optional.empty());
    }
    Optional<Integer> timeout = seconds(timeoutOf(start));
    if (s.shiftKey) {
      timeout = Optional.of(0);
      why.append("; MENU SHIFTKEY: unless Shift is held the menu runs its default at once");
    }
    return follow(start, index, why, timeout, s.shiftKey);
  }

  /** From a menu's default entry through the submenus Enter opens, to what boots. */
  private Choice follow(
      Menu menu, int index, StringBuilder why, Optional<Integer> timeout, boolean atOnce)
      throws IOException {
    for (int steps = 0; steps <= s.menus.size(); steps++) {
      int tenths = timeoutOf(menu);
      if (atOnce || tenths > 0) {
        why.append(atOnce ? "" : "; the menu times out after " + tenths + " tenths of a second");
        if (menu.ontimeout != null && !atOnce) {
          why.append(" and runs ONTIMEOUT ")
              .append(Interpreter.shorten(menu.ontimeout.text()))
              .append(" at ")
              .append(menu.ontimeout.where());
          return menuCommand(menu.ontimeout, why, timeout);
        }
        Item it = menu.items.get(index);
        if (it.action == Item.Action.COMMAND) {
          return entry(it, why.append(", running its default"), timeout);
        }
        return none(
            why.append(" and runs its default entry ")
                .append(describe(it))
                .append(", which has no command line")
                .append(" (")
                .append(kind(it))
                .append("): syslinux leaves the menu for its boot: prompt")
                .toString(),
            timeout);
      }
      why.append(
          steps == 0 ? "; the menu has no TIMEOUT, so it waits with its default selected" : "");
      Item it = menu.items.get(index);
      if (it.action == Item.Action.DISABLED && index == 0) {
        int k = 0;
        while (k < menu.items.size() && menu.items.get(k).action == Item.Action.DISABLED) {
          k++;
        }
        if (k == menu.items.size()) {
          return none(
              why.append("; every entry of the menu is a separator or disabled").toString(),
              timeout);
        }
        why.append("; entry ")
            .append(describe(it))
            .append(" is ")
            .append(kind(it))
            .append(", so the menu selects the next one");
        index = k;
        it = menu.items.get(k);
      }
      switch (it.action) {
        case COMMAND -> {
          return entry(it, why, timeout);
        }
        case SUBMENU, GOTO, EXIT -> {
          Menu next = it.submenu;
          why.append("; its entry ")
              .append(describe(it))
              .append(" opens ")
              .append(
                  next == s.root
                      ? "the main menu"
                      : "the menu '" + Interpreter.shorten(next.tag) + "'");
          if (next.items.isEmpty()) {
            return none(why.append(", which has no entries").toString(), timeout);
          }
          menu = next;
          index = next.defaultIndex;
        }
        default -> {
          return none(
              why.append("; its default entry ")
                  .append(describe(it))
                  .append(" is ")
                  .append(kind(it))
                  .toString(),
              timeout);
        }
      }
    }
    return none(why.append("; the menus' defaults lead in a circle").toString(), timeout);
  }

  /** A command the menu runs: a label's entry (whole-line match), or a command line of its own. */
  private Choice menuCommand(Located cmd, StringBuilder why, Optional<Integer> timeout)
      throws IOException {
    String first = Syntax.word(cmd.text(), 0);
    String extra = Syntax.afterWord(cmd.text());
    Optional<Item> me = s.findMenuLabel(first);
    if (me.isPresent() && me.get().action == Item.Action.COMMAND) {
      return labelled(
          me.get(), extra, cmd, why.append(": label ").append(Interpreter.shorten(first)), timeout);
    }
    String note =
        "not a menu entry: the menu runs "
            + Interpreter.shorten(Syntax.strip(cmd.text()))
            + " as a command line ("
            + cmd.where()
            + ")";
    Tree.Implicit implicit = tree.implicit(cmd.text(), KernelType.byExtension(first), cmd, note);
    return implicit(implicit, why, timeout);
  }

  /** An entry chosen; a CONFIG entry leads on to the default of the configuration it reads. */
  private Choice entry(Item it, StringBuilder why, Optional<Integer> timeout) {
    why.append(", entry ").append(describe(it));
    return nested(tree.pathOf(it), tree.nestedOf(it), why, timeout);
  }

  private Choice implicit(Tree.Implicit it, StringBuilder why, Optional<Integer> timeout) {
    why.append(", entry ")
        .append(MenuEntry.indexPathOf(it.path()))
        .append(" '")
        .append(Interpreter.shorten(it.title()))
        .append('\'');
    return nested(it.path(), it.nested(), why, timeout);
  }

  private Choice nested(
      List<Integer> path,
      Optional<ConfigRun.Result> nested,
      StringBuilder why,
      Optional<Integer> timeout) {
    if (nested.isPresent()) {
      why.append(", which reads another configuration: ").append(nested.get().reason());
      path = nested.get().defaultPath().orElse(null);
    }
    String reason = why.toString();
    d.explain(s.config + ": " + reason);
    return new Choice(Optional.ofNullable(path), reason, timeout);
  }

  private Choice none(String reason, Optional<Integer> timeout) {
    d.explain(s.config + ": " + reason);
    return new Choice(Optional.empty(), reason, timeout);
  }

  /** The menu's timeout in tenths: its TIMEOUT, cut short by TOTALTIMEOUT. */
  private int timeoutOf(Menu m) {
    if (s.totalTimeout > 0) {
      return m.timeout > 0 ? Math.min(m.timeout, s.totalTimeout) : s.totalTimeout;
    }
    return Math.max(m.timeout, 0);
  }

  private String describe(Item it) {
    List<Integer> path = tree.pathOf(it);
    String title = Syntax.trimEnd(Syntax.stripCaret(it.display));
    return (path == null ? "?" : MenuEntry.indexPathOf(path))
        + " '"
        + Interpreter.shorten(title)
        + "'";
  }

  private static String kind(Item it) {
    return switch (it.action) {
      case DISABLED -> it.separator ? "a separator" : "disabled";
      case SUBMENU -> "a submenu";
      default -> "MENU " + it.action;
    };
  }

  private boolean isMenuCommand(Located cmd) {
    String w = Paths.basename(Syntax.word(cmd.text(), 0)).toLowerCase(Locale.ROOT);
    return MENUS.contains(w) || MENUS.contains(w + ".c32");
  }

  /**
   * {@code get_extension}: the first of syslinux's extensions that makes the name a file it finds.
   */
  private Optional<String> findExtension(String file) throws IOException {
    for (String[] e : KernelType.EXTENSIONS) {
      if (findModule(file + e[0]).isPresent()) {
        return Optional.of(e[0]);
      }
    }
    return Optional.empty();
  }

  /** {@code findpath}: the name itself (against the current directory), then each PATH entry. */
  private Optional<String> findModule(String name) throws IOException {
    if (isFile(Paths.resolve(s.cwd, name))) {
      return Optional.of(Paths.resolve(s.cwd, name));
    }
    for (String dir : s.modulePath) {
      String p = Paths.resolve(s.cwd, dir.endsWith("/") ? dir + name : dir + "/" + name);
      if (isFile(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  private boolean isFile(String path) throws IOException {
    return s.session.problem(path).isEmpty();
  }

  /** Tenths of a second as whole seconds, rounded up so a short timeout never reads as none. */
  static Optional<Integer> seconds(int tenths) {
    return tenths > 0 ? Optional.of((int) ((tenths + 9L) / 10)) : Optional.empty();
  }
}
