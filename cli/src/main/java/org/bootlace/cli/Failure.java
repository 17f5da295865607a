package org.bootlace.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;
import java.util.Locale;
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
    if (ex instanceof FileSystemException e) {
      return oneLine(fileSystemMessage(e));
    }
    if (ex instanceof BootlaceException
        || ex instanceof CliException
        || ex instanceof IOException) {
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

  /**
   * A host file operation that failed, with its reason: the JDK's own message for these is often
   * just the path ({@code FileAlreadyExistsException}).
   */
  static String fileSystemMessage(FileSystemException e) {
    String reason = e.getReason();
    if (reason == null) {
      if (e instanceof FileAlreadyExistsException) {
        reason = "already exists";
      } else if (e instanceof DirectoryNotEmptyException) {
        reason = "directory not empty";
      } else if (e instanceof NotDirectoryException) {
        reason = "not a directory";
      } else if (e instanceof NotLinkException) {
        reason = "not a symbolic link";
      } else if (e instanceof FileSystemLoopException) {
        reason = "too many levels of symbolic links";
      } else {
        reason = e.getClass().getSimpleName().replace("Exception", "").toLowerCase(Locale.ROOT);
      }
    }
    return (e.getFile() == null ? "" : e.getFile())
        + (e.getOtherFile() == null ? "" : " -> " + e.getOtherFile())
        + ": "
        + reason;
  }

  /**
   * Messages quote guest data: control characters are escaped so a title cannot drive the terminal.
   */
  static String oneLine(String s) {
    return s == null ? "failed" : Text.safe(s);
  }
}
