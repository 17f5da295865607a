package org.bootlace.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.bootlace.BootOptions;
import org.bootlace.BootSource;
import org.bootlace.Limits;
import org.bootlace.image.http.HttpBlockDevice;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The image and the options every modern command shares. */
final class ImageOptions {
  @Parameters(
      index = "0",
      paramLabel = "IMAGE",
      description = "Disk image, block device, or http(s):// URL of an image.")
  String image;

  /** The remote image this command opened, for --explain; null for a local one. */
  HttpBlockDevice remote;

  @Option(
      names = "--offset",
      paramLabel = "BYTES",
      description = "Read the filesystem at this byte offset instead of reading partition tables.")
  Long offset;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      description = "Give up after this long (default 60).")
  Long timeoutSeconds;

  @Option(
      names = "--platform",
      paramLabel = "PLATFORM",
      description =
          "The boot path to model: xen (default; GRUB seen from a Xen PV guest, as pygrub), pc, efi or pvgrub2.")
  String platform;

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
    if (platform != null) {
      try {
        b.platform(BootOptions.Platform.valueOf(platform.toUpperCase(java.util.Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new CliException(
            "--platform must be xen, pc, efi or pvgrub2: " + platform, ExitCodes.USAGE);
      }
    }
    if (timeoutSeconds != null) {
      b.limits(timeoutLimits(timeoutSeconds));
    }
    return b;
  }

  /**
   * The default limits with a timeout of {@code seconds} (any positive count; huge ones saturate).
   */
  static Limits timeoutLimits(long seconds) throws CliException {
    if (seconds <= 0) {
      throw new CliException("--timeout must be positive", ExitCodes.USAGE);
    }
    return Limits.defaults().toBuilder().timeout(Duration.ofSeconds(seconds)).build();
  }

  /**
   * Opens the image: a local file or device, or an http(s):// URL read with range requests (whose
   * backing files are never followed).
   */
  BootSource open(BootOptions options) throws IOException, CliException {
    if (!HttpBlockDevice.isRemote(image)) {
      return BootSource.open(Path.of(image), options);
    }
    URI uri;
    try {
      uri = URI.create(image);
    } catch (IllegalArgumentException e) {
      throw new CliException("not a usable URL: " + e.getMessage(), ExitCodes.USAGE);
    }
    remote = HttpBlockDevice.open(uri, options.limits());
    return BootSource.open(remote, options);
  }
}
