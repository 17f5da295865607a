package org.bootlace;

/**
 * A boot configuration was found but the requested or default entry cannot be booted: no such
 * entry, no kernel, or a file it names is missing or not a regular file.
 */
public final class BootEntryException extends BootlaceException {
  /**
   * Creates the exception.
   *
   * @param message the entry and what is wrong with it
   */
  public BootEntryException(String message) {
    super(message);
  }
}
