package org.bootlace.grub.bls;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.bootlace.testing.Tools;
import org.junit.jupiter.api.Test;

/**
 * {@link RpmVersion} against the real rpmvercmp, through Debian's python3-rpm. blscfg's '+' is
 * rpm's '^' and rpm's '+' is a separator like blscfg's '^', so each string goes to rpm with the two
 * swapped; every other character must compare exactly as rpm compares it.
 */
class RpmDifferentialTest {
  // Debian's interpreter, the one python3-rpm installs its module for.
  private static final String PYTHON = "/usr/bin/python3";
  private static final String SCRIPT =
      """
      import sys
      try:
          import rpm
      except ImportError:
          sys.exit("python3-rpm is not installed: apt-get install python3-rpm")
      for line in sys.stdin.buffer.read().decode("utf-8").split("\\n"):
          if line:
              a, b = line.split("\\t")
              print(rpm.labelCompare((None, a, None), (None, b, None)))
      """;

  @Test
  void agreesWithRpmOnHundredsOfPairs() {
    List<String[]> pairs = new ArrayList<>(pairs());
    StringBuilder input = new StringBuilder();
    for (String[] p : pairs) {
      input.append(swapPlusAndCaret(p[0])).append('\t').append(swapPlusAndCaret(p[1])).append('\n');
    }
    String[] rpm = Tools.runWithInput(input.toString(), PYTHON, "-c", SCRIPT).split("\n");
    assertThat(rpm).hasSize(pairs.size());
    List<String> disagreements = new ArrayList<>();
    for (int k = 0; k < pairs.size(); k++) {
      int ours = RpmVersion.compare(pairs.get(k)[0], pairs.get(k)[1]);
      int theirs = Integer.signum(Integer.parseInt(rpm[k].trim()));
      if (ours != theirs) {
        disagreements.add(
            pairs.get(k)[0] + " vs " + pairs.get(k)[1] + ": " + ours + " != rpm " + theirs);
      }
    }
    assertThat(disagreements).isEmpty();
    assertThat(pairs).hasSizeGreaterThan(600);
  }

  @Test
  void rpmItselfTreatsCaretAndPlusTheOtherWayRound() {
    // Guards the swap above: were it wrong, the differential test would compare the wrong thing.
    String out = Tools.runWithInput("1.0^1\t1.0.1\n1.0+1\t1.0.1\n", PYTHON, "-c", SCRIPT).trim();
    assertThat(out.split("\n")).containsExactly("-1", "0");
    assertThat(RpmVersion.compare("1.0+1", "1.0.1")).isEqualTo(-1);
    assertThat(RpmVersion.compare("1.0^1", "1.0.1")).isZero();
  }

  private static List<String[]> pairs() {
    List<String[]> out = new ArrayList<>();
    String[] real = {
      "5.14.0-70.el9.x86_64",
      "5.14.0-70.13.1.el9_0.x86_64",
      "5.14.0-70.22.1.el9_0.x86_64",
      "5.14.0-162.6.1.el9_1.x86_64",
      "4.18.0-80.el8.x86_64",
      "4.18.0-80.11.2.el8_0.x86_64",
      "4.18.0-553.8.1.el8_10.x86_64",
      "0-rescue",
      "6.8.5-301.fc40.x86_64",
      "6.9.0-0.rc7.58.fc41.x86_64",
      "6.9.0-64.fc41.x86_64",
      "5.4.17-2011.7.4.el8uek.x86_64",
      "1.0~rc1",
      "1.0^git1",
      "1.0+git1",
      "2.02-0.87.el7",
      "2.06-77.el9",
      "2.06-123.fc40",
      "1.0",
      "1.0a",
      "1.0.1",
      "1_0",
      "01.1",
      "1.01",
    };
    for (String a : real) {
      for (String b : real) {
        out.add(new String[] {a, b});
      }
    }
    Random random = new Random(8_675_309);
    String alphabet = "0123456789.-_~+^:aAbBzZ\u00e9";
    for (int k = 0; k < 400; k++) {
      String a = randomVersion(random, alphabet);
      out.add(new String[] {a, randomVersion(random, alphabet)});
      out.add(new String[] {a, mutate(random, a, alphabet)});
    }
    return out;
  }

  private static String randomVersion(Random random, String alphabet) {
    StringBuilder s = new StringBuilder();
    int length = 1 + random.nextInt(10);
    for (int c = 0; c < length; c++) {
      s.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return s.toString();
  }

  /** {@code s} with one character changed, inserted or removed, never empty. */
  private static String mutate(Random random, String s, String alphabet) {
    StringBuilder b = new StringBuilder(s);
    int at = random.nextInt(b.length());
    char c = alphabet.charAt(random.nextInt(alphabet.length()));
    switch (random.nextInt(3)) {
      case 0 -> b.setCharAt(at, c);
      case 1 -> b.insert(at, c);
      default -> {
        if (b.length() > 1) {
          b.deleteCharAt(at);
        }
      }
    }
    return b.toString();
  }

  private static String swapPlusAndCaret(String s) {
    return s.replace('+', '\u0000').replace('^', '+').replace('\u0000', '^');
  }
}
