package org.bootlace.cli;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.bootlace.BootSource;
import org.bootlace.FileStat;
import org.bootlace.spi.DirEntry;
import org.bootlace.spi.FileType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Lists a directory inside the image. */
@Command(
    name = "ls",
    description =
        "List a directory inside the image (PATH may start with p2: to name a partition).")
final class LsCommand implements Callable<Integer> {
  private final Io io;

  @Mixin ImageOptions image;

  @Parameters(
      index = "1",
      paramLabel = "PATH",
      defaultValue = "/",
      description = "Directory or file (default /).")
  String path;

  @Option(names = "-l", description = "Long listing: type, mode, size, time, name.")
  boolean longListing;

  LsCommand(Io io) {
    this.io = io;
  }

  @Override
  public Integer call() throws Exception {
    try (BootSource source = image.open(image.options().build())) {
      GuestPaths at = GuestPaths.resolve(source, path);
      FileStat stat =
          at.volume()
              .stat(at.path())
              .orElseThrow(() -> new CliException(Text.safe(path) + ": no such file or directory"));
      if (stat.type() != FileType.DIRECTORY) {
        print(at.path(), Optional.of(stat));
        return ExitCodes.OK;
      }
      List<DirEntry> entries = new ArrayList<>(at.volume().list(at.path()));
      entries.sort(Comparator.comparing(DirEntry::name));
      String dir = at.path().endsWith("/") ? at.path() : at.path() + "/";
      for (DirEntry e : entries) {
        print(e.name(), longListing ? at.volume().lstat(dir + e.name()) : Optional.empty());
      }
      io.out().flush();
      return ExitCodes.OK;
    }
  }

  private void print(String name, Optional<FileStat> stat) {
    if (!longListing || stat.isEmpty()) {
      io.out().println(Text.safe(name));
      return;
    }
    FileStat s = stat.get();
    io.out()
        .printf(
            Locale.ROOT,
            "%c %04o %12d %s %s%n",
            typeChar(s.type()),
            s.mode() & 07777,
            s.size(),
            Instant.ofEpochSecond(s.mtime()),
            Text.safe(name));
  }

  private static char typeChar(FileType t) {
    return switch (t) {
      case DIRECTORY -> 'd';
      case SYMLINK -> 'l';
      case CHARACTER_DEVICE -> 'c';
      case BLOCK_DEVICE -> 'b';
      case FIFO -> 'p';
      case SOCKET -> 's';
      case REGULAR -> '-';
      case UNKNOWN -> '?';
    };
  }
}
