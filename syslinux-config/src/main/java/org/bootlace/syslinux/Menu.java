package org.bootlace.syslinux;

import java.util.ArrayList;
import java.util.List;

/**
 * A menu being read (syslinux's {@code struct menu}): the root menu, the hidden menu that {@code
 * MENU HIDE} entries go to, or a {@code MENU BEGIN} submenu, which starts with its parent's timeout
 * settings.
 */
final class Menu {
  /**
   * The name {@code MENU GOTO} finds it by: the {@code MENU BEGIN} tag, {@code .top} for the root
   * menu, {@code .hidden} for the hidden one.
   */
  final String tag;

  final Menu parent;
  final Item parentEntry;
  final int depth;
  final List<Item> items = new ArrayList<>();
  String title = "";
  int defaultIndex;

  /** In tenths of a second, as the menu module keeps it; 0 waits for ever. */
  int timeout;

  Located ontimeout;

  Menu(String tag, Menu parent, Item parentEntry) {
    this.tag = tag;
    this.parent = parent;
    this.parentEntry = parentEntry;
    this.depth = parent == null ? 0 : parent.depth + 1;
    if (parent != null) {
      timeout = parent.timeout;
      ontimeout = parent.ontimeout;
    }
  }
}
