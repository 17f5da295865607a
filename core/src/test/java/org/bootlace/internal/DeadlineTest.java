package org.bootlace.internal;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.bootlace.LimitExceededException;
import org.bootlace.Limits;
import org.junit.jupiter.api.Test;

class DeadlineTest {
  @Test
  void aSpentBudgetFailsTheCheckNamingTheTimeout() throws Exception {
    Deadline d = new Deadline();
    d.arm(Duration.ofMillis(1));
    Thread.sleep(5);
    assertThatThrownBy(d::check)
        .isInstanceOf(LimitExceededException.class)
        .hasMessage(
            "limit timeout (1) exceeded: operation took longer than 1 ms (raise it with"
                + " Limits.builder().timeout(...))");
    d.disarm();
    assertThatCode(d::check).doesNotThrowAnyException();
  }

  @Test
  void eachThreadHasItsOwnBudget() throws Exception {
    Deadline d = new Deadline();
    d.arm(Duration.ofMillis(1));
    Thread.sleep(5);
    // Another thread (a copy under way) is not bounded by this thread's operation.
    CompletableFuture.runAsync(
            () -> {
              try {
                d.check();
              } catch (LimitExceededException e) {
                throw new AssertionError(e);
              }
            })
        .get(10, TimeUnit.SECONDS);
    assertThatThrownBy(d::check).isInstanceOf(LimitExceededException.class);
    d.disarm();
  }

  @Test
  void theLongestBudgetsNeverOverflow() {
    Deadline d = new Deadline();
    d.arm(Duration.ofDays(365_000));
    assertThatCode(d::check).doesNotThrowAnyException();
    d.arm(Limits.MAX_TIMEOUT);
    assertThatCode(d::check).doesNotThrowAnyException();
    d.arm(Duration.ofSeconds(Long.MAX_VALUE));
    assertThatCode(d::check).doesNotThrowAnyException();
    d.disarm();
  }
}
