package org.bootlace;

/** No usable boot configuration was found; the message says what was searched where. */
public final class NoBootConfigException extends BootlaceException {
  public NoBootConfigException(String message) {
    super(message);
  }
}
