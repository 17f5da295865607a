package org.bootlace.fs.iso9660;

import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;

/**
 * ECMA-119 dates: the 7-byte binary form of directory records (9.1.5) and the 17-byte digit form of
 * volume descriptors (8.4.26.1), both also used by Rock Ridge TF. A date that is unset or out of
 * range reads as 0 ("unknown"): dates carry no structure, so a bad one is not worth refusing an
 * image for.
 */
final class IsoDate {
  private IsoDate() {}

  /** Seconds since the epoch of the 7-byte date at {@code b[off]}, or 0. */
  static long binary(byte[] b, int off) {
    int year = 1900 + (b[off] & 0xff);
    return epoch(
        year,
        b[off + 1] & 0xff,
        b[off + 2] & 0xff,
        b[off + 3] & 0xff,
        b[off + 4] & 0xff,
        b[off + 5] & 0xff,
        b[off + 6]);
  }

  /** Seconds since the epoch of the 17-byte date at {@code b[off]}, or 0. */
  static long digits(byte[] b, int off) {
    for (int i = 0; i < 16; i++) {
      if (b[off + i] < '0' || b[off + i] > '9') {
        return 0;
      }
    }
    return epoch(
        num(b, off, 4),
        num(b, off + 4, 2),
        num(b, off + 6, 2),
        num(b, off + 8, 2),
        num(b, off + 10, 2),
        num(b, off + 12, 2),
        b[off + 16]);
  }

  private static int num(byte[] b, int off, int n) {
    int v = 0;
    for (int i = 0; i < n; i++) {
      v = v * 10 + (b[off + i] - '0');
    }
    return v;
  }

  /** {@code offset15} is the signed offset from UTC in 15-minute steps (-48..52). */
  private static long epoch(
      int year, int month, int day, int hour, int minute, int second, int offset15) {
    if (year < 1
        || month < 1
        || month > 12
        || day < 1
        || day > YearMonth.of(year, month).lengthOfMonth()
        || hour > 23
        || minute > 59
        || second > 59) {
      return 0;
    }
    long local =
        LocalDateTime.of(year, month, day, hour, minute, second).toEpochSecond(ZoneOffset.UTC);
    if (offset15 >= -48 && offset15 <= 52) {
      local -= offset15 * 15L * 60;
    }
    return local;
  }
}
