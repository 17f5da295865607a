package org.bootlace.grub2;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bootlace.BootTarget;
import org.bootlace.EntryKind;
import org.bootlace.FileRef;
import org.bootlace.LimitExceededException;
import org.bootlace.MenuEntry;

/**
 * Turns a menu a script built into {@link MenuEntry}s and finds what GRUB boots without a choice
 * (normal/menu.c). Every entry's script runs as GRUB runs it when that entry is chosen: on a copy
 * of the environment the whole configuration left, with {@code chosen} set, {@code default} reduced
 * to what follows its first {@code >} (or unset), the entry's arguments as $1...; a submenu in a
 * new context (exported variables only) with {@code timeout=0}, as after an automatic boot. The
 * default is {@code default} matched in each menu on its own: a number (as grub_strtoul reads it:
 * hex, octal, stopping at the first non-digit), else the first entry whose title or id the part
 * before the first {@code >} names; nothing or too large means entry 0. When that entry loads
 * nothing, GRUB tries the {@code fallback} numbers in order.
 */
final class MenuBuilder {
  /** A built menu: its entries, default path and why, timeout, and the file it came from. */
  record Level(
      List<MenuEntry> entries,
      boolean boots,
      Optional<List<Integer>> defaultPath,
      String reason,
      Optional<Integer> timeout,
      FileRef config) {}

  private record Built(MenuEntry entry, boolean boots, Level children) {}

  private MenuBuilder() {}

  static Level build(Machine m, Menus.Menu menu, List<Integer> prefix, int depth, FileRef config)
      throws IOException {
    if (depth > m.s.limits.maxCallDepth()) {
      throw new LimitExceededException(
          "maxCallDepth",
          m.s.limits.maxCallDepth(),
          "submenus nested deeper than that at " + m.where);
    }
    List<MenuEntry> entries = new ArrayList<>();
    List<Boolean> boots = new ArrayList<>();
    List<Level> children = new ArrayList<>();
    for (int i = 0; i < menu.entries.size(); i++) {
      List<Integer> index = new ArrayList<>(prefix);
      index.add(i);
      Built b = entry(m, menu.entries.get(i), index, depth, config);
      entries.add(b.entry);
      boots.add(b.boots);
      children.add(b.children);
    }
    Optional<Integer> timeout = timeout(m.env.get("timeout"));
    if (entries.isEmpty()) {
      return new Level(
          entries, false, Optional.empty(), "the menu has no entries", timeout, config);
    }
    StringBuilder why = new StringBuilder();
    int chosen = defaultIndex(m, menu, why);
    if (!boots.get(chosen)) {
      StringBuilder fallbackWhy = new StringBuilder();
      fallbackWhy
          .append("; entry ")
          .append(entries.get(chosen).indexPath())
          .append(" '")
          .append(entries.get(chosen).title())
          .append("' loads nothing");
      String fallback = m.env.get("fallback");
      int fb =
          m.s.fedora()
              ? fedoraFallback(menu.entries, entries, boots, fallback, fallbackWhy)
              : fallback(entries, boots, fallback, fallbackWhy);
      if (fb >= 0) {
        why.append(fallbackWhy);
        chosen = fb;
      } else if (children.get(chosen) == null) {
        why.append(fallbackWhy);
        if (fallback != null) {
          why.append("; no fallback entry boots either");
        }
      }
    }
    Optional<List<Integer>> path = follow(entries, children, chosen, why);
    return new Level(entries, boots.get(chosen), path, why.toString(), timeout, config);
  }

  private static Optional<List<Integer>> follow(
      List<MenuEntry> entries, List<Level> children, int chosen, StringBuilder why) {
    Level sub = children.get(chosen);
    if (sub == null) {
      return Optional.of(entries.get(chosen).index());
    }
    why.append("; in '").append(entries.get(chosen).title()).append("': ").append(sub.reason());
    return sub.defaultPath();
  }

  /** get_and_remove_first_entry_number, repeated: the first fallback entry that boots, or -1. */
  private static int fallback(
      List<MenuEntry> entries, List<Boolean> boots, String val, StringBuilder why) {
    while (val != null) {
      Gnu.Number n = Gnu.strtoul(val, 0);
      if (!n.ok()) {
        return -1;
      }
      int fb = (int) n.value();
      int i = n.end();
      while (i < val.length() && Gnu.isSpace(val.charAt(i))) {
        i++;
      }
      val = val.substring(i);
      if (fb >= 0 && fb < entries.size()) {
        if (boots.get(fb)) {
          why.append("; GRUB falls back to entry ")
              .append(fb)
              .append(" '")
              .append(entries.get(fb).title())
              .append("'");
          return fb;
        }
        why.append("; fallback entry ").append(fb).append(" loads nothing");
      } else {
        why.append("; fallback ").append(fb).append(" names no entry");
      }
    }
    return -1;
  }

