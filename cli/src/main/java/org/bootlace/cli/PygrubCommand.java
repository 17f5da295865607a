package org.bootlace.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.bootlace.BootMenu;
import org.bootlace.BootOptions;
import org.bootlace.BootRecord;
import org.bootlace.BootSource;
import org.bootlace.EntryKind;
import org.bootlace.GuestFile;
import org.bootlace.MenuEntry;
import org.bootlace.block.BlockDevice;
import org.bootlace.block.BlockDevices;
import org.bootlace.image.http.HttpBlockDevice;
import org.bootlace.spi.Drivers;

/**
 * A drop-in for Xen's pygrub: the same options, the same output formats byte for byte, the kernel
 * and ramdisk copied into the output directory under pygrub's names, and nothing left there when it
 * fails.
 */
final class PygrubCommand implements Callable<Integer> {
  static final String DEFAULT_OUTPUT_DIRECTORY = "/var/run/xen/pygrub/";

  private final Io io;

  // Set by PygrubOptions, pygrub's own option parser.
  /** pygrub's rule: the last of -q / --entry (off) and -i (on) wins; on by default. */
  boolean interactive = true;

  boolean listEntries;
  boolean notReally;
  String output;
  String outputFormat = "sxp";
  String outputDirectory;
  String offset;
  String entry;
  final OverrideOptions overrides = new OverrideOptions();
  String runas;
  boolean isconfig;
  String timeout;
  boolean debug;
  final List<String> allowBackingDirs = new ArrayList<>();
  String image;

  /** The whole command line, {@code pygrub} first, for the --runas worker. */
  List<String> originalArgs = List.of();

  // The unprivileged half of --runas (see RunAs): files made by the parent, and write probes
  // that tests use to show the worker can write nowhere else.
  boolean worker;
  String kernelFile;
  String ramdiskFile;
  final List<String> probeWrites = new ArrayList<>();

  PygrubCommand(Io io) {
    this.io = io;
  }

  @Override
  public Integer call() throws Exception {
    PygrubFormat format =
        PygrubFormat.parse(outputFormat)
            .orElseThrow(
                () -> new CliException("unknown output format " + outputFormat, ExitCodes.USAGE));
    Path outDir = outputDirectory();
    BootOptions.Builder options = BootOptions.builder();
    if (timeout != null) {
      long seconds;
      try {
        seconds = Long.parseLong(timeout);
      } catch (NumberFormatException e) {
        throw new CliException(
            "--timeout must be a whole number of seconds: " + timeout, ExitCodes.USAGE);
      }
      options.limits(ImageOptions.timeoutLimits(seconds));
    }
    allowBackingDirs.forEach(d -> options.allowBackingDir(Path.of(d)));
    if (offset != null) {
      try {
        options.partitionOffset(Long.parseLong(offset));
      } catch (NumberFormatException e) {
        throw new CliException("offset value must be an integer", ExitCodes.USAGE);
      } catch (IllegalArgumentException e) {
        throw new CliException("offset value must not be negative", ExitCodes.USAGE);
      }
    }
    boolean interactiveMode = interactive;
    int uid = -1;
    if (runas != null) {
      try {
        uid = Integer.parseInt(runas);
      } catch (NumberFormatException e) {
        throw new CliException("runas value must be an integer user id", ExitCodes.USAGE);
      }
      if (uid <= 0) {
        throw new CliException("runas value must be a user id other than root", ExitCodes.USAGE);
      }
      if (interactiveMode) {
        throw new CliException(
            "In order to use --runas, you must also set --entry or -q", ExitCodes.USAGE);
      }
      if (isconfig || listEntries) {
        throw new CliException(
            "--runas goes with booting an image, not with --isconfig or -l", ExitCodes.USAGE);
      }
      if (!worker) {
        return RunAs.run(io, outDir, notReally, originalArgs);
      }
    }
    if (isconfig) {
      return IsConfig.run(io, Path.of(image), entry, overrides.args);
    }
    overrides.applyTo(options);
    // Everything this command touches on the host is opened before the image is parsed, so
    // --runas can give up root in between.
    boolean remote = HttpBlockDevice.isRemote(image);
    BlockDevice device;
    if (remote) {
      java.net.URI uri;
      try {
        uri = java.net.URI.create(image);
      } catch (IllegalArgumentException e) {
        throw new CliException("not a usable URL: " + e.getMessage(), ExitCodes.USAGE);
      }
      device = HttpBlockDevice.open(uri, options.build().limits());
    } else {
      device = BlockDevices.open(Path.of(image));
    }
    try (device;
        FileChannel out = openOutput();
        FileChannel kernelOut = openWorkerFile(kernelFile);
        FileChannel ramdiskOut = openWorkerFile(ramdiskFile)) {
      BootOptions built = options.build();
      if (worker) {
        // After the chroot nothing on the class path can be opened again: have it all in hand.
        ClassPathPreload.run();
        Drivers.discover();
        Privileges.load().confine(outDir, uid, built.limits().maxKernelBytes());
        probeWrites();
      }
      BootSource opened =
          remote ? BootSource.open(device, built) : BootSource.open(device, Path.of(image), built);
      return boot(opened, format, outDir, interactiveMode, out, kernelOut, ramdiskOut);
    }
  }

