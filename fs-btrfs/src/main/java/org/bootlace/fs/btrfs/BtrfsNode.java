package org.bootlace.fs.btrfs;

import org.bootlace.spi.FileType;
import org.bootlace.spi.FsNode;

/** An inode of one subvolume. */
record BtrfsNode(Disk disk, long subvolume, long ino, Items.Inode inode, long id)
    implements FsNode {
  @Override
  public FileType type() {
    return inode.type();
  }

  @Override
  public long size() {
    return inode.size();
  }

  @Override
  public int mode() {
    return inode.mode() & 0xffff;
  }

  @Override
  public long mtime() {
    return inode.mtime();
  }

  @Override
  public String toString() {
    return "btrfs subvolume " + subvolume + " inode " + ino;
  }
}
