package org.bootlace.fs.xfs;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A small synchronized least-recently-used map for verified metadata (bmap btree nodes, directory
 * blocks), so repeated lookups neither go back to the device nor verify a block twice. Values are
 * never modified after they are put.
 */
final class Lru<K, V> {
  private final Map<K, V> map;

  Lru(int entries) {
    this.map =
        new LinkedHashMap<>(64, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
            return size() > entries;
          }
        };
  }

  synchronized V get(K key) {
    return map.get(key);
  }

  synchronized void put(K key, V value) {
    map.put(key, value);
  }
}
