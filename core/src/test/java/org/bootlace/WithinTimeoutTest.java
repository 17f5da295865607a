package org.bootlace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import org.bootlace.testing.MemFs;
import org.bootlace.testing.TestImages;
import org.junit.jupiter.api.Test;

/**
 * {@link BootSource#withinTimeout}: the reads of work run through it share one budget with the
 * operations it calls, and reads outside it are not bounded by time.
 */
class WithinTimeoutTest {
  private static final Limits ONE_SECOND = Limits.builder().timeout(Duration.ofSeconds(1)).build();
  private static final String SPENT =
      "limit timeout (1000) exceeded: operation took longer than 1000 ms"
          + " (raise it with Limits.builder().timeout(...))";

  private static BootSource open() throws IOException {
    return TestImages.open(MemFs.builder().file("/etc/os-release", "ID=x\n").build(), ONE_SECOND);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static void assertBudgetSpent(BootSource s, BootSource.Work<?> work) {
    assertThatThrownBy(() -> s.withinTimeout(work))
        .isInstanceOf(LimitExceededException.class)
        .hasMessage(SPENT);
  }

  @Test
  void aLookupAfterTheBudgetIsSpentEndsTheWork() throws IOException {
    try (BootSource s = open()) {
      Volume v = s.volume(0).orElseThrow();
      assertBudgetSpent(
          s,
          () -> {
            sleep(1200);
            return v.list("/etc");
          });
    }
  }

  @Test
  void anOperationCalledInsideRunsUnderTheOuterBudget() throws IOException {
    try (BootSource s = open()) {
      Volume v = s.volume(0).orElseThrow();
      assertBudgetSpent(
          s,
          () -> {
            sleep(600);
            s.volumes(); // an operation of its own when called alone
            sleep(600);
            return v.isFile("/etc/os-release");
          });
    }
  }

  @Test
  void outsideTheCallLookupsAreBoundedBySizeOnly() throws IOException {
    try (BootSource s = open()) {
      Volume v = s.volume(0).orElseThrow();
      assertThat(s.withinTimeout(() -> v.isFile("/etc/os-release"))).isTrue();
      sleep(1200);
      assertThat(v.list("/etc")).hasSize(1);
      assertThat(s.withinTimeout(() -> v.open("/etc/os-release").readAllBytes())).hasSize(5);
    }
  }

  @Test
  void aClosedSourceRunsNothing() throws IOException {
    BootSource s = open();
    s.close();
    assertThatThrownBy(() -> s.withinTimeout(() -> "ran"))
        .isInstanceOf(IOException.class)
        .hasMessageEndingWith(": the source was closed");
  }
}
