package org.bootlace.testing;

import java.util.stream.Collectors;
import org.bootlace.BootMenu;
import org.bootlace.BootTarget;
import org.bootlace.FileRef;
import org.bootlace.MenuEntry;

/**
 * A boot menu as plain text, one line per fact, for golden comparisons in tests:
 *
 * <pre>
 * menu grub-legacy (hd0,msdos1)/boot/grub/menu.lst
 * default 0: default 0 at /boot/grub/menu.lst:1
 * timeout 5
 * entry 0 LINUX 'Debian' @/boot/grub/menu.lst:4
 *   kernel (hd0,msdos1)/vmlinuz
 *   initrd (hd0,msdos1)/initrd.img
 *   args 'root=/dev/sda1 ro'
 *   note ...
 * warning ...
 * </pre>
 */
public final class MenuText {
  private MenuText() {}

  public static String render(BootMenu menu) {
    StringBuilder s = new StringBuilder();
    s.append("menu ").append(menu.parser()).append(' ').append(menu.config()).append('\n');
    s.append("default ")
        .append(
            menu.defaultEntry()
                .map(p -> p.stream().map(String::valueOf).collect(Collectors.joining(">")))
                .orElse("none"))
        .append(": ")
        .append(menu.defaultReason())
        .append('\n');
    menu.timeoutSeconds().ifPresent(t -> s.append("timeout ").append(t).append('\n'));
    for (MenuEntry e : menu.entries()) {
      entry(s, e, "");
    }
    for (String w : menu.warnings()) {
      s.append("warning ").append(w).append('\n');
    }
    return s.toString();
  }

  private static void entry(StringBuilder s, MenuEntry e, String indent) {
    s.append(indent)
        .append("entry ")
        .append(e.indexPath())
        .append(' ')
        .append(e.kind())
        .append(" '")
        .append(e.title())
        .append("'")
        .append(e.id().map(i -> " id=" + i).orElse(""))
        .append(" @")
        .append(e.source())
        .append('\n');
    String in = indent + "  ";
    if (e.target().isPresent()) {
      BootTarget t = e.target().get();
      s.append(in).append("kernel ").append(t.kernel()).append('\n');
      for (FileRef r : t.initrds()) {
        s.append(in).append("initrd ").append(r).append('\n');
      }
      for (BootTarget.Module m : t.modules()) {
        s.append(in).append("module ").append(m.file()).append(" '").append(m.args()).append("'\n");
      }
      s.append(in).append("args '").append(t.args()).append("'\n");
    }
    for (String n : e.notes()) {
      s.append(in).append("note ").append(n).append('\n');
    }
    for (MenuEntry c : e.children()) {
      entry(s, c, in);
    }
  }
}
