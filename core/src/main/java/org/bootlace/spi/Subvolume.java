package org.bootlace.spi;

/**
 * Which subvolume a view of a filesystem with subvolumes (btrfs) starts at: what GRUB's {@code
 * btrfs_relative_path}, {@code btrfs_subvol} and {@code btrfs_subvolid} choose.
 */
public sealed interface Subvolume {
  /** The filesystem's top level (btrfs subvolume 5), where upstream GRUB starts every path. */
  record TopLevel() implements Subvolume {
    @Override
    public String toString() {
      return "the top level";
    }
  }

  /** The default subvolume ({@code btrfs subvolume set-default}). */
  record Default() implements Subvolume {
    @Override
    public String toString() {
      return "the default subvolume";
    }
  }

  /**
   * The subvolume at {@code path}, taken from the top level ({@code @/.snapshots/1/snapshot}).
   *
   * @param path the subvolume's path from the top level
   */
  record ByPath(String path) implements Subvolume {
    /**
     * Checks the path.
     *
     * @param path the subvolume's path from the top level
     * @throws NullPointerException if {@code path} is null
     */
    public ByPath {
      java.util.Objects.requireNonNull(path, "path");
    }

    @Override
    public String toString() {
      return "subvolume " + path;
    }
  }

  /**
   * The subvolume with tree id {@code id}.
   *
   * @param id the subvolume's tree id, unsigned
   */
  record ById(long id) implements Subvolume {
    @Override
    public String toString() {
      return "subvolume id " + Long.toUnsignedString(id);
    }
  }
}
