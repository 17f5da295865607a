package org.bootlace;

/**
 * Where in which configuration file something was written.
 *
 * @param file the file, as messages name it ({@code (hd0,msdos1)/boot/grub/grub.cfg})
 * @param line the 1-based line; 0 when nothing was written on a line (a boot file a DHCP server
 *     named)
 */
public record SourceLocation(String file, int line) {
  @Override
  public String toString() {
    return file + ":" + line;
  }
}
