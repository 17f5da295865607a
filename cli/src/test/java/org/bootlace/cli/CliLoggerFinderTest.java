package org.bootlace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The command line's logging backend: found by the JDK, warnings and errors only. */
class CliLoggerFinderTest {
  @Test
  void theLibrarysLoggerIsTheCommandLinesOwn() {
    System.Logger log = System.getLogger("org.bootlace");
    assertThat(log.getName()).isEqualTo("bootlace");
    assertThat(log.isLoggable(System.Logger.Level.DEBUG)).isFalse();
    assertThat(log.isLoggable(System.Logger.Level.INFO)).isFalse();
    assertThat(log.isLoggable(System.Logger.Level.WARNING)).isTrue();
    assertThat(log.isLoggable(System.Logger.Level.ERROR)).isTrue();
    assertThat(log.isLoggable(System.Logger.Level.OFF)).isFalse();
  }
}
