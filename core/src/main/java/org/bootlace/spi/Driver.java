package org.bootlace.spi;

/**
 * Common shape of every pluggable driver. Drivers are tried in a deterministic order: lower {@link
 * #priority()} first, then by {@link #name()}.
 */
public interface Driver {
  /**
   * {@return a short stable name, shown in probe reports: {@code ext}, {@code gpt}, {@code
   * grub-legacy}}
   */
  String name();

  /** {@return the driver's place in the order: lower runs first; the default is 100} */
  default int priority() {
    return 100;
  }
}
