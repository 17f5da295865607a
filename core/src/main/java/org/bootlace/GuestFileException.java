package org.bootlace;

/**
 * A path inside the guest does not lead where it must: no such file, a directory where a file was
 * needed, a file where a directory was needed. The message names the volume and the path.
 */
public final class GuestFileException extends BootlaceException {
  /**
   * Creates the exception.
   *
   * @param message the volume, the path and what was found there
   */
  public GuestFileException(String message) {
    super(message);
  }
}
