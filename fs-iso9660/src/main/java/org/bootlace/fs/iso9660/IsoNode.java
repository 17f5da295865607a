package org.bootlace.fs.iso9660;

import org.bootlace.spi.FileType;
import org.bootlace.spi.FsNode;

/**
 * A file, directory or link of one open image; immutable, so nodes may be shared across threads.
 * Its id is where it lives: a directory's first byte (its "." record), or the disk offset of a
 * file's (first) directory record, as Linux numbers ISO 9660 inodes.
 */
final class IsoNode implements FsNode {
  final IsoFileSystem owner;
  final String where;
  private final FileType type;
  private final long size;
  private final long id;
  private final int mode;
  private final long mtime;

  /** A directory's extent location as its records name it. */
  final long extentLba;

  /** A file's bytes on disk; a directory's one run of records. */
  final Runs runs;

  /** A zisofs file's ZF entry, else null. */
  final RockRidge.Zf zf;

  /** What makes the content unreadable here (interleaving, RRIP sparse files), else null. */
  final Unsupported unsupported;

  /** A symbolic link's target, else null. */
  final String target;

  IsoNode(
      IsoFileSystem owner,
      String where,
      FileType type,
      long size,
      long id,
      int mode,
      long mtime,
      long extentLba,
      Runs runs,
      RockRidge.Zf zf,
      Unsupported unsupported,
      String target) {
    this.owner = owner;
    this.where = where;
    this.type = type;
    this.size = size;
    this.id = id;
    this.mode = mode;
    this.mtime = mtime;
    this.extentLba = extentLba;
    this.runs = runs;
    this.zf = zf;
    this.unsupported = unsupported;
    this.target = target;
  }

  /** A feature the content needs that is not supported, and where it was found. */
  record Unsupported(String feature, String detail) {}

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
  public int mode() {
    return mode;
  }

  @Override
  public long mtime() {
    return mtime;
  }

  @Override
  public String toString() {
    return where;
  }
}