  private FileChannel openOutput() throws IOException {
    return output == null || output.equals("-")
        ? null
        : FileChannel.open(Path.of(output), StandardOpenOption.WRITE);
  }

  private FileChannel openWorkerFile(String path) throws IOException {
    return worker && path != null
        ? FileChannel.open(Path.of(path), StandardOpenOption.WRITE)
        : null;
  }

  /** Tries to create each probe path; says on stderr what happened. */
  private void probeWrites() {
    for (String p : probeWrites) {
      try {
        FileChannel.open(Path.of(p), StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW)
            .close();
        io.err().println("probe " + p + ": written");
      } catch (IOException e) {
        io.err().println("probe " + p + ": refused (" + e.getClass().getSimpleName() + ")");
      }
    }
  }

  private int boot(
      BootSource opened,
      PygrubFormat format,
      Path outDir,
      boolean interactiveMode,
      FileChannel out,
      FileChannel kernelOut,
      FileChannel ramdiskOut)
      throws Exception {
    try (BootSource source = opened) {
      if (listEntries) {
        if (overrides.kernel == null) {
          listEntries(source.menu());
        }
        return ExitCodes.OK;
      }
      BootRecord record = resolve(source, interactiveMode);
      if (record.kind() != EntryKind.LINUX) {
        String title = record.entry().map(MenuEntry::title).orElse(record.kernel().path());
        throw new CliException(
            "entry '"
                + title
                + "' is a "
                + record.kind().name().toLowerCase(Locale.ROOT)
                + " entry, not a Linux kernel: pygrub's output cannot describe it");
      }
      if (notReally) {
        write(out, format.format("None", Optional.empty(), record.args()));
        return ExitCodes.OK;
      }
      Optional<GuestFile> rd = record.ramdisk();
      if (worker) {
        // The parent made the files and removes them if this process fails.
        record.kernel().writeTo(kernelOut);
        if (rd.isPresent()) {
          rd.get().writeTo(ramdiskOut);
        }
        write(out, format.format(kernelFile, rd.map(r -> ramdiskFile), record.args()));
        return ExitCodes.OK;
      }
      try (OutputFiles files = new OutputFiles(outDir)) {
        Path kernelCopy = copy(files, "boot_kernel.", record.kernel());
        Optional<Path> ramdiskCopy = Optional.empty();
        if (rd.isPresent()) {
          ramdiskCopy = Optional.of(copy(files, "boot_ramdisk.", rd.get()));
        }
        write(
            out,
            format.format(kernelCopy.toString(), ramdiskCopy.map(Path::toString), record.args()));
        files.commit();
      }
      return ExitCodes.OK;
    }
  }

