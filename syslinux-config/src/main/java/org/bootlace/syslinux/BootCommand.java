package org.bootlace.syslinux;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.bootlace.BootTarget;
import org.bootlace.EntryKind;
import org.bootlace.FileRef;

/**
 * What a syslinux command line does when it runs, as syslinux 6's {@code execute()} decides: a
 * {@code .type} prefix that an entry's kernel directive put there, or else the file's extension,
 * selects a Linux kernel, a COM32 module, a boot sector, a local boot or a new configuration.
 */
final class BootCommand {
  /** {@code MAX_CMDLINE_LEN}: longer command lines are refused ("cmdline too long"). */
  static final int MAX_CMDLINE_BYTES = 2048;

  /**
   * A further configuration an entry reads: by CONFIG (a new run) or by a menu module's argument.
   */
  record Switch(String file, String cwd, boolean menuOnly) {}

  /**
   * @param module the COM32 module's file name, when the command runs one
   */
  record Outcome(
      EntryKind kind,
      Optional<BootTarget> target,
      List<String> notes,
      Optional<Switch> next,
      Optional<String> module) {}

  private final Session session;
  private final String cwd;

  BootCommand(Session session, String cwd) {
    this.session = session;
    this.cwd = cwd;
  }

  /** The command with its type from its extension, as entries and the menu run commands. */
  Outcome run(String cmdline) throws IOException {
    return run(cmdline, KernelType.byExtension(Syntax.word(cmdline, 0)));
  }

  Outcome run(String cmdline, KernelType type) throws IOException {
    List<String> notes = new ArrayList<>();
    int bytes = cmdline.getBytes(StandardCharsets.UTF_8).length;
    if (bytes >= MAX_CMDLINE_BYTES) {
      notes.add(
          "its command line is "
              + bytes
              + " bytes; syslinux refuses command lines of "
              + MAX_CMDLINE_BYTES
              + " bytes or more ('cmdline too long')");
      return other(notes);
    }
    String kernel = Syntax.word(cmdline, 0);
    String args = Syntax.afterWord(cmdline);
    Optional<KernelType> spec;
    // Each prefix is stripped and the rest run with that type, as often as prefixes follow.
    while (kernel.startsWith(".")
        && (spec = KernelType.specifier(kernel.substring(1))).isPresent()) {
      type = spec.get();
      String next = type == KernelType.COM32 ? withExtension(args, ".c32") : args;
      kernel = Syntax.word(next, 0);
      args = Syntax.afterWord(next);
    }
    if (kernel.startsWith(".")) {
      if (kernel.equals(".none") || kernel.equals(".comboot")) {
        notes.add(
            kernel.substring(1).toUpperCase(Locale.ROOT)
                + " "
                + Interpreter.shorten(Syntax.word(args, 0))
                + ": syslinux 6 has no loader for this type");
        return other(notes);
      }
    }
    return switch (type) {
      case COM32 -> module(kernel, args, notes);
      case CONFIG -> config(kernel, args, notes);
      case LOCALBOOT -> {
        notes.add(
            "LOCALBOOT "
                + Interpreter.shorten(kernel)
                + ": boots from a local disk instead (or, for -1, lets the firmware try the next device)");
        yield other(notes);
      }
      case PXE, BSS, BOOT -> {
        notes.add(
            "chainloads "
                + Interpreter.shorten(ref(kernel).toString())
                + " ("
                + type.keyword.toUpperCase(Locale.ROOT)
                + ")");
        yield new Outcome(
            EntryKind.CHAINLOAD, Optional.empty(), notes, Optional.empty(), Optional.empty());
      }
      case FDIMAGE -> {
        notes.add(
            Interpreter.shorten(kernel)
                + ": syslinux 6 has no floppy-image loader (FDIMAGE was removed); it would load it as a Linux kernel and fail");
        yield other(notes);
      }
      default -> linux(kernel, args, notes);
    };
  }

  private Outcome linux(String kernel, String args, List<String> notes) throws IOException {
    FileRef k = ref(kernel);
    checkFile("kernel", k, notes);
    if (Paths.basename(kernel).toLowerCase(Locale.ROOT).startsWith("memdisk")) {
      notes.add(
          "memdisk is a disk emulator loaded like a Linux kernel; its initrd is the disk image it boots");
    }
    InitrdOption initrd = InitrdOption.extract(args);
    notes.addAll(initrd.notes());
    List<FileRef> initrds = new ArrayList<>();
    for (String name : initrd.names()) {
      FileRef r = ref(name);
      checkFile("initrd", r, notes);
      initrds.add(r);
    }
    return new Outcome(
        EntryKind.LINUX,
        Optional.of(
            BootTarget.builder()
                .kernel(k)
                .initrds(initrds)
                .args(Syntax.strip(initrd.args()))
                .build()),
        notes,
        Optional.empty(),
        Optional.empty());
  }

