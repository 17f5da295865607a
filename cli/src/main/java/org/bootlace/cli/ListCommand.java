package org.bootlace.cli;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.bootlace.BootMenu;
import org.bootlace.BootSource;
import org.bootlace.MenuEntry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Prints the boot menu as a tree, marking the default and saying why it is the default. */
@Command(
    name = "list",
    description = "List the boot menu: indexes, titles, ids, the default and why.")
final class ListCommand implements Callable<Integer> {
  private final Io io;

  @Mixin ImageOptions image;

  @Option(names = "--json", description = "Print JSON.")
  boolean json;

  ListCommand(Io io) {
    this.io = io;
  }

  @Override
  public Integer call() throws Exception {
    try (BootSource source = image.open(image.options().build())) {
      BootMenu menu = source.menu();
      if (json) {
        io.out().print(Json.write(Describe.menu(menu)));
      } else {
        io.out()
            .println(
                "config   " + Text.safe(menu.config().toString()) + " (" + menu.parser() + ")");
        io.out()
            .println(
                "default  "
                    + menu.defaultEntry().map(MenuEntry::indexPathOf).orElse("none")
                    + ": "
                    + Text.safe(menu.defaultReason()));
        menu.timeoutSeconds().ifPresent(t -> io.out().println("timeout  " + t));
        print(menu, menu.entries(), 0);
        for (String w : menu.warnings()) {
          io.out().println("warning  " + Text.safe(w));
        }
      }
      io.out().flush();
      return ExitCodes.OK;
    }
  }

  private void print(BootMenu menu, List<MenuEntry> level, int depth) {
    for (MenuEntry e : level) {
      boolean isDefault = menu.defaultEntry().map(d -> d.equals(e.index())).orElse(false);
      StringBuilder s = new StringBuilder(isDefault ? "* " : "  ");
      s.append("  ".repeat(depth))
          .append(String.format(Locale.ROOT, "%-6s", e.indexPath()))
          .append(' ');
      s.append(Text.safe(e.title()));
      e.id().ifPresent(id -> s.append("  [").append(Text.safe(id)).append(']'));
      s.append("  (").append(e.kind().name().toLowerCase(Locale.ROOT)).append(')');
      io.out().println(s);
      print(menu, e.children(), depth + 1);
    }
  }
}
