package org.bootlace.fs.btrfs;

import static org.bootlace.binary.Checks.hex;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bootlace.CorruptImageException;
import org.bootlace.LimitExceededException;
import org.bootlace.Limits;
import org.bootlace.block.BlockDevice;
import org.bootlace.spi.Warnings;

/**
 * The device, the superblock and the chunk map, with checked tree-block reads (cached) and the two
 * B-tree walks the reader needs: an in-order range scan and a floor search. Every walk descends
 * exactly one level per step from a root whose level is bounded by {@code maxTreeDepth}.
 */
final class Disk {
  /** A tree's root: what messages call it, where it is and its level. */
  record Root(String name, long bytenr, int level) {}

  /** Sees one leaf item; returns false to stop the scan. */
  interface Visitor {
    boolean visit(TreeBlock leaf, int item) throws IOException;
  }

  private static final int CACHE_BLOCKS = 256;

  final BlockDevice device;
  final Superblock sb;
  final Limits limits;
  final Warnings warnings;
  final ChunkMap chunks;

  private final Map<Long, TreeBlock> cache =
      new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, TreeBlock> e) {
          return size() > CACHE_BLOCKS;
        }
      };

  Disk(BlockDevice device, Superblock sb, ChunkMap chunks, Limits limits, Warnings warnings) {
    this.device = device;
    this.sb = sb;
    this.chunks = chunks;
    this.limits = limits;
    this.warnings = warnings;
  }

  /**
   * Reads {@code length} bytes at logical {@code logical} (inside one chunk) from its first copy.
   */
  byte[] readLogical(long logical, int length, String what) throws IOException {
    long[] phys = chunks.physical(logical, length, what);
    return device.read(phys[0], length);
  }

  /** Reads into {@code dst} from logical {@code logical}; the range must lie in one chunk. */
  void readLogical(long logical, ByteBuffer dst, String what) throws IOException {
    long[] phys = chunks.physical(logical, dst.remaining(), what);
    device.read(phys[0], dst);
  }

  private TreeBlock block(Root tree, long logical, int level) throws IOException {
    TreeBlock cached;
    synchronized (cache) {
      cached = cache.get(logical);
    }
    String where = "btrfs: " + tree.name() + " block at logical " + hex(logical);
    if (cached != null) {
      if (cached.level != level) {
        throw new CorruptImageException(
            where + ": level " + cached.level + " != expected " + level);
      }
      return cached;
    }
    int size = sb.nodeSize();
    long[] copies = chunks.physical(logical, size, where);
    CorruptImageException first = null;
    TreeBlock block = null;
    for (int i = 0; i < copies.length && block == null; i++) {
      byte[] raw = device.read(copies[i], size);
      try {
        block = TreeBlock.parse(raw, logical, level, sb, where);
        if (first != null) {
          warnings.add(first.getMessage() + "; read the DUP copy " + i + " instead");
        }
      } catch (CorruptImageException e) {
        if (first == null) {
          first = e;
        }
      }
    }
    if (block == null) {
      throw first;
    }
    synchronized (cache) {
      cache.put(logical, block);
    }
    return block;
  }

  private void checkDepth(Root tree) throws LimitExceededException {
    Limits.check(
        "maxTreeDepth",
        limits.maxTreeDepth(),
        tree.level() + 1L,
        "btrfs: " + tree.name() + " levels");
  }

  /**
   * Child {@code i} of {@code node}, checked to hold exactly the keys from its parent's key up to
   * (not including) the next one, {@code upper} (null: no bound). Sibling subtrees thus cover
   * disjoint key ranges, so no block is reached twice in one walk however the pointers are laid.
   */
  private TreeBlock child(Root tree, TreeBlock node, int i, Key upper) throws IOException {
    TreeBlock c = block(tree, node.childPtr[i], node.level - 1);
    String where = c.where;
    if (c.generation != node.childGen[i]) {
      throw new CorruptImageException(
          where + ": generation " + c.generation + " != its parent's pointer " + node.childGen[i]);
    }
    if (c.count() == 0) {
      throw new CorruptImageException(where + ": an empty leaf below a node");
    }
    if (!c.keys[0].equals(node.keys[i])) {
      throw new CorruptImageException(
          where + ": first key " + c.keys[0] + " != its parent's key " + node.keys[i]);
    }
    Key last = c.keys[c.count() - 1];
    if (upper != null && last.compareTo(upper) >= 0) {
      throw new CorruptImageException(
          where + ": last key " + last + " is not below its parent's next key " + upper);
    }
    return c;
  }

  /** Visits the items with {@code min <= key <= max} in key order until the visitor stops. */
  void scan(Root tree, Key min, Key max, Visitor v) throws IOException {
    checkDepth(tree);
    scan(tree, block(tree, tree.bytenr(), tree.level()), min, max, v, null);
  }

  private boolean scan(Root tree, TreeBlock b, Key min, Key max, Visitor v, Key upper)
      throws IOException {
    if (b.leaf()) {
      for (int i = 0; i < b.count(); i++) {
        if (b.keys[i].compareTo(min) < 0) {
          continue;
        }
        if (b.keys[i].compareTo(max) > 0 || !v.visit(b, i)) {
          return false;
        }
      }
      return true;
    }
    int start = 0;
    for (int i = 1; i < b.count() && b.keys[i].compareTo(min) <= 0; i++) {
      start = i;
    }
    for (int i = start; i < b.count(); i++) {
      if (b.keys[i].compareTo(max) > 0) {
        return false;
      }
      Key next = i + 1 < b.count() ? b.keys[i + 1] : upper;
      if (!scan(tree, child(tree, b, i, next), min, max, v, next)) {
        return false;
      }
    }
    return true;
  }

  /** The leaf item with the greatest key {@code <= target}, as (leaf, index), or null. */
  Found floor(Root tree, Key target) throws IOException {
    checkDepth(tree);
    TreeBlock b = block(tree, tree.bytenr(), tree.level());
    Key upper = null;
    while (true) {
      int at = -1;
      for (int i = 0; i < b.count() && b.keys[i].compareTo(target) <= 0; i++) {
        at = i;
      }
      if (at < 0) {
        return null;
      }
      if (b.leaf()) {
        return new Found(b, at);
      }
      upper = at + 1 < b.count() ? b.keys[at + 1] : upper;
      b = child(tree, b, at, upper);
    }
  }

  /** The first item with {@code min <= key <= max}, or null. */
  Found first(Root tree, Key min, Key max) throws IOException {
    Found[] out = new Found[1];
    scan(
        tree,
        min,
        max,
        (leaf, i) -> {
          out[0] = new Found(leaf, i);
          return false;
        });
    return out[0];
  }

  /** A leaf item. */
  record Found(TreeBlock leaf, int index) {
    Key key() {
      return leaf.keys[index];
    }

    int offset() {
      return leaf.dataOff[index];
    }

    int size() {
      return leaf.dataSize[index];
    }

    byte[] data() {
      return leaf.data;
    }
  }
}
