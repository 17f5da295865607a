package org.bootlace.block;

import java.time.Duration;
import org.bootlace.LimitExceededException;

/**
 * The time budget of the operation under way. It is armed at the start of each public operation,
 * disarmed at its end, and checked on every block read and every script step in between, so no
 * input can keep a caller waiting longer than {@code Limits.timeout}. Copying a file out of the
 * image is not bounded by it: that work is linear and bounded by the file size limits.
 */
public final class Deadline {
  private volatile long endNanos = Long.MAX_VALUE;
  private volatile Duration budget = Duration.ZERO;

  /** Starts a new budget of {@code timeout} from now. */
  public void arm(Duration timeout) {
    budget = timeout;
    long now = System.nanoTime();
    long nanos = timeout.toNanos();
    long end;
    try {
      end = Math.addExact(now, nanos);
    } catch (ArithmeticException e) {
      end = Long.MAX_VALUE;
    }
    endNanos = end;
  }

  /** Stops checking until the next {@link #arm}. */
  public void disarm() {
    endNanos = Long.MAX_VALUE;
  }

  public void check() throws LimitExceededException {
    long end = endNanos;
    if (end != Long.MAX_VALUE && System.nanoTime() - end > 0) {
      throw new LimitExceededException(
          "timeout", budget.toMillis(), "operation took longer than " + budget.toMillis() + " ms");
    }
  }
}
