package org.bootlace;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.bootlace.internal.Required;

/**
 * One entry of a boot menu, immutable.
 *
 * <p>Drivers build entries with {@link #builder()}: a later version may add components, and code
 * using the builder keeps compiling and running against it, while code calling the canonical
 * constructor would not.
 *
 * @param index the position in the menu tree, one 0-based index per level
 * @param title the title as the menu shows it
 * @param id the entry's id where the configuration gives one (GRUB 2 {@code --id}, BLS file name,
 *     syslinux {@code LABEL})
 * @param kind what the entry does
 * @param target what it loads; empty for submenus and for entries that load nothing bootlace can
 *     hand over (see {@link #notes})
 * @param children the entries of a submenu
 * @param source where the configuration defines the entry
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

  /**
   * The canonical constructor, which changes whenever a component is added: drivers use {@link
   * #builder()} instead. Every component must be set (an absent optional part is empty); the lists
   * are copied.
   *
   * @param index the position in the menu tree
   * @param title the title
   * @param id the id, or empty
   * @param kind what the entry does
   * @param target what it loads, or empty
   * @param children the entries of a submenu
   * @param source where the configuration defines the entry
   * @param notes why an entry has no target, or what was odd about it
   * @param classes the entry's classes
   * @param hotkey the key that boots the entry at once, or empty
   * @param defaultChild for a submenu, the index path of its default entry, or empty
   * @throws NullPointerException naming the component that is null
   */
  public MenuEntry {
    index = Required.list(index, "MenuEntry.index");
    Required.value(title, "MenuEntry.title");
    Required.optional(id, "MenuEntry.id");
    Required.value(kind, "MenuEntry.kind");
    Required.optional(target, "MenuEntry.target");
    children = Required.list(children, "MenuEntry.children");
    Required.value(source, "MenuEntry.source");
    notes = Required.list(notes, "MenuEntry.notes");
    classes = Required.list(classes, "MenuEntry.classes");
    Required.optional(hotkey, "MenuEntry.hotkey");
    defaultChild = Required.optionalList(defaultChild, "MenuEntry.defaultChild");
  }

  /**
   * A builder for an entry: {@code index}, {@code title}, {@code kind} and {@code source} must be
   * set; the lists default to empty and the optional parts to absent.
   *
   * @return a new, empty builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder holding this entry's components, to make a changed copy.
   *
   * @return a builder that builds an equal entry until changed
   */
  public Builder toBuilder() {
    return new Builder()
        .index(index)
        .title(title)
        .id(id)
        .kind(kind)
        .target(target)
        .children(children)
        .source(source)
        .notes(notes)
        .classes(classes)
        .hotkey(hotkey)
        .defaultChild(defaultChild);
  }

  /**
   * Builds a {@link MenuEntry}; each setter refuses null with a {@link NullPointerException} naming
   * the component, and {@link #build()} refuses a required component left unset.
   */
  public static final class Builder {
    private List<Integer> index;
    private String title;
    private Optional<String> id = Optional.empty();
    private EntryKind kind;
    private Optional<BootTarget> target = Optional.empty();
    private List<MenuEntry> children = List.of();
    private SourceLocation source;
    private List<String> notes = List.of();
    private List<String> classes = List.of();
    private Optional<String> hotkey = Optional.empty();
    private Optional<List<Integer>> defaultChild = Optional.empty();

    private Builder() {}

    /**
     * Sets the position in the menu tree; required.
     *
     * @param index one 0-based index per level
     * @return this builder
     */
    public Builder index(List<Integer> index) {
      this.index = Required.list(index, "MenuEntry.index");
      return this;
    }

    /**
     * Sets the title; required.
     *
     * @param title the title as the menu shows it
     * @return this builder
     */
    public Builder title(String title) {
      this.title = Required.value(title, "MenuEntry.title");
      return this;
    }

    /**
     * Sets the entry's id.
     *
     * @param id the id the configuration gives
     * @return this builder
     */
    public Builder id(String id) {
      this.id = Optional.of(Required.value(id, "MenuEntry.id"));
      return this;
    }

    /**
     * Sets the entry's id, or none; absent by default.
     *
     * @param id the id the configuration gives, or empty
     * @return this builder
     */
    public Builder id(Optional<String> id) {
      this.id = Required.optional(id, "MenuEntry.id");
      return this;
    }

    /**
     * Sets what the entry does; required.
     *
     * @param kind the kind
     * @return this builder
     */
    public Builder kind(EntryKind kind) {
      this.kind = Required.value(kind, "MenuEntry.kind");
      return this;
    }

    /**
     * Sets what the entry loads.
     *
     * @param target the kernel, ramdisks and command line
     * @return this builder
     */
    public Builder target(BootTarget target) {
      this.target = Optional.of(Required.value(target, "MenuEntry.target"));
      return this;
    }

    /**
     * Sets what the entry loads, or nothing; absent by default.
     *
     * @param target the kernel, ramdisks and command line, or empty
     * @return this builder
     */
    public Builder target(Optional<BootTarget> target) {
      this.target = Required.optional(target, "MenuEntry.target");
      return this;
    }

    /**
     * Sets the entries of a submenu, copied; empty by default.
     *
     * @param children the entries in menu order
     * @return this builder
     */
    public Builder children(List<MenuEntry> children) {
      this.children = Required.list(children, "MenuEntry.children");
      return this;
    }

    /**
     * Sets where the configuration defines the entry; required.
     *
     * @param source the file and line
     * @return this builder
     */
    public Builder source(SourceLocation source) {
      this.source = Required.value(source, "MenuEntry.source");
      return this;
    }

    /**
     * Sets the notes, copied; empty by default.
     *
     * @param notes why the entry has no target, or what was odd about it
     * @return this builder
     */
    public Builder notes(List<String> notes) {
      this.notes = Required.list(notes, "MenuEntry.notes");
      return this;
    }

    /**
     * Sets the entry's classes, copied; empty by default.
     *
     * @param classes the classes in the configuration's order
     * @return this builder
     */
    public Builder classes(List<String> classes) {
      this.classes = Required.list(classes, "MenuEntry.classes");
      return this;
    }

    /**
     * Sets the hotkey, or none; absent by default.
     *
     * @param hotkey the key as the configuration wrote it, or empty
     * @return this builder
     */
    public Builder hotkey(Optional<String> hotkey) {
      this.hotkey = Required.optional(hotkey, "MenuEntry.hotkey");
      return this;
    }

    /**
     * Sets a submenu's default entry, or none; absent by default.
     *
     * @param path the index path of the entry booted when the submenu is chosen, or empty
     * @return this builder
     */
    public Builder defaultChild(Optional<List<Integer>> path) {
      this.defaultChild = Required.optionalList(path, "MenuEntry.defaultChild");
      return this;
    }

    /**
     * Builds the entry.
     *
     * @return a new entry
     * @throws IllegalStateException naming a required component that was not set
     */
    public MenuEntry build() {
      return new MenuEntry(
          Required.built(index, "MenuEntry", "index"),
          Required.built(title, "MenuEntry", "title"),
          id,
          Required.built(kind, "MenuEntry", "kind"),
          target,
          children,
          Required.built(source, "MenuEntry", "source"),
          notes,
          classes,
          hotkey,
          defaultChild);
    }
  }

  /**
   * The index as GRUB writes an entry path: {@code 2} or {@code 1>0}.
   *
   * @return the index path
   */
  public String indexPath() {
    return indexPathOf(index);
  }

  /**
   * Writes an index path as GRUB does: {@code 1>0}.
   *
   * @param index one 0-based index per level
   * @return the indexes joined by {@code >}
   */
  public static String indexPathOf(List<Integer> index) {
    return index.stream().map(String::valueOf).collect(Collectors.joining(">"));
  }
}
