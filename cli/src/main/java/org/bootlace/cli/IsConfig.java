package org.bootlace.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.bootlace.BootMenu;
import org.bootlace.BootOptions;
import org.bootlace.BootSource;
import org.bootlace.BootTarget;
import org.bootlace.FileRef;
import org.bootlace.Limits;
import org.bootlace.MenuEntry;
import org.bootlace.block.BlockDevices;
import org.bootlace.image.RawImageFormat;
import org.bootlace.spi.BootConfigParser;
import org.bootlace.spi.ConfigLocation;
import org.bootlace.spi.Drivers;

/**
 * pygrub's {@code --isconfig}: evaluate a configuration file from the host and print the chosen
 * entry's kernel, initrd and arguments without opening any image. The parser is the one whose
 * search paths end in the file's name ({@code menu.lst}, {@code grub.cfg}, ...). The file is the
 * only one in the filesystem it is evaluated on, so where the bootloader would check that a kernel
 * exists (GRUB legacy's {@code kernel} does), the entry fails and the reason is printed; pygrub
 * prints such paths unchecked.
 */
final class IsConfig {
  private IsConfig() {}

  static int run(Io io, Path config, String entry, String extraArgs)
      throws IOException, CliException {
    Limits limits = Limits.defaults();
    long size = Files.size(config);
    Limits.check("maxConfigBytes", limits.maxConfigBytes(), size, config.toString());
    byte[] content = Files.readAllBytes(config);
    Drivers discovered = Drivers.discover();
    String name = config.getFileName().toString();
    for (BootConfigParser parser : discovered.configParsers()) {
      for (ConfigLocation loc : parser.locations()) {
        if (loc.path().endsWith("/" + name)) {
          return evaluate(io, parser, loc.path(), content, entry, extraArgs);
        }
      }
    }
    throw new CliException(
        config + ": no parser reads configuration files named " + Text.safe(name));
  }

  private static int evaluate(
      Io io,
      BootConfigParser parser,
      String guestPath,
      byte[] content,
      String entry,
      String extraArgs)
      throws IOException, CliException {
    Drivers drivers =
        Drivers.builder()
            .add(new RawImageFormat())
            .add(new SingleFileSystem(guestPath, content))
            .add(parser)
            .build();
    BootOptions options = BootOptions.builder().drivers(drivers).build();
    try (BootSource source =
        BootSource.open(BlockDevices.ofBytes(new byte[512], "isconfig"), options)) {
      BootMenu menu = source.menu();
      Optional<MenuEntry> chosen = entry == null ? Optional.empty() : menu.find(entry);
      if (chosen.isEmpty()) {
        chosen = menu.defaultMenuEntry();
      }
      if (chosen.isEmpty()) {
        throw new CliException(menu.config() + ": no entry to boot: " + menu.defaultReason());
      }
      MenuEntry e = chosen.get();
      if (e.target().isEmpty()) {
        throw new CliException(
            "entry "
                + e.indexPath()
                + " '"
                + e.title()
                + "' loads no kernel: "
                + String.join("; ", e.notes()));
      }
      BootTarget t = e.target().get();
      String args = t.args();
      if (extraArgs != null && !extraArgs.isEmpty()) {
        args = args + " " + extraArgs;
      }
      io.out().println("  kernel: " + Text.safe(t.kernel().path()));
      List<FileRef> initrds = t.initrds();
      if (!initrds.isEmpty()) {
        io.out()
            .println(
                "  initrd: "
                    + Text.safe(String.join(" ", initrds.stream().map(FileRef::path).toList())));
      }
      io.out().println("  args: " + Text.safe(args));
      io.out().flush();
      return ExitCodes.OK;
    }
  }
}
