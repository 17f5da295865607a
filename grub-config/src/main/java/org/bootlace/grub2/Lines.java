package org.bootlace.grub2;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.bootlace.LimitExceededException;
import org.bootlace.block.TimeBudget;

/**
 * A script's lines as GRUB's normal mode reads them: split at {@code \n}, every {@code \r} dropped,
 * a line's text ending at a NUL byte (GRUB's lines are C strings), and lines whose first character
 * is {@code #} skipped entirely, even inside a quoted string or a block, because GRUB's line reader
 * drops them before the lexer sees them.
 */
final class Lines {
  /** One line and its 1-based number in the file. */
  record Line(String text, int number) {}

  private final List<Line> lines = new ArrayList<>();
  private final boolean malformed;
  private final TimeBudget deadline;
  private int next;

  private Lines(String text, boolean malformed, TimeBudget deadline) {
    this.malformed = malformed;
    this.deadline = deadline;
    int number = 0;
    int start = 0;
    while (start < text.length()) {
      int end = text.indexOf('\n', start);
      boolean last = end < 0;
      if (last) {
        end = text.length();
      }
      number++;
      String line = text.substring(start, end).replace("\r", "");
      int nul = line.indexOf('\0');
      if (nul >= 0) {
        line = line.substring(0, nul);
      }
      if (!line.startsWith("#")) {
        lines.add(new Line(line, number));
      }
      start = end + 1;
    }
  }

  /**
   * Lines of {@code bytes}, decoded as UTF-8 (GRUB's lexer looks at ASCII only). Every line read
   * checks {@code deadline}, so even a script that is one unclosed quote ends in time.
   */
  static Lines of(byte[] bytes, TimeBudget deadline) {
    CharsetDecoder strict =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    try {
      CharBuffer chars = strict.decode(ByteBuffer.wrap(bytes));
      return new Lines(chars.toString(), false, deadline);
    } catch (CharacterCodingException e) {
      return new Lines(new String(bytes, StandardCharsets.UTF_8), true, deadline);
    }
  }

  static Lines of(String text, TimeBudget deadline) {
    return new Lines(text, false, deadline);
  }

  /** Whether some bytes were not UTF-8 (they read as U+FFFD). */
  boolean malformed() {
    return malformed;
  }

  /** The next line, or null at the end. */
  Line next() throws LimitExceededException {
    deadline.check();
    return next < lines.size() ? lines.get(next++) : null;
  }

  boolean hasNext() {
    return next < lines.size();
  }
}
