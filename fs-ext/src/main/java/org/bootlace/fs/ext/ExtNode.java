package org.bootlace.fs.ext;

import org.bootlace.spi.FileType;
import org.bootlace.spi.FsNode;

/** An inode of one open filesystem; immutable, so nodes may be shared across threads. */
final class ExtNode implements FsNode {
  final ExtFileSystem owner;
  final Inode inode;

  ExtNode(ExtFileSystem owner, Inode inode) {
    this.owner = owner;
    this.inode = inode;
  }

  @Override
  public FileType type() {
    return inode.fileType();
  }

  @Override
  public long size() {
    return inode.size();
  }

  @Override
  public long id() {
    return inode.number();
  }

  @Override
  public int mode() {
    return inode.mode();
  }

  @Override
  public long mtime() {
    return inode.mtime();
  }

  @Override
  public String toString() {
    return "inode " + inode.number();
  }
}
