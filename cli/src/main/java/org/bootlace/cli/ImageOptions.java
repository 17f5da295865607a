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
    if (timeoutSeconds != null) {
      b.limits(timeoutLimits(timeoutSeconds));
    }
    return b;
  }

  /** The default limits with a timeout of {@code seconds} (any positive count; huge ones saturate). */
  static Limits timeoutLimits(long seconds) throws CliException {
    if (seconds <= 0) {
      throw new CliException("--timeout must be positive", ExitCodes.USAGE);
    }
    return Limits.defaults().toBuilder().timeout(Duration.ofSeconds(seconds)).build();
  }
}
