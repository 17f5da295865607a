package org.bootlace.cli;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;
import org.bootlace.BootRecord;
import org.bootlace.EntryKind;
import org.bootlace.GuestFile;
import org.bootlace.Limits;
import org.bootlace.MenuEntry;
import org.bootlace.pxe.NetworkBoot;
import org.bootlace.pxe.NetworkBootOptions;

/**
 * What {@code bootlace pxe} and {@code bootlace pypxeboot} share: boot a MAC address from the
 * network, copy kernel and ramdisk into the output directory under pygrub's names, print the result
 * in one of pygrub's formats; nothing stays in the output directory after a failure.
 */
final class NetworkBootRun {
  String mac;
  String interfaceName;
  Optional<Path> netns = Optional.empty();
  Optional<String> entry = Optional.empty();
  PygrubFormat format = PygrubFormat.SXP;
  Optional<Path> outputDirectory = Optional.empty();
  Optional<String> output = Optional.empty();
  Optional<Duration> timeout = Optional.empty();
  Optional<Path> localDisk = Optional.empty();
  boolean explain;
  boolean progress;

  private final Io io;

  NetworkBootRun(Io io) {
    this.io = io;
  }

  int run() throws Exception {
    Path outDir = outputDirectory();
    NetworkBootOptions.Builder b;
    try {
      b = NetworkBootOptions.builder(mac).interfaceName(interfaceName);
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage(), ExitCodes.USAGE);
    }
    netns.ifPresent(b::networkNamespace);
    entry.ifPresent(b::entry);
    localDisk.ifPresent(b::localDisk);
    if (timeout.isPresent()) {
      b.limits(Limits.builder().timeout(timeout.get()).build());
    }
    b.downloadDirectory(outDir);
    if (progress || explain) {
      b.progress(line -> io.err().println(line));
    }
    try (NetworkBoot net = NetworkBoot.open(b.build())) {
      if (explain) {
        io.err().println("dhcp: " + net.lease().describe());
      }
      BootRecord record = net.resolveBoot();
      if (explain) {
        io.err()
            .println(
                "config: " + record.provenance().config().map(Object::toString).orElse("none"));
        record.provenance().warnings().forEach(w -> io.err().println("  " + w));
      }
      if (record.kind() != EntryKind.LINUX) {
        String title = record.entry().map(MenuEntry::title).orElse(record.kernel().path());
        throw new CliException(
            "entry '"
                + title
                + "' is a "
                + record.kind().name().toLowerCase(java.util.Locale.ROOT)
                + " entry, not a Linux kernel: pygrub's output cannot describe it");
      }
      Optional<GuestFile> rd = record.ramdisk();
      try (OutputFiles files = new OutputFiles(outDir)) {
        Path kernelCopy = copy(files, "boot_kernel.", record.kernel());
        Optional<Path> ramdiskCopy = Optional.empty();
        if (rd.isPresent()) {
          ramdiskCopy = Optional.of(copy(files, "boot_ramdisk.", rd.get()));
        }
        write(format.format(kernelCopy.toString(), ramdiskCopy.map(Path::toString), record.args()));
        files.commit();
      }
      if (explain) {
        net.filesFetched().forEach(f -> io.err().println("fetched " + f));
      }
    }
    return ExitCodes.OK;
  }

  private Path outputDirectory() throws CliException, IOException {
    if (outputDirectory.isPresent()) {
      if (!Files.isDirectory(outputDirectory.get())) {
        throw new CliException(outputDirectory.get() + " is not an existing directory");
      }
      return outputDirectory.get();
    }
    Path dir = Path.of(PygrubCommand.DEFAULT_OUTPUT_DIRECTORY);
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(
          dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }
    return dir;
  }

  private static Path copy(OutputFiles files, String prefix, GuestFile file) throws IOException {
    Path target = files.create(prefix);
    try (FileChannel out = FileChannel.open(target, StandardOpenOption.WRITE)) {
      file.writeTo(out);
    }
    return target;
  }

  private void write(String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    if (output.isEmpty() || output.get().equals("-")) {
      io.out().write(bytes);
      io.out().flush();
      return;
    }
    try (FileChannel ch = FileChannel.open(Path.of(output.get()), StandardOpenOption.WRITE)) {
      java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(bytes);
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
    }
  }
}
