package org.bootlace.grub2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.bootlace.BootMenu;
import org.bootlace.LimitExceededException;
import org.bootlace.Limits;
import org.junit.jupiter.api.Test;

/** The {@code regexp} command and the POSIX matcher behind it. */
class RegexpCommandTest {
  @Test
  void groupsSetVariablesAndTheKernelIsFound() throws Exception {
    BootMenu menu =
        G2.menu(
            G2.fs(
                    """
        name=vmlinuz-6.1.0-13-amd64
        regexp --set=1:kver --set=2:kflav '^vmlinuz-([0-9.-]+)-(.*)$' "$name"
        menuentry "Debian $kver $kflav" { linux /boot/vmlinuz-$kver; }
        """)
                .file("/boot/vmlinuz-6.1.0-13", org.bootlace.testing.FakeKernels.linux("k"))
                .build());
    assertThat(menu.entries().get(0).title()).isEqualTo("Debian 6.1.0-13 amd64");
  }

  @Test
  void aNameWithoutNumberTakesGroupOneAndZeroIsTheWholeMatch() throws Exception {
    assertThat(
            G2.echoed(
                """
        two=old
        regexp --set=v --set=0:all -s 2:two 'b(c+)(d)?' xabccce; echo "$v|$all|$?"
        echo "[$two]"
        """))
        .containsExactly("ccc|bccc|0", "[]");
  }

  @Test
  void aGroupThatDidNotTakePartUnsetsItsVariable() throws Exception {
    assertThat(
            G2.echoed(
                """
        x=old
        regexp --set=2:x '(a)|(b)' a; echo "[$x]"
        """))
        .containsExactly("[]");
  }

  @Test
  void noMatchAndBadPatternsFailQuietlyWithTestFailure() throws Exception {
    assertThat(
            G2.echoed(
                """
        regexp --set=v 'z' abc; echo $?
        regexp '(' abc; echo $?
        regexp abc; echo $?
        regexp --set=x:v a a; echo $?
        if regexp '^[[:digit:]]+$' 123; then echo digits; fi
        """))
        .containsExactly("1", "1", "18", "18", "digits");
  }

  @Test
  void leftmostLongestWithGnulibsGroups() throws Exception {
    // java.util.regex would give "a" and "bcd" with leftmost-first alternation and stop early.
    assertThat(
            G2.echoed(
                """
        regexp --set=0:m --set=1:a --set=2:b '(a|ab)(c|bcd)(d*)' abcd; echo "$m $a $b"
        regexp --set=0:m 'x*|b' bxx; echo "[$m]"
        regexp --set=0:m 'x*' bxx; echo "[$m]"
        regexp --set=0:m 'ab|abcd' abcde; echo "[$m]"
        """))
        .containsExactly("abcd a bcd", "[b]", "[]", "[abcd]");
  }

  @Test
  void utf8CharactersAreOneCharacterAndClassesAreAscii() throws Exception {
    assertThat(
            G2.echoed(
                """
        regexp --set=0:m '^.$' é; echo "$?[$m]"
        regexp '[[:alpha:]]' é; echo $?
        regexp --set=0:m '[à-ë]+' xéë; echo "[$m]"
        """))
        .containsExactly("0[é]", "1", "[éë]");
  }

  @Test
  void backReferences() throws Exception {
    assertThat(
            G2.echoed(
                """
        regexp --set=0:m '(a+)b\\1' xaabaaa; echo "[$m]"
        regexp '(a)|\\1' a; echo $?
        """))
        .containsExactly("[aabaa]", "1");
  }

  @Test
  void hostilePatternsEndWithTheStepBudget() {
    String cfg = "regexp '(a|aa)*(a|aa)*\\1(a|aa)*\\2c' " + "a".repeat(40) + "\n";
    assertThatThrownBy(
            () -> G2.menu(G2.fs(cfg).build(), Limits.builder().maxScriptSteps(10_000).build()))
        .isInstanceOf(LimitExceededException.class)
        .hasMessageStartingWith("limit maxScriptSteps (10000) exceeded: the script still runs at");
  }

