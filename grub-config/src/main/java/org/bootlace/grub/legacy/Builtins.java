package org.bootlace.grub.legacy;

import java.util.Map;
import java.util.Optional;

/**
 * The commands GRUB 0.97's stage2 knows ({@code builtin_table} in stage2/builtins.c) with where
 * each may run: {@code MENU} before the first title, {@code CMDLINE} inside an entry. The
 * shell-only commands of the grub utility (device, dump, quit) are absent, as they are from the
 * boot loader. Commands the distributions patched in are included: Red Hat's and Debian's
 * splashimage and its colours, Ubuntu's uuid/quiet/print, SUSE's gfxmenu.
 */
final class Builtins {
  private static final int MENU = 1;
  private static final int CMDLINE = 2;
  private static final int TITLE = 4;

  private static final Map<String, Integer> TABLE =
      Map.ofEntries(
          Map.entry("blocklist", CMDLINE),
          Map.entry("boot", CMDLINE),
          Map.entry("bootp", CMDLINE | MENU),
          Map.entry("cat", CMDLINE),
          Map.entry("chainloader", CMDLINE),
          Map.entry("cmp", CMDLINE),
          Map.entry("color", CMDLINE | MENU),
          Map.entry("configfile", CMDLINE),
          Map.entry("debug", CMDLINE),
          Map.entry("default", MENU),
          Map.entry("dhcp", CMDLINE | MENU),
          Map.entry("displayapm", CMDLINE),
          Map.entry("displaymem", CMDLINE),
          Map.entry("embed", CMDLINE),
          Map.entry("fallback", MENU),
          Map.entry("find", CMDLINE),
          Map.entry("fstest", CMDLINE),
          Map.entry("geometry", CMDLINE),
          Map.entry("halt", CMDLINE),
          Map.entry("help", CMDLINE),
          Map.entry("hiddenmenu", MENU),
          Map.entry("hide", CMDLINE | MENU),
          Map.entry("ifconfig", CMDLINE | MENU),
          Map.entry("impsprobe", CMDLINE),
          Map.entry("initrd", CMDLINE),
          Map.entry("install", CMDLINE),
          Map.entry("ioprobe", CMDLINE),
          Map.entry("kernel", CMDLINE),
          Map.entry("lock", CMDLINE),
          Map.entry("makeactive", CMDLINE),
          Map.entry("map", CMDLINE),
          Map.entry("md5crypt", CMDLINE),
          Map.entry("module", CMDLINE),
          Map.entry("modulenounzip", CMDLINE),
          Map.entry("pager", CMDLINE | MENU),
          Map.entry("partnew", CMDLINE | MENU),
          Map.entry("parttype", CMDLINE | MENU),
          Map.entry("password", CMDLINE | MENU),
          Map.entry("pause", CMDLINE),
          Map.entry("rarp", CMDLINE | MENU),
          Map.entry("read", CMDLINE),
          Map.entry("reboot", CMDLINE),
          Map.entry("root", CMDLINE),
          Map.entry("rootnoverify", CMDLINE),
          Map.entry("savedefault", CMDLINE),
          Map.entry("serial", CMDLINE | MENU),
          Map.entry("setkey", CMDLINE | MENU),
          Map.entry("setup", CMDLINE),
          Map.entry("terminal", CMDLINE | MENU),
          Map.entry("terminfo", CMDLINE | MENU),
          Map.entry("testload", CMDLINE),
          Map.entry("testvbe", CMDLINE),
          Map.entry("tftpserver", CMDLINE | MENU),
          Map.entry("timeout", MENU),
          Map.entry("title", TITLE),
          Map.entry("unhide", CMDLINE | MENU),
          Map.entry("uppermem", CMDLINE),
          Map.entry("vbeprobe", CMDLINE),
          // Distribution additions.
          Map.entry("splashimage", CMDLINE | MENU),
          Map.entry("foreground", CMDLINE | MENU),
          Map.entry("background", CMDLINE | MENU),
          Map.entry("border", CMDLINE | MENU),
          Map.entry("shade", CMDLINE | MENU),
          Map.entry("viewport", CMDLINE | MENU),
          Map.entry("clear", CMDLINE),
          Map.entry("print", CMDLINE | MENU),
          Map.entry("quiet", CMDLINE),
          Map.entry("uuid", CMDLINE),
          Map.entry("gfxmenu", MENU));

  /** A known command and where it may run. */
  record Builtin(String name, int flags) {
    boolean isTitle() {
      return (flags & TITLE) != 0;
    }

    boolean runsInMenu() {
      return (flags & MENU) != 0;
    }

    boolean runsInEntry() {
      return (flags & CMDLINE) != 0;
    }
  }

  private Builtins() {}

  static Optional<Builtin> find(String name) {
    Integer flags = TABLE.get(name);
    return flags == null ? Optional.empty() : Optional.of(new Builtin(name, flags));
  }
}
