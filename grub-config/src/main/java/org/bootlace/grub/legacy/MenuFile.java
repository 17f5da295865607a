package org.bootlace.grub.legacy;

import com.google.common.collect.ImmutableList;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bootlace.BootlaceException;
import org.bootlace.CorruptImageException;
import org.bootlace.EntryKind;
import org.bootlace.LimitExceededException;
import org.bootlace.Limits;
import org.bootlace.MenuEntry;
import org.bootlace.SourceLocation;
import org.bootlace.Volume;

/**
 * One menu file evaluated as stage2's {@code cmain} loads it: lines before the first {@code title}
 * run if they are menu commands ({@code default}, {@code fallback}, {@code timeout}, {@code
 * password}, ...) and are ignored otherwise; each {@code title} starts an entry that collects the
 * known commands after it; a title followed by no known command is dropped, so it takes no entry
 * number; unknown commands are skipped everywhere. (The GRUB manual says unknown commands are added
 * to the entry; stage2 skips them, and stage2 is what boots.)
 */
final class MenuFile {
  /** What an entry's commands may ask of the file they come from. */
  record Scope(Volume volume, String name, boolean passwordSet) {}

  /**
   * @param defaultPath the index path GRUB boots without a choice, empty when there is no entry
   */
  record Result(
      List<MenuEntry> entries,
      Optional<List<Integer>> defaultPath,
      String reason,
      Optional<Integer> timeout) {}

  private final Session session;
  private final Volume volume;
  private final String path;
  private final String name;
  private final List<Integer> prefix;
  private final int depth;

  private int defaultEntry;
  private String defaultReason;
  private final Fallbacks fallbacks = new Fallbacks();
  private int timeout = -1;
  private boolean passwordSet;

  private int state;
  private String pendingTitle;
  private int pendingLine;
  private EntryScript pendingScript;
  private final List<MenuEntry> entries = new ArrayList<>();
  private final List<Optional<String>> bootErrors = new ArrayList<>();
  private final List<Optional<Result>> submenus = new ArrayList<>();

  /**
   * @param name how reasons and warnings name the file: its path, with the device in front when it
   *     is not on the volume of the top menu file
   * @param prefix the index path of the entry that loaded it; empty for the top file
   */
  MenuFile(
      Session session, Volume volume, String path, String name, List<Integer> prefix, int depth) {
    this.session = session;
    this.volume = volume;
    this.path = path;
    this.name = name;
    this.prefix = prefix;
    this.depth = depth;
  }

  Result evaluate(byte[] content) throws IOException {
    new ConfigReader(name, session.diagnostics(), session.deadline()).read(content, this::line);
    if (state > 1) {
      commit();
    } else if (state == 1) {
      dropTitle();
    }
    return choose();
  }

  private void line(int number, String text) throws IOException {
    Command c = Command.split(text, number);
    Optional<Builtins.Builtin> builtin = Builtins.find(c.name());
    if (builtin.isEmpty()) {
      warn(number, "unknown command '" + shorten(c.name()) + "' skipped, as GRUB 0.97 skips it");
      return;
    }
    if (builtin.get().isTitle()) {
      if (state > 1) {
        commit();
      } else if (state == 1) {
        dropTitle();
      }
      state = 1;
      pendingTitle = title(c.arg());
      pendingLine = number;
      pendingScript = new EntryScript(session, new Scope(volume, name, passwordSet));
      return;
    }
    if (state == 0) {
      if (builtin.get().runsInMenu()) {
        global(c);
      } else {
        warn(
            number,
            "'"
                + c.name()
                + "' before the first title is ignored: GRUB 0.97 runs it only inside an entry");
      }
      return;
    }
    state = 2;
    pendingScript.run(c);
  }

  /** GRUB shows the title with tabs as spaces; it is trimmed as pygrub trims it. */
  private static String title(String arg) {
    return PyText.strip(arg.replace('\t', ' '));
  }

