package org.bootlace.grub2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.bootlace.BootMenu;
import org.bootlace.LimitExceededException;
import org.bootlace.internal.Deadline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Scripts at the size {@code maxConfigBytes} allows (4 MiB) in the shapes that once made the lexer
 * quadratic: a quote or a backslash-newline that keeps a word open for millions of lines. Each must
 * be read in one linear pass; the timeouts only stop a hang, they measure nothing.
 */
class LargeScriptTest {
  private static final int LINES = 1_900_000; // "x\n" each: just under 4 MiB

  private static String repeatLines(String line, int count) {
    return (line + "\n").repeat(count);
  }

  @Test
  @Timeout(60)
  void aQuoteLeftOpenForMillionsOfLinesIsOneSyntaxError() throws Exception {
    String cfg = "menuentry first { linux /vmlinuz }\necho \"\n" + repeatLines("x", LINES);
    BootMenu menu = G2.menu(cfg);
    assertThat(G2.titles(menu)).isEqualTo("0 first\n");
    assertThat(menu.warnings())
        .anyMatch(
            w ->
                w.startsWith("/boot/grub/grub.cfg:2:6: syntax error: unexpected end of file;")
                    && w.endsWith("GRUB skips lines 2-" + (LINES + 2)));
  }

  @Test
  @Timeout(60)
  void aSingleQuoteLeftOpenForMillionsOfLinesIsOneSyntaxError() throws Exception {
    String cfg = "menuentry first { linux /vmlinuz }\necho '\n" + repeatLines("x", LINES);
    assertThat(G2.titles(G2.menu(cfg))).isEqualTo("0 first\n");
  }

  @Test
  @Timeout(60)
  void aQuoteClosedMillionsOfLinesLaterIsOneWord() throws Exception {
    String cfg =
        "set long=\"\n"
            + repeatLines("x", 400_000)
            + "\"\nmenuentry \"after\" { linux /vmlinuz }\n";
    BootMenu menu = G2.menu(cfg);
    assertThat(G2.titles(menu)).isEqualTo("0 after\n");
  }

  @Test
  @Timeout(60)
  void backslashNewlinesForMillionsOfLinesContinueOneWord() throws Exception {
    String cfg =
        "menuentry first { linux /vmlinuz }\necho a\\\n" + repeatLines("x\\", LINES / 2) + "end\n";
    BootMenu menu = G2.menu(cfg);
    assertThat(G2.titles(menu)).isEqualTo("0 first\n");
  }

  @Test
  @Timeout(60)
  void aBlockLeftOpenForMillionsOfLinesIsOneSyntaxError() throws Exception {
    String cfg = "menuentry first { linux /vmlinuz }\nif true; then\n" + repeatLines("x", LINES);
    assertThat(G2.titles(G2.menu(cfg))).isEqualTo("0 first\n");
  }

  @Test
  @Timeout(60)
  void oneLineOfMillionsOfWords() throws Exception {
    String cfg = "menuentry first { linux /vmlinuz }\necho" + " a".repeat(LINES) + "\n";
    assertThat(G2.titles(G2.menu(cfg))).isEqualTo("0 first\n");
  }

  @Test
  void theLexerChecksTheDeadlineOnEveryLine() throws Exception {
    Deadline deadline = new Deadline();
    Lines lines = Lines.of("echo \"\nx\nx\n", deadline);
    Lexer lexer = new Lexer(lines, lines.next());
    assertThat(lexer.next().text()).isEqualTo("echo");
    deadline.arm(Duration.ZERO);
    Thread.sleep(2);
    assertThatThrownBy(lexer::next)
        .isInstanceOf(LimitExceededException.class)
        .hasMessageContaining("timeout");
  }
}
