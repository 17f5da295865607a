package org.bootlace.cli;

import java.util.ArrayList;
import java.util.List;
import org.bootlace.BootMenu;
import org.bootlace.EntryKind;
import org.bootlace.MenuEntry;

/** Views of a menu tree the commands share. */
final class Menus {
  private Menus() {}

  /** Every entry that is not a submenu, depth-first in menu order. */
  static List<MenuEntry> flatten(BootMenu menu) {
    List<MenuEntry> out = new ArrayList<>();
    addLeaves(menu.entries(), out);
    return out;
  }

  private static void addLeaves(List<MenuEntry> level, List<MenuEntry> out) {
    for (MenuEntry e : level) {
      if (e.kind() == EntryKind.SUBMENU) {
        addLeaves(e.children(), out);
      } else {
        out.add(e);
      }
    }
  }

  /** The titles from the top of the tree down to {@code entry}, joined with " > ". */
  static String titlePath(BootMenu menu, MenuEntry entry) {
    List<String> titles = new ArrayList<>();
    for (int depth = 1; depth <= entry.index().size(); depth++) {
      menu.entry(entry.index().subList(0, depth)).ifPresent(e -> titles.add(e.title()));
    }
    return String.join(" > ", titles);
  }
}
