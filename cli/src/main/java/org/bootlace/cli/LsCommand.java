package org.bootlace.cli;

import java.io.IOException;
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

  /** One line of the listing: a name and, for {@code -l}, what it is. */
  private record Row(String name, Optional<FileStat> stat) {}

  @Override
  public Integer call() throws Exception {
    try (BootSource source = image.open(image.options().build())) {
      GuestPaths at = GuestPaths.resolve(source, path);
      // The lookups run as one operation of the source, under --timeout like a resolve.
      Optional<List<Row>> rows = source.withinTimeout(() -> rows(at));
      if (rows.isEmpty()) {
        throw new CliException(Text.safe(path) + ": no such file or directory");
      }
      for (Row r : rows.get()) {
        print(r.name(), r.stat());
      }
      io.out().flush();
      return ExitCodes.OK;
    }
  }

  /** The rows to print: the path itself unless it is a directory; empty when nothing is there. */
  private Optional<List<Row>> rows(GuestPaths at) throws IOException {
    Optional<FileStat> stat = at.volume().stat(at.path());
    if (stat.isEmpty()) {
      return Optional.empty();
    }
    if (stat.get().type() != FileType.DIRECTORY) {
      return Optional.of(List.of(new Row(at.path(), stat)));
    }
    List<DirEntry> entries = new ArrayList<>(at.volume().list(at.path()));
    entries.sort(Comparator.comparing(DirEntry::name));
    String dir = at.path().endsWith("/") ? at.path() : at.path() + "/";
    List<Row> rows = new ArrayList<>(entries.size());
    for (DirEntry e : entries) {
      rows.add(
          new Row(e.name(), longListing ? at.volume().lstat(dir + e.name()) : Optional.empty()));
    }
    return Optional.of(rows);
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
