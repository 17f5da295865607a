package org.bootlace.fs.ext;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A small least-recently-used cache of metadata blocks (tree nodes, directory index blocks), so
 * repeated lookups and reads do not go back to the device. The arrays it holds are never written
 * after they are put.
 */
final class BlockCache {
  /** Total bytes kept, whatever the block size. */
  static final int CAPACITY_BYTES = 4 << 20;

  private final Map<Long, byte[]> blocks;

  BlockCache(int blockSize) {
    int entries = Math.max(16, CAPACITY_BYTES / blockSize);
    this.blocks =
        new LinkedHashMap<>(64, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<Long, byte[]> eldest) {
            return size() > entries;
          }
        };
  }

  synchronized byte[] get(long block) {
    return blocks.get(block);
  }

  synchronized void put(long block, byte[] data) {
    blocks.put(block, data);
  }
}
