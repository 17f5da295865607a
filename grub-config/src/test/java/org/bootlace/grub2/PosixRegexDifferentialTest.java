package org.bootlace.grub2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.bootlace.LimitExceededException;
import org.bootlace.testing.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PosixRegex against glibc's regcomp/regexec (the gnulib code GRUB carries) in C.UTF-8: generated
 * patterns and strings, every register compared, and rejected patterns compared by message. glibc's
 * character classes know Unicode where GRUB's know ASCII only, so strings with non-ASCII characters
 * go only with patterns without classes.
 */
class PosixRegexDifferentialTest {
  @TempDir Path dir;

  private static final String[] ATOMS = {
    "a",
    "b",
    "c",
    ".",
    "[ab]",
    "[^a]",
    "[a-c]",
    "[[:alpha:]]",
    "[[:digit:]_]",
    "\\w",
    "\\s",
    "x",
    "é",
    "[]a]",
    "[^]b]",
    "[a-]",
    "\\.",
    "\\b",
    "\\<",
    "\\>",
    "\\B",
    "^",
    "$",
    "()",
    "\\(",
  };

  private final Random random = new Random(12);

  private String gen(int depth, int[] groups) {
    int r = random.nextInt(depth > 3 ? 4 : 10);
    String s;
    if (r < 4) {
      s = ATOMS[random.nextInt(ATOMS.length)];
    } else if (r < 6) {
      groups[0]++;
      s = "(" + gen(depth + 1, groups) + ")";
    } else if (r < 8) {
      s = gen(depth + 1, groups) + gen(depth + 1, groups);
    } else if (r < 9) {
      s = gen(depth + 1, groups) + "|" + (random.nextInt(6) == 0 ? "" : gen(depth + 1, groups));
    } else {
      s =
          groups[0] > 0 && random.nextInt(3) == 0
              ? "\\" + (1 + random.nextInt(Math.min(groups[0], 9)))
              : gen(depth + 1, groups) + gen(depth + 1, groups);
    }
    if (!s.endsWith("^") && !s.endsWith("$") && !s.startsWith("\\b") && random.nextInt(3) == 0) {
      String[] q = {"*", "+", "?", "{2}", "{0,2}", "{1,}", "{,1}", "{0}", "**"};
      String quant = q[random.nextInt(q.length)];
      if (s.length() > 1 && !s.startsWith("(") && !s.startsWith("[") && !s.startsWith("\\")) {
        s = "(" + s + ")";
        groups[0]++;
      }
      s += quant;
    }
    return s;
  }

  private String subject(boolean ascii) {
    String alphabet = ascii ? "abcab_ x" : "abcéë日";
    int n = random.nextInt(9);
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      b.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return b.toString();
  }

  private String garbage() {
    String chars = "ab()[]{}|*+?^$\\.,:=-019ws<>";
    StringBuilder b = new StringBuilder();
    int n = 1 + random.nextInt(8);
    for (int i = 0; i < n; i++) {
      b.append(chars.charAt(random.nextInt(chars.length())));
    }
    String[] pieces = {"[:alpha:]", "[:nope:]", "[.a.]", "[=b=]", "[.ab.]", "{3,1}", "{99999}"};
    if (random.nextInt(4) == 0) {
      b.insert(random.nextInt(b.length() + 1), pieces[random.nextInt(pieces.length)]);
    }
    return b.toString();
  }

  private static boolean hasClass(String p) {
    return p.contains("[:")
        || p.contains("\\w")
        || p.contains("\\s")
        || p.contains("\\b")
        || p.contains("\\B")
        || p.contains("\\<")
        || p.contains("\\>")
        || p.contains("[^");
  }

  private Path oracle() throws IOException {
    Path src = dir.resolve("regexec-oracle.c");
    try (InputStream in = getClass().getResourceAsStream("regexec-oracle.c")) {
      Files.write(src, in.readAllBytes());
    }
    Path exe = dir.resolve("regexec-oracle");
    Tools.run("gcc", "-O", "-o", exe.toString(), src.toString());
    return exe;
  }

