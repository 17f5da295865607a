package org.bootlace.cli;

import org.bootlace.BootOptions;
import picocli.CommandLine.Option;

/** pygrub's overrides of what the configuration says, shared by the commands that boot. */
final class OverrideOptions {
  @Option(
      names = "--kernel",
      paramLabel = "PATH",
      description = "Boot this kernel, ignoring the configuration.")
  String kernel;

  @Option(names = "--ramdisk", paramLabel = "PATH", description = "Use this ramdisk.")
  String ramdisk;

  @Option(names = "--args", paramLabel = "ARGS", description = "Append these kernel arguments.")
  String args;

  /** Puts the given overrides into {@code options}. */
  BootOptions.Builder applyTo(BootOptions.Builder options) {
    if (kernel != null) {
      options.kernel(kernel);
    }
    if (ramdisk != null) {
      options.ramdisk(ramdisk);
    }
    if (args != null) {
      options.extraArgs(args);
    }
    return options;
  }
}