  /**
   * Fedora's get_and_remove_first_entry_number, repeated: entries by id, title or number. A title
   * must be the whole rest of the list (or a path), after which Fedora's GRUB reads a null pointer
   * as the rest; here the list ends there.
   */
  private static int fedoraFallback(
      List<Menus.Def> defs,
      List<MenuEntry> entries,
      List<Boolean> boots,
      String val,
      StringBuilder why) {
    // Each turn consumes at least one character of the list.
    int turns = val == null ? 0 : val.length() + 1;
    while (val != null && turns-- > 0) {
      FedoraEntryNumber.Found f = FedoraEntryNumber.helper(defs, val);
      if (f.entry() < 0) {
        return -1;
      }
      int fb = f.entry();
      String rest = f.tail() == null ? "" : f.tail();
      int i = 0;
      while (i < rest.length() && Gnu.isSpace(rest.charAt(i))) {
        i++;
      }
      val = i < rest.length() ? rest.substring(i) : null;
      String how = f.how().equals("number") ? "" : " (by " + f.how() + ")";
      if (fb < entries.size() && boots.get(fb)) {
        why.append("; GRUB falls back to entry ")
            .append(fb)
            .append(how)
            .append(" '")
            .append(entries.get(fb).title())
            .append("'");
        return fb;
      }
      if (fb < entries.size()) {
        why.append("; fallback entry ").append(fb).append(how).append(" loads nothing");
      } else {
        why.append("; fallback ").append(fb).append(" names no entry");
      }
    }
    return -1;
  }

  /** grub_menu_get_timeout: a number as grub_strtoul reads it, or none. */
  static Optional<Integer> timeout(String val) {
    if (val == null) {
      return Optional.empty();
    }
    Gnu.Number n = Gnu.strtoul(val, 0);
    if (!n.ok() || (int) n.value() < 0) {
      return Optional.empty();
    }
    return Optional.of((int) n.value());
  }

  /** get_entry_number and run_menu's clamp, with the reason spelled out. */
  private static int defaultIndex(Machine m, Menus.Menu menu, StringBuilder why) {
    Env.Var var = m.env.var("default");
    int size = menu.entries.size();
    if (var == null) {
      why.append("no default set: entry 0");
      return 0;
    }
    String val = var.value();
    why.append("default '").append(val).append("'");
    if (var.origin() != null && !var.origin().isEmpty()) {
      why.append(" (").append(var.origin()).append(")");
    }
    if (m.s.fedora()) {
      return fedoraDefault(menu, val, why);
    }
    Gnu.Number n = Gnu.strtoul(val, 0);
    int entry;
    if (n.error() == Gnu.Number.Error.BAD_NUMBER) {
      entry = -1;
      for (int i = 0; i < size; i++) {
        Menus.Def d = menu.entries.get(i);
        boolean byTitle = Gnu.menuEntryEq(d.title(), val);
        if (byTitle || Gnu.menuEntryEq(d.effectiveId(), val)) {
          entry = i;
          why.append(": entry ").append(i).append(" by ").append(byTitle ? "title" : "id");
          break;
        }
      }
      if (entry < 0) {
        why.append(" names no entry of this menu: GRUB boots entry 0");
        return 0;
      }
      return entry;
    }
    if (n.error() == Gnu.Number.Error.OUT_OF_RANGE) {
      why.append(" is too large a number: GRUB boots entry 0");
      return 0;
    }
    return inRange((int) n.value(), size, why, "");
  }

  private static int inRange(int entry, int size, StringBuilder why, String how) {
    if (entry < 0 || entry >= size) {
      why.append(": there is no entry ")
          .append(entry)
          .append(" (")
          .append(size)
          .append(size == 1 ? " entry" : " entries")
          .append("): GRUB boots entry 0");
      return 0;
    }
    why.append(": entry ").append(entry).append(how);
    return entry;
  }

  /** Fedora's get_entry_number: ids, then titles, then a whole number. */
  private static int fedoraDefault(Menus.Menu menu, String val, StringBuilder why) {
    FedoraEntryNumber.Found f = FedoraEntryNumber.helper(menu.entries, val);
    if (f.entry() < 0 && !f.how().equals("number")) {
      why.append(" is no id, title or whole number in this menu: GRUB boots entry 0");
      return 0;
    }
    if (f.tail() != null && !f.tail().isEmpty()) {
      why.append(f.how().equals("id") ? " names the id of entry " : " is entry ")
          .append(f.entry())
          .append(" followed by '")
          .append(Env.abbreviate(f.tail()))
          .append("': GRUB boots entry 0");
      return 0;
    }
    return inRange(
        f.entry(), menu.entries.size(), why, f.how().equals("number") ? "" : " by " + f.how());
  }

