package org.bootlace;

/**
 * The data breaks its format's rules. The message names the format, the structure, the field, the
 * values and the byte offset, for example {@code ext4: inode 12: extent header eh_magic at 0x40c40:
 * 0x0000 != 0xf30a}.
 */
public final class CorruptImageException extends BootlaceException {
  /**
   * Creates the exception.
   *
   * @param message the format, structure, field, values and offset
   */
  public CorruptImageException(String message) {
    super(message);
  }

  /**
   * Creates the exception with the exception that revealed the corruption.
   *
   * @param message the format, structure, field, values and offset
   * @param cause the underlying failure, for example a decompressor's, or null
   */
  public CorruptImageException(String message, Throwable cause) {
    super(message, cause);
  }
}
