package org.bootlace.binary;

import java.util.Locale;
import org.bootlace.CorruptImageException;

/**
 * Validation of values read from an image. Failures become {@link CorruptImageException}s whose
 * message names the format, structure, field, values and offset; arithmetic on disk-derived values
 * is exact so overflow is reported the same way instead of wrapping.
 */
public final class Checks {
  private Checks() {}

  /** Throws a corrupt-image error with the formatted message when {@code condition} is false. */
  public static void require(boolean condition, String format, Object... args)
      throws CorruptImageException {
    if (!condition) {
      throw new CorruptImageException(String.format(Locale.ROOT, format, args));
    }
  }

  public static long add(long a, long b, String what) throws CorruptImageException {
    try {
      return Math.addExact(a, b);
    } catch (ArithmeticException e) {
      throw new CorruptImageException(what + ": " + a + " + " + b + " overflows");
    }
  }

  public static long multiply(long a, long b, String what) throws CorruptImageException {
    try {
      return Math.multiplyExact(a, b);
    } catch (ArithmeticException e) {
      throw new CorruptImageException(what + ": " + a + " * " + b + " overflows");
    }
  }

  public static int toInt(long v, String what) throws CorruptImageException {
    if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
      throw new CorruptImageException(what + ": " + v + " does not fit in 32 bits");
    }
    return (int) v;
  }

  /** Formats an offset as bootlace's messages show it: {@code 0x1be}. */
  public static String hex(long v) {
    return "0x" + Long.toHexString(v);
  }
}
