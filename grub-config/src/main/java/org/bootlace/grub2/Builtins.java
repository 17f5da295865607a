package org.bootlace.grub2;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.bootlace.GuestFileException;
import org.bootlace.SourceLocation;
import org.bootlace.Volume;
import org.bootlace.grub2.Options.Opt;

/**
 * GRUB's commands as far as they decide what boots; the purely cosmetic ones (terminal, fonts,
 * video, sound, modules) succeed and do nothing, since nothing they do reaches the kernel.
 */
final class Builtins {
  private Builtins() {}

  static final Set<String> COSMETIC =
      Set.of(
          "insmod",
          "rmmod",
          "lsmod",
          "terminal_input",
          "terminal_output",
          "terminal",
          "terminfo",
          "loadfont",
          "lsfonts",
          "serial",
          "play",
          "background_image",
          "background_color",
          "clear",
          "sleep",
          "videoinfo",
          "vbeinfo",
          "videotest",
          "ls",
          "cat",
          "gettext",
          "password",
          "password_pbkdf2",
          "set_background_image",
          "date",
          "help",
          "lspci",
          "acpi",
          "cutmem",
          "badram",
          "nativedisk",
          "tpm2_key_protector",
          "cryptomount",
          "lvm",
          "mdraid",
          "list_env",
          "hashsum",
          "md5sum",
          "sha1sum",
          "sha256sum",
          "sha512sum",
          "lsefi",
          "lsefimmap",
          "lsefisystab",
          "lssal",
          "smbios",
          "hdparm",
          "pcidump",
          "usb",
          "drivemap",
          "parttool",
          "outb",
          "outw",
          "outl",
          "inb",
          "inw",
          "inl",
          "write_byte",
          "write_word",
          "write_dword",
          "read_byte",
          "read_word",
          "read_dword",
          "loadbios",
          "fakebios",
          "efiemu_loadcore",
          "efiemu_prepare",
          "efiemu_unload",
          "net_bootp",
          "net_dhcp",
          "net_ls_addr",
          "net_ls_cards",
          "net_ls_routes",
          "net_add_addr",
          "net_add_route",
          "net_del_addr",
          "net_del_route",
          "net_nslookup",
          "net_add_dns",
          "net_del_dns",
          "net_ls_dns",
          "net_ipv6_autoconf",
          "dump",
          "xnu_uuid",
          "verify_detached",
          "trust",
          "distrust",
          "list_trusted",
          "keymap",
          "setkey",
          "coreboot_boottime",
          "cbmemc",
          "lscoreboot",
          "legacy_check_password",
          "authenticate");

  private static final Set<String> COMMANDS =
      Set.of(
          "set",
          "unset",
          "export",
          "true",
          "false",
          "test",
          "[",
          "echo",
          "return",
          "break",
          "continue",
          "shift",
          "setparams",
          "source",
          ".",
          "configfile",
          "normal",
          "load_env",
          "save_env",
          "search",
          "search.file",
          "search.fs_uuid",
          "search.fs_label",
          "menuentry",
          "submenu",
          "linux",
          "linux16",
          "linuxefi",
          "initrd",
          "initrd16",
          "initrdefi",
          "devicetree",
          "multiboot",
          "multiboot2",
          "module",
          "module2",
          "chainloader",
          "boot",
          "reboot",
          "halt",
          "blscfg",
          "bls_import",
          "eval",
          "keystatus",
          "fwsetup",
          "exit",
          "probe",
          "regexp",
          "read",
          "btrfs-mount-subvol");

  static boolean exists(String name, Platform platform) {
    // hwmatch is built for i386-pc only.
    return COMMANDS.contains(name)
        || COSMETIC.contains(name)
        || (name.equals("hwmatch") && platform.name().equals("pc"));
  }

