package org.bootlace;

/**
 * A configured {@link Limits} bound was reached; the message names the limit and how to raise it.
 */
public final class LimitExceededException extends BootlaceException {
  private final String limit;

  public LimitExceededException(String limit, long value, String what) {
    super(
        "limit "
            + limit
            + " ("
            + value
            + ") exceeded: "
            + what
            + " (raise it with Limits.builder()."
            + limit
            + "(...))");
    this.limit = limit;
  }

  /** The name of the {@link Limits} property that was exceeded. */
  public String limit() {
    return limit;
  }
}
