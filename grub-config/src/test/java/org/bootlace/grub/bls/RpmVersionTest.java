package org.bootlace.grub.bls;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** blscfg's vercmp on single strings, each case worked out from its source by hand. */
class RpmVersionTest {
  @ParameterizedTest(name = "{0} vs {1} = {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        // identical, and equal up to separators
        "1.0|1.0|0",
        "1.0|1_0|0",
        "1.0|1-0|0",
        "1a|1.a|0",
        "1.0.|1.0|0",
        "1\u00e90|1.0|0", // a non-ASCII character is a separator
        // tilde sorts before everything, even the end of the other string
        "1.0~rc1|1.0|-1",
        "1.0~rc1|1.0~rc2|-1",
        "1.0~rc1|1.0.1|-1",
        "1.0~|1.0|-1",
        "1.0~~|1.0~|-1",
        "1.0~rc1|1.0~|1",
        // plus sorts after the end of the other string but before any run
        "1.0+1|1.0|1",
        "1.0+|1.0|1",
        "1.0+1|1.0.1|-1",
        "1.0+1|1.0~1|1",
        "1.0+a|1.0+1|-1",
        // caret is no special mark for blscfg (it is for rpm): a plain separator
        "1.0^1|1.0.1|0",
        "1.0^1|1.0|1",
        "1.0^git1|1.0~rc1|1",
        // a digit run beats a letter run; a longer string wins when all else is equal
        "1.1|1.a|1",
        "a|1|-1",
        "1.0a|1.0|1",
        "1.0a|1.0.1|-1",
        "2.0|10|-1",
        // numbers: leading zeros do not count, any length compares
        "1.01|1.1|0",
        "1.010|1.9|1",
        "00|0|0",
        "000001|2|-1",
        "18446744073709551616|18446744073709551615|1",
        "99999999999999999999999|100000000000000000000000|-1",
        // letters compare bytewise: upper case before lower case
        "a|b|-1",
        "B|a|-1",
        "abc|ab|1",
        "el9|el10|-1",
        // kernel versions and releases as RHEL and Fedora write them
        "5.14.0-70.13.1.el9_0|5.14.0-70.el9|1",
        "70.13.1.el9_0.x86_64|70.el9.x86_64|1",
        "70.22.1.el9_0.x86_64|70.13.1.el9_0.x86_64|1",
        "162.6.1.el9_1.x86_64|70.13.1.el9_0.x86_64|1",
        "el9_0|el9|1",
        "4.18.0-80.el8|4.18.0-80.11.2.el8_0|-1",
        "6.8.5-301.fc40.x86_64|6.8.5-300.fc40.x86_64|1",
        "6.10.0-0.rc1.20240521git1.fc41|6.9.0-64.fc41|1",
        "0|5.14.0|-1",
        "rescue|70.el9|-1",
        "''|''|0",
        "''|1|-1",
        "''|~|1",
        "''|+|-1",
      })
  void compares(String a, String b, int expected) {
    assertThat(RpmVersion.compare(a, b)).isEqualTo(expected);
    assertThat(RpmVersion.compare(b, a)).isEqualTo(-expected);
  }
}