  static int run(Machine m, String name, List<String> args, Ast.CmdList block)
      throws IOException, GrubFail {
    if (name.equals("insmod") && args.contains("regexp")) {
      m.s.wildcards = true;
    }
    if (COSMETIC.contains(name)) {
      return 0;
    }
    switch (name) {
      case "set":
        return set(m, args);
      case "unset":
        if (args.isEmpty()) {
          throw new GrubFail(GrubFail.BAD_ARGUMENT, "one argument expected");
        }
        m.env.unset(args.get(0), "unset at " + m.where);
        return 0;
      case "export":
        if (args.isEmpty()) {
          throw new GrubFail(GrubFail.BAD_ARGUMENT, "one argument expected");
        }
        for (String a : args) {
          m.env.export(a, "export at " + m.where);
        }
        return 0;
      case "true":
        return 0;
      case "false":
        throw new GrubFail(GrubFail.TEST_FAILURE, "false");
      case "test", "[":
        if (TestCommand.run(m, name, args)) {
          return 0;
        }
        throw new GrubFail(GrubFail.TEST_FAILURE, "false");
      case "echo":
        return echo(m, args);
      case "return":
        return ret(m, args);
      case "break", "continue":
        return loopControl(m, name, args);
      case "shift":
        return shift(m, args);
      case "setparams":
        if (m.scope == null) {
          return GrubFail.INVALID_COMMAND;
        }
        m.scope = new ArrayList<>(args);
        return 0;
      case "source", ".", "configfile", "normal":
        return Include.run(m, name, args);
      case "load_env":
        return EnvCommands.load(m, args);
      case "save_env":
        return EnvCommands.save(m, args);
      case "search", "search.file", "search.fs_uuid", "search.fs_label":
        return Search.run(m, name, args);
      case "menuentry", "submenu":
        return menuentry(m, name, args, block);
      case "blscfg", "bls_import":
        return BlsCommand.run(m, args);
      case "eval":
        return m.runText(String.join(" ", args), "eval at " + m.where);
      case "keystatus":
        // Nobody holds a key while bootlace reads the menu.
        for (String a : args) {
          if (a.startsWith("-")) {
            throw new GrubFail(GrubFail.TEST_FAILURE, "false");
          }
        }
        return 0;
      case "probe":
        return Search.probe(m, args);
      case "read":
        return read(m, args);
      case "hwmatch":
        return hwmatch(m, args);
      case "btrfs-mount-subvol":
        return BtrfsSubvolumes.mountSubvol(m, args);
      case "regexp":
        // The command loads its module on first use, and the module installs the wildcards.
        m.s.wildcards = true;
        return RegexpCommand.run(m, args);
      default:
        return LoaderCommands.run(m, name, args);
    }
  }

  /**
   * {@code read [-s] [VAR]}: GRUB waits for a line from the terminal; nobody types while bootlace
   * reads the menu, so the line is empty and the command fails.
   */
  private static int read(Machine m, List<String> args) throws IOException, GrubFail {
    Options.Parsed p;
    try {
      p = Options.parse(args, List.of(Opt.flag("silent", 's')), false);
    } catch (Options.Rejected e) {
      throw new GrubFail(GrubFail.BAD_ARGUMENT, e.getMessage());
    }
    if (!p.args.isEmpty()) {
      m.set(p.args.get(0), "");
    }
    throw new GrubFail(GrubFail.TEST_FAILURE, "no input");
  }

  /**
   * {@code hwmatch FILE CLASS} (i386-pc): whether a PCI device of the class is listed in the file;
   * sets {@code match}. The guest's PCI devices are not known here, so none matches: match=0.
   */
  private static int hwmatch(Machine m, List<String> args) throws IOException, GrubFail {
    if (args.size() < 2) {
      throw new GrubFail(GrubFail.BAD_ARGUMENT, "list file and class required");
    }
    open(m, args.get(0));
    m.set("match", "0");
    return 0;
  }

  private static int set(Machine m, List<String> args) throws IOException, GrubFail {
    if (args.isEmpty()) {
      return 0;
    }
    String a = args.get(0);
    int eq = a.indexOf('=');
    if (eq < 0) {
      throw new GrubFail(GrubFail.BAD_ARGUMENT, "not an assignment");
    }
    m.set(a.substring(0, eq), a.substring(eq + 1));
    return 0;
  }

  private static int echo(Machine m, List<String> args) throws GrubFail {
    Options.Parsed p;
    try {
      p = Options.parse(args, List.of(Opt.flag("no-newline", 'n'), Opt.flag("escape", 'e')), false);
    } catch (Options.Rejected e) {
      throw new GrubFail(GrubFail.BAD_ARGUMENT, e.getMessage());
    }
    m.s.echo(String.join(" ", p.args));
    return 0;
  }

  private static int ret(Machine m, List<String> args) throws GrubFail {
    if (m.scope == null || args.size() > 1) {
      throw new GrubFail(GrubFail.BAD_ARGUMENT, "not in function body");
    }
    if (args.isEmpty()) {
      m.functionReturn = true;
      String t = m.env.get("?");
      return t == null ? 0 : (int) Gnu.strtoul(t, 10).value();
    }
    Gnu.Number n = Gnu.strtoul(args.get(0), 10);
    if (!n.ok() || n.end() != args.get(0).length()) {
      throw new GrubFail(GrubFail.BAD_ARGUMENT, "unrecognized number");
    }
    m.functionReturn = true;
    int code = (int) n.value();
    if (code != 0) {
      throw new GrubFail(code, "false");
    }
    return 0;
  }

