package org.bootlace.grub2;

import java.io.IOException;
import java.util.List;

/**
 * {@code source} and {@code configfile} (commands/configfile.c). {@code source} runs a file in the
 * current context and adds its entries to the current menu. {@code configfile} opens a new context
 * (only exported variables carry over; all of them in Fedora's GRUB) with a new, empty menu; when
 * the file makes entries GRUB shows that menu and never comes back, so the evaluation ends there
 * with that menu. A file that cannot be read is skipped, as GRUB skips it silently.
 *
 * <p>Nesting is bounded as in GRUB, by the script's recursion limit (Debian's 2.06: 64 nested
 * commands, two per level of source or configfile): the command that goes too deep fails with
 * "maximum recursion depth exceeded" and everything made before it stays. {@code maxIncludeDepth}
 * does not apply to GRUB 2; steps, bytes and time still bound the whole run.
 */
final class Include {
  private Include() {}

  static int run(Machine m, String name, List<String> args) throws IOException, GrubFail {
    if (args.size() != 1) {
      throw new GrubFail(GrubFail.BAD_ARGUMENT, "filename expected");
    }
    String spec = args.get(0);
    Session s = m.s;
    Devices.Resolved r;
    byte[] bytes;
    try {
      r = Builtins.open(m, spec);
      bytes = r.volume().readConfig(r.path());
    } catch (GrubFail e) {
      m.note(
          m.where + ": " + name + " " + spec + ": " + e.getMessage() + "; GRUB goes on without it");
      return 0;
    }
    String at = m.where;
    boolean newContext = name.equals("configfile") || name.equals("normal");
    s.explain(at + ": " + name + " " + spec + " reads " + s.name(r.volume(), r.path()));
    s.includeDepth++;
    try {
      if (!newContext) {
        if (m.env.menu() == null) {
          m.env.setMenu(new Menus.Menu());
        }
        m.runFile(r.volume(), r.path(), bytes);
        return 0;
      }
      m.env.open(s.fedora());
      Menus.Menu menu = new Menus.Menu();
      m.env.setMenu(menu);
      m.runFile(r.volume(), r.path(), bytes);
      if (!menu.entries.isEmpty()) {
        s.explain(
            at
                + ": GRUB shows the menu of "
                + s.name(r.volume(), r.path())
                + " and does not come back");
        throw new Control.Shown(
            MenuBuilder.build(
                m, menu, List.of(), 0, new org.bootlace.FileRef(r.volume(), r.path())));
      }
      m.env.close();
      return 0;
    } finally {
      s.includeDepth--;
      m.where = at;
    }
  }
}
