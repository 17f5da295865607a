package org.bootlace.grub.legacy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bootlace.BootTarget;
import org.bootlace.EntryKind;
import org.bootlace.FileRef;
import org.bootlace.Volume;

/**
 * Runs the commands of one menu entry the way stage2's {@code run_script} runs them when the entry
 * is booted: in order, each changing the root device or what is loaded, the first error ending the
 * entry (GRUB then tries the fallback entries), {@code boot} and {@code configfile} ending it too.
 * Files are looked up as GRUB would open them; nothing is loaded.
 */
final class EntryScript {
  static final int MAX_NOTES = 20;

  /** {@code MB_CMDLINE_BUFLEN}: room for the kernel's and every module's command line. */
  static final int MB_CMDLINE_BYTES = 0x6000;

  private enum Type {
    LINUX,
    MULTIBOOT,
    BSD
  }

  private record Kernel(FileRef file, String args, Type type, int line) {}

  /** A menu file an entry loads with {@code configfile}. */
  record Nested(Volume volume, String path, int line) {}

  /**
   * What the entry does.
   *
   * @param bootError why GRUB would fail booting it, which sends GRUB to the fallback entries
   */
  record Outcome(
      EntryKind kind,
      Optional<BootTarget> target,
      List<String> notes,
      Optional<String> bootError,
      Optional<Nested> nested) {}

  private final Session session;
  private final MenuFile.Scope scope;
  private DeviceMap.Root root;
  private Kernel kernel;
  private FileRef initrd;
  private int initrdLine;
  private final List<BootTarget.Module> modules = new ArrayList<>();
  private int mbCmdlineBytes;
  private String chainload;
  private String unsupported;
  private String failure;
  private Nested nested;
  private String action;
  private int stoppedAt;
  private boolean deadNoted;
  private final List<String> notes = new ArrayList<>();
  private int droppedNotes;

  EntryScript(Session session, MenuFile.Scope scope) {
    this.session = session;
    this.scope = scope;
    Volume boot = session.bootVolume();
    this.root = new DeviceMap.Root(boot, "(" + boot.grubDevice() + ")");
  }

  void run(Command c) throws IOException {
    if (failure != null || stoppedAt > 0) {
      if (!deadNoted) {
        deadNoted = true;
        note(
            c.line(),
            "not run: GRUB " + (failure != null ? "failed" : "left the entry") + " before it");
      }
      return;
    }
    try {
      execute(c);
    } catch (GrubFailure e) {
      failure = "line " + c.line() + ": " + shorten(c.toString()) + ": " + e.getMessage();
      notes.add(failure); // past the cap: the reason an entry fails is always shown
    }
  }

  private void execute(Command c) throws IOException, GrubFailure {
    Builtins.Builtin b = Builtins.find(c.name()).orElseThrow();
    if (!b.runsInEntry()) {
      throw new GrubFailure(
          GrubError.UNRECOGNIZED + " ('" + c.name() + "' works only before the first title)");
    }
    switch (c.name()) {
      case "root", "rootnoverify" -> root(c);
      case "uuid" -> uuid(c);
      case "kernel" -> kernel(c);
      case "initrd" -> initrd(c, c.arg());
      case "module", "modulenounzip" -> module(c);
      case "chainloader" -> chainloader(c);
      case "configfile" -> configfile(c);
      case "boot" -> boot(c);
      case "halt" -> stop(c, "halt: GRUB turns the machine off");
      case "reboot" -> stop(c, "reboot: GRUB restarts the machine");
      case "lock" -> {
        if (scope.passwordSet()) {
          note(c.line(), "lock: GRUB boots this entry only after the menu password is entered");
        }
      }
      case "password" -> note(c.line(), "password: GRUB asks for a password before going on");
      case "pause" -> note(c.line(), "pause: GRUB waits for a key press");
      default -> {
        // savedefault, makeactive, map, hide, color, ...: nothing bootlace hands over changes
      }
    }
  }

  private void root(Command c) throws IOException, GrubFailure {
    if (c.arg().isEmpty()) {
      return; // prints the current root
    }
    if (c.arg().charAt(0) != '(') {
      throw new GrubFailure(GrubError.DEV_FORMAT);
    }
    root = map(DeviceName.parse(c.arg(), 0), c.line());
  }

  /** Ubuntu's {@code uuid UUID}: the root becomes the first partition whose filesystem has it. */
  private void uuid(Command c) throws IOException, GrubFailure {
    String wanted = Command.firstWord(c.arg());
    if (wanted.isEmpty()) {
      return;
    }
    for (Volume v : session.context().volumes()) {
      if (v.uuid().map(wanted::equalsIgnoreCase).orElse(false)) {
        root = new DeviceMap.Root(v, "(" + v.grubDevice() + ")");
        return;
      }
    }
    throw new GrubFailure(GrubError.FILE_NOT_FOUND);
  }

