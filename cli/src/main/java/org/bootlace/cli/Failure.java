package org.bootlace.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import org.bootlace.BootlaceException;
import org.bootlace.LimitExceededException;

/** Turns any failure into the one-line message and exit status the command line reports. */
final class Failure {
  private Failure() {}

  static String message(Throwable ex) {
    if (ex instanceof NoSuchFileException e) {
      return e.getFile() + ": no such file";
    }
    if (ex instanceof AccessDeniedException e) {
      return e.getFile() + ": permission denied";
    }
    if (ex instanceof BootlaceException || ex instanceof CliException || ex instanceof IOException) {
      return oneLine(ex.getMessage());
    }
    // Anything else is a bug in bootlace; say so rather than pretend the image is at fault.
    return "internal error (please report): " + ex;
  }

  static int exitCode(Throwable ex) {
    if (ex instanceof CliException c) {
      return c.exitCode();
    }
    if (ex instanceof LimitExceededException) {
      return ExitCodes.LIMIT;
    }
    return ExitCodes.FAILURE;
  }

  /** Messages quote guest data: control characters are escaped so a title cannot drive the terminal. */
  static String oneLine(String s) {
    return s == null ? "failed" : Text.safe(s);
  }
}
