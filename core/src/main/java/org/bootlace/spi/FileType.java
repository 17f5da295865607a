package org.bootlace.spi;

/** The kinds of file a filesystem can hold. */
public enum FileType {
  REGULAR,
  DIRECTORY,
  SYMLINK,
  CHARACTER_DEVICE,
  BLOCK_DEVICE,
  FIFO,
  SOCKET,
  /** A directory entry that does not record the type; stat the node to learn it. */
  UNKNOWN
}
