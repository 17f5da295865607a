package org.bootlace.image.support;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A least-recently-used cache of decoded tables or clusters, bounded by the bytes it holds. Safe
 * for concurrent use (every method is synchronized); values are never modified once cached.
 */
public final class LruCache<K, V> {
  /** How many bytes a value accounts for. */
  public interface Weigher<V> {
    long weight(V value);
  }

  private final long maxBytes;
  private final Weigher<V> weigher;
  private long bytes;
  private final LinkedHashMap<K, V> map = new LinkedHashMap<>(16, 0.75f, true);

  public LruCache(long maxBytes, Weigher<V> weigher) {
    this.maxBytes = maxBytes;
    this.weigher = weigher;
  }

  public synchronized V get(K key) {
    return map.get(key);
  }

  public synchronized void put(K key, V value) {
    V old = map.put(key, value);
    if (old != null) {
      bytes -= weigher.weight(old);
    }
    bytes += weigher.weight(value);
    var it = map.entrySet().iterator();
    while (bytes > maxBytes && map.size() > 1 && it.hasNext()) {
      Map.Entry<K, V> e = it.next();
      if (e.getKey().equals(key)) {
        continue;
      }
      bytes -= weigher.weight(e.getValue());
      it.remove();
    }
  }

  public synchronized int size() {
    return map.size();
  }
}