  private static int loopControl(Machine m, String name, List<String> args) throws GrubFail {
    long count = 1;
    if (args.size() > 1) {
      throw new GrubFail(GrubFail.BAD_ARGUMENT, "one argument expected");
    }
    if (args.size() == 1) {
      Gnu.Number n = Gnu.strtoul(args.get(0), 10);
      if (!n.ok()) {
        throw new GrubFail(GrubFail.BAD_NUMBER, "unrecognized number");
      }
      if (n.end() != args.get(0).length()) {
        throw new GrubFail(GrubFail.BAD_ARGUMENT, "unrecognized number");
      }
      count = n.value();
      if (count == 0) {
        throw new GrubFail(GrubFail.BAD_ARGUMENT, "can't break 0 loops");
      }
    }
    m.isContinue = name.equals("continue");
    m.activeBreaks = Long.compareUnsigned(count, m.activeLoops) > 0 ? m.activeLoops : count;
    return 0;
  }

  private static int shift(Machine m, List<String> args) {
    if (m.scope == null) {
      return 0;
    }
    long n = 1;
    if (args.size() > 1) {
      return GrubFail.BAD_ARGUMENT;
    }
    if (args.size() == 1) {
      Gnu.Number num = Gnu.strtoul(args.get(0), 10);
      if (num.end() != args.get(0).length()) {
        return GrubFail.BAD_ARGUMENT;
      }
      n = num.value();
    }
    if (Long.compareUnsigned(n, m.scope.size()) > 0) {
      return GrubFail.BAD_ARGUMENT;
    }
    m.scope = new ArrayList<>(m.scope.subList((int) n, m.scope.size()));
    return 0;
  }

  private static final List<Opt> MENU_OPTIONS =
      List.of(
          new Opt("class", (char) 1, true, false, true),
          new Opt("users", (char) 2, true, true, false),
          new Opt("hotkey", (char) 3, true, false, false),
          new Opt("source", (char) 4, true, false, false),
          new Opt("id", (char) 0, true, false, false),
          new Opt("unrestricted", (char) 0, false, false, false));

  /** menuentry and submenu (commands/menuentry.c): add an entry to the current menu. */
  private static int menuentry(Machine m, String name, List<String> argv, Ast.CmdList block)
      throws IOException, GrubFail {
    Options.Parsed p;
    try {
      p = Options.parse(argv, MENU_OPTIONS, true);
    } catch (Options.Rejected e) {
      throw new GrubFail(GrubFail.BAD_ARGUMENT, e.getMessage());
    }
    List<String> args = new ArrayList<>(p.args);
    if (args.isEmpty()) {
      throw new GrubFail(GrubFail.BAD_ARGUMENT, "missing arguments");
    }
    String source = p.value("source");
    if (p.has("source") && block != null) {
      throw new GrubFail(GrubFail.BAD_ARGUMENT, "multiple menuentry definitions");
    }
    if (!p.has("source") && block == null) {
      throw new GrubFail(GrubFail.BAD_ARGUMENT, "no menuentry definition");
    }
    if (block != null) {
      args.remove(args.size() - 1);
    }
    String users =
        p.has("users") && p.value("users") != null
            ? p.value("users")
            : p.has("unrestricted") ? null : "";
    Menus.Menu menu = m.env.menu();
    if (menu == null) {
      throw new GrubFail(GrubFail.MENU, "no menu context");
    }
    if (args.isEmpty()) {
      throw new GrubFail(GrubFail.MENU, "menuentry is missing title");
    }
    m.s.countEntry(m.where);
    int colon = m.where.lastIndexOf(':');
    SourceLocation loc =
        new SourceLocation(
            m.where.substring(0, Math.max(colon, 0)), parseLine(m.where.substring(colon + 1)));
    menu.entries.add(
        new Menus.Def(
            List.copyOf(args),
            p.value("id"),
            List.copyOf(p.values("class")),
            users,
            p.value("hotkey"),
            name.equals("submenu"),
            block,
            source,
            m.where,
            loc));
    return 0;
  }

  private static int parseLine(String s) {
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /**
   * The volume and path behind a file name, or GRUB's error; a guest path problem is GRUB's error
   * too.
   */
  static Devices.Resolved open(Machine m, String spec) throws IOException, GrubFail {
    try {
      Devices.Resolved r = m.s.devices.regularFile(spec, m);
      r.substitution().ifPresent(m::note);
      return r;
    } catch (GuestFileException e) {
      throw new GrubFail(GrubFail.FILE_NOT_FOUND, e.getMessage());
    }
  }

  static byte[] read(Machine m, Volume v, String path) throws IOException {
    return v.readConfig(path);
  }
}
