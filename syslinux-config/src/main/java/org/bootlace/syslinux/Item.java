package org.bootlace.syslinux;

import java.util.ArrayList;
import java.util.List;
import org.bootlace.SourceLocation;

/** One entry of a menu being read (syslinux's {@code struct menu_entry}). */
final class Item {
  /** What choosing the entry does in the menu. */
  enum Action {
    COMMAND,
    SUBMENU,
    GOTO,
    EXIT,
    QUIT,
    HELP,
    DISABLED
  }

  final Menu menu;
  final int index;
  final SourceLocation source;
  String display = "";

  /** Whether {@link #display} is still the MENU BEGIN tag, which a later MENU TITLE replaces. */
  boolean displayIsTag;

  /** The label as the boot: prompt and DEFAULT match it: the first word of the LABEL line. */
  String label;

  /** The label as the menu module matches it: all of the LABEL line. */
  String menuLabel;

  Action action = Action.COMMAND;
  String cmdline;

  /** The menu a GOTO or EXIT names, until resolved into {@link #submenu}. */
  String target;

  Menu submenu;
  int sysAppend;
  boolean separator;
  final List<String> notes = new ArrayList<>();

  Item(Menu menu, int index, SourceLocation source) {
    this.menu = menu;
    this.index = index;
    this.source = source;
  }
}