  private static Built entry(
      Machine m, Menus.Def def, List<Integer> index, int depth, FileRef config) throws IOException {
    Env env = m.env.copy();
    List<String> notes = new ArrayList<>();
    Machine em = m.forEntry(env, notes);
    Menus.Menu sub = null;
    String origin = "menu entry " + MenuEntry.indexPathOf(index);
    // GRUB reads chosen and default before it opens a submenu's context.
    String chosen = env.get("chosen");
    String tail = Gnu.afterFirstLevel(env.get("default"));
    if (def.submenu()) {
      env.open(m.s.fedora());
      sub = new Menus.Menu();
      env.setMenu(sub);
      env.set("timeout", "0", origin);
    }
    env.set(
        "chosen",
        (chosen != null ? chosen + ">" : "") + def.effectiveId().replace(">", ">>"),
        origin);
    env.export("chosen", origin);
    if (tail != null) {
      env.set(
          "default",
          tail,
          "the part after '>' of default, entering " + MenuEntry.indexPathOf(index));
    } else if (!m.s.fedora()) {
      env.unset("default", origin);
    }
    em.scope = new ArrayList<>(def.args());
    String superusers = env.get("superusers");
    if (def.users() != null && superusers != null) {
      notes.add(
          "GRUB asks for a password first: superusers are set and the entry is restricted to "
              + (def.users().isEmpty() ? "them" : "them and " + def.users()));
    }
    Level children = null;
    boolean stopped = false;
    String stopWhy = null;
    int status = 0;
    try {
      if (def.body() != null) {
        status = em.runBody(def.body());
      } else {
        status = em.runText(def.source(), def.sourceName());
      }
    } catch (Control.Shown shown) {
      children = reindex(shown.level, index);
    } catch (Control.Stop stop) {
      stopped = true;
      stopWhy = stop.why;
    }
    // What the entry is whatever it turns out to be; the notes are set once they are all in.
    MenuEntry.Builder entry =
        MenuEntry.builder()
            .index(index)
            .title(def.title())
            .id(Optional.ofNullable(def.id()))
            .source(def.location())
            .classes(def.classes())
            .hotkey(Optional.ofNullable(def.hotkey()));
    if (children == null && def.submenu()) {
      children = build(em, sub, index, depth + 1, config);
    }
    if (children != null) {
      MenuEntry e =
          entry
              .kind(EntryKind.SUBMENU)
              .children(children.entries())
              .notes(notes)
              .defaultChild(children.defaultPath())
              .build();
      return new Built(e, children.boots(), children);
    }
    Loader l = em.loader;
    boolean halted = stopped && !"boot".equals(stopWhy);
    if (halted) {
      notes.add(stopWhy + ": GRUB " + (stopWhy.equals("reboot") ? "reboots" : "stops") + " here");
    }
    if (!stopped && status != 0 && l.loaded && m.s.fedora()) {
      // Fedora's menu.c boots only when the entry's script ends with status 0; else the fallback.
      notes.add(
          "the entry's last command failed (status "
              + status
              + "): Fedora's GRUB does not boot"
              + " it and tries the fallback");
      halted = true;
    }
    Optional<BootTarget> target = Optional.empty();
    EntryKind kind = l.attempted == null ? EntryKind.OTHER : l.attempted;
    if (l.loaded && !halted && (l.kind == EntryKind.LINUX || l.kind == EntryKind.MULTIBOOT)) {
      target =
          Optional.of(
              BootTarget.builder()
                  .kernel(l.kernel)
                  .initrds(l.initrds)
                  .args(l.args)
                  .devicetree(Optional.ofNullable(l.devicetree))
                  .modules(l.kind == EntryKind.MULTIBOOT ? l.modules : List.of())
                  .build());
      kind = l.kind;
    }
    MenuEntry e = entry.kind(kind).target(target).notes(notes).build();
    return new Built(e, l.loaded && !halted, null);
  }

  /** The same menu under another index prefix (a configfile run inside an entry). */
  private static Level reindex(Level level, List<Integer> prefix) {
    List<MenuEntry> entries = new ArrayList<>();
    for (MenuEntry e : level.entries()) {
      entries.add(reindex(e, prefix));
    }
    Optional<List<Integer>> path =
        level
            .defaultPath()
            .map(
                p -> {
                  List<Integer> full = new ArrayList<>(prefix);
                  full.addAll(p);
                  return full;
                });
    return new Level(entries, level.boots(), path, level.reason(), level.timeout(), level.config());
  }

  private static MenuEntry reindex(MenuEntry e, List<Integer> prefix) {
    List<Integer> index = new ArrayList<>(prefix);
    index.addAll(e.index());
    List<MenuEntry> children = new ArrayList<>();
    for (MenuEntry c : e.children()) {
      children.add(reindex(c, prefix));
    }
    Optional<List<Integer>> child =
        e.defaultChild()
            .map(
                p -> {
                  List<Integer> full = new ArrayList<>(prefix);
                  full.addAll(p);
                  return full;
                });
    return e.toBuilder().index(index).children(children).defaultChild(child).build();
  }
}
