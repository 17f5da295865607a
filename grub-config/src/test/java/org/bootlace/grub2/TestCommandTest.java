package org.bootlace.grub2;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.bootlace.testing.MemFs;
import org.junit.jupiter.api.Test;

/** {@code test} and {@code [}: each form, as commands/test.c evaluates it. */
class TestCommandTest {
  /** Whether each expression is true, by running {@code [ expr ]} and echoing the status. */
  static List<String> results(MemFs.Builder fs, String... exprs) throws Exception {
    StringBuilder cfg = new StringBuilder();
    for (String e : exprs) {
      cfg.append("if [ ").append(e).append(" ]; then echo T; else echo F; fi\n");
    }
    return Echo.runOn(fs.build(), cfg.toString());
  }

  static String truth(String... exprs) throws Exception {
    return String.join("", results(G2.fs(""), exprs));
  }

  @Test
  void strings() throws Exception {
    assertThat(truth("a = a", "a == a", "a = b", "a != b", "-n x", "-n ''", "-z ''", "-z x"))
        .isEqualTo("TTFTTFTF");
  }

  @Test
  void lexicographicComparisonsAreAGrubExtension() throws Exception {
    assertThat(truth("abc '<' abd", "b '<=' a", "b '>' a", "a '>=' a")).isEqualTo("TFTT");
  }

  @Test
  void integers() throws Exception {
    assertThat(
            truth(
                "10 -eq 0xa", "-3 -lt 2", "3 -gt -2", "2 -le 2", "1 -ge 2", "1 -ne 1", "abc -eq 0"))
        .isEqualTo("TTTTFFT");
  }

  @Test
  void versionsComparedAfterTheirCommonPrefix() throws Exception {
    assertThat(truth("vmlinuz-2 -plt vmlinuz-11", "vmlinuz-2 -pgt vmlinuz-11", "a10 -pgt a9"))
        .isEqualTo("TFT");
  }

  @Test
  void connectivesAndParentheses() throws Exception {
    assertThat(
            truth(
                "! a = b",
                "a = a -a b = c",
                "a = b -o c = c",
                "( a = b -o x ) -a y",
                "! ( a = a )",
                "''",
                "word"))
        .isEqualTo("TFTTFFT");
  }

  @Test
  void aTrailingBracketIsOptional() throws Exception {
    assertThat(Echo.runOn(G2.fs("").build(), "if test a = a; then echo T; fi\n[ ]; echo $?"))
        .containsExactly("T", "0");
  }

  @Test
  void filesOnTheRootDevice() throws Exception {
    MemFs.Builder fs =
        G2.fs("")
            .file("/empty", "")
            .dir("/dir")
            .symlink("/link-to-dir", "/dir")
            .symlink("/link-to-file", "/vmlinuz")
            .symlink("/dangling", "/nowhere");
    List<String> r =
        results(
            fs,
            "-e /vmlinuz",
            "-f /vmlinuz",
            "-d /vmlinuz",
            "-s /vmlinuz",
            "-s /empty",
            "-d /dir",
            "-d /dir/",
            "-e /nowhere",
            "-d /link-to-dir",
            "-f /link-to-dir",
            "-e /dangling",
            "-s /link-to-file",
            "-e /",
            "-d (hd0)",
            "-e (hd0)/vmlinuz",
            "-e (hd0,msdos9)/vmlinuz",
            "-e vmlinuz");
    // GRUB sees a symbolic link as itself: not a directory, but a "file", even when dangling.
    assertThat(String.join("", r)).isEqualTo("TTFTFTTFFTTTTTTTF");
  }
}
