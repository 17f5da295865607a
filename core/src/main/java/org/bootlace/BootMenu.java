package org.bootlace;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.bootlace.internal.Required;

/**
 * A boot configuration, evaluated: the tree of entries, which one is the default and why.
 *
 * <p>Drivers build menus with {@link #builder()}: a later version may add components, and code
 * using the builder keeps compiling and running against it, while code calling the canonical
 * constructor would not.
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

  /**
   * The canonical constructor, which changes whenever a component is added: drivers use {@link
   * #builder()} instead. Every component must be set (an absent optional part is empty); the lists
   * are copied.
   *
   * @param parser the parser that read it
   * @param config the configuration file
   * @param entries the top-level entries
   * @param defaultEntry the index path of the default entry, or empty
   * @param defaultReason why that entry is the default
   * @param timeoutSeconds the menu timeout, or empty
   * @param warnings what the parser tolerated
   * @param explanation how the evaluation went
   * @throws NullPointerException naming the component that is null
   */
  public BootMenu {
    Required.value(parser, "BootMenu.parser");
    Required.value(config, "BootMenu.config");
    entries = Required.list(entries, "BootMenu.entries");
    defaultEntry = Required.optionalList(defaultEntry, "BootMenu.defaultEntry");
    Required.value(defaultReason, "BootMenu.defaultReason");
    Required.optional(timeoutSeconds, "BootMenu.timeoutSeconds");
    warnings = Required.list(warnings, "BootMenu.warnings");
    explanation = Required.list(explanation, "BootMenu.explanation");
  }

  /**
   * A builder for a menu: {@code parser}, {@code config} and {@code defaultReason} must be set; the
   * lists default to empty, {@code defaultEntry} and {@code timeoutSeconds} to absent.
   *
   * @return a new, empty builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder holding this menu's components, to make a changed copy.
   *
   * @return a builder that builds an equal menu until changed
   */
  public Builder toBuilder() {
    return new Builder()
        .parser(parser)
        .config(config)
        .entries(entries)
        .defaultEntry(defaultEntry)
        .defaultReason(defaultReason)
        .timeoutSeconds(timeoutSeconds)
        .warnings(warnings)
        .explanation(explanation);
  }

  /**
   * Builds a {@link BootMenu}; each setter refuses null with a {@link NullPointerException} naming
   * the component, and {@link #build()} refuses a required component left unset.
   */
  public static final class Builder {
    private String parser;
    private FileRef config;
    private List<MenuEntry> entries = List.of();
    private Optional<List<Integer>> defaultEntry = Optional.empty();
    private String defaultReason;
    private Optional<Integer> timeoutSeconds = Optional.empty();
    private List<String> warnings = List.of();
    private List<String> explanation = List.of();

    private Builder() {}

    /**
     * Sets the parser's name; required.
     *
     * @param parser the {@link org.bootlace.spi.BootConfigParser#name()} of the parser
     * @return this builder
     */
    public Builder parser(String parser) {
      this.parser = Required.value(parser, "BootMenu.parser");
      return this;
    }

    /**
     * Sets the configuration file; required.
     *
     * @param config the file the menu was read from
     * @return this builder
     */
    public Builder config(FileRef config) {
      this.config = Required.value(config, "BootMenu.config");
      return this;
    }

    /**
     * Sets the top-level entries, copied; empty by default.
     *
     * @param entries the entries in menu order
     * @return this builder
     */
    public Builder entries(List<MenuEntry> entries) {
      this.entries = Required.list(entries, "BootMenu.entries");
      return this;
    }

    /**
     * Sets the index path of the default entry.
     *
     * @param path one 0-based index per level
     * @return this builder
     */
    public Builder defaultEntry(List<Integer> path) {
      this.defaultEntry = Optional.of(Required.list(path, "BootMenu.defaultEntry"));
      return this;
    }

    /**
     * Sets the index path of the default entry, or none; absent by default.
     *
     * @param path one 0-based index per level, or empty when no entry can be booted without a
     *     choice
     * @return this builder
     */
    public Builder defaultEntry(Optional<List<Integer>> path) {
      this.defaultEntry = Required.optionalList(path, "BootMenu.defaultEntry");
      return this;
    }

    /**
     * Sets why the default entry is the default, for people; required.
     *
     * @param reason the setting and where it was written
     * @return this builder
     */
    public Builder defaultReason(String reason) {
      this.defaultReason = Required.value(reason, "BootMenu.defaultReason");
      return this;
    }

    /**
     * Sets the menu timeout.
     *
     * @param seconds the timeout the configuration sets
     * @return this builder
     */
    public Builder timeoutSeconds(int seconds) {
      this.timeoutSeconds = Optional.of(seconds);
      return this;
    }

    /**
     * Sets the menu timeout, or none; absent by default.
     *
     * @param seconds the timeout the configuration sets, or empty
     * @return this builder
     */
    public Builder timeoutSeconds(Optional<Integer> seconds) {
      this.timeoutSeconds = Required.optional(seconds, "BootMenu.timeoutSeconds");
      return this;
    }

    /**
     * Sets what the parser tolerated, copied; empty by default.
     *
     * @param warnings one message per deviation
     * @return this builder
     */
    public Builder warnings(List<String> warnings) {
      this.warnings = Required.list(warnings, "BootMenu.warnings");
      return this;
    }

    /**
     * Sets how the evaluation went, copied; empty by default.
     *
     * @param explanation one step per element, for people
     * @return this builder
     */
    public Builder explanation(List<String> explanation) {
      this.explanation = Required.list(explanation, "BootMenu.explanation");
      return this;
    }

    /**
     * Builds the menu.
     *
     * @return a new menu
     * @throws IllegalStateException naming a required component that was not set
     */
    public BootMenu build() {
      return new BootMenu(
          Required.built(parser, "BootMenu", "parser"),
          Required.built(config, "BootMenu", "config"),
          entries,
          defaultEntry,
          Required.built(defaultReason, "BootMenu", "defaultReason"),
          timeoutSeconds,
          warnings,
          explanation);
    }
  }

  /**
   * The entry at an index path, if there is one.
   *
   * @param path one 0-based index per level
   * @return the entry, or empty when the path leads nowhere
   */
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

  /**
   * The default entry, if the configuration has a bootable one.
   *
   * @return the entry {@link #defaultEntry()} leads to, or empty
   */
  public Optional<MenuEntry> defaultMenuEntry() {
    return defaultEntry.flatMap(this::entry);
  }

  /**
   * Finds an entry as a user names it: an index path ({@code 2}, {@code 1>0}), a {@code
   * >}-separated path of titles or ids, one level per part, or, for pygrub compatibility, a bare
   * title anywhere in the tree (the first in menu order).
   *
   * @param selector an index path, a path of titles or ids, or a title
   * @return the entry, or empty when none matches
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
