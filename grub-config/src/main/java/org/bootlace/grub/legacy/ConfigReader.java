package org.bootlace.grub.legacy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.bootlace.block.TimeBudget;

/**
 * Splits a menu file into the lines GRUB 0.97 executes, byte for byte as stage2's {@code
 * get_line_from_config} does: carriage returns vanish, blank lines and leading blanks are skipped,
 * {@code #} starts a comment only as the first character of a line, a backslash before a newline
 * joins two lines (even inside a comment), and a line keeps at most 1500 bytes. A NUL byte ends the
 * line for every command, as it ends a C string.
 *
 * <p>GRUB replaces tabs by spaces; tabs are kept here because pygrub hands them through in the
 * kernel arguments, and every tokenizer of this package treats a tab as a space.
 *
 * <p>GRUB reads bytes; the lines are decoded as UTF-8, the encoding distributions wrote titles in,
 * so a title can be selected by the text a user types. Bytes that are not UTF-8 become U+FFFD and
 * the file gets one warning.
 */
final class ConfigReader {
  /** {@code NEW_HEAPSIZE}: the command-line buffer {@code get_line_from_config} fills. */
  static final int MAX_LINE_BYTES = 1500;

  private static final int DEADLINE_STRIDE = 1 << 16;

  /** Receives each line with the number of the file line it starts on (1-based). */
  interface LineSink {
    void line(int number, String text) throws IOException;
  }

  private final String file;
  private final Diagnostics diagnostics;
  private final TimeBudget deadline;
  private final CharsetDecoder strict =
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);
  private boolean badEncodingReported;

  ConfigReader(String file, Diagnostics diagnostics, TimeBudget deadline) {
    this.file = file;
    this.diagnostics = diagnostics;
    this.deadline = deadline;
  }

  void read(byte[] content, LineSink sink) throws IOException {
    byte[] buf = new byte[MAX_LINE_BYTES];
    int pos = 0;
    boolean literal = false;
    boolean comment = false;
    boolean truncated = false;
    int physical = 1;
    int start = 0;
    for (int k = 0; k < content.length; k++) {
      if ((k & (DEADLINE_STRIDE - 1)) == 0) {
        deadline.check();
      }
      byte c = content[k];
      int lineOfByte = physical;
      if (c == '\n') {
        physical++;
      }
      if (c == '\r') {
        continue;
      }
      if (literal) {
        if (c == '\n') {
          c = ' ';
          if (pos > 0) {
            pos--; // the backslash goes, the newline becomes a space
          }
        }
        literal = false;
      }
      if (c == '\\') {
        literal = true;
      }
      if (comment) {
        if (c == '\n') {
          comment = false;
        }
      } else if (pos == 0) {
        if (c == '#') {
          comment = true;
        } else if (c != ' ' && c != '\t' && c != '\n') {
          buf[pos++] = c;
          start = lineOfByte;
        }
      } else {
        if (c == '\n') {
          emit(buf, pos, start, truncated, sink);
          pos = 0;
          truncated = false;
          continue;
        }
        if (pos < MAX_LINE_BYTES) {
          buf[pos++] = c;
        } else {
          truncated = true;
        }
      }
    }
    if (pos > 0) {
      emit(buf, pos, start, truncated, sink);
    }
  }

  private void emit(byte[] buf, int pos, int number, boolean truncated, LineSink sink)
      throws IOException {
    if (truncated) {
      diagnostics.warn(
          file
              + ":"
              + number
              + ": line longer than "
              + MAX_LINE_BYTES
              + " bytes; GRUB reads only the first "
              + MAX_LINE_BYTES);
    }
    int end = 0;
    while (end < pos && buf[end] != 0) {
      end++;
    }
    if (end < pos) {
      diagnostics.warn(
          file
              + ":"
              + number
              + ": NUL byte at column "
              + (end + 1)
              + "; GRUB ignores the rest of the line");
    }
    sink.line(number, decode(buf, end, number));
  }

  private String decode(byte[] buf, int length, int number) {
    try {
      strict.reset();
      CharBuffer chars = strict.decode(ByteBuffer.wrap(buf, 0, length));
      return chars.toString();
    } catch (CharacterCodingException e) {
      if (!badEncodingReported) {
        badEncodingReported = true;
        diagnostics.warn(
            file + ":" + number + ": bytes that are not UTF-8 (first here) read as U+FFFD");
      }
      return new String(buf, 0, length, StandardCharsets.UTF_8);
    }
  }
}
