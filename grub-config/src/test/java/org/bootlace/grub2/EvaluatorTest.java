package org.bootlace.grub2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.bootlace.BootMenu;
import org.bootlace.LimitExceededException;
import org.bootlace.Limits;
import org.bootlace.testing.MemFs;
import org.junit.jupiter.api.Test;

/** Control flow, functions, the environment, and the budgets. */
class EvaluatorTest {
  @Test
  void ifElifElse() throws Exception {
    String cfg =
        "for v in a b c; do\n"
            + "  if [ $v = a ]; then echo one; elif [ $v = b ]; then echo two; else echo other; fi\n"
            + "done";
    assertThat(G2.echoed(cfg)).containsExactly("one", "two", "other");
  }

  @Test
  void whileAndUntilUseTheConditionsStatus() throws Exception {
    String cfg =
        "set n=x\nwhile [ $n != xxx ]; do set n=${n}x; done\necho $n\n"
            + "until [ $n = x ]; do set n=x; echo looped; done";
    assertThat(G2.echoed(cfg)).containsExactly("xxx", "looped");
  }

  @Test
  void breakAndContinueCountLoops() throws Exception {
    String cfg =
        "for a in 1 2 3; do for b in x y; do if [ $b = y ]; then continue 2; fi; echo $a$b;"
            + " if [ $a = 2 ]; then break 2; fi; done; done\necho end";
    assertThat(G2.echoed(cfg)).containsExactly("1x", "2x", "end");
  }

  @Test
  void functionsTakeArgumentsAndReturnAStatus() throws Exception {
    String cfg =
        "function f { if [ \"$1\" = yes ]; then return 0; fi; return 3; }\n"
            + "f yes; echo $?\nf no; echo $?\nif f yes; then echo taken; fi\n"
            + "if ! f no; then echo inverted; fi";
    assertThat(G2.echoed(cfg)).containsExactly("0", "3", "taken", "inverted");
  }

  @Test
  void variablesAreGlobalEvenWhenSetInAFunction() throws Exception {
    assertThat(G2.echoed("function f { set inner=1; }\nf\necho [$inner]")).containsExactly("[1]");
  }

  @Test
  void commandsComeBeforeFunctionsOfTheSameName() throws Exception {
    // GRUB looks up its commands first: a function named like one is never called.
    assertThat(G2.echoed("function true { echo mine; }\ntrue\necho $?")).containsExactly("0");
  }

  @Test
  void returnOutsideAFunctionIsAnError() throws Exception {
    BootMenu menu = G2.menu("return 1\n");
    assertThat(menu.warnings())
        .containsExactly("/boot/grub/grub.cfg:1: error: not in function body");
  }

  @Test
  void anUnknownCommandIsAWarningAndLeavesStatusZero() throws Exception {
    assertThat(G2.echoed("frobnicate now; echo $?")).containsExactly("0");
    assertThat(G2.menu("frobnicate now").warnings())
        .containsExactly("/boot/grub/grub.cfg:1: error: can't find command `frobnicate'");
  }

  @Test
  void setWithoutAnEqualsSignFails() throws Exception {
    assertThat(G2.echoed("set x; echo $?")).containsExactly("18");
  }

  @Test
  void unsetRemovesButRootOnlyEmpties() throws Exception {
    assertThat(G2.echoed("set a=1\nunset a\necho [$a]\nunset root\necho [$root]"))
        .containsExactly("[]", "[]");
  }

  @Test
  void rootLosesItsParentheses() throws Exception {
    assertThat(G2.echoed("set root=(hd0,msdos1)\necho $root")).containsExactly("hd0,msdos1");
  }

  @Test
  void evalRunsItsArgumentsAsScript() throws Exception {
    assertThat(G2.echoed("set v=\"echo from-eval\"\neval $v")).containsExactly("from-eval");
  }

  @Test
  void configfileSeesOnlyExportedVariables() throws Exception {
    byte[] fs =
        G2.fs("set plain=1\nset shared=2\nexport shared\nconfigfile /boot/grub/other.cfg\n")
            .file("/boot/grub/other.cfg", "menuentry \"[$plain] [$shared]\" { linux /vmlinuz }\n")
            .build();
    assertThat(G2.menu(fs).entries().get(0).title()).isEqualTo("[] [2]");
  }

  @Test
  void sourceRunsInTheSameContextAndAddsToTheSameMenu() throws Exception {
    byte[] fs =
        G2.fs(
                "set plain=1\nmenuentry first { linux /vmlinuz }\nsource /boot/grub/more.cfg\necho $after")
            .file(
                "/boot/grub/more.cfg",
                "menuentry \"second $plain\" { linux /vmlinuz }\nset after=yes\n")
            .build();
    BootMenu menu = G2.menu(fs);
    assertThat(G2.titles(menu)).isEqualTo("0 first\n1 second 1\n");
  }

  // ---- budgets

  @Test
  void anEndlessLoopRunsOutOfSteps() {
    assertThatThrownBy(() -> G2.menu("while true; do true; done"))
        .isInstanceOf(LimitExceededException.class)
        .hasMessage(
            "limit maxScriptSteps (1000000) exceeded: the script still runs at /boot/grub/grub.cfg:1"
                + " (raise it with Limits.builder().maxScriptSteps(...))");
  }