  private void kernel(Command c) throws IOException, GrubFailure {
    String arg = c.arg();
    Optional<Type> suggested = Optional.empty();
    while (true) {
      if (arg.startsWith("--type=")) {
        suggested = Optional.of(kernelType(arg.substring(7)));
      } else if (!arg.startsWith("--no-mem-option")) {
        break;
      }
      arg = arg.substring(Command.nextWord(arg, 0));
    }
    // A new kernel drops whatever the previous one had loaded.
    kernel = null;
    initrd = null;
    modules.clear();
    chainload = null;
    unsupported = null;
    mbCmdlineBytes = utf8Length(arg) + 1;
    FileSpec spec = FileSpec.parse(arg);
    DeviceDefault where = resolve(spec, c.line());
    if (spec.blocklist()) {
      unsupported = "kernel " + spec.path() + " is a block list, which bootlace cannot hand over";
      note(c.line(), unsupported);
      return;
    }
    requireFile(where.volume, spec.path());
    KernelHeader.Kind kind = session.files().kernel(where.volume, spec.path());
    Type type = kind.multiboot() ? Type.MULTIBOOT : suggested.orElse(Type.LINUX);
    if (suggested.isPresent() && (suggested.get() == Type.MULTIBOOT) != kind.multiboot()) {
      throw new GrubFailure(GrubError.EXEC_FORMAT); // load_image's check of --type
    }
    if (type == Type.LINUX && kind.compressed()) {
      note(
          c.line(),
          "kernel is gzip-compressed; GRUB unpacks it while loading, bootlace hands it over as it is");
    }
    if (type == Type.BSD) {
      note(c.line(), "kernel is a BSD kernel (" + Command.firstWord(c.arg()) + ")");
    }
    kernel = new Kernel(new FileRef(where.volume, spec.path()), spec.argsIn(arg), type, c.line());
  }

  private static Type kernelType(String name) throws GrubFailure {
    // Prefixes, in load_image's order; OpenBSD is NetBSD to GRUB.
    if (name.startsWith("netbsd") || name.startsWith("freebsd") || name.startsWith("openbsd")) {
      return Type.BSD;
    }
    if (name.startsWith("linux") || name.startsWith("biglinux")) {
      return Type.LINUX;
    }
    if (name.startsWith("multiboot")) {
      return Type.MULTIBOOT;
    }
    throw new GrubFailure(GrubError.BAD_ARGUMENT);
  }

  private void initrd(Command c, String arg) throws IOException, GrubFailure {
    if (kernel == null || kernel.type != Type.LINUX) {
      throw new GrubFailure(GrubError.NEED_LX_KERNEL);
    }
    FileSpec spec = FileSpec.parse(arg);
    DeviceDefault where = resolve(spec, c.line());
    if (spec.blocklist()) {
      unsupported = "initrd " + spec.path() + " is a block list, which bootlace cannot hand over";
      note(c.line(), unsupported);
      return;
    }
    requireFile(where.volume, spec.path());
    if (initrd != null) {
      note(
          c.line(),
          c.name() + " replaces the initrd of line " + initrdLine + "; GRUB keeps only the last");
    }
    initrd = new FileRef(where.volume, spec.path());
    initrdLine = c.line();
  }

  private void module(Command c) throws IOException, GrubFailure {
    if (kernel != null && kernel.type == Type.LINUX) {
      // stage2's module_func loads an initrd when the kernel is Linux.
      note(c.line(), c.name() + " after a Linux kernel loads an initrd, as GRUB does");
      initrd(c, c.arg());
      return;
    }
    if (kernel == null || kernel.type != Type.MULTIBOOT) {
      throw new GrubFailure(GrubError.NEED_MB_KERNEL);
    }
    mbCmdlineBytes += utf8Length(c.arg()) + 1;
    if (mbCmdlineBytes > MB_CMDLINE_BYTES) {
      throw new GrubFailure(GrubError.WONT_FIT);
    }
    FileSpec spec = FileSpec.parse(c.arg());
    DeviceDefault where = resolve(spec, c.line());
    if (spec.blocklist()) {
      unsupported = "module " + spec.path() + " is a block list, which bootlace cannot hand over";
      note(c.line(), unsupported);
      return;
    }
    requireFile(where.volume, spec.path());
    modules.add(
        new BootTarget.Module(new FileRef(where.volume, spec.path()), spec.argsIn(c.arg())));
  }

