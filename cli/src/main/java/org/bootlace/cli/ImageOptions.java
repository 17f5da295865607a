package org.bootlace.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

  @Option(
      names = "--allow-backing-dir",
      paramLabel = "DIR",
      description =
          "Allow backing files, parent disks, data files and extents the image names inside DIR"
              + " (repeatable; none by default).")
  List<Path> allowBackingDirs = new ArrayList<>();

  BootOptions.Builder options() throws CliException {
    BootOptions.Builder b = BootOptions.builder();
    allowBackingDirs.forEach(b::allowBackingDir);
    if (offset != null) {
      if (offset < 0) {
        throw new CliException("--offset must not be negative", ExitCodes.USAGE);
      }
      b.partitionOffset(offset);
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
