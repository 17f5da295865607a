package org.bootlace;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A boot configuration, evaluated: the tree of entries, which one is the default and why.
 *
 * @param parser the parser that read it ({@code grub-legacy})
 * @param config the configuration file
 * @param entries the top-level entries
 * @param defaultEntry the index path of the entry booted without a choice; empty if none can be
 * @param defaultReason why that entry is the default, for people ({@code "default 1" at
 *     /boot/grub/menu.lst:1})
 * @param timeoutSeconds the menu timeout where the configuration sets one
 * @param warnings what the parser tolerated
 * @param explanation how the evaluation went, step by step, for people: which file and line set the
 *     default, which saved values and variables it used, which partition a search found
 */
public record BootMenu(
    String parser,
    FileRef config,
    List<MenuEntry> entries,
    Optional<List<Integer>> defaultEntry,
    String defaultReason,
    Optional<Integer> timeoutSeconds,
    List<String> warnings,
    List<String> explanation) {

  private static final Pattern INDEX_PATH = Pattern.compile("\\d{1,9}(>\\d{1,9})*");

  public BootMenu {
    entries = ImmutableList.copyOf(entries);
    defaultEntry = defaultEntry.map(ImmutableList::copyOf);
    warnings = ImmutableList.copyOf(warnings);
    explanation = ImmutableList.copyOf(explanation);
  }

  /** A menu whose parser keeps no explanation beyond {@code defaultReason}. */
  public BootMenu(
      String parser,
      FileRef config,
      List<MenuEntry> entries,
      Optional<List<Integer>> defaultEntry,
      String defaultReason,
      Optional<Integer> timeoutSeconds,
      List<String> warnings) {
    this(parser, config, entries, defaultEntry, defaultReason, timeoutSeconds, warnings, List.of());
  }

  /** The entry at an index path, if there is one. */
  public Optional<MenuEntry> entry(List<Integer> path) {
    List<MenuEntry> level = entries;
    MenuEntry found = null;
    for (int i : path) {
      if (i < 0 || i >= level.size()) {
        return Optional.empty();
      }
      found = level.get(i);
      level = found.children();
    }
    return Optional.ofNullable(found);
  }

  /** The default entry, if the configuration has a bootable one. */
  public Optional<MenuEntry> defaultMenuEntry() {
    return defaultEntry.flatMap(this::entry);
  }

  /**
   * Finds an entry as a user names it: an index path ({@code 2}, {@code 1>0}), a {@code
   * >}-separated path of titles or ids, one level per part, or, for pygrub compatibility, a bare
   * title anywhere in the tree (the first in menu order).
   */
  public Optional<MenuEntry> find(String selector) {
    if (INDEX_PATH.matcher(selector).matches()) {
      List<Integer> path = new ArrayList<>();
      for (String p : selector.split(">")) {
        path.add(Integer.parseInt(p));
      }
      return entry(path);
    }
    Optional<MenuEntry> byPath = findPath(entries, selector.split(">", -1), 0);
    if (byPath.isPresent()) {
      return byPath;
    }
    return findTitleAnywhere(entries, selector);
  }

  private static Optional<MenuEntry> findPath(List<MenuEntry> level, String[] parts, int at) {
    for (MenuEntry e : level) {
      if (e.title().equals(parts[at]) || e.id().map(parts[at]::equals).orElse(false)) {
        if (at == parts.length - 1) {
          return Optional.of(e);
        }
        Optional<MenuEntry> deeper = findPath(e.children(), parts, at + 1);
        if (deeper.isPresent()) {
          return deeper;
        }
      }
    }
    return Optional.empty();
  }

  private static Optional<MenuEntry> findTitleAnywhere(List<MenuEntry> level, String title) {
    for (MenuEntry e : level) {
      if (e.title().equals(title)) {
        return Optional.of(e);
      }
      Optional<MenuEntry> deeper = findTitleAnywhere(e.children(), title);
      if (deeper.isPresent()) {
        return deeper;
      }
    }
    return Optional.empty();
  }
}
