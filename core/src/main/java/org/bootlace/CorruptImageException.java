package org.bootlace;

/**
 * The data breaks its format's rules. The message names the format, the structure, the field, the
 * values and the byte offset, for example {@code ext4: inode 12: extent header eh_magic at 0x40c40:
 * 0x0000 != 0xf30a}.
 */
public final class CorruptImageException extends BootlaceException {
  public CorruptImageException(String message) {
    super(message);
  }

  public CorruptImageException(String message, Throwable cause) {
    super(message, cause);
  }
}
