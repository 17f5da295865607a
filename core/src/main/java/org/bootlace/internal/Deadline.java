package org.bootlace.internal;

import java.time.Duration;
import org.bootlace.LimitExceededException;
import org.bootlace.block.TimeBudget;

/**
 * The time budget of the operation under way on the calling thread. It is armed at the start of
 * each public operation, disarmed at its end, and checked on every block read and every script step
 * in between, so no input can keep a caller waiting longer than {@code Limits.timeout}.
 *
 * <p>Each thread has its own budget: an operation armed on one thread never bounds (or cuts short)
 * work another thread does with the same source, such as copying a kernel out. Copying a file out
 * of the image is not bounded by it at all: that work is linear and bounded by the file size
 * limits.
 *
 * <p>Not API: {@link org.bootlace.BootSource} and the network boot arm it; everything else sees it
 * as the {@link TimeBudget} it implements.
 */
public final class Deadline implements TimeBudget {
  /** One thread's armed budget. */
  private record Armed(long endNanos, Duration budget) {}

  private final ThreadLocal<Armed> armed = new ThreadLocal<>();

  /**
   * Starts a new budget of {@code timeout} from now on the calling thread. A budget too long to
   * count in nanoseconds (about 292 years) never ends.
   *
   * @param timeout the budget, counted from now
   */
  public void arm(Duration timeout) {
    long nanos = saturatedNanos(timeout);
    long now = System.nanoTime();
    long end =
        nanos == Long.MAX_VALUE || now > Long.MAX_VALUE - nanos ? Long.MAX_VALUE : now + nanos;
    armed.set(new Armed(end, timeout));
  }

  /**
   * Whether a budget is armed on the calling thread: an operation started inside another keeps the
   * outer one's budget instead of starting its own.
   *
   * @return true between {@link #arm} and {@link #disarm} on this thread
   */
  public boolean armed() {
    return armed.get() != null;
  }

  /** Stops checking on the calling thread until the next {@link #arm}. */
  public void disarm() {
    armed.remove();
  }

  /** Creates a budget armed on no thread: {@link #check()} passes until {@link #arm} is called. */
  public Deadline() {}

  /**
   * Throws {@link LimitExceededException} when the calling thread's budget is spent.
   *
   * @throws LimitExceededException (limit {@code timeout}, the budget in milliseconds) when the
   *     budget armed on the calling thread is spent
   */
  @Override
  public void check() throws LimitExceededException {
    Armed a = armed.get();
    if (a != null && a.endNanos != Long.MAX_VALUE && System.nanoTime() - a.endNanos > 0) {
      long ms = saturatedMillis(a.budget);
      throw new LimitExceededException("timeout", ms, "operation took longer than " + ms + " ms");
    }
  }

  /** {@code d} in nanoseconds, or {@link Long#MAX_VALUE} when it does not fit. */
  static long saturatedNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  /** {@code d} in milliseconds, or {@link Long#MAX_VALUE} when it does not fit. */
  static long saturatedMillis(Duration d) {
    try {
      return d.toMillis();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }
}
