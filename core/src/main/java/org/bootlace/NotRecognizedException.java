package org.bootlace;

/** No driver recognized the data; the message lists what every probe answered. */
public final class NotRecognizedException extends BootlaceException {
  public NotRecognizedException(String message) {
    super(message);
  }
}
