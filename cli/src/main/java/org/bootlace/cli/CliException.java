package org.bootlace.cli;

/** A failure the command line reports in one line, with its exit status. */
final class CliException extends Exception {
  private final int exitCode;

  CliException(String message) {
    this(message, ExitCodes.FAILURE);
  }

  CliException(String message, int exitCode) {
    super(message);
    this.exitCode = exitCode;
  }

  int exitCode() {
    return exitCode;
  }
}
