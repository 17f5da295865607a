package org.bootlace.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.bootlace.BootRecord;
import org.bootlace.BootSource;
import org.bootlace.image.http.HttpBlockDevice;
import org.bootlace.qemu.QemuBoot;
import org.bootlace.qemu.QemuVm;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Boots what the image resolves to under QEMU, its serial console on standard output. */
@Command(
    name = "boot",
    description =
        "Boot the image's kernel under QEMU (direct kernel boot, the image as a read-only snapshot disk); arguments after -- go to QEMU.")
final class BootCommand implements Callable<Integer> {
  private final Io io;

  @Mixin ImageOptions image;

  @Option(
      names = "--entry",
      paramLabel = "ENTRY",
      description = "Index (2, 1>0), title, id or title path instead of the default.")
  String entry;

  @Option(names = "--dry-run", description = "Print the QEMU command line instead of running it.")
  boolean dryRun;

  @Option(
      names = "--accel",
      paramLabel = "kvm|tcg",
      description = "Force an accelerator; by default KVM when /dev/kvm is usable.")
  String accel;

  @Option(
      names = "--memory",
      paramLabel = "MIB",
      description = "Guest memory in MiB (default 512).")
  int memory = 512;

  @Parameters(
      index = "1..*",
      paramLabel = "QEMU-ARG",
      description = "Extra QEMU arguments, after --.")
  List<String> extra = new ArrayList<>();

  BootCommand(Io io) {
    this.io = io;
  }

  @Override
  public Integer call() throws Exception {
    var options = image.options();
    if (entry != null) {
      options.entry(entry);
    }
    if (HttpBlockDevice.isRemote(image.image)) {
      throw new CliException(
          "boot needs a local image: QEMU attaches it as a disk", ExitCodes.USAGE);
    }
    try (BootSource source = image.open(options.build())) {
      BootRecord r = source.resolveBoot();
      QemuBoot.Builder b =
          QemuBoot.builder(r, Path.of(image.image), source.imageFormat())
              .memoryMiB(memory)
              .extraArgs(extra);
      if (accel != null) {
        if (!accel.equals("kvm") && !accel.equals("tcg")) {
          throw new CliException("--accel: " + accel + " is neither kvm nor tcg");
        }
        b.kvm(accel.equals("kvm"));
      }
      QemuBoot qemu = b.build();
      if (dryRun) {
        io.out()
            .println(String.join(" ", qemu.command().stream().map(BootCommand::quote).toList()));
        io.out().flush();
        return ExitCodes.OK;
      }
      try (QemuVm vm = qemu.start()) {
        int printed = 0;
        int status;
        while ((status = vm.waitFor(java.time.Duration.ofMillis(200))) < 0
            || printed < vm.console().size()) {
          List<String> lines = vm.console();
          for (; printed < lines.size(); printed++) {
            io.out().println(Text.safe(lines.get(printed)));
          }
          io.out().flush();
          if (status >= 0) {
            break;
          }
        }
        return status == 0 ? ExitCodes.OK : 1;
      }
    }
  }

  private static String quote(String s) {
    return s.matches("[A-Za-z0-9_./=,:<>+-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
  }
}
