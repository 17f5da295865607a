package org.bootlace;

import java.io.IOException;

/**
 * Root of the checked exceptions bootlace raises for anything an image, a config or a server did.
 * Nothing else escapes on bad input: any other exception reached by input is a bug.
 */
public abstract class BootlaceException extends IOException {
  /**
   * Creates the exception.
   *
   * @param message what went wrong and where
   */
  protected BootlaceException(String message) {
    super(message);
  }

  /**
   * Creates the exception with the exception that caused it.
   *
   * @param message what went wrong and where
   * @param cause the underlying failure, or null
   */
  protected BootlaceException(String message, Throwable cause) {
    super(message, cause);
  }
}
