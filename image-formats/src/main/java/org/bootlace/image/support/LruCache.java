package org.bootlace.image.support;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A least-recently-used cache of decoded tables or clusters, bounded by the bytes it holds. Safe
 * for concurrent use (every method is synchronized); values are never modified once cached.
 *
 * @param <K> the key type, with {@code equals} and {@code hashCode}
 * @param <V> the value type
 */
public final class LruCache<K, V> {
  /**
   * How many bytes a value accounts for.
   *
   * @param <V> the type of the values weighed
   */
  public interface Weigher<V> {
    /**
     * The value's weight.
     *
     * @param value a value put in the cache
     * @return its size in bytes, at least 0; the same each time for the same value
     */
    long weight(V value);
  }

  private final long maxBytes;
  private final Weigher<V> weigher;
  private long bytes;
  private final LinkedHashMap<K, V> map = new LinkedHashMap<>(16, 0.75f, true);

  /**
   * An empty cache.
   *
   * @param maxBytes the most bytes held; the value put last is kept even when it alone weighs more
   * @param weigher weighs each value
   */
  public LruCache(long maxBytes, Weigher<V> weigher) {
    this.maxBytes = maxBytes;
    this.weigher = weigher;
  }

  /**
   * The cached value, which becomes the most recently used.
   *
   * @param key the key
   * @return the value, or null when it is not cached
   */
  public synchronized V get(K key) {
    return map.get(key);
  }

  /**
   * Caches {@code value}, then drops the least recently used others until the cache holds at most
   * {@code maxBytes} (or only this value).
   *
   * @param key the key; a value cached under it before is replaced
   * @param value the value, never modified afterwards
   */
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

  /**
   * The number of values cached.
   *
   * @return the count
   */
  public synchronized int size() {
    return map.size();
  }
}