  private static String mine(String pattern, String subject) throws Exception {
    PosixRegex re;
    try {
      re = PosixRegex.compile(pattern);
    } catch (PosixRegex.CompileError e) {
      return "E " + e.getMessage();
    }
    int[] ticks = {0};
    int[][] m;
    try {
      m =
          re.exec(
              subject,
              () -> {
                if (++ticks[0] > 2000) {
                  throw new LimitExceededException("maxScriptSteps", 2000, "regexp");
                }
              });
    } catch (LimitExceededException e) {
      return "L";
    }
    if (m == null) {
      return "N";
    }
    StringBuilder b = new StringBuilder("M");
    for (int[] r : m) {
      b.append(' ').append(bytes(subject, r[0])).append(',').append(bytes(subject, r[1]));
    }
    return b.toString();
  }

  private static int bytes(String s, int cps) {
    if (cps < 0) {
      return -1;
    }
    return s.substring(0, s.offsetByCodePoints(0, cps)).getBytes(StandardCharsets.UTF_8).length;
  }

  @Test
  void agreesWithGlibcOnGeneratedPatterns() throws Exception {
    List<String[]> cases = new ArrayList<>();
    for (int i = 0; i < 12000; i++) {
      String p = i % 5 == 4 ? garbage() : gen(0, new int[1]);
      cases.add(new String[] {p, subject(hasClass(p) || random.nextBoolean())});
    }
    String[] fixed = {
      "(a|ab)(c|bcd)(d*)",
      "abcd",
      "(a*)*",
      "b",
      "(a*)+",
      "aa",
      "((a)|b)*",
      "ab",
      "(a?)*",
      "aa",
      "((a?))*",
      "aa",
      "(a|b)*\\1",
      "abb",
      "(a*)\\1",
      "aaaa",
      "^vmlinuz-([0-9.-]+)-(.*)$",
      "vmlinuz-6.1.0-13-amd64",
      "(.*)-(.*)",
      "a-b-c",
      "x{2,3}",
      "xxxx",
      "(a)|b\\1",
      "b",
      "(a)*b\\1",
      "b",
      "((a)|(b))*",
      "abab",
    };
    for (int i = 0; i < fixed.length; i += 2) {
      cases.add(new String[] {fixed[i], fixed[i + 1]});
    }
    HexFormat hex = HexFormat.of();
    StringBuilder in = new StringBuilder();
    for (String[] c : cases) {
      in.append(hex.formatHex(c[0].getBytes(StandardCharsets.UTF_8)))
          .append(' ')
          .append(hex.formatHex(c[1].getBytes(StandardCharsets.UTF_8)))
          .append('\n');
    }
    Path input = dir.resolve("cases");
    Files.writeString(input, in, StandardCharsets.UTF_8);
    String[] theirs =
        Tools.run("sh", "-c", "\"$0\" < \"$1\"", oracle().toString(), input.toString()).split("\n");
    assertEquals(cases.size(), theirs.length);
    List<String> diffs = new ArrayList<>();
    int exempt = 0;
    int exemptDiffs = 0;
    for (int i = 0; i < cases.size(); i++) {
      String p = cases.get(i)[0];
      if (theirs[i].equals("C")) {
        continue;
      }
      String m = mine(p, cases.get(i)[1]);
      boolean known = knownDivergence(p);
      exempt += known ? 1 : 0;
      if (!m.equals(theirs[i])) {
        if (known) {
          exemptDiffs++;
        } else {
          diffs.add(
              "/" + p + "/ on '" + cases.get(i)[1] + "': glibc " + theirs[i] + ", bootlace " + m);
        }
      }
    }
    assertEquals(
        "",
        String.join("\n", diffs.subList(0, Math.min(40, diffs.size()))),
        diffs.size() + " differences");
    assertTrue(
        exemptDiffs * 50 < exempt,
        exemptDiffs + " of " + exempt + " back-reference or repeated-anchor cases differ");
  }

  /**
   * glibc's own slips that PosixRegex does not reproduce: anchors inside a repeated group (gnulib
   * copies the nodes after an anchor and loses the anchor in some copies: {@code ($a){0,2}} matches
   * "a"), and back-references combined with loops that match empty.
   */
  static boolean knownDivergence(String p) {
    if (p.matches(".*\\\\[1-9].*")) {
      return true;
    }
    boolean anchor =
        p.replace("[^", "").contains("^")
            || p.contains("$")
            || p.contains("\\b")
            || p.contains("\\B")
            || p.contains("\\<")
            || p.contains("\\>");
    return anchor && p.matches(".*\\)[*+?{].*");
  }
}
