package org.bootlace.grub2;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.bootlace.BootTarget;
import org.bootlace.EntryKind;
import org.bootlace.FileRef;

/**
 * The loaders: {@code linux} (and the {@code linux16}/{@code linuxefi} spellings), {@code
 * initrd}, {@code devicetree}, {@code multiboot}/{@code module} (both generations), {@code
 * chainloader}, {@code boot}, {@code reboot}, {@code halt}. A loader command first unloads what
 * was loaded; {@code initrd} and {@code module} need their kernel; a missing file fails the
 * command and GRUB goes on (a missing initrd leaves the kernel to boot without it, as GRUB
 * does). The command line is built as GRUB builds it (see {@link Gnu#loaderCmdline}).
 */
final class LoaderCommands {
  private LoaderCommands() {}

  static int run(Machine m, String name, List<String> args) throws IOException, GrubFail {
    Loader l = m.loader;
    switch (name) {
      case "linux", "linux16", "linuxefi" -> {
        if (!name.equals("linux") && m.s.platform.name().equals("xen")) {
          m.note(name + ": GRUB for Xen has no " + name + "; read as linux, as pygrub does");
        }
        l.unload();
        l.attempted = EntryKind.LINUX;
        if (args.isEmpty()) {
          throw new GrubFail(GrubFail.BAD_ARGUMENT, "filename expected");
        }
        Devices.Resolved r = Builtins.open(m, args.get(0));
        String cmdline;
        List<String> rest = args.subList(1, args.size());
        if (m.s.platform.bootImage()) {
          String[] built = Gnu.loaderCmdline(args, m.s.platform.cmdlineBytes(), m.s.fedora());
          cmdline = "BOOT_IMAGE=" + built[0];
          dropped(m, args.size() - Integer.parseInt(built[1]));
        } else {
          String[] built = Gnu.loaderCmdline(rest, m.s.platform.cmdlineBytes(), m.s.fedora());
          cmdline = built[0];
          dropped(m, rest.size() - Integer.parseInt(built[1]));
        }
        l.kind = EntryKind.LINUX;
        l.attempted = EntryKind.LINUX;
        l.kernel = new FileRef(r.volume(), r.path());
        l.kernelName = args.get(0);
        l.args = cmdline;
        l.loaded = true;
        return 0;
      }
      case "initrd", "initrd16", "initrdefi" -> {
        if (!l.loaded || l.kind != EntryKind.LINUX) {
          throw new GrubFail(GrubFail.BAD_ARGUMENT, "you need to load the kernel first");
        }
        if (args.isEmpty()) {
          throw new GrubFail(GrubFail.BAD_ARGUMENT, "filename expected");
        }
        List<FileRef> files = new ArrayList<>();
        for (String a : args) {
          Devices.Resolved r = Builtins.open(m, a);
          files.add(new FileRef(r.volume(), r.path()));
        }
        l.initrds = files;
        return 0;
      }
      case "devicetree" -> {
        if (args.isEmpty()) {
          throw new GrubFail(GrubFail.BAD_ARGUMENT, "filename expected");
        }
        Devices.Resolved r = Builtins.open(m, args.get(0));
        l.devicetree = new FileRef(r.volume(), r.path());
        return 0;
      }
      case "multiboot", "multiboot2" -> {
        l.unload();
        l.attempted = EntryKind.MULTIBOOT;
        List<String> a = new ArrayList<>(args);
        while (!a.isEmpty() && a.get(0).startsWith("--quirk")) {
          a.remove(0);
        }
        if (a.isEmpty()) {
          throw new GrubFail(GrubFail.BAD_ARGUMENT, "filename expected");
        }
        Devices.Resolved r = Builtins.open(m, a.get(0));
        l.kind = EntryKind.MULTIBOOT;
        l.attempted = EntryKind.MULTIBOOT;
        l.kernel = new FileRef(r.volume(), r.path());
        l.kernelName = a.get(0);
        l.args = Gnu.loaderCmdline(a.subList(1, a.size()), Long.MAX_VALUE)[0];
        l.loaded = true;
        return 0;
      }
      case "module", "module2" -> {
        if (!l.loaded || l.kind != EntryKind.MULTIBOOT) {
          throw new GrubFail(GrubFail.BAD_ARGUMENT, "you need to load the multiboot kernel first");
        }
        List<String> a = new ArrayList<>(args);
        while (!a.isEmpty() && (a.get(0).equals("--nounzip") || a.get(0).startsWith("--type"))) {
          a.remove(0);
        }
        if (a.isEmpty()) {
          throw new GrubFail(GrubFail.BAD_ARGUMENT, "filename expected");
        }
        Devices.Resolved r = Builtins.open(m, a.get(0));
        l.modules.add(
            new BootTarget.Module(
                new FileRef(r.volume(), r.path()),
                Gnu.loaderCmdline(a.subList(1, a.size()), Long.MAX_VALUE)[0]));
        return 0;
      }
      case "chainloader" -> {
        l.attempted = EntryKind.CHAINLOAD;
        String what = args.isEmpty() ? "" : " " + args.get(args.size() - 1);
        if (!m.s.platform.chainloader()) {
          throw new GrubFail(GrubFail.UNKNOWN_COMMAND, "can't find command `chainloader'");
        }
        l.unload();
        l.kind = EntryKind.CHAINLOAD;
        l.loaded = true;
        m.note("chainloader" + what + ": hands over to another boot loader, which bootlace does not run");
        return 0;
      }
      case "boot" -> {
        if (!l.loaded) {
          throw new GrubFail(GrubFail.NO_KERNEL, "you need to load the kernel first");
        }
        throw new Control.Stop("boot");
      }
      case "reboot", "halt", "exit", "fwsetup" -> throw new Control.Stop(name);
      default -> throw new GrubFail(GrubFail.UNKNOWN_COMMAND, "can't find command `" + name + "'");
    }
  }

  private static void dropped(Machine m, int n) {
    if (n > 0) {
      m.note("linux: " + n + " argument(s) left out: the command line holds 1023 bytes on Xen");
    }
  }
}
