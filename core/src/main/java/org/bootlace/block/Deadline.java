package org.bootlace.block;

import java.time.Duration;
import org.bootlace.LimitExceededException;

/**
 * The time budget of the operation under way on the calling thread. It is armed at the start of
 * each public operation, disarmed at its end, and checked on every block read and every script step
 * in between, so no input can keep a caller waiting longer than {@code Limits.timeout}.
 *
 * <p>Each thread has its own budget: an operation armed on one thread never bounds (or cuts short)
 * work another thread does with the same source, such as copying a kernel out. Copying a file out
 * of the image is not bounded by it at all: that work is linear and bounded by the file size
 * limits.
 */
public final class Deadline {
  /** One thread's armed budget. */
  private record Armed(long endNanos, Duration budget) {}

  private final ThreadLocal<Armed> armed = new ThreadLocal<>();

  /**
   * Starts a new budget of {@code timeout} from now on the calling thread. A budget too long to
   * count in nanoseconds (about 292 years) never ends.
   */
  public void arm(Duration timeout) {
    long nanos = saturatedNanos(timeout);
    long now = System.nanoTime();
    long end =
        nanos == Long.MAX_VALUE || now > Long.MAX_VALUE - nanos ? Long.MAX_VALUE : now + nanos;
    armed.set(new Armed(end, timeout));
  }

  /** Stops checking on the calling thread until the next {@link #arm}. */
  public void disarm() {
    armed.remove();
  }

  /** Throws {@link LimitExceededException} when the calling thread's budget is spent. */
  public void check() throws LimitExceededException {
    Armed a = armed.get();
    if (a != null && a.endNanos != Long.MAX_VALUE && System.nanoTime() - a.endNanos > 0) {
      long ms = saturatedMillis(a.budget);
      throw new LimitExceededException("timeout", ms, "operation took longer than " + ms + " ms");
    }
  }

  static long saturatedNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  static long saturatedMillis(Duration d) {
    try {
      return d.toMillis();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }
}
