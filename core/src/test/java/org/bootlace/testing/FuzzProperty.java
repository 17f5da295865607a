package org.bootlace.testing;

import java.io.IOException;
import java.time.Duration;
import org.bootlace.BootlaceException;
import org.bootlace.LimitExceededException;
import org.bootlace.Limits;

/**
 * The property fuzz targets check: an input is read to the end, or refused with one of bootlace's
 * exceptions carrying a message, within the budget of {@link #LIMITS}. Anything else escapes to the
 * fuzzer as a finding: a runtime exception or error, an {@link IOException} outside bootlace's
 * family, or an input that ran into the deadline (a hang only the deadline stopped).
 */
public final class FuzzProperty {
  /** Small enough that no single input may run long or allocate much; seeds fit well inside. */
  public static final Limits LIMITS =
      Limits.builder()
          .timeout(Duration.ofSeconds(10))
          .maxConfigBytes(256 << 10)
          .maxKernelBytes(1 << 20)
          .maxRamdiskBytes(1 << 20)
          .maxMetadataBytes(4 << 20)
          .maxDirectoryEntries(10_000)
          .maxPartitions(64)
          .maxMenuEntries(1_000)
          .maxScriptSteps(100_000)
          .build();

  private FuzzProperty() {}

  /** A step that may refuse its input. */
  public interface Step {
    void run() throws IOException;
  }

  /** A step with a value that may refuse its input. */
  public interface Supplier<T> {
    T get() throws IOException;
  }

  /** Runs {@code step}; a clean refusal ends it quietly. */
  public static void holds(Step step) {
    value(
        () -> {
          step.run();
          return Boolean.TRUE;
        });
  }

  /** The step's value, or null when it refused the input cleanly. */
  public static <T> T value(Supplier<T> step) {
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