  @Test
  void longStringsMatchInLinearTime() throws Exception {
    String s = "ab".repeat(200_000);
    PosixRegex re = PosixRegex.compile("(a|b)*c|((ab)+)$");
    long t = System.nanoTime();
    int[][] m = re.exec(s, () -> {});
    assertThat(m[0]).containsExactly(0, 400_000);
    assertThat(m[2]).containsExactly(0, 400_000);
    assertThat(m[3]).containsExactly(399_998, 400_000);
    assertThat((System.nanoTime() - t) / 1_000_000).isLessThan(5_000);
  }

  @Test
  void theGroupTableIsBoundedByMaxVariableBytes() throws Exception {
    PosixRegex re = PosixRegex.compile("(a|b)*(x*)");
    String s = "ab".repeat(50_000);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> re.exec(s, () -> {}, 1024))
        .isInstanceOf(LimitExceededException.class)
        .hasMessage(
            "limit maxVariableBytes (1024) exceeded: regexp would need 137501 bytes (more than 16"
                + " times the limit) to find the groups of a 100000-character match of a 11-node pattern"
                + " (raise it with Limits.builder().maxVariableBytes(...))");
    org.assertj.core.api.Assertions.assertThat(re.exec(s, () -> {}, 1 << 20)[2])
        .containsExactly(100_000, 100_000);
  }

  @Test
  void compileErrorsAreRegerrorsTexts() {
    String[][] cases = {
      {"*a", PosixRegex.BADRPT},
      {"a{2,1}", PosixRegex.BADBR},
      {"a{1", PosixRegex.EBRACE},
      {"[a", PosixRegex.EBRACK},
      {"(a", PosixRegex.EPAREN},
      {"a\\", PosixRegex.EESCAPE},
      {"[[:nope:]]", PosixRegex.ECTYPE},
      {"[z-a]", PosixRegex.ERANGE},
      {"\\1(a)", PosixRegex.ESUBREG},
      {"[[.ab.]]", PosixRegex.ECOLLATE},
      {"a{32768}", PosixRegex.ESIZE},
      {"[", PosixRegex.BADPAT},
      {"(a{100}){100}{100}", PosixRegex.ESPACE},
    };
    for (String[] c : cases) {
      assertThatThrownBy(() -> PosixRegex.compile(c[0])).as(c[0]).hasMessage(c[1]);
    }
  }

  @Test
  void treesDeeperThanTheStackCompile() throws Exception {
    // {n} and long literals make concatenations tens of thousands of nodes deep.
    assertThat(PosixRegex.compile("(a{32767})").exec("ab", () -> {})).isNull();
    assertThat(PosixRegex.compile("(a{3000})").exec("a".repeat(3001), () -> {})[1])
        .containsExactly(0, 3000);
    assertThat(PosixRegex.compile("ab".repeat(20_000)).exec("ab", () -> {})).isNull();
    assertThat(PosixRegex.compile("(" + "(x)|".repeat(5_000) + "y)+").exec("y", () -> {})[0])
        .containsExactly(0, 1);
  }

  @Test
  void groupsNestedPastTheLimitAreRefused() throws Exception {
    int n = PosixRegex.MAX_NESTING;
    assertThat(PosixRegex.compile("(".repeat(n) + "a" + ")".repeat(n)).exec("a", () -> {})[0])
        .containsExactly(0, 1);
    assertThatThrownBy(() -> PosixRegex.compile("(".repeat(n + 1) + "a" + ")".repeat(n + 1)))
        .hasMessage(PosixRegex.ESPACE);
    assertThatThrownBy(() -> PosixRegex.compile("(".repeat(1_000_000)))
        .hasMessage(PosixRegex.ESPACE);
  }
}
