package org.bootlace.spi;

/** A file, directory or link inside a {@link FileSystem}; implementations are immutable. */
public interface FsNode {
  FileType type();

  /** Size in bytes: a file's length, a symlink target's length. */
  long size();

  /** A number unique within the filesystem (the inode number), for loop detection and listings. */
  long id();

  /** Unix permission and type bits where the filesystem has them, else 0. */
  default int mode() {
    return 0;
  }

  /** Modification time in seconds since the epoch, where the filesystem records one. */
  default long mtime() {
    return 0;
  }
}
