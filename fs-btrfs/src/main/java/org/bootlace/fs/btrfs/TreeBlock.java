package org.bootlace.fs.btrfs;

import static org.bootlace.binary.Checks.hex;

import java.util.Arrays;
import org.bootlace.CorruptImageException;
import org.bootlace.binary.Le;

/**
 * One B-tree node or leaf, checked: checksum, bytenr, fsid, level, item count and bounds, and key
 * order. Leaves give out item keys and data ranges; nodes give out key pointers.
 */
final class TreeBlock {
  static final int HEADER = 0x65;
  static final int H_FSID = 0x20;
  static final int H_BYTENR = 0x30;
  static final int H_GENERATION = 0x50;
  static final int H_NRITEMS = 0x60;
  static final int H_LEVEL = 0x64;
  static final int ITEM = 25;
  static final int PTR = 33;

  final String where;
  final long logical;
  final int level;
  final long generation;
  final byte[] data;
  final Key[] keys;

  /** Leaf: absolute offset of each item's data in {@link #data}; node: unused. */
  final int[] dataOff;

  final int[] dataSize;

  /** Node: child addresses and generations. */
  final long[] childPtr;

  final long[] childGen;

  private TreeBlock(
      String where,
      long logical,
      int level,
      long generation,
      byte[] data,
      Key[] keys,
      int[] dataOff,
      int[] dataSize,
      long[] childPtr,
      long[] childGen) {
    this.where = where;
    this.logical = logical;
    this.level = level;
    this.generation = generation;
    this.data = data;
    this.keys = keys;
    this.dataOff = dataOff;
    this.dataSize = dataSize;
    this.childPtr = childPtr;
    this.childGen = childGen;
  }

  int count() {
    return keys.length;
  }

  boolean leaf() {
    return level == 0;
  }

  /** What a message says about item {@code i}: the block, the item and its key. */
  String item(int i) {
    return where + ": item " + i + " " + keys[i];
  }

  /** The disk-independent position of item {@code i}'s data, for messages. */
  String dataAt(int i) {
    return "logical " + hex(logical + dataOff[i]);
  }

  /**
   * Parses and checks the block read from {@code logical}.
   *
   * @param where {@code "btrfs: root tree block at logical 0x1d4000"}
   */
  static TreeBlock parse(byte[] b, long logical, int expectedLevel, Superblock sb, String where)
      throws CorruptImageException {
    sb.csumType().verify(b, where);
    long bytenr = Le.u64(b, H_BYTENR);
    check(bytenr == logical, where, "bytenr", hex(bytenr) + " != " + hex(logical));
    if (!Arrays.equals(b, H_FSID, H_FSID + 16, sb.metadataUuid(), 0, 16)) {
      throw new CorruptImageException(
          where
              + ": fsid "
              + Superblock.uuidString(Arrays.copyOfRange(b, H_FSID, H_FSID + 16))
              + " != the superblock's "
              + Superblock.uuidString(sb.metadataUuid()));
    }
    int level = Le.u8(b, H_LEVEL);
    check(level == expectedLevel, where, "level", level + " != expected " + expectedLevel);
    long nritems = Le.u32(b, H_NRITEMS);
    int unit = level == 0 ? ITEM : PTR;
    long most = (b.length - HEADER) / unit;
    check(
        nritems <= most,
        where,
        "nritems",
        nritems
            + " does not fit a "
            + b.length
            + "-byte "
            + (level == 0 ? "leaf" : "node")
            + " (at most "
            + most
            + ")");
    check(level == 0 || nritems > 0, where, "nritems", "0 in a node");
    int n = (int) nritems;
    Key[] keys = new Key[n];
    int[] off = level == 0 ? new int[n] : null;
    int[] size = level == 0 ? new int[n] : null;
    long[] ptr = level == 0 ? null : new long[n];
    long[] gen = level == 0 ? null : new long[n];
    int tableEnd = HEADER + n * unit;
    for (int i = 0; i < n; i++) {
      int at = HEADER + i * unit;
      keys[i] = Key.parse(b, at);
      if (i > 0 && keys[i].compareTo(keys[i - 1]) <= 0) {
        throw new CorruptImageException(
            where
                + ": key "
                + i
                + " "
                + keys[i]
                + " is not above key "
                + (i - 1)
                + " "
                + keys[i - 1]);
      }
      if (level == 0) {
        long o = Le.u32(b, at + Key.SIZE);
        long s = Le.u32(b, at + Key.SIZE + 4);
        long start = HEADER + o;
        if (start < tableEnd || start + s > b.length) {
          throw new CorruptImageException(
              where
                  + ": item "
                  + i
                  + " "
                  + keys[i]
                  + " data "
                  + hex(o)
                  + "+"
                  + hex(s)
                  + " is outside the data area "
                  + hex(tableEnd - HEADER)
                  + "-"
                  + hex(b.length - HEADER));
        }
        off[i] = (int) start;
        size[i] = (int) s;
      } else {
        ptr[i] = Le.u64(b, at + Key.SIZE);
        gen[i] = Le.u64(b, at + Key.SIZE + 8);
      }
    }
    return new TreeBlock(
        where, logical, level, Le.u64(b, H_GENERATION), b, keys, off, size, ptr, gen);
  }

  private static void check(boolean ok, String where, String field, String detail)
      throws CorruptImageException {
    if (!ok) {
      throw new CorruptImageException(where + ": " + field + " " + detail);
    }
  }
}
