package org.bootlace.fs.iso9660;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A small least-recently-used cache of 2048-byte metadata sectors (directory sectors, continuation
 * areas) and of decompressed zisofs blocks, so repeated lookups do not go back to the device. The
 * arrays it holds are never written after they are put.
 */
final class SectorCache<K> {
  private final Map<K, byte[]> entries;

  /** Keeps at most {@code capacityBytes} of {@code entryBytes}-sized arrays. */
  SectorCache(int capacityBytes, int entryBytes) {
    int max = Math.max(16, capacityBytes / entryBytes);
    this.entries =
        new LinkedHashMap<>(64, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<K, byte[]> eldest) {
            return size() > max;
          }
        };
  }

  synchronized byte[] get(K key) {
    return entries.get(key);
  }

  synchronized void put(K key, byte[] data) {
    entries.put(key, data);
  }
}
