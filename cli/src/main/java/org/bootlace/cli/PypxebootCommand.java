package org.bootlace.cli;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * A drop-in for Xen's pypxeboot as a toolstack runs it ({@code bootloader="pypxeboot"}, {@code
 * bootargs=vif[0]}): the vif spec {@code mac=...,bridge=...} as the argument, pygrub's output
 * options, progress lines on standard error as pypxeboot printed them.
 */
@Command(
    name = "pypxeboot",
    description = "Drop-in replacement for Xen's pypxeboot: network boot for a vif's MAC address.",
    sortOptions = false,
    mixinStandardHelpOptions = true)
final class PypxebootCommand implements Callable<Integer> {
  private final Io io;

  @Parameters(
      index = "0",
      paramLabel = "VIF",
      description = "The vif spec: mac=AA:00:86:e2:35:72[,bridge=xenbr0][,...].")
  String vif;

  @Option(
      names = {"-q", "--quiet"},
      description = "Boot the default entry (there is no menu: accepted for pygrub's callers).")
  boolean quiet;

  @Option(
      names = "--output",
      paramLabel = "FILE",
      description = "Write the result to FILE ('-': standard output).")
  String output;

  @Option(
      names = "--output-format",
      paramLabel = "FORMAT",
      defaultValue = "sxp",
      description = "sxp (default), simple or simple0.")
  String outputFormat;

  @Option(
      names = "--output-directory",
      paramLabel = "DIR",
      description = "Where the kernel and ramdisk go.")
  Path outputDirectory;

  @Option(names = "--entry", paramLabel = "ENTRY", description = "Boot this entry.")
  String entry;

  @Option(
      names = "--interface",
      paramLabel = "IF",
      description = "The interface to ask DHCP on (default: the vif's bridge).")
  String interfaceName;

  @Option(
      names = "--netns",
      paramLabel = "NAME",
      description = "Open the sockets inside this network namespace.")
  String netns;

  @Option(
      names = "--disk",
      paramLabel = "IMAGE",
      description = "The guest's disk image, booted when the network says LOCALBOOT.")
  Path disk;

  PypxebootCommand(Io io) {
    this.io = io;
  }

  @Override
  public Integer call() throws Exception {
    String mac = null;
    String bridge = null;
    for (String part : vif.split(",")) {
      String p = part.trim();
      int eq = p.indexOf('=');
      if (eq < 0) {
        continue;
      }
      String key = p.substring(0, eq).trim();
      String value = p.substring(eq + 1).trim();
      if (key.equals("mac")) {
        mac = value;
      } else if (key.equals("bridge")) {
        bridge = value;
      }
    }
    if (mac == null) {
      throw new CliException(
          "the vif spec '" + Failure.oneLine(vif) + "' names no mac=", ExitCodes.USAGE);
    }
    String itf = interfaceName != null ? interfaceName : bridge;
    if (itf == null) {
      throw new CliException(
          "the vif spec names no bridge= and no --interface was given", ExitCodes.USAGE);
    }
    NetworkBootRun run = new NetworkBootRun(io);
    run.mac = mac;
    run.interfaceName = itf;
    run.netns = Optional.ofNullable(netns).map(n -> Path.of("/run/netns", n));
    run.entry = Optional.ofNullable(entry);
    run.format =
        PygrubFormat.parse(outputFormat)
            .orElseThrow(
                () -> new CliException("unknown output format " + outputFormat, ExitCodes.USAGE));
    run.outputDirectory = Optional.ofNullable(outputDirectory);
    run.output = Optional.ofNullable(output);
    run.localDisk = Optional.ofNullable(disk);
    run.progress = true;
    return run.run();
  }
}
