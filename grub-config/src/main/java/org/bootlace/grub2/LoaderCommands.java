package org.bootlace.grub2;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bootlace.BootTarget;
import org.bootlace.BootlaceException;
import org.bootlace.EntryKind;
import org.bootlace.FileRef;
import org.bootlace.LimitExceededException;
import org.bootlace.NotRecognizedException;
import org.bootlace.pe.UnifiedKernelImage;

/**
 * The loaders: {@code linux} (and the {@code linux16}/{@code linuxefi} spellings), {@code initrd},
 * {@code devicetree}, {@code multiboot}/{@code module} (both generations), {@code chainloader} (on
 * EFI, a unified kernel image becomes its kernel, initrds and command line), {@code boot}, {@code
 * reboot}, {@code halt}. A loader command first unloads what was loaded; {@code initrd} and {@code
 * module} need their kernel; a missing file fails the command and GRUB goes on (a missing initrd
 * leaves the kernel to boot without it, as GRUB does). The command line is built as GRUB builds it
 * (see {@link Gnu#loaderCmdline}).
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
        if (!l.loaded || l.kind != EntryKind.LINUX || l.uki) {
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
        if (m.s.platform.name().equals("efi") && !args.isEmpty() && ukiChainloaded(m, l, args)) {
          return 0;
        }
        l.kind = EntryKind.CHAINLOAD;
        l.loaded = true;
        m.note(
            "chainloader"
                + what
                + ": hands over to another boot loader, which bootlace does not run");
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

  /**
   * EFI GRUB's {@code chainloader FILE ARGS...} of a unified kernel image: the firmware starts the
   * image with ARGS joined by spaces as its load options, and systemd-stub boots the embedded
   * kernel as {@link UnifiedKernelImage#boot} describes (profile selector, command line replaced
   * without Secure Boot). Loads it as a Linux kernel and returns true; false for anything else (a
   * file GRUB cannot open as named, an EFI program that is not a UKI), which stays a chainload
   * entry. An image the stub would refuse (corrupt, a missing profile) stays one too, with a note.
   */
  private static boolean ukiChainloaded(Machine m, Loader l, List<String> args) throws IOException {
    Devices.Resolved r;
    try {
      r = Builtins.open(m, args.get(0));
    } catch (GrubFail e) {
      return false;
    }
    FileRef file = new FileRef(r.volume(), r.path());
    UnifiedKernelImage.Boot boot;
    try {
      Optional<UnifiedKernelImage> uki = UnifiedKernelImage.read(file, m.s.limits);
      if (uki.isEmpty()) {
        return false;
      }
      boot = uki.get().boot(String.join(" ", args.subList(1, args.size())));
    } catch (NotRecognizedException e) {
      return false;
    } catch (LimitExceededException e) {
      throw e;
    } catch (BootlaceException e) {
      m.note("chainloader " + args.get(0) + ": " + e.getMessage());
      return false;
    }
    UnifiedKernelImage.Profile p = boot.profile();
    l.kind = EntryKind.LINUX;
    l.attempted = EntryKind.LINUX;
    l.kernel = p.kernel();
    l.kernelName = args.get(0);
    l.initrds = new ArrayList<>(p.initrds());
    l.args = boot.cmdline();
    l.loaded = true;
    l.uki = true;
    m.note(
        "chainloader "
            + args.get(0)
            + ": a unified kernel image"
            + (p.declared() ? " (profile @" + p.number() + ")" : "")
            + ", booted as systemd-stub boots it: kernel, initrds and command line from its sections");
    boot.note().ifPresent(n -> m.note("chainloader " + args.get(0) + ": " + n));
    return true;
  }

  private static void dropped(Machine m, int n) {
    if (n > 0) {
      m.note("linux: " + n + " argument(s) left out: the command line holds 1023 bytes on Xen");
    }
  }
}
