package org.bootlace.spi;

/**
 * A path where a parser looks for its configuration. Locations of all parsers are searched on each
 * volume in ascending {@code rank}, so parsers interleave the way pygrub orders them (GRUB 2, then
 * extlinux, then GRUB legacy). A component that is exactly {@code *} stands for every name in that
 * directory, tried in name order, as in {@code /EFI/<vendor>/grub.cfg} written with {@code *} for
 * the vendor; a last component {@code *SUFFIX} ({@code *.efi}) stands for every name ending in
 * SUFFIX, compared without case as FAT compares names.
 *
 * @param path an absolute path, with {@code *} components as above
 * @param rank the order among every parser's locations on a volume: lower is searched first
 * @param presenceOnly the file's presence is the sign (a boot manager's binary, a unified kernel
 *     image): it is not read as a configuration, and the parser gets empty content
 */
public record ConfigLocation(String path, int rank, boolean presenceOnly) {
  /**
   * A location whose file is read as a configuration.
   *
   * @param path an absolute path, with {@code *} components
   * @param rank the order among every parser's locations on a volume
   */
  public ConfigLocation(String path, int rank) {
    this(path, rank, false);
  }
}
