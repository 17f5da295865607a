package org.bootlace.grub2;

import java.util.ArrayList;
import java.util.List;
import org.bootlace.SourceLocation;

/** The menus a script builds while it runs, before their entries are evaluated. */
final class Menus {
  private Menus() {}

  /**
   * A menuentry or submenu as the command defined it.
   *
   * @param args the non-option arguments: the title, then extra arguments the body sees as $2...
   * @param id the {@code --id}, or null (GRUB then uses the title as the id)
   * @param users the {@code --users} list; null with {@code --unrestricted}; empty otherwise (GRUB
   *     then lets only superusers boot it when superusers are set)
   * @param body the block; or null when the entry came from {@code source} (text)
   * @param source script text of an entry made by blscfg or {@code --source}
   */
  record Def(
      List<String> args,
      String id,
      List<String> classes,
      String users,
      String hotkey,
      boolean submenu,
      Ast.CmdList body,
      String source,
      String sourceName,
      SourceLocation location) {
    String title() {
      return args.get(0);
    }

    String effectiveId() {
      return id != null ? id : title();
    }
  }

  /** One menu: its entries in order. */
  static final class Menu {
    final List<Def> entries = new ArrayList<>();
  }
}
