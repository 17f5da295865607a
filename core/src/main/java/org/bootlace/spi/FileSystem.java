package org.bootlace.spi;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;

/**
 * A read-only filesystem, at the level of nodes. Path resolution (".", "..", symlinks, the guest
 * root as a boundary) is done once for every filesystem by bootlace's core, so drivers never see a
 * path.
 */
public interface FileSystem extends Closeable {
  /** {@code ext2}, {@code ext3}, {@code ext4}, {@code iso9660}, ... */
  String type();

  Optional<String> uuid();

  Optional<String> label();

  FsNode root() throws IOException;

  /** The entry {@code name} (never "." or "..", never containing '/') of directory {@code dir}. */
  Optional<FsNode> lookup(FsNode dir, String name) throws IOException;

  /** The entries of {@code dir} without "." and "..", bounded by {@code maxDirectoryEntries}. */
  List<DirEntry> list(FsNode dir) throws IOException;

  /** Opens the node a directory entry names. */
  FsNode node(DirEntry entry) throws IOException;

  /** The target of a symbolic link. */
  String readLink(FsNode link) throws IOException;

  /**
   * Reads file bytes at {@code offset} into {@code dst}; returns the count, or -1 at the end of the
   * file. Holes read as zeros. May read less than requested.
   */
  int read(FsNode file, long offset, ByteBuffer dst) throws IOException;

  /**
   * Block devices inside this filesystem that hold filesystems of their own, each read as one more
   * volume right after this one (one level deep: a nested volume's own nested devices are not
   * read). An ISO 9660 image answers with its El Torito EFI boot images. Reading them must be cheap
   * and bounded like {@link FilesystemDriver#probe}; a corrupt structure is reported by throwing,
   * and the caller keeps this volume and warns. Default: none.
   */
  default List<NestedDevice> nestedDevices() throws IOException {
    return List.of();
  }

  /**
   * Whether this filesystem has subvolumes that {@link #subvolume} can choose between. Default: no.
   */
  default boolean hasSubvolumes() {
    return false;
  }

  /**
   * A view of this filesystem whose paths start at another of its subvolumes; empty when there is
   * no such subvolume (or none at all). Views share this filesystem's caches and are closed with
   * it.
   */
  default Optional<FileSystem> subvolume(Subvolume which) throws IOException {
    return Optional.empty();
  }

  @Override
  default void close() throws IOException {}
}
