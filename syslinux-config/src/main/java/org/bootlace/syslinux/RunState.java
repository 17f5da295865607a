package org.bootlace.syslinux;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bootlace.LimitExceededException;
import org.bootlace.Limits;
import org.bootlace.SourceLocation;

/**
 * Everything one run of syslinux's config reader builds: the menus and entries, the LABEL being
 * read, and the global directives. One run reads the configuration and every file it includes, as
 * if they were one file; a {@code CONFIG} entry starts a new run.
 */
final class RunState {
  final Session session;

  /** The configuration this run started from. */
  final String config;

  /** The directory relative names resolve against: syslinux's current directory. */
  final String cwd;

  /** How many CONFIG switches led here. */
  final int depth;

  final Menu root = new Menu(".top", null, null);
  final Menu hidden = new Menu(".hidden", null, null);
  Menu current = root;
  Menu start = root;

  /** Every menu in creation order, as {@code MENU GOTO} searches them (last first). */
  final List<Menu> menus = new ArrayList<>(List.of(hidden, root));

  /** Every entry in creation order, as labels are looked up (first first). */
  final List<Item> items = new ArrayList<>();

  final LabelData ld = new LabelData();

  /** The module search path, as PATH gives it. */
  final List<String> modulePath = new ArrayList<>();

  String append;
  int sysAppend;
  Located defaultCommand;
  Located ui;
  int prompt;

  /** TIMEOUT for the boot: prompt, in tenths of a second; the last one read. */
  int timeout;

  /** TOTALTIMEOUT, which user input does not cancel, in tenths of a second. */
  int totalTimeout;

  Located ontimeout;
  int implicit = 1;
  boolean shiftKey;

  RunState(Session session, String config, String cwd, int depth) {
    this.session = session;
    this.config = config;
    this.cwd = cwd;
    this.depth = depth;
  }

  Item newItem(Menu m, SourceLocation at) throws LimitExceededException {
    session.countEntry(at.toString());
    Item it = new Item(m, m.items.size(), at);
    m.items.add(it);
    items.add(it);
    return it;
  }

  /** {@code MENU BEGIN}: an entry in the current menu that opens a new one. */
  Menu beginSubmenu(String tag, SourceLocation at) throws LimitExceededException {
    Limits limits = session.limits();
    Limits.check(
        "maxCallDepth", limits.maxCallDepth(), current.depth + 1, "MENU BEGIN nesting at " + at);
    Item entry = newItem(current, at);
    entry.display = tag;
    entry.displayIsTag = true;
    entry.action = Item.Action.SUBMENU;
    Menu m = new Menu(tag, current, entry);
    entry.submenu = m;
    menus.add(m);
    current = m;
    return m;
  }

  /** {@code MENU END}: back to the parent menu; at the root, nothing happens. */
  Menu endSubmenu(SourceLocation at) {
    if (current.parent == null) {
      session.diagnostics().warn(at + ": MENU END without MENU BEGIN; syslinux ignores it");
      return current;
    }
    current = current.parent;
    return current;
  }

  /**
   * The entry a boot: prompt command names: its first word equals a label (the first such entry).
   */
  Optional<Item> findLabel(String word) {
    for (Item it : items) {
      if (it.label != null && it.label.equals(word)) {
        return Optional.of(it);
      }
    }
    return Optional.empty();
  }

  /** The same lookup as the menu module makes it, against whole LABEL lines. */
  Optional<Item> findMenuLabel(String word) {
    for (Item it : items) {
      if (it.menuLabel != null && it.menuLabel.equals(word)) {
        return Optional.of(it);
      }
    }
    return Optional.empty();
  }

  /** The menu {@code MENU GOTO} names: the last one created with that name. */
  Optional<Menu> findMenu(String tag) {
    for (int i = menus.size() - 1; i >= 0; i--) {
      if (tag.equals(menus.get(i).tag)) {
        return Optional.of(menus.get(i));
      }
    }
    return Optional.empty();
  }
}
