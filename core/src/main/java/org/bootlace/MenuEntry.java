package org.bootlace;

import com.google.common.collect.ImmutableList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One entry of a boot menu, immutable.
 *
 * @param index the position in the menu tree, one 0-based index per level
 * @param title the title as the menu shows it
 * @param id the entry's id where the configuration gives one (GRUB 2 {@code --id}, BLS file name,
 *     syslinux {@code LABEL})
 * @param target what it loads; empty for submenus and for entries that load nothing bootlace can
 *     hand over (see {@link #notes})
 * @param children the entries of a submenu
 * @param notes why an entry has no target, or what was odd about it
 * @param classes the entry's classes (GRUB 2 {@code --class}), which themes draw icons by
 * @param hotkey the key that boots the entry at once (GRUB 2 {@code --hotkey}: a character or a key
 *     name such as {@code backspace}, {@code tab}, {@code delete}), as the configuration wrote it
 * @param defaultChild for a submenu, the index path of the entry its bootloader boots when the
 *     submenu itself is chosen (GRUB 2 enters it and boots its default); empty if none
 */
public record MenuEntry(
    List<Integer> index,
    String title,
    Optional<String> id,
    EntryKind kind,
    Optional<BootTarget> target,
    List<MenuEntry> children,
    SourceLocation source,
    List<String> notes,
    List<String> classes,
    Optional<String> hotkey,
    Optional<List<Integer>> defaultChild) {

  public MenuEntry {
    index = ImmutableList.copyOf(index);
    children = ImmutableList.copyOf(children);
    notes = ImmutableList.copyOf(notes);
    classes = ImmutableList.copyOf(classes);
    defaultChild = defaultChild.map(ImmutableList::copyOf);
  }

  /** An entry without classes or hotkey. */
  public MenuEntry(
      List<Integer> index,
      String title,
      Optional<String> id,
      EntryKind kind,
      Optional<BootTarget> target,
      List<MenuEntry> children,
      SourceLocation source,
      List<String> notes) {
    this(
        index,
        title,
        id,
        kind,
        target,
        children,
        source,
        notes,
        List.of(),
        Optional.empty(),
        Optional.empty());
  }

  /** The index as GRUB writes an entry path: {@code 2} or {@code 1>0}. */
  public String indexPath() {
    return indexPathOf(index);
  }

  /** Writes an index path as GRUB does: {@code 1>0}. */
  public static String indexPathOf(List<Integer> index) {
    return index.stream().map(String::valueOf).collect(Collectors.joining(">"));
  }
}
