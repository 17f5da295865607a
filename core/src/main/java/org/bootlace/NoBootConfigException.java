package org.bootlace;

/** No usable boot configuration was found; the message says what was searched where. */
public final class NoBootConfigException extends BootlaceException {
  /**
   * Creates the exception.
   *
   * @param message what was searched for, and where
   */
  public NoBootConfigException(String message) {
    super(message);
  }
}