  @Test
  void aVariableThatKeepsDoublingRunsOutOfRoom() {
    assertThatThrownBy(() -> G2.menu("set a=x\nwhile true; do set a=$a$a; done"))
        .isInstanceOf(LimitExceededException.class)
        .hasMessage(
            "limit maxVariableBytes (1048576) exceeded: an argument of the command at"
                + " /boot/grub/grub.cfg:2 grows past it (raise it with"
                + " Limits.builder().maxVariableBytes(...))");
  }

  @Test
  void manyLargeVariablesTogetherRunOutOfRoom() {
    Limits small = Limits.builder().maxVariableBytes(1000).build();
    String cfg =
        "set a=0123456789\nset a=$a$a$a$a$a$a$a$a$a$a\nset a=$a$a$a$a$a$a$a$a$a\n"
            + "for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do set v$i=$a; done";
    assertThatThrownBy(() -> G2.menu(G2.fs(cfg).build(), small))
        .isInstanceOf(LimitExceededException.class)
        .hasMessageContaining(
            "all variables together exceed 16 times that at set at /boot/grub/grub.cfg:4");
  }

  @Test
  void infiniteRecursionStopsAtGrubsOwnLimitAndTheScriptGoesOn() throws Exception {
    // Debian's GRUB 2.06 fails the command 64 levels deep and carries on.
    String cfg = "function f { f; }\nf\necho after\nmenuentry x { linux /vmlinuz }";
    assertThat(G2.echoed(cfg)).containsExactly("after");
    BootMenu menu = G2.menu(cfg);
    assertThat(menu.warnings())
        .containsExactly("/boot/grub/grub.cfg:1: error: maximum recursion depth exceeded");
    assertThat(menu.defaultMenuEntry()).isPresent();
  }

  @Test
  void recursionPastALowerCallDepthIsALimit() {
    Limits limits = Limits.builder().maxCallDepth(10).build();
    assertThatThrownBy(() -> G2.menu(G2.fs("function f { f; }\nf").build(), limits))
        .isInstanceOf(LimitExceededException.class)
        .hasMessage(
            "limit maxCallDepth (10) exceeded: commands nested deeper than that at"
                + " /boot/grub/grub.cfg:1 (raise it with Limits.builder().maxCallDepth(...))");
  }

  @Test
  void deeplyNestedInputIsALimitNotAStackOverflow() {
    String cfg = "if true; then ".repeat(100_000) + "echo x" + "; fi".repeat(100_000);
    assertThatThrownBy(() -> G2.menu(cfg))
        .isInstanceOf(LimitExceededException.class)
        .hasMessage(
            "limit maxCallDepth (64) exceeded: /boot/grub/grub.cfg:1: blocks nested deeper than that"
                + " (raise it with Limits.builder().maxCallDepth(...))");
    String braces = "menuentry a { ".repeat(50_000) + "linux /vmlinuz" + " }".repeat(50_000);
    assertThatThrownBy(() -> G2.menu(braces)).isInstanceOf(LimitExceededException.class);
    String parens = "[ " + "( ".repeat(200_000) + "x" + " )".repeat(200_000) + " ]";
    assertThatThrownBy(() -> G2.menu(parens))
        .isInstanceOf(LimitExceededException.class)
        .hasMessageContaining("test parentheses nested deeper than that");
  }

  @Test
  void aConfigfileThatLoadsItselfFailsOnlyTheCommandTooDeep() throws Exception {
    BootMenu menu = G2.menu("configfile $prefix/grub.cfg\n");
    assertThat(menu.entries()).isEmpty();
    assertThat(menu.warnings())
        .contains("/boot/grub/grub.cfg:1: error: maximum recursion depth exceeded");
  }

  @Test
  void aSourceLoopKeepsEveryEntryMadeAndBootsTheFirst() throws Exception {
    // Real GRUB 2.06 (Debian) boots "a" here after "maximum recursion depth exceeded".
    BootMenu menu =
        G2.menu("name=a$name\nmenuentry $name { linux /vmlinuz; }\nsource $prefix/grub.cfg\n");
    assertThat(menu.entries()).hasSize(31);
    assertThat(menu.entries().get(0).title()).isEqualTo("a");
    assertThat(menu.entries().get(30).title()).isEqualTo("a".repeat(31));
    assertThat(menu.defaultEntry()).contains(java.util.List.of(0));
    assertThat(menu.warnings())
        .containsOnlyOnce("/boot/grub/grub.cfg:3: error: maximum recursion depth exceeded");
  }

  @Test
  void tooManyEntriesIsALimit() {
    Limits limits = Limits.builder().maxMenuEntries(5).build();
    String cfg = "for i in 1 2 3 4 5 6; do menuentry $i { linux /vmlinuz; }; done";
    assertThatThrownBy(() -> G2.menu(G2.fs(cfg).build(), limits))
        .isInstanceOf(LimitExceededException.class)
        .hasMessageStartingWith(
            "limit maxMenuEntries (5) exceeded: menu entries created, at /boot/grub/grub.cfg:1");
  }

  @Test
  void garbageIsWarningsNotACrash() throws Exception {
    byte[] junk = new byte[4096];
    new java.util.Random(7).nextBytes(junk);
    BootMenu menu = G2.menu(MemFs.builder().file(G2.CFG, junk).build());
    assertThat(menu.entries()).isEmpty();
    assertThat(menu.defaultEntry()).isEmpty();
    assertThat(menu.defaultReason()).isEqualTo("the menu has no entries");
  }
}