  private void dropTitle() {
    warn(
        pendingLine,
        "title '" + shorten(pendingTitle) + "' has no commands; GRUB drops it from the menu");
  }

  private void global(Command c) throws IOException {
    String where = name + ":" + c.line();
    switch (c.name()) {
      case "default" -> setDefault(c, where);
      case "fallback" -> {
        try {
          fallbacks.set(c.arg(), where);
        } catch (GrubFailure e) {
          warn(
              c.line(),
              "fallback "
                  + shorten(c.arg())
                  + ": "
                  + e.getMessage()
                  + "; GRUB keeps the list as far as it read it");
        }
      }
      case "timeout" -> {
        try {
          timeout = GrubNumber.parse(c.arg(), 0).value();
        } catch (GrubFailure e) {
          warn(c.line(), "timeout " + shorten(c.arg()) + ": " + e.getMessage() + "; ignored");
        }
      }
      case "password" -> {
        passwordSet = true;
        String[] words = PyText.strip(c.arg()).split("[ \t]+");
        int file = words.length > 0 && words[0].startsWith("--") ? 2 : 1;
        warn(
            c.line(),
            "password: GRUB locks menu editing, and entries that use 'lock', until it is entered"
                + (words.length > file
                    ? "; entering it loads "
                        + shorten(words[file])
                        + ", which bootlace does not follow"
                    : ""));
      }
      default -> {
        // color, splashimage, gfxmenu, serial, terminal, hiddenmenu, ...: appearance only
      }
    }
  }

  private void setDefault(Command c, String where) throws IOException {
    String arg = c.arg();
    if (arg.equals("saved")) {
      SavedDefault saved = SavedDefault.read(volume, path, where);
      defaultEntry = saved.entry();
      defaultReason = "default saved at " + where + ": " + saved.reason();
      saved.warning().ifPresent(session.diagnostics()::warn);
      return;
    }
    try {
      defaultEntry = GrubNumber.parse(arg, 0).value();
      defaultReason = "default " + defaultEntry + " at " + where;
    } catch (GrubFailure e) {
      String why =
          "default "
              + shorten(arg)
              + " at "
              + where
              + ": "
              + e.getMessage()
              + "; GRUB keeps entry "
              + defaultEntry
              + (arg.startsWith("saved")
                  ? " (it takes 'saved' only when nothing follows, not even a blank)"
                  : "");
      defaultReason = why;
      session.diagnostics().warn(why);
    }
  }

  private void commit() throws IOException {
    session.countEntry(name + ":" + pendingLine);
    List<Integer> index =
        ImmutableList.<Integer>builder().addAll(prefix).add(entries.size()).build();
    // What every entry of this title has; its kind, target or children and notes come below.
    MenuEntry.Builder entry =
        MenuEntry.builder()
            .index(index)
            .title(pendingTitle)
            .source(new SourceLocation(name, pendingLine));
    EntryScript.Outcome o = pendingScript.finish();
    pendingScript = null;
    if (o.nested().isPresent()) {
      EntryScript.Nested n = o.nested().get();
      Optional<Result> child = nested(n, index);
      if (child.isPresent()) {
        entries.add(
            entry.kind(EntryKind.SUBMENU).children(child.get().entries()).notes(o.notes()).build());
        bootErrors.add(Optional.empty());
        submenus.add(child);
        return;
      }
      List<String> notes = new ArrayList<>(o.notes());
      notes.add(
          "line "
              + n.line()
              + ": configfile "
              + n.path()
              + " is already being read (a configfile loop); not expanded");
      entries.add(entry.kind(EntryKind.OTHER).notes(notes).build());
      bootErrors.add(Optional.empty());
      submenus.add(Optional.empty());
      return;
    }
    entries.add(entry.kind(o.kind()).target(o.target()).notes(o.notes()).build());
    bootErrors.add(o.bootError());
    submenus.add(Optional.empty());
  }

