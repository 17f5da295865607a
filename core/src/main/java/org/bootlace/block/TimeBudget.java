package org.bootlace.block;

import org.bootlace.LimitExceededException;

/**
 * The time budget of the operation under way, as the code doing the work sees it: it can be
 * checked, not started or stopped. bootlace arms one at the start of each public operation ({@code
 * Limits.timeout}) and hands it to configuration parsers through {@code ConfigContext.deadline()};
 * {@link BlockDevices#withDeadline} checks it before every read of a device.
 *
 * <p>A long loop over untrusted data calls {@link #check()} often enough that no input can keep the
 * caller waiting much past the budget.
 */
@FunctionalInterface
public interface TimeBudget {
  /**
   * Returns when time is left on the calling thread's budget, or when none is armed.
   *
   * @throws LimitExceededException (limit {@code timeout}) when the budget is spent
   */
  void check() throws LimitExceededException;
}
