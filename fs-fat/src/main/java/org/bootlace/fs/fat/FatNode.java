package org.bootlace.fs.fat;

import java.io.IOException;
import org.bootlace.spi.FileType;
import org.bootlace.spi.FsNode;

/**
 * A file or directory of one {@link FatFileSystem}. Its cluster chain is followed and checked the
 * first time its data is needed, then kept.
 */
final class FatNode implements FsNode {
  final FatFileSystem owner;
  final FileType type;
  final long size;
  final long id;

  /** The first cluster; 0 for an empty file and for the fixed root directory of FAT12/16. */
  final long firstCluster;

  final long mtime;

  /** The path-free description of this node for messages. */
  final String what;

  private Fat.Runs runs;

  FatNode(
      FatFileSystem owner,
      FileType type,
      long size,
      long id,
      long firstCluster,
      long mtime,
      String what) {
    this.owner = owner;
    this.type = type;
    this.size = size;
    this.id = id;
    this.firstCluster = firstCluster;
    this.mtime = mtime;
    this.what = what;
  }

  /** The chain of a file (as many clusters as its size needs) or of a directory (to its end). */
  synchronized Fat.Runs runs() throws IOException {
    if (runs == null) {
      runs = owner.chainOf(this);
    }
    return runs;
  }

  @Override
  public FileType type() {
    return type;
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public long id() {
    return id;
  }

  @Override
  public long mtime() {
    return mtime;
  }

  @Override
  public String toString() {
    return what;
  }
}