  /** The menu a {@code configfile} entry loads; empty when that file is already being read. */
  private Optional<Result> nested(EntryScript.Nested n, List<Integer> index) throws IOException {
    String where = name + ":" + n.line();
    Limits.check(
        "maxIncludeDepth",
        session.limits().maxIncludeDepth(),
        depth + 1,
        "configfile nesting at " + where);
    String key = Session.key(n.volume(), n.path());
    if (!session.enter(key)) {
      session
          .diagnostics()
          .warn(
              where
                  + ": configfile "
                  + n.path()
                  + " is already being read (a configfile loop); not expanded");
      return Optional.empty();
    }
    try {
      byte[] content;
      try {
        long size = n.volume().open(n.path()).size();
        session.countNestedBytes(size, where);
        content = n.volume().readConfig(n.path());
      } catch (LimitExceededException e) {
        throw e;
      } catch (BootlaceException e) {
        session.diagnostics().warn(where + ": configfile " + n.path() + ": " + e.getMessage());
        content = new byte[0];
      }
      String childName =
          n.volume() == session.bootVolume()
              ? n.path()
              : "(" + n.volume().grubDevice() + ")" + n.path();
      return Optional.of(
          new MenuFile(session, n.volume(), n.path(), childName, index, depth + 1)
              .evaluate(content));
    } finally {
      session.leave(key);
    }
  }

  /**
   * The entry GRUB boots when nobody chooses: the default, or entry 0 when the default does not
   * exist (the first fallback if there is one), then down the fallback list while entries fail.
   */
  private Result choose() throws IOException {
    Optional<Integer> shownTimeout = timeout >= 0 ? Optional.of(timeout) : Optional.empty();
    StringBuilder reason =
        new StringBuilder(
            defaultReason != null ? defaultReason : "no default command in " + name + ": entry 0");
    int count = entries.size();
    if (count == 0) {
      reason.append("; ").append(name).append(" has no entries");
      return new Result(entries, Optional.empty(), reason.toString(), shownTimeout);
    }
    List<Integer> fallback;
    try {
      fallback = fallbacks.usable(count);
    } catch (GrubFailure e) {
      throw new CorruptImageException(
          "grub-legacy: " + fallbacks.where() + ": fallback: " + e.getMessage());
    }
    int next = 0;
    int entry = defaultEntry;
    if (entry >= count) {
      reason
          .append("; there is no entry ")
          .append(entry)
          .append(" (")
          .append(count)
          .append(count == 1 ? " entry)" : " entries)");
      if (!fallback.isEmpty()) {
        entry = fallback.get(next++);
        reason
            .append(": GRUB boots fallback entry ")
            .append(entry)
            .append(" (fallback at ")
            .append(fallbacks.where())
            .append(')');
      } else {
        entry = 0;
        reason.append(": GRUB boots entry 0");
      }
    }
    int chosen = entry;
    for (int tries = 0; tries <= Fallbacks.MAX; tries++) {
      Optional<String> error = bootErrors.get(entry);
      if (error.isEmpty()) {
        chosen = entry;
        break;
      }
      reason.append("; entry ").append(entry).append(" fails (").append(error.get()).append(')');
      if (next >= fallback.size()) {
        reason.append(" and no fallback entry is left");
        break;
      }
      entry = fallback.get(next++);
      reason.append(": GRUB falls back to entry ").append(entry);
    }
    List<Integer> path = ImmutableList.<Integer>builder().addAll(prefix).add(chosen).build();
    Optional<Result> sub = submenus.get(chosen);
    if (sub.isPresent()) {
      reason
          .append("; entry ")
          .append(chosen)
          .append(" loads another menu: ")
          .append(sub.get().reason());
      if (sub.get().defaultPath().isPresent()) {
        path = sub.get().defaultPath().get();
      }
    }
    return new Result(entries, Optional.of(path), reason.toString(), shownTimeout);
  }

  private void warn(int line, String text) {
    session.diagnostics().warn(name + ":" + line + ": " + text);
  }

  private static String shorten(String s) {
    return s.length() <= 80 ? s : s.substring(0, 77) + "...";
  }
}
