package org.bootlace.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.bootlace.BootMenu;
import org.bootlace.BootOptions;
import org.bootlace.BootRecord;
import org.bootlace.BootSource;
import org.bootlace.GuestFile;
import org.bootlace.MenuEntry;
import org.bootlace.Provenance;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Prints what an image boots, without copying anything; with several images (or {@code -}, paths on
 * standard input) and {@code --json}, one line of JSON per image, resolved in parallel.
 */
@Command(
    name = "resolve",
    description = "Print the kernel, ramdisks and arguments the image boots.")
final class ResolveCommand implements Callable<Integer> {
  private final Io io;

  @Mixin ImageOptions image;

  @Option(
      names = "--entry",
      paramLabel = "ENTRY",
      description = "Index (2, 1>0), title, id or title path instead of the default.")
  String entry;

  @Mixin OverrideOptions overrides;

  @Option(names = "--json", description = "Print JSON.")
  boolean json;

  @Option(
      names = "--explain",
      description =
          "Also print how the entry was chosen: files, lines, saved values, variables, searches.")
  boolean explain;

  @Parameters(
      index = "1..*",
      paramLabel = "IMAGE",
      description =
          "More images (with --json): one line of JSON each, in the order given; '-' reads paths from standard input, one a line.")
  List<String> moreImages = new ArrayList<>();

  @Option(
      names = "--jobs",
      paramLabel = "N",
      description = "Resolve up to N images at once (default: the number of processors).")
  Integer jobs;

  @Option(
      names = "--progress",
      negatable = true,
      description =
          "With several images: keep a count of the images done on standard error (default: when"
              + " standard error is a terminal and standard output is not).")
  Boolean progress;

  ResolveCommand(Io io) {
    this.io = io;
  }

  @Override
  public Integer call() throws Exception {
    var options = overrides.applyTo(image.options());
    if (entry != null) {
      options.entry(entry);
    }
    if (!moreImages.isEmpty() || image.image.equals("-")) {
      return batch(options.build());
    }
    try (BootSource source = image.open(options.build())) {
      BootRecord r = source.resolveBoot();
      Optional<BootMenu> menu =
          r.entry().isPresent() ? Optional.of(source.menu()) : Optional.empty();
      if (json) {
        Map<String, Object> out = Describe.record(r);
        if (explain) {
          out.put("explanation", explanation(r, menu));
          out.put("probes", source.probes());
        }
        io.out().print(Json.write(out));
      } else {
        printText(r);
        if (explain) {
          explanation(r, menu).forEach(line -> line("explain", line));
          source.probes().forEach(line -> line("probe", line));
        }
      }
      io.out().flush();
      return ExitCodes.OK;
    }
  }

  private int batch(BootOptions options) throws CliException, InterruptedException {
    if (!json) {
      throw new CliException(
          "several images (or '-') need --json: one line of JSON per image", ExitCodes.USAGE);
    }
    if (explain) {
      throw new CliException("--explain takes one image", ExitCodes.USAGE);
    }
    int n = jobs == null ? Runtime.getRuntime().availableProcessors() : jobs;
    if (n < 1 || n > BatchResolve.MAX_JOBS) {
      throw new CliException(
          "--jobs must be between 1 and " + BatchResolve.MAX_JOBS + ": " + n, ExitCodes.USAGE);
    }
    List<String> images = new ArrayList<>();
    images.add(image.image);
    images.addAll(moreImages);
    return BatchResolve.run(
        io, images, options, n, progress != null ? progress : Progress.byDefault());
  }

  private void printText(BootRecord r) {
    line("kind", r.kind().name().toLowerCase(Locale.ROOT));
    line("kernel", file(r.kernel()));
    for (GuestFile f : r.ramdisks()) {
      line("ramdisk", file(f));
    }
    line("args", r.args());
    r.entry()
        .ifPresent(e -> line("entry", e.indexPath() + " '" + e.title() + "' (" + e.source() + ")"));
    Provenance p = r.provenance();
    p.config().ifPresent(c -> line("config", c + " (" + p.parser().orElse("?") + ")"));
    line(
        "volume",
        p.imageFormat()
            + ", "
            + (p.partitionNumber() == 0
                ? "whole disk"
                : p.partitionScheme()
                    + " partition "
                    + p.partitionNumber()
                    + " (type "
                    + p.partitionType()
                    + ", offset "
                    + p.partitionOffset()
                    + ")")
            + ", "
            + p.fsType()
            + p.fsUuid().map(u -> " UUID=" + u).orElse("")
            + p.fsLabel().map(l -> " LABEL=" + l).orElse(""));
    p.warnings().forEach(w -> line("warning", w));
  }

  /** How the entry was chosen, in the order it happened. */
  private List<String> explanation(BootRecord r, Optional<BootMenu> menu) {
    List<String> lines = new ArrayList<>();
    if (image.remote != null) {
      lines.add(
          "remote image "
              + image.remote
              + ": "
              + image.remote.requests()
              + " HTTP requests, "
              + image.remote.bytesFetched()
              + " bytes fetched of "
              + image.remote.size());
    }
    if (menu.isEmpty()) {
      lines.add("--kernel given: no configuration read; kernel found on " + r.kernel().location());
      return lines;
    }
    BootMenu m = menu.get();
    lines.add("configuration " + m.config() + " read by " + m.parser());
    lines.addAll(m.explanation());
    lines.add(
        "default: "
            + m.defaultEntry().map(MenuEntry::indexPathOf).orElse("none")
            + " ("
            + m.defaultReason()
            + ")");
    MenuEntry e = r.entry().get();
    lines.add(
        (entry != null ? "--entry '" + entry + "' chose " : "booting the default, ")
            + "entry "
            + e.indexPath()
            + " '"
            + Menus.titlePath(m, e)
            + "' defined at "
            + e.source());
    e.notes().forEach(n -> lines.add("entry note: " + n));
    return lines;
  }

  private static String file(GuestFile f) {
    return f.location() + " (" + f.size() + " bytes)";
  }

  private void line(String key, String value) {
    io.out().printf(Locale.ROOT, "%-8s %s%n", key, Text.safe(value));
  }
}
