package org.bootlace.spi;

/** The kinds of file a filesystem can hold. */
public enum FileType {
  /** A regular file. */
  REGULAR,
  /** A directory. */
  DIRECTORY,
  /** A symbolic link. */
  SYMLINK,
  /** A character device node. */
  CHARACTER_DEVICE,
  /** A block device node. */
  BLOCK_DEVICE,
  /** A named pipe. */
  FIFO,
  /** A Unix domain socket. */
  SOCKET,
  /** A directory entry that does not record the type; stat the node to learn it. */
  UNKNOWN
}
