package org.bootlace.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.bootlace.BootRecord;
import org.bootlace.BootSource;
import org.bootlace.GuestFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Copies the kernel and ramdisk an image boots into a directory as {@code kernel}, {@code ramdisk}
 * and {@code cmdline}; on failure nothing is left there.
 */
@Command(
    name = "extract",
    description = "Copy the kernel, ramdisk and command line the image boots into a directory.")
final class ExtractCommand implements Callable<Integer> {
  private final Io io;

  @Mixin ImageOptions image;

  @Option(
      names = "--entry",
      paramLabel = "ENTRY",
      description = "Index, title, id or title path instead of the default.")
  String entry;

  @Option(
      names = {"-o", "--output-directory"},
      paramLabel = "DIR",
      required = true,
      description = "An existing directory.")
  Path outputDirectory;

  ExtractCommand(Io io) {
    this.io = io;
  }

  @Override
  public Integer call() throws Exception {
    if (!Files.isDirectory(outputDirectory)) {
      throw new CliException(outputDirectory + " is not an existing directory", ExitCodes.USAGE);
    }
    var options = image.options();
    if (entry != null) {
      options.entry(entry);
    }
    try (BootSource source = image.open(options.build())) {
      BootRecord r = source.resolveBoot();
      List<Path> written = new ArrayList<>();
      boolean done = false;
      try {
        written.add(copy(r.kernel(), "kernel"));
        Optional<GuestFile> rd = r.ramdisk();
        if (rd.isPresent()) {
          written.add(copy(rd.get(), "ramdisk"));
        }
        Path cmdline = outputDirectory.resolve("cmdline");
        Files.write(
            cmdline,
            (r.args() + "\n").getBytes(StandardCharsets.UTF_8),
            StandardOpenOption.CREATE_NEW);
        written.add(cmdline);
        done = true;
      } finally {
        if (!done) {
          for (Path p : written) {
            Files.deleteIfExists(p);
          }
        }
      }
      for (Path p : written) {
        io.out().println(p);
      }
      io.out().flush();
      return ExitCodes.OK;
    }
  }

  private Path copy(GuestFile f, String name) throws IOException {
    Path target = outputDirectory.resolve(name);
    f.copyTo(target);
    return target;
  }
}
