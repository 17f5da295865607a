package org.bootlace.cli;

/** The exit statuses of every bootlace command, as the README documents them. */
final class ExitCodes {
  private ExitCodes() {}

  static final int OK = 0;

  /** The image, its configuration or a file could not be used; the message says why. */
  static final int FAILURE = 1;

  /** The command line itself was wrong. */
  static final int USAGE = 2;

  /** A configured limit (size, depth, time) was reached. */
  static final int LIMIT = 3;
}