  private void chainloader(Command c) throws IOException, GrubFailure {
    String arg = c.arg();
    if (arg.startsWith("--force")) {
      arg = arg.substring(Command.nextWord(arg, 0));
    }
    FileSpec spec = FileSpec.parse(arg);
    DeviceDefault where = resolve(spec, c.line());
    if (!spec.blocklist()) {
      requireFile(where.volume, spec.path());
    }
    kernel = null;
    initrd = null;
    modules.clear();
    unsupported = null;
    chainload =
        spec.blocklist()
            ? "sectors " + spec.path() + " of " + where.name
            : "(" + where.volume.grubDevice() + ")" + spec.path();
  }

  private void configfile(Command c) throws IOException, GrubFailure {
    FileSpec spec = FileSpec.parse(c.arg());
    DeviceDefault where = resolve(spec, c.line());
    if (spec.blocklist()) {
      unsupported = "configfile " + spec.path() + " is a block list, which bootlace does not read";
      note(c.line(), unsupported);
      stoppedAt = c.line();
      return;
    }
    requireFile(where.volume, spec.path());
    nested = new Nested(where.volume, spec.path(), c.line());
    stoppedAt = c.line();
  }

  private void boot(Command c) throws GrubFailure {
    if (kernel == null && chainload == null && unsupported == null) {
      throw new GrubFailure(GrubError.BOOT_COMMAND);
    }
    stoppedAt = c.line();
  }

  private void stop(Command c, String what) {
    action = what;
    note(c.line(), what);
    stoppedAt = c.line();
  }

  /** The volume a file is read from: its own device if it names one, else the root. */
  private record DeviceDefault(Volume volume, String name) {}

  private DeviceDefault resolve(FileSpec spec, int line) throws IOException {
    if (spec.device().isEmpty()) {
      return new DeviceDefault(root.volume(), root.name());
    }
    DeviceMap.Root r = map(spec.device().get(), line);
    return new DeviceDefault(r.volume(), r.name());
  }

  private DeviceMap.Root map(DeviceName device, int line) throws IOException {
    DeviceMap.Mapped m = session.devices().map(device, root, scope.volume(), scope.name());
    m.substitution().ifPresent(why -> note(line, why));
    return m.root();
  }

  private void requireFile(Volume volume, String path) throws IOException, GrubFailure {
    Optional<String> problem = session.files().problem(volume, path);
    if (problem.isPresent()) {
      throw new GrubFailure(problem.get());
    }
  }

  private void note(int line, String text) {
    if (notes.size() < MAX_NOTES) {
      notes.add("line " + line + ": " + text);
    } else {
      droppedNotes++;
    }
  }

  Outcome finish() {
    List<String> out = new ArrayList<>(notes);
    if (failure == null
        && nested == null
        && action == null
        && chainload == null
        && unsupported == null
        && kernel == null) {
      out.add("loads no kernel: GRUB runs its commands and returns to the menu");
    }
    if (chainload != null && failure == null && nested == null) {
      out.add("chainloads " + chainload);
    }
    if (droppedNotes > 0) {
      out.add(droppedNotes + " more notes not shown");
    }
    if (failure != null) {
      return new Outcome(
          EntryKind.OTHER, Optional.empty(), out, Optional.of(failure), Optional.empty());
    }
    if (nested != null) {
      return new Outcome(
          EntryKind.SUBMENU, Optional.empty(), out, Optional.empty(), Optional.of(nested));
    }
    if (action != null || unsupported != null || kernel == null) {
      EntryKind kind =
          chainload != null && action == null && unsupported == null
              ? EntryKind.CHAINLOAD
              : EntryKind.OTHER;
      return new Outcome(kind, Optional.empty(), out, Optional.empty(), Optional.empty());
    }
    BootTarget target =
        switch (kernel.type) {
          case MULTIBOOT ->
              BootTarget.builder().kernel(kernel.file).args(kernel.args).modules(modules).build();
          case LINUX, BSD ->
              BootTarget.builder()
                  .kernel(kernel.file)
                  .initrds(initrd == null ? List.of() : List.of(initrd))
                  .args(kernel.args)
                  .build();
        };
    EntryKind kind =
        switch (kernel.type) {
          case MULTIBOOT -> EntryKind.MULTIBOOT;
          case LINUX -> EntryKind.LINUX;
          case BSD -> EntryKind.OTHER;
        };
    return new Outcome(kind, Optional.of(target), out, Optional.empty(), Optional.empty());
  }

  private static int utf8Length(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  private static String shorten(String s) {
    return s.length() <= 120 ? s : s.substring(0, 117) + "...";
  }
}
