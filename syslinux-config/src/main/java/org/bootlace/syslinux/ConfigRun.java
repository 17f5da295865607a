package org.bootlace.syslinux;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.bootlace.MenuEntry;

/**
 * One run of syslinux on one configuration: read it (with its includes), build the menu tree,
 * choose what boots. The top configuration is one run; each CONFIG entry (and each menu module
 * given a file) starts another, whose entries become that entry's children.
 */
final class ConfigRun {
  /**
   * @param defaultPath the index path booted without a choice; empty when nothing is
   */
  record Result(
      List<MenuEntry> entries,
      Optional<List<Integer>> defaultPath,
      String reason,
      Optional<Integer> timeout) {}

  private final Session session;
  private final String config;
  private final String cwd;
  private final List<Integer> prefix;
  private final int depth;
  private final boolean menuOnly;

  /**
   * @param prefix the index path of the entry that leads here; empty for the top configuration
   * @param menuOnly whether a menu module reads the file (no DEFAULT/UI/PROMPT of its own)
   */
  ConfigRun(
      Session session,
      String config,
      String cwd,
      List<Integer> prefix,
      int depth,
      boolean menuOnly) {
    this.session = session;
    this.config = config;
    this.cwd = cwd;
    this.prefix = prefix;
    this.depth = depth;
    this.menuOnly = menuOnly;
  }

  Result evaluate(byte[] content) throws IOException {
    RunState s = new RunState(session, config, cwd, depth);
    new Interpreter(s).run(content);
    Tree tree = new Tree(s, prefix);
    DefaultChoice chooser = new DefaultChoice(s, tree);
    DefaultChoice.Choice c = menuOnly ? chooser.menuOnly() : chooser.choose();
    return new Result(tree.entries(), c.path(), c.reason(), c.timeout());
  }
}
