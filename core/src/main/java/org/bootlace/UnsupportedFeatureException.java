package org.bootlace;

/** The data is valid but uses a feature bootlace does not handle; the message names it. */
public final class UnsupportedFeatureException extends BootlaceException {
  /** Short name of the feature. */
  private final String feature;

  /**
   * Creates the exception.
   *
   * @param feature short name of the feature, for example {@code ext4 incompat 0x10000 (casefold)}
   * @param message the format, the structure and the feature, as for a corrupt image
   */
  public UnsupportedFeatureException(String feature, String message) {
    super(message);
    this.feature = feature;
  }

  /** {@return short name of the feature, for example {@code ext4 incompat 0x10000 (casefold)}} */
  public String feature() {
    return feature;
  }
}
