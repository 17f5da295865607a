package org.bootlace.spi;

/** A driver's answer to "is this yours?", with a short reason either way for reports. */
public record Probe(boolean matched, String detail) {
  public static Probe yes(String detail) {
    return new Probe(true, detail);
  }

  public static Probe no(String detail) {
    return new Probe(false, detail);
  }
}
