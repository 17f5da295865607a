package org.bootlace.spi;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects the tolerated deviations of one operation (a backup GPT used, a missing include), so
 * every tolerance shows up in the result. Thread-safe.
 */
public final class Warnings {
  private final List<String> items = new ArrayList<>();

  /** An empty collection. */
  public Warnings() {}

  /**
   * Records a deviation.
   *
   * @param warning what was tolerated and where, as a message names it
   */
  public synchronized void add(String warning) {
    items.add(warning);
  }

  /** {@return the warnings recorded so far, in order; an immutable copy} */
  public synchronized List<String> list() {
    return ImmutableList.copyOf(items);
  }
}
