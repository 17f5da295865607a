package org.bootlace;

/** The data is valid but uses a feature bootlace does not handle; the message names it. */
public final class UnsupportedFeatureException extends BootlaceException {
  private final String feature;

  public UnsupportedFeatureException(String feature, String message) {
    super(message);
    this.feature = feature;
  }

  /** Short name of the feature, for example {@code ext4 incompat 0x10000 (casefold)}. */
  public String feature() {
    return feature;
  }
}
