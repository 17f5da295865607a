package org.bootlace.fs.btrfs;

import org.bootlace.binary.Le;

/** A btrfs key: (objectid, type, offset), ordered by the three as unsigned numbers. */
record Key(long objectId, int type, long offset) implements Comparable<Key> {
  static final int SIZE = 17;

  static final int INODE_ITEM = 1;
  static final int DIR_ITEM = 84;
  static final int DIR_INDEX = 96;
  static final int EXTENT_DATA = 108;
  static final int ROOT_ITEM = 132;
  static final int CHUNK_ITEM = 228;

  static final long MAX = -1L;

  static Key parse(byte[] b, int off) {
    return new Key(Le.u64(b, off), Le.u8(b, off + 8), Le.u64(b, off + 9));
  }

  @Override
  public int compareTo(Key o) {
    int c = Long.compareUnsigned(objectId, o.objectId);
    if (c != 0) {
      return c;
    }
    c = Integer.compare(type, o.type);
    return c != 0 ? c : Long.compareUnsigned(offset, o.offset);
  }

  @Override
  public String toString() {
    return "("
        + Long.toUnsignedString(objectId)
        + " "
        + type
        + " "
        + Long.toUnsignedString(offset)
        + ")";
  }
}
