package org.bootlace.grub2;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import org.bootlace.LimitExceededException;

/**
 * The regular expression engine behind {@code regexp} and the wildcards: the input's first line is
 * the pattern, the rest the string. The property: compiling returns or refuses with regerror's
 * text; matching returns within a step budget or stops with the budget's exception; every register
 * is unset or a range inside the string, the groups' inside the whole match's unless a
 * back-reference or a loop put them elsewhere. Seeds: {@code PosixRegexFuzzTestInputs/regexp/}.
 */
class PosixRegexFuzzTest {
  @FuzzTest(maxDuration = "60s")
  void regexp(byte[] input) throws Exception {
    String all = new String(input, StandardCharsets.UTF_8);
    int nl = all.indexOf('\n');
    String pattern = nl < 0 ? all : all.substring(0, nl);
    String text = nl < 0 ? "" : all.substring(nl + 1);
    PosixRegex re;
    try {
      re = PosixRegex.compile(pattern);
    } catch (PosixRegex.CompileError e) {
      if (e.getMessage() == null || e.getMessage().isBlank()) {
        throw new AssertionError("a compile error without regerror's text", e);
      }
      return;
    }
    int[] ticks = {0};
    int[][] m;
    try {
      m =
          re.exec(
              text,
              () -> {
                if (++ticks[0] > 500) {
                  throw new LimitExceededException("maxScriptSteps", 500, "regexp");
                }
              });
    } catch (LimitExceededException e) {
      return;
    }
    if (m == null) {
      return;
    }
    int len = text.codePointCount(0, text.length());
    if (m.length != re.groups + 1 || m[0][0] < 0 || m[0][0] > m[0][1] || m[0][1] > len) {
      throw new AssertionError("bad whole match " + m[0][0] + "," + m[0][1] + " of " + len);
    }
    for (int[] r : m) {
      if (r[0] < -1 || r[0] > len || (r[0] >= 0 && (r[1] < r[0] || r[1] > len))) {
        throw new AssertionError("bad register " + r[0] + "," + r[1] + " of " + len);
      }
    }
  }
}
