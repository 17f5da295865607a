package org.bootlace.grub.legacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.bootlace.internal.Deadline;
import org.junit.jupiter.api.Test;

/** Lines as stage2's get_line_from_config cuts them. */
class ConfigReaderTest {
  private final Diagnostics diagnostics = new Diagnostics();

  private List<String> lines(byte[] content) throws Exception {
    List<String> out = new ArrayList<>();
    new ConfigReader("menu.lst", diagnostics, new Deadline())
        .read(content, (n, text) -> out.add(n + "|" + text));
    return out;
  }

  private List<String> lines(String content) throws Exception {
    return lines(content.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void blankLinesAndLeadingBlanksAreSkippedTrailingOnesKept() throws Exception {
    assertThat(lines("\n\n   \t kernel /vmlinuz  \n\ntitle x"))
        .containsExactly("3|kernel /vmlinuz  ", "5|title x");
  }

  @Test
  void hashStartsACommentOnlyAtTheStartOfALine() throws Exception {
    assertThat(lines("# comment\n  # indented comment\nkernel /vmlinuz quiet # not a comment\n"))
        .containsExactly("3|kernel /vmlinuz quiet # not a comment");
  }

  @Test
  void carriageReturnsVanish() throws Exception {
    assertThat(lines("title a\r\nroot (hd0,0)\r\n\r\n"))
        .containsExactly("1|title a", "2|root (hd0,0)");
  }

  @Test
  void backslashNewlineJoinsLines() throws Exception {
    assertThat(lines("kernel /vmlinuz \\\n  ro quiet\ninitrd /i\n"))
        .containsExactly("1|kernel /vmlinuz    ro quiet", "3|initrd /i");
  }

  @Test
  void backslashCarriageReturnNewlineJoinsLinesToo() throws Exception {
    assertThat(lines("kernel /vmlinuz\\\r\nro\r\n")).containsExactly("1|kernel /vmlinuz ro");
  }

  @Test
  void aCommentEndingInABackslashSwallowsTheNextLine() throws Exception {
    // GRUB applies the continuation before it looks for the end of the comment.
    assertThat(lines("# old kernel \\\nkernel /old\nkernel /new\n"))
        .containsExactly("3|kernel /new");
  }

  @Test
  void tabsAreKeptAndSkippedAsLeadingBlanks() throws Exception {
    assertThat(lines("\t\ttitle\tDebian\n")).containsExactly("1|title\tDebian");
  }

  @Test
  void lastLineNeedsNoNewline() throws Exception {
    assertThat(lines("timeout 5")).containsExactly("1|timeout 5");
  }

  @Test
  void linesStopAt1500Bytes() throws Exception {
    String longLine = "kernel /vmlinuz " + "x".repeat(2000);
    List<String> got = lines(longLine + "\ninitrd /i\n");
    assertThat(got).hasSize(2);
    assertThat(got.get(0)).isEqualTo("1|" + longLine.substring(0, 1500));
    assertThat(got.get(1)).isEqualTo("2|initrd /i");
    assertThat(diagnostics.list())
        .containsExactly("menu.lst:1: line longer than 1500 bytes; GRUB reads only the first 1500");
  }

  @Test
  void aNulByteEndsTheLine() throws Exception {
    byte[] content = "kernel /vmlinuz ro\0 evil=1\ntitle x\n".getBytes(StandardCharsets.UTF_8);
    assertThat(lines(content)).containsExactly("1|kernel /vmlinuz ro", "2|title x");
    assertThat(diagnostics.list())
        .containsExactly("menu.lst:1: NUL byte at column 19; GRUB ignores the rest of the line");
  }

  @Test
  void aLineStartingWithNulIsEmpty() throws Exception {
    assertThat(lines(new byte[] {0, 'a', '\n', 'b', '\n'})).containsExactly("1|", "2|b");
  }

  @Test
  void utf8IsDecodedAndInvalidBytesBecomeReplacementCharacters() throws Exception {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes("title Gr\u00fc\u00dfe\n".getBytes(StandardCharsets.UTF_8));
    b.writeBytes(
        new byte[] {'t', 'i', 't', 'l', 'e', ' ', 'M', (byte) 0xfc, 'n', '\n'}); // Latin-1 ü
    b.writeBytes(new byte[] {'t', 'i', 't', 'l', 'e', ' ', (byte) 0xff, '\n'});
    assertThat(lines(b.toByteArray()))
        .containsExactly("1|title Gr\u00fc\u00dfe", "2|title M\ufffdn", "3|title \ufffd");
    assertThat(diagnostics.list())
        .containsExactly("menu.lst:2: bytes that are not UTF-8 (first here) read as U+FFFD");
  }

  @Test
  void aMegabyteOnOneLineIsReadInOnePass() throws Exception {
    byte[] content = new byte[1 << 20];
    java.util.Arrays.fill(content, (byte) 'a');
    List<String> got = lines(content);
    assertThat(got).hasSize(1);
    assertThat(got.get(0)).hasSize(2 + 1500);
  }
}