  private Path outputDirectory() throws CliException, IOException {
    if (outputDirectory != null) {
      Path dir = Path.of(outputDirectory);
      if (!Files.isDirectory(dir)) {
        throw new CliException(outputDirectory + " is not an existing directory");
      }
      return dir;
    }
    Path dir = Path.of(DEFAULT_OUTPUT_DIRECTORY);
    if (!Files.isDirectory(dir) && !notReally && !listEntries) {
      Files.createDirectories(
          dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }
    return dir;
  }

  private BootRecord resolve(BootSource source, boolean interactiveMode) throws IOException {
    if (overrides.kernel != null) {
      return source.resolveBoot();
    }
    BootMenu menu = source.menu();
    io.err().println("Using " + menu.parser() + " to parse " + Text.safe(menu.config().path()));
    if (entry != null) {
      Optional<MenuEntry> chosen = menu.find(entry);
      if (chosen.isPresent()) {
        return source.resolveBoot(chosen.get().indexPath());
      }
      // pygrub boots the default when --entry matches nothing; keep that, but say it.
      io.err()
          .println(
              "bootlace pygrub: no entry matches '"
                  + Failure.oneLine(entry)
                  + "', booting the default");
    }
    if (interactiveMode) {
      Optional<InteractiveMenu.Choice> picked = InteractiveMenu.choose(menu);
      if (picked.isPresent()) {
        String path = MenuEntry.indexPathOf(picked.get().index());
        Optional<InteractiveMenu.Edit> edit = picked.get().edit();
        if (edit.isPresent()) {
          // Edited in the menu: like --kernel/--ramdisk, but on the entry's own volume, and the
          // edited command line in place of the entry's (--args still appended).
          return source.resolveEdited(
              path, edit.get().kernel(), edit.get().initrds(), edit.get().args());
        }
        return source.resolveBoot(path);
      }
    }
    return menu.defaultEntry().isPresent()
        ? source.resolveBoot(MenuEntry.indexPathOf(menu.defaultEntry().get()))
        : source.resolveBoot();
  }

  private static Path copy(OutputFiles files, String prefix, GuestFile file) throws IOException {
    Path target = files.create(prefix);
    try (FileChannel out = FileChannel.open(target, StandardOpenOption.WRITE)) {
      file.writeTo(out);
    }
    return target;
  }

  /** Writes the result where pygrub would: the --output file (opened, not created) or stdout. */
  private void write(FileChannel out, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    if (out == null) {
      io.out().write(bytes);
      io.out().flush();
      return;
    }
    ByteBuffer buf = ByteBuffer.wrap(bytes);
    while (buf.hasRemaining()) {
      out.write(buf);
    }
  }

  /** pygrub's {@code -l} listing: one block per entry. */
  private void listEntries(BootMenu menu) {
    io.err().println("Using " + menu.parser() + " to parse " + Text.safe(menu.config().path()));
    for (MenuEntry e : Menus.flatten(menu)) {
      io.out().println("title: " + Text.safe(e.title()));
      if (e.target().isPresent()) {
        var t = e.target().get();
        io.out().println("  root: (" + t.kernel().volume().grubDevice() + ")");
        io.out().println("  kernel: " + Text.safe(t.kernel().path()));
        io.out().println("  args: " + (t.args().isEmpty() ? "None" : Text.safe(t.args())));
        io.out()
            .println(
                "  initrd: "
                    + (t.initrds().isEmpty()
                        ? "None"
                        : Text.safe(
                            String.join(" ", t.initrds().stream().map(f -> f.path()).toList()))));
      } else {
        io.out().println("  root: None");
        io.out().println("  kernel: None");
        io.out().println("  args: None");
        io.out().println("  initrd: None");
      }
    }
    io.out().flush();
  }
}
