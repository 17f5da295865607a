package org.bootlace.syslinux.fuzz;

import java.io.IOException;
import java.time.Duration;
import org.bootlace.BootlaceException;
import org.bootlace.LimitExceededException;
import org.bootlace.Limits;

/**
 * What the fuzz target checks for every input: it is read to the end, or refused with one of
 * bootlace's exceptions carrying a message, within the small budget of {@link #LIMITS}. A runtime
 * exception or error, an {@link IOException} outside bootlace's family, or an input that runs into
 * the deadline is a finding.
 */
final class Property {
  static final Limits LIMITS =
      Limits.builder()
          .timeout(Duration.ofSeconds(10))
          .maxConfigBytes(256 << 10)
          .maxKernelBytes(1 << 20)
          .maxRamdiskBytes(1 << 20)
          .maxMenuEntries(1_000)
          .build();

  private Property() {}

  interface Supplier<T> {
    T get() throws IOException;
  }

  /** The step's value, or null when it refused the input cleanly. */
  static <T> T value(Supplier<T> step) {
    try {
      return step.get();
    } catch (LimitExceededException e) {
      if (e.limit().equals("timeout")) {
        throw new AssertionError("the input ran into the deadline: " + e.getMessage(), e);
      }
      requireMessage(e);
    } catch (BootlaceException e) {
      requireMessage(e);
    } catch (IOException e) {
      throw new AssertionError("an IOException outside bootlace's family: " + e, e);
    }
    return null;
  }

  private static void requireMessage(BootlaceException e) {
    if (e.getMessage() == null || e.getMessage().isBlank()) {
      throw new AssertionError("a bootlace exception without a message", e);
    }
  }
}