  private Outcome module(String file, String args, List<String> notes) throws IOException {
    String name = Paths.basename(file).toLowerCase(Locale.ROOT);
    Optional<String> module = Optional.of(file);
    switch (name) {
      case "mboot.c32" -> {
        StringBuilder why = new StringBuilder();
        Optional<Mboot> mb = Mboot.parse(args, why);
        if (mb.isEmpty()) {
          notes.add(why.toString());
          return new Outcome(EntryKind.OTHER, Optional.empty(), notes, Optional.empty(), module);
        }
        FileRef k = ref(mb.get().kernel());
        checkFile("multiboot kernel", k, notes);
        List<BootTarget.Module> modules = new ArrayList<>();
        for (String[] m : mb.get().modules()) {
          FileRef r = ref(m[0]);
          checkFile("module", r, notes);
          modules.add(new BootTarget.Module(r, m[1]));
        }
        BootTarget t =
            BootTarget.builder().kernel(k).args(mb.get().args()).modules(modules).build();
        return new Outcome(EntryKind.MULTIBOOT, Optional.of(t), notes, Optional.empty(), module);
      }
      case "menu.c32", "vesamenu.c32" -> {
        List<String> files = Mboot.words(args);
        if (files.isEmpty()) {
          notes.add("runs " + Interpreter.shorten(file) + ", which shows this menu again");
          return new Outcome(EntryKind.OTHER, Optional.empty(), notes, Optional.empty(), module);
        }
        if (files.size() > 1) {
          notes.add(
              Interpreter.shorten(file + " reads " + files)
                  + " as one menu; bootlace shows the first");
        }
        Switch next = new Switch(Paths.resolve(cwd, files.get(0)), cwd, true);
        return new Outcome(EntryKind.SUBMENU, Optional.empty(), notes, Optional.of(next), module);
      }
      case "chain.c32" -> {
        notes.add("chain.c32 " + Interpreter.shorten(args) + ": hands over to another boot loader");
        return new Outcome(EntryKind.CHAINLOAD, Optional.empty(), notes, Optional.empty(), module);
      }
      default -> {
        notes.add(
            "runs the COM32 module "
                + Interpreter.shorten(file)
                + (args.isEmpty() ? "" : " " + Interpreter.shorten(args)));
        return new Outcome(EntryKind.OTHER, Optional.empty(), notes, Optional.empty(), module);
      }
    }
  }

  /** CONFIG file [dir]: a new run of the reader on that file, in dir when it is one. */
  private Outcome config(String file, String args, List<String> notes) throws IOException {
    String next = cwd;
    String base = Syntax.word(args, 0);
    if (!base.isEmpty()) {
      String dir = Paths.resolve(cwd, base);
      if (isDirectory(dir)) {
        next = dir;
      } else {
        notes.add(
            "CONFIG base "
                + Interpreter.shorten(dir)
                + " is not a directory; syslinux stays in "
                + cwd);
      }
    }
    Switch s = new Switch(Paths.resolve(cwd, file), next, false);
    return new Outcome(
        EntryKind.SUBMENU, Optional.empty(), notes, Optional.of(s), Optional.empty());
  }

  private boolean isDirectory(String path) throws IOException {
    return session.isDirectory(path);
  }

  private void checkFile(String what, FileRef r, List<String> notes) throws IOException {
    session
        .problem(r.path())
        .ifPresent(
            problem -> notes.add(what + " " + Interpreter.shorten(r.toString()) + ": " + problem));
  }

  FileRef ref(String name) {
    return new FileRef(session.volume(), Paths.resolve(cwd, name));
  }

  /** {@code apply_extension}: the extension added to the first word unless it ends with it. */
  static String withExtension(String cmdline, String ext) {
    int end = Syntax.wordEnd(cmdline, 0);
    String word = cmdline.substring(0, end);
    return word.endsWith(ext) ? cmdline : word + ext + cmdline.substring(end);
  }

  private static Outcome other(List<String> notes) {
    return new Outcome(
        EntryKind.OTHER, Optional.empty(), notes, Optional.empty(), Optional.empty());
  }
}
