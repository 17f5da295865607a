package org.bootlace.fs.xfs;

import java.io.IOException;
import java.util.List;
import org.bootlace.spi.FileType;
import org.bootlace.spi.FsNode;

/**
 * An inode of one open filesystem. Immutable but for its block map, read on first use and then kept
 * (an unmodifiable list, so sharing it across threads is safe).
 */
final class XfsNode implements FsNode {
  final XfsFileSystem owner;
  final Dinode inode;
  private volatile List<Bmap.Extent> extents;

  XfsNode(XfsFileSystem owner, Dinode inode) {
    this.owner = owner;
    this.inode = inode;
  }

  /** The data fork's extents; only for the extents and btree formats. */
  List<Bmap.Extent> extents() throws IOException {
    List<Bmap.Extent> e = extents;
    if (e == null) {
      e = Bmap.extents(owner, inode);
      extents = e;
    }
    return e;
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
    return inode.ino();
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
    return "inode " + Long.toUnsignedString(inode.ino());
  }
}
