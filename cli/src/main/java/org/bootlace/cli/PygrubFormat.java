package org.bootlace.cli;

import java.util.Optional;

/** pygrub's three output formats, byte for byte. */
enum PygrubFormat {
  SXP,
  SIMPLE,
  SIMPLE0;

  static Optional<PygrubFormat> parse(String name) {
    return switch (name) {
      case "sxp" -> Optional.of(SXP);
      case "simple" -> Optional.of(SIMPLE);
      case "simple0" -> Optional.of(SIMPLE0);
      default -> Optional.empty();
    };
  }

  /**
   * Formats the result. {@code kernel} is "None" when pygrub would print Python's None (its {@code
   * -n} mode); a missing ramdisk or empty args are left out, as pygrub leaves them out.
   */
  String format(String kernel, Optional<String> ramdisk, String args) throws CliException {
    if (this == SXP) {
      StringBuilder s = new StringBuilder("linux (kernel ");
      s.append(kernel.equals("None") ? "None" : PythonRepr.of(kernel)).append(')');
      ramdisk.ifPresent(r -> s.append("(ramdisk ").append(PythonRepr.of(r)).append(')'));
      if (!args.isEmpty()) {
        s.append("(args ").append(PythonRepr.of(args)).append(')');
      }
      return s.toString();
    }
    String sep = this == SIMPLE ? "\n" : "\0";
    for (String v : new String[] {kernel, ramdisk.orElse(""), args}) {
      if (v.contains(sep)) {
        throw new CliException("simple format cannot represent delimiter-containing value");
      }
    }
    StringBuilder s = new StringBuilder("kernel ").append(kernel).append(sep);
    ramdisk.ifPresent(r -> s.append("ramdisk ").append(r).append(sep));
    if (!args.isEmpty()) {
      s.append("args ").append(args).append(sep);
    }
    return s.append(sep).toString();
  }
}
