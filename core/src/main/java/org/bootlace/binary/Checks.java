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

  /**
   * Throws a corrupt-image error with the formatted message when {@code condition} is false.
   *
   * @param condition what a well-formed image satisfies
   * @param format the message, a {@link String#format} pattern (formatted with {@link Locale#ROOT})
   * @param args the pattern's arguments
   * @throws CorruptImageException when {@code condition} is false
   */
  public static void require(boolean condition, String format, Object... args)
      throws CorruptImageException {
    if (!condition) {
      throw new CorruptImageException(String.format(Locale.ROOT, format, args));
    }
  }

  /**
   * {@code a + b}, exactly.
   *
   * @param a a value read from the image or derived from one
   * @param b another
   * @param what the format, structure and field the sum is for, as messages name them
   * @return the sum
   * @throws CorruptImageException when the sum does not fit in a {@code long}
   */
  public static long add(long a, long b, String what) throws CorruptImageException {
    try {
      return Math.addExact(a, b);
    } catch (ArithmeticException e) {
      throw new CorruptImageException(what + ": " + a + " + " + b + " overflows");
    }
  }

  /**
   * {@code a * b}, exactly.
   *
   * @param a a value read from the image or derived from one
   * @param b another
   * @param what the format, structure and field the product is for, as messages name them
   * @return the product
   * @throws CorruptImageException when the product does not fit in a {@code long}
   */
  public static long multiply(long a, long b, String what) throws CorruptImageException {
    try {
      return Math.multiplyExact(a, b);
    } catch (ArithmeticException e) {
      throw new CorruptImageException(what + ": " + a + " * " + b + " overflows");
    }
  }

  /**
   * {@code v} as an {@code int}, exactly.
   *
   * @param v a value read from the image or derived from one
   * @param what the format, structure and field, as messages name them
   * @return the same value
   * @throws CorruptImageException when {@code v} does not fit in 32 signed bits
   */
  public static int toInt(long v, String what) throws CorruptImageException {
    if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
      throw new CorruptImageException(what + ": " + v + " does not fit in 32 bits");
    }
    return (int) v;
  }

  /**
   * Formats an offset as bootlace's messages show it: {@code 0x1be}.
   *
   * @param v the offset
   * @return lower-case hexadecimal with a {@code 0x} prefix
   */
  public static String hex(long v) {
    return "0x" + Long.toHexString(v);
  }
}
