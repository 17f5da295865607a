package org.bootlace;

/** No driver recognized the data; the message lists what every probe answered. */
public final class NotRecognizedException extends BootlaceException {
  /**
   * Creates the exception.
   *
   * @param message every probe's answer
   */
  public NotRecognizedException(String message) {
    super(message);
  }
}
