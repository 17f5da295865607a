package org.bootlace;

/**
 * A configured {@link Limits} bound was reached; the message names the limit and how to raise it.
 */
public final class LimitExceededException extends BootlaceException {
  /** The name of the {@link Limits} property that was exceeded. */
  private final String limit;

  /**
   * Creates the exception; the message is built from the arguments.
   *
   * @param limit the name of the {@link Limits} property, which is also its builder method's name
   * @param value the property's configured value
   * @param what what went past it, for example {@code "directory /boot has more entries"}
   */
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

  /** {@return the name of the {@link Limits} property that was exceeded} */
  public String limit() {
    return limit;
  }
}
