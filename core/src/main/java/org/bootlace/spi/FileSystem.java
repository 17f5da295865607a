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
  /**
   * {@return the filesystem's type: {@code ext2}, {@code ext3}, {@code ext4}, {@code iso9660}, ...}
   */
  String type();

  /** {@return the filesystem's UUID, formatted as its own tools print it, if it has one} */
  Optional<String> uuid();

  /** {@return the filesystem's label, if it has one} */
  Optional<String> label();

  /**
   * Opens the root directory.
   *
   * @return the root directory's node
   * @throws org.bootlace.CorruptImageException if the root's metadata is corrupt
   * @throws IOException if the device cannot be read
   */
  FsNode root() throws IOException;

  /**
   * Looks a name up in a directory.
   *
   * @param dir a directory node of this filesystem
   * @param name the entry's name: never "." or "..", never containing '/'
   * @return the entry's node; empty when the directory has no such entry
   * @throws org.bootlace.CorruptImageException if the directory or the node is corrupt
   * @throws org.bootlace.LimitExceededException if a bound is reached
   * @throws IOException if the device cannot be read
   */
  Optional<FsNode> lookup(FsNode dir, String name) throws IOException;

  /**
   * Lists a directory.
   *
   * @param dir a directory node of this filesystem
   * @return its entries without "." and ".."
   * @throws org.bootlace.CorruptImageException if the directory is corrupt
   * @throws org.bootlace.LimitExceededException if it has more than {@code maxDirectoryEntries}
   *     entries, or another bound is reached
   * @throws IOException if the device cannot be read
   */
  List<DirEntry> list(FsNode dir) throws IOException;

  /**
   * Opens the node a directory entry names.
   *
   * @param entry an entry {@link #list} returned
   * @return the node
   * @throws org.bootlace.CorruptImageException if the node is corrupt
   * @throws IOException if the device cannot be read
   */
  FsNode node(DirEntry entry) throws IOException;

  /**
   * Reads the target of a symbolic link.
   *
   * @param link a symbolic link node of this filesystem
   * @return the target, as stored
   * @throws org.bootlace.CorruptImageException if the link is corrupt
   * @throws org.bootlace.LimitExceededException if the target is longer than a bound allows
   * @throws IOException if the device cannot be read
   */
  String readLink(FsNode link) throws IOException;

  /**
   * Reads file bytes at {@code offset} into {@code dst}, from its position on. Holes read as zeros.
   * May read less than requested. Must be safe to call from several threads at once, since the
   * {@link org.bootlace.GuestFile}s bootlace returns are read from any thread.
   *
   * @param file a regular file node of this filesystem
   * @param offset the byte offset in the file, not negative
   * @param dst where the bytes go; its position advances by the count
   * @return the count of bytes read, or -1 when {@code offset} is at or past the end of the file
   * @throws org.bootlace.CorruptImageException if the file's block map or data is corrupt
   * @throws IOException if the device cannot be read
   */
  int read(FsNode file, long offset, ByteBuffer dst) throws IOException;

  /**
   * Block devices inside this filesystem that hold filesystems of their own, each read as one more
   * volume right after this one (one level deep: a nested volume's own nested devices are not
   * read). An ISO 9660 image answers with its El Torito EFI boot images. Reading them must be cheap
   * and bounded like {@link FilesystemDriver#probe}; a corrupt structure is reported by throwing,
   * and the caller keeps this volume and warns. Default: none.
   *
   * @return the nested devices, in the order their volumes are read
   * @throws org.bootlace.CorruptImageException if the structure naming them is corrupt
   * @throws IOException if the device cannot be read
   */
  default List<NestedDevice> nestedDevices() throws IOException {
    return List.of();
  }

  /**
   * {@return whether this filesystem has subvolumes that {@link #subvolume} can choose between}
   * Default: no.
   */
  default boolean hasSubvolumes() {
    return false;
  }

  /**
   * A view of this filesystem whose paths start at another of its subvolumes; empty when there is
   * no such subvolume (or none at all). Views share this filesystem's caches and are closed with
   * it.
   *
   * @param which the subvolume, by path or id
   * @return the view; empty when there is no such subvolume
   * @throws org.bootlace.CorruptImageException if the subvolume records are corrupt
   * @throws IOException if the device cannot be read
   */
  default Optional<FileSystem> subvolume(Subvolume which) throws IOException {
    return Optional.empty();
  }

  /**
   * Releases what the filesystem holds; the device stays the caller's. Default: nothing.
   *
   * @throws IOException if releasing fails
   */
  @Override
  default void close() throws IOException {}
}
