package org.bootlace;

import java.io.IOException;

/**
 * Root of the checked exceptions bootlace raises for anything an image, a config or a server did.
 * Nothing else escapes on bad input: any other exception reached by input is a bug.
 */
public abstract class BootlaceException extends IOException {
  protected BootlaceException(String message) {
    super(message);
  }

  protected BootlaceException(String message, Throwable cause) {
    super(message, cause);
  }
}
