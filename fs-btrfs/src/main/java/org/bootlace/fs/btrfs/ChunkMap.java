package org.bootlace.fs.btrfs;

import static org.bootlace.binary.Checks.hex;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bootlace.CorruptImageException;
import org.bootlace.UnsupportedFeatureException;

/**
 * Logical to physical address translation, from the superblock's sys_chunk_array and the chunk
 * tree.
 */
final class ChunkMap {
  private final TreeMap<Long, Chunk> chunks = new TreeMap<>();

  /** Adds a chunk; one that overlaps another is corrupt unless it is the same chunk again. */
  void add(Chunk c, String where) throws CorruptImageException {
    Map.Entry<Long, Chunk> before = chunks.floorEntry(c.logical());
    if (before != null && before.getValue().end() > c.logical()) {
      if (before.getValue().equals(c)) {
        return;
      }
      throw new CorruptImageException(
          where
              + ": chunk "
              + hex(c.logical())
              + "+"
              + hex(c.length())
              + " overlaps chunk "
              + hex(before.getKey())
              + "+"
              + hex(before.getValue().length()));
    }
    Map.Entry<Long, Chunk> after = chunks.higherEntry(c.logical());
    if (after != null && c.end() > after.getKey()) {
      throw new CorruptImageException(
          where
              + ": chunk "
              + hex(c.logical())
              + "+"
              + hex(c.length())
              + " overlaps chunk "
              + hex(after.getKey())
              + "+"
              + hex(after.getValue().length()));
    }
    chunks.put(c.logical(), c);
  }

  int size() {
    return chunks.size();
  }

  /** Parses the superblock's sys_chunk_array: (key, chunk item) pairs. */
  static ChunkMap bootstrap(Superblock sb)
      throws CorruptImageException, UnsupportedFeatureException {
    ChunkMap map = new ChunkMap();
    byte[] a = sb.sysChunkArray();
    String where = "btrfs: superblock sys_chunk_array";
    int p = 0;
    while (p < a.length) {
      long at = Superblock.OFFSET + Superblock.S_SYS_CHUNK_ARRAY + p;
      if (a.length - p < Key.SIZE) {
        throw new CorruptImageException(
            where
                + ": key at "
                + hex(at)
                + ": "
                + (a.length - p)
                + " bytes left, needs "
                + Key.SIZE);
      }
      Key k = Key.parse(a, p);
      if (k.type() != Key.CHUNK_ITEM) {
        throw new CorruptImageException(
            where
                + ": key at "
                + hex(at)
                + ": "
                + k
                + " is not a chunk item (type "
                + Key.CHUNK_ITEM
                + ")");
      }
      p += Key.SIZE;
      int size = Chunk.itemSize(a, p, a.length, at + Key.SIZE, where);
      map.add(
          Chunk.parse(a, p, size, k.offset(), sb.devId(), sb.sectorSize(), at + Key.SIZE, where),
          where);
      p += size;
    }
    if (map.chunks.isEmpty()) {
      throw new CorruptImageException(where + ": no chunks (sys_chunk_array_size 0)");
    }
    return map;
  }

  /** The chunk holding {@code logical}; corrupt when none does. */
  Chunk chunk(long logical, String what) throws CorruptImageException {
    Map.Entry<Long, Chunk> e = chunks.floorEntry(logical);
    if (e == null || Long.compareUnsigned(logical, e.getValue().end()) >= 0 || logical < 0) {
      throw new CorruptImageException(
          what + ": logical address " + hex(logical) + " is in no chunk");
    }
    return e.getValue();
  }

  /**
   * The physical offsets (one per copy) of {@code length} bytes at {@code logical}, which must lie
   * in one chunk.
   */
  long[] physical(long logical, long length, String what) throws CorruptImageException {
    Chunk c = chunk(logical, what);
    if (length > c.end() - logical) {
      throw new CorruptImageException(
          what
              + ": "
              + hex(logical)
              + "+"
              + hex(length)
              + " runs past the end of chunk "
              + hex(c.logical())
              + "+"
              + hex(c.length()));
    }
    List<Long> s = c.stripeOffsets();
    long[] out = new long[s.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = s.get(i) + (logical - c.logical());
    }
    return out;
  }

  /** Bytes from {@code logical} to the end of its chunk. */
  long remainingInChunk(long logical, String what) throws CorruptImageException {
    return chunk(logical, what).end() - logical;
  }
}
