package org.bootlace.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Boots a guest's MAC address from the network as a PXE ROM and pxelinux would. */
@Command(
    name = "pxe",
    description = "Network boot for a MAC address: DHCP, TFTP, pxelinux; prints pygrub's formats.",
    sortOptions = false,
    mixinStandardHelpOptions = true)
final class PxeCommand implements Callable<Integer> {
  private final Io io;

  @Option(
      names = "--mac",
      required = true,
      paramLabel = "MAC",
      description = "The guest's MAC address.")
  String mac;

  @Option(
      names = "--interface",
      paramLabel = "IF",
      description =
          "The interface (bridge) to ask DHCP on; needs root or CAP_NET_BIND_SERVICE (and CAP_NET_RAW before Linux 5.7).")
  String interfaceName;

  @Option(
      names = "--netns",
      paramLabel = "NAME",
      description = "Open the sockets inside this network namespace (/run/netns/NAME).")
  String netns;

  @Option(
      names = "--entry",
      paramLabel = "ENTRY",
      description = "Boot this entry (label, title or index).")
  String entry;

  @Option(
      names = "--output-format",
      paramLabel = "FORMAT",
      defaultValue = "sxp",
      description = "sxp (default), simple or simple0.")
  String outputFormat;

  @Option(
      names = "--output-directory",
      paramLabel = "DIR",
      description =
          "Where the kernel and ramdisk go (default "
              + PygrubCommand.DEFAULT_OUTPUT_DIRECTORY
              + ").")
  Path outputDirectory;

  @Option(
      names = "--output",
      paramLabel = "FILE",
      description = "Write the result to FILE (an existing file; '-': standard output).")
  String output;

  @Option(
      names = "--timeout",
      paramLabel = "S",
      description = "Seconds for DHCP and for each later step (default 10).")
  Integer timeout;

  @Option(
      names = "--local-disk",
      paramLabel = "IMAGE",
      description = "The guest's disk image, booted when the network's entry is LOCALBOOT.")
  Path localDisk;

  @Option(
      names = "--explain",
      description = "Say on standard error what DHCP answered, which files were tried and fetched.")
  boolean explain;

  PxeCommand(Io io) {
    this.io = io;
  }

  @Override
  public Integer call() throws Exception {
    NetworkBootRun run = new NetworkBootRun(io);
    run.mac = mac;
    if (interfaceName == null) {
      throw new CliException(
          "--interface is required: the interface (bridge) the guest's network is on",
          ExitCodes.USAGE);
    }
    run.interfaceName = interfaceName;
    run.netns = Optional.ofNullable(netns).map(n -> Path.of("/run/netns", n));
    run.entry = Optional.ofNullable(entry);
    run.format =
        PygrubFormat.parse(outputFormat)
            .orElseThrow(
                () -> new CliException("unknown output format " + outputFormat, ExitCodes.USAGE));
    run.outputDirectory = Optional.ofNullable(outputDirectory);
    run.output = Optional.ofNullable(output);
    if (timeout != null) {
      if (timeout <= 0) {
        throw new CliException("--timeout must be a positive number of seconds", ExitCodes.USAGE);
      }
      run.timeout = Optional.of(Duration.ofSeconds(timeout));
    }
    run.localDisk = Optional.ofNullable(localDisk);
    run.explain = explain;
    return run.run();
  }
}
