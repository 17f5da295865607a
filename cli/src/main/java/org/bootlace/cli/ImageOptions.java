package org.bootlace.cli;

import java.nio.file.Path;
import java.time.Duration;
import org.bootlace.BootOptions;
import org.bootlace.Limits;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The image and the options every modern command shares. */
final class ImageOptions {
  @Parameters(index = "0", paramLabel = "IMAGE", description = "Disk image or block device.")
  Path image;

  @Option(names = "--offset", paramLabel = "BYTES", description = "Read the filesystem at this byte offset instead of reading partition tables.")
  Long offset;

  @Option(names = "--timeout", paramLabel = "SECONDS", description = "Give up after this long (default 60).")
  Long timeoutSeconds;

  @Option(names = "--platform", paramLabel = "PLATFORM", description = "The boot path to model: xen (default; GRUB seen from a Xen PV guest, as pygrub), pc, efi or pvgrub2.")
  String platform;

  @Option(names = "--debug", description = "Print stack traces on failure.")
  boolean debug;

  BootOptions.Builder options() throws CliException {
    BootOptions.Builder b = BootOptions.builder();
    if (offset != null) {
      if (offset < 0) {
        throw new CliException("--offset must not be negative", ExitCodes.USAGE);
      }
      b.partitionOffset(offset);
    }
    if (platform != null) {
      try {
        b.platform(BootOptions.Platform.valueOf(platform.toUpperCase(java.util.Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new CliException("--platform must be xen, pc, efi or pvgrub2: " + platform, ExitCodes.USAGE);
      }
    }
    if (timeoutSeconds != null) {
      if (timeoutSeconds <= 0) {
        throw new CliException("--timeout must be positive", ExitCodes.USAGE);
      }
      b.limits(Limits.defaults().toBuilder().timeout(Duration.ofSeconds(timeoutSeconds)).build());
    }
    return b;
  }
}
