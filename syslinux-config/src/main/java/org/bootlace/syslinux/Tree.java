package org.bootlace.syslinux;

import com.google.common.collect.ImmutableList;
import java.io.IOException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bootlace.EntryKind;
import org.bootlace.MenuEntry;
import org.bootlace.SourceLocation;

/**
 * The menu tree of one run as bootlace reports it: the root menu's entries in menu order (so an
 * index is the entry's position on screen, separators included), then the entries MENU HIDE took
 * out of the menu, then at most one entry for a DEFAULT/UI/ONTIMEOUT command that names no label. A
 * submenu's entries are its children; a CONFIG entry's children are the entries of the
 * configuration it reads.
 */
final class Tree {
  /** An entry added for a command that names no label. */
  record Implicit(List<Integer> path, String title, Optional<ConfigRun.Result> nested) {}

  private final RunState s;
  private final Session session;
  private final List<Integer> prefix;
  private final List<MenuEntry> top = new ArrayList<>();
  private final Map<Item, List<Integer>> paths = new IdentityHashMap<>();
  private final Map<Item, ConfigRun.Result> nested = new IdentityHashMap<>();

  Tree(RunState s, List<Integer> prefix) throws IOException {
    this.s = s;
    this.session = s.session;
    this.prefix = prefix;
    for (Item it : s.root.items) {
      top.add(entry(it, next()));
    }
    for (Item it : s.hidden.items) {
      top.add(entry(it, next()));
    }
  }

  List<MenuEntry> entries() {
    return top;
  }

  List<Integer> pathOf(Item it) {
    return paths.get(it);
  }

  Optional<ConfigRun.Result> nestedOf(Item it) {
    return Optional.ofNullable(nested.get(it));
  }

  private List<Integer> next() {
    return ImmutableList.<Integer>builder().addAll(prefix).add(top.size()).build();
  }

  private MenuEntry entry(Item it, List<Integer> index) throws IOException {
    session.deadline().check();
    paths.put(it, index);
    String title = Syntax.trimEnd(Syntax.stripCaret(it.display));
    List<String> notes = new ArrayList<>(it.notes);
    if (it.menu == s.hidden) {
      notes.add(
          "MENU HIDE: not shown in the menu; the boot: prompt and DEFAULT still find its label");
    }
    // What every kind of entry has; the notes are set last, once they are all gathered.
    MenuEntry.Builder entry =
        MenuEntry.builder()
            .index(index)
            .title(title)
            .id(Optional.ofNullable(it.label))
            .source(it.source);
    switch (it.action) {
      case COMMAND -> {
        String sysAppend = SysAppend.note(it.sysAppend);
        if (sysAppend != null) {
          notes.add(sysAppend);
        }
        BootCommand.Outcome o = new BootCommand(session, s.cwd).run(it.cmdline);
        notes.addAll(o.notes());
        if (o.next().isPresent()) {
          Optional<ConfigRun.Result> r = expand(o.next().get(), it.source, index, notes);
          if (r.isPresent()) {
            nested.put(it, r.get());
            return entry.kind(EntryKind.SUBMENU).children(r.get().entries()).notes(notes).build();
          }
          return entry.kind(EntryKind.OTHER).notes(notes).build();
        }
        return entry.kind(o.kind()).target(o.target()).notes(notes).build();
      }
      case SUBMENU -> {
        List<MenuEntry> children = new ArrayList<>();
        for (Item child : it.submenu.items) {
          children.add(
              entry(
                  child,
                  ImmutableList.<Integer>builder().addAll(index).add(children.size()).build()));
        }
        Optional<String> tag = Optional.ofNullable(it.submenu.tag).filter(t -> !t.isEmpty());
        return entry.id(tag).kind(EntryKind.SUBMENU).children(children).notes(notes).build();
      }
      case GOTO ->
          notes.add("MENU GOTO: opens the menu '" + Interpreter.shorten(it.submenu.tag) + "'");
      case EXIT ->
          notes.add("MENU EXIT: back to the menu '" + Interpreter.shorten(it.submenu.tag) + "'");
      case QUIT -> notes.add("MENU QUIT: leaves the menu for the boot: prompt");
      case HELP -> notes.add("MENU HELP: shows the help file " + Interpreter.shorten(it.target));
      case DISABLED ->
          notes.add(
              it.separator
                  ? "MENU SEPARATOR: a blank line in the menu"
                  : "MENU DISABLE: shown greyed out; it cannot be chosen");
    }
    return entry.kind(EntryKind.OTHER).notes(notes).build();
  }

  /**
   * Adds the entry a command naming no label runs. The sysAppend mask is the global one, which
   * syslinux adds to such commands.
   */
  Implicit implicit(String cmdline, KernelType type, Located cmd, String why) throws IOException {
    List<Integer> index = next();
    session.countEntry(cmd.where().toString());
    List<String> notes = new ArrayList<>();
    notes.add(why);
    String sysAppend = SysAppend.note(s.sysAppend);
    if (sysAppend != null) {
      notes.add(sysAppend);
    }
    BootCommand.Outcome o = new BootCommand(session, s.cwd).run(cmdline, type);
    notes.addAll(o.notes());
    String title = Syntax.strip(cmd.text());
    if (o.next().isPresent()) {
      Optional<ConfigRun.Result> r = expand(o.next().get(), cmd.where(), index, notes);
      EntryKind kind = r.isPresent() ? EntryKind.SUBMENU : EntryKind.OTHER;
      List<MenuEntry> children = r.map(ConfigRun.Result::entries).orElse(List.of());
      top.add(
          MenuEntry.builder()
              .index(index)
              .title(title)
              .kind(kind)
              .children(children)
              .source(cmd.where())
              .notes(notes)
              .build());
      return new Implicit(index, title, r);
    }
    top.add(
        MenuEntry.builder()
            .index(index)
            .title(title)
            .kind(o.kind())
            .target(o.target())
            .source(cmd.where())
            .notes(notes)
            .build());
    return new Implicit(index, title, Optional.empty());
  }

  /** The run a CONFIG entry (or a menu module given a file) leads to; empty if it is not read. */
  private Optional<ConfigRun.Result> expand(
      BootCommand.Switch to, SourceLocation where, List<Integer> index, List<String> notes)
      throws IOException {
    String file = Interpreter.shorten(to.file());
    String what = to.menuOnly() ? "the menu file " + file : "CONFIG " + file;
    session.checkNesting(s.depth + 1, where.toString());
    String key = session.key(to.file());
    if (!session.enterConfig(key)) {
      notes.add(what + " is already being read further up (a cycle); not expanded again here");
      return Optional.empty();
    }
    try {
      StringBuilder why = new StringBuilder();
      Optional<byte[]> content = session.readFile(to.file(), where.toString(), why);
      if (content.isEmpty()) {
        notes.add(what + ": " + why + "; syslinux cannot read it");
        return Optional.empty();
      }
      if (!to.cwd().equals(s.cwd)) {
        notes.add(
            what
                + " is read in "
                + Interpreter.shorten(to.cwd())
                + ", where its relative names resolve");
      }
      ConfigRun.Result r =
          new ConfigRun(session, to.file(), to.cwd(), index, s.depth + 1, to.menuOnly())
              .evaluate(content.get());
      notes.add(what + ": " + r.reason());
      return Optional.of(r);
    } finally {
      session.leaveConfig(key);
    }
  }
}
