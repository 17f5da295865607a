package org.bootlace.cli;

import java.util.Arrays;
import java.util.List;

/**
 * The {@code bootlace} command line. {@code bootlace pygrub}, which a toolstack starts for every
 * guest, is parsed by {@link PygrubOptions} without touching picocli; every other command goes
 * through {@link Commands}.
 */
public final class Main {
  private Main() {}

  /**
   * Runs the command line and exits with its status: 0 on success, 1 when the image, its
   * configuration or a file could not be used, 2 for a wrong command line, 3 when a limit was
   * reached.
   *
   * @param args the command and its arguments
   */
  public static void main(String[] args) {
    int code = run(Io.system(), args);
    System.out.flush();
    System.exit(code);
  }

  /** Runs one command line with the given streams; returns the exit status. */
  static int run(Io io, String... args) {
    if (args.length > 0 && args[0].equals("pygrub")) {
      return pygrub(io, args);
    }
    return Commands.run(io, args);
  }

  private static int pygrub(Io io, String[] args) {
    PygrubCommand cmd = new PygrubCommand(io);
    List<String> all = Arrays.asList(args);
    cmd.originalArgs = all;
    try {
      if (PygrubOptions.parse(all.subList(1, all.size()), cmd) == PygrubOptions.Parsed.HELP) {
        io.out().print(PygrubOptions.HELP);
        io.out().flush();
        return ExitCodes.OK;
      }
    } catch (CliException e) {
      io.err().println("bootlace: " + e.getMessage());
      io.err().println(PygrubOptions.USAGE);
      return e.exitCode();
    }
    try {
      return cmd.call();
    } catch (Exception e) {
      if (cmd.debug) {
        e.printStackTrace(io.err());
      }
      io.err().println("bootlace: " + Failure.message(e));
      return Failure.exitCode(e);
    }
  }
}
