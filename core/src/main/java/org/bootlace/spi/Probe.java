package org.bootlace.spi;

/**
 * A driver's answer to "is this yours?", with a short reason either way for reports.
 *
 * @param matched whether the data is the driver's
 * @param detail why, in a few words ({@code "no ext magic 0xef53 at 0x438"})
 */
public record Probe(boolean matched, String detail) {
  /**
   * The driver recognizes the data.
   *
   * @param detail what it found
   * @return a matching probe
   */
  public static Probe yes(String detail) {
    return new Probe(true, detail);
  }

  /**
   * The driver does not recognize the data.
   *
   * @param detail what it found instead
   * @return a probe that does not match
   */
  public static Probe no(String detail) {
    return new Probe(false, detail);
  }
}
