package org.bootlace.spi;

/** A file, directory or link inside a {@link FileSystem}; implementations are immutable. */
public interface FsNode {
  /** {@return what kind of file the node is} */
  FileType type();

  /** {@return the size in bytes: a file's length, a symlink target's length} */
  long size();

  /**
   * {@return a number unique within the filesystem (the inode number), for loop detection and
   * listings}
   */
  long id();

  /** {@return the Unix permission and type bits where the filesystem has them, else 0} */
  default int mode() {
    return 0;
  }

  /**
   * {@return the modification time in seconds since the epoch, where the filesystem records one,
   * else 0}
   */
  default long mtime() {
    return 0;
  }
}
