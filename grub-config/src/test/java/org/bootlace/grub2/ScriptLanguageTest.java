package org.bootlace.grub2;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.bootlace.BootMenu;
import org.junit.jupiter.api.Test;

/**
 * The lexer and the way words become arguments. Each expectation is what GRUB 2.06 (Debian's
 * grub-emu) printed for the same script.
 */
class ScriptLanguageTest {
  @Test
  void doubleQuotesKeepOnlyBackslashDollarBackslashAndQuoteAsEscapes() throws Exception {
    assertThat(G2.echoed("echo \"[a\\nb\\\\c\\$d\\\"e]\"")).containsExactly("[a\\nb\\c$d\"e]");
  }

  @Test
  void singleQuotesAreLiteralAndAdjacentQuotesJoin() throws Exception {
    assertThat(G2.echoed("echo '[it''s]' ['a\"b' \"c'd\"]")).containsExactly("[its] [a\"b c'd]");
  }

  @Test
  void unquotedBackslashEscapesAnyCharacter() throws Exception {
    assertThat(G2.echoed("echo [a\\ b\\\\c\\x41] [\\\"\\'\\$]"))
        .containsExactly("[a b\\cx41] [\"'$]");
  }

  @Test
  void anEmptyUnquotedVariableVanishesButAnEmptyQuotedStringStays() throws Exception {
    assertThat(G2.echoed("set e=\necho [1 $e 2 \"\" 3]")).containsExactly("[1 2  3]");
  }

  @Test
  void unquotedValuesSplitAndLeadingBlanksDoNotStartAWord() throws Exception {
    // GRUB joins the first piece of a value to what comes before, even after leading blanks.
    assertThat(G2.echoed("set v=\" x y \"\necho [pre${v}post]\nset x=\"a b\"\necho [$x]"))
        .containsExactly("[prex ypost]", "[a b]");
  }

  @Test
  void quotedVariablesDoNotSplit() throws Exception {
    assertThat(G2.echoed("set v=\"a  b\"\necho \"[$v]\" [$v]")).containsExactly("[a  b] [a b]");
  }

  @Test
  void keywordsAreOrdinaryArgumentsAndNamesMayLookLikeKeywords() throws Exception {
    assertThat(G2.echoed("set fi=1\necho [$fi if fi]")).containsExactly("[1 if fi]");
  }

  @Test
  void aHashStartsACommentOnlyAtTheStartOfAWord() throws Exception {
    assertThat(G2.echoed("echo [#notcomment] #comment\necho [x#y]"))
        .containsExactly("[#notcomment]", "[x#y]");
  }

  @Test
  void backslashNewlineContinuesAWordOrALine() throws Exception {
    assertThat(G2.echoed("echo [a \\\nb]\necho [a\\\nb]")).containsExactly("[a b]", "[ab]");
  }

  @Test
  void aQuoteLeftOpenContinuesOnTheNextLine() throws Exception {
    assertThat(G2.echoed("echo \"a\nb\" c\necho 'd\ne'")).containsExactly("a\nb c", "d\ne");
  }

  @Test
  void linesStartingWithHashAreDroppedEvenInsideAQuote() throws Exception {
    // GRUB's line reader drops them before the lexer sees them.
    assertThat(G2.echoed("echo \"a\n# gone\nb\"")).containsExactly("a\nb");
  }

  @Test
  void carriageReturnsAreDropped() throws Exception {
    assertThat(G2.echoed("set x=1\r\necho [$x]\r\n")).containsExactly("[1]");
  }

  @Test
  void semicolonsSeparateCommandsOnALine() throws Exception {
    assertThat(G2.echoed("echo a; echo b;echo c")).containsExactly("a", "b", "c");
  }

  @Test
  void aBraceAfterAWordIsABlockArgument() throws Exception {
    // GRUB hands "{...}" to the command as its last argument.
    assertThat(G2.echoed("echo a{b}")).containsExactly("a {}");
  }

  @Test
  void bracedAndSpecialVariables() throws Exception {
    assertThat(G2.echoed("set ab=1\necho ${ab}c $abc- \"${ab}\"")).containsExactly("1c - 1");
    assertThat(G2.echoed("false\necho $?\ntrue\necho ${?}")).containsExactly("1", "0");
  }

  @Test
  void positionalParametersExistOnlyInFunctionsAndEntries() throws Exception {
    assertThat(G2.echoed("echo [$1 $# $@ $*]")).containsExactly("[ ]");
    assertThat(
            G2.echoed(
                "function g { echo \"[$# $1 $2 $@]\"; shift; echo \"[$1]\"; echo [$*] \"[$*]\"; }\n"
                    + "g \"p q\" r"))
        .containsExactly("[2 p q r p q r]", "[r]", "[r] [r]");
  }

  @Test
  void gettextStringsSubstituteVariables() throws Exception {
    assertThat(G2.echoed("set v=x\necho $\"[$v \\$v]\"")).containsExactly("[x $v]");
  }

  @Test
  void anAssignmentWithoutSetWorksWhenNoCommandHasThatName() throws Exception {
    assertThat(G2.echoed("a=b\necho $a:$?")).containsExactly("b:0");
  }

  // ---- syntax errors: GRUB skips the piece of script that fails and reads on

  @Test
  void aSyntaxErrorSkipsOnlyItsPieceOfScript() throws Exception {
    String cfg = "echo a\nif true; then echo b\nfi fi\necho c\n";
    assertThat(G2.echoed(cfg)).containsExactly("a", "c");
    BootMenu menu = G2.menu(cfg + "menuentry x { linux /vmlinuz }\n");
    assertThat(menu.warnings())
        .containsExactly(
            "/boot/grub/grub.cfg:3:4: syntax error: unexpected 'fi'; GRUB skips lines 2-3");
  }

  @Test
  void aSyntaxErrorInsideABlockLeavesTheRestOfTheBlockToTheTopLevel() throws Exception {
    // As in GRUB: "echo in2" then runs on its own, and the lone "}" is another error.
    String cfg = "menuentry \"x\" {\n  echo in\n  fi\n  echo in2\n}\necho d\n";
    assertThat(G2.echoed(cfg)).containsExactly("in2", "d");
    assertThat(G2.menu(cfg).warnings())
        .containsExactly(
            "/boot/grub/grub.cfg:3:3: syntax error: unexpected 'fi'; GRUB skips lines 1-3",
            "/boot/grub/grub.cfg:5:1: syntax error: unexpected '}'; GRUB skips line 5");
  }

  @Test
  void aDollarWithoutANameIsASyntaxError() throws Exception {
    assertThat(G2.menu("echo [a$]\nmenuentry x { linux /vmlinuz }").warnings())
        .containsExactly(
            "/boot/grub/grub.cfg:1:8: syntax error: unexpected '$'; GRUB skips line 1");
    assertThat(G2.menu("echo \"a$\"\n").warnings())
        .containsExactly(
            "/boot/grub/grub.cfg:1:8: syntax error: '$' not followed by a variable name; GRUB skips line 1");
  }

  @Test
  void aFunctionBodyNeedsADelimiterBeforeItsBraceButABlockDoesNot() throws Exception {
    String cfg = "function f { echo x }\necho ok\nmenuentry t { echo y }\necho \"ok:$?\"";
    assertThat(G2.echoed(cfg)).containsExactly("ok", "ok:0");
    assertThat(G2.menu(cfg).warnings())
        .containsExactly(
            "/boot/grub/grub.cfg:1:21: syntax error: unexpected '}'; GRUB skips line 1");
  }

  @Test
  void anEmptyBlockIsASyntaxError() throws Exception {
    BootMenu menu = G2.menu("menuentry 'empty' { }\nmenuentry 'ok' { linux /vmlinuz }");
    assertThat(menu.entries()).extracting(e -> e.title()).containsExactly("ok");
    assertThat(menu.warnings())
        .containsExactly(
            "/boot/grub/grub.cfg:1:21: syntax error: unexpected '}'; GRUB skips line 1");
  }

  @Test
  void shellOperatorsGrubDoesNotHaveAreSyntaxErrors() throws Exception {
    for (String op :
        List.of("true || true", "true && true", "echo a > b", "echo a | b", "[[ x ]]")) {
      assertThat(G2.menu(op).warnings())
          .hasSize(1)
          .allMatch(w -> w.contains("syntax error: unexpected"));
    }
  }

  @Test
  void aQuoteOpenAtTheEndOfTheFileIsASyntaxError() throws Exception {
    assertThat(G2.menu("echo ok\necho \"open\nmore").warnings())
        .containsExactly(
            "/boot/grub/grub.cfg:2:6: syntax error: unexpected end of file; GRUB skips lines 2-3");
  }

  @Test
  void anUnclosedBlockAtTheEndOfTheFileIsASyntaxError() throws Exception {
    BootMenu menu = G2.menu("menuentry 'a' {\n linux /vmlinuz\n");
    assertThat(menu.entries()).isEmpty();
    assertThat(menu.warnings())
        .containsExactly(
            "/boot/grub/grub.cfg:2:16: syntax error: unexpected end of file; GRUB skips lines 1-2");
  }
}
