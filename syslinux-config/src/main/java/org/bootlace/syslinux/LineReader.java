package org.bootlace.syslinux;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.bootlace.LimitExceededException;

/**
 * Splits a configuration file into the lines syslinux reads, as {@code fgets} into its 4096-byte
 * buffer gives them: at most {@value #MAX_LINE_BYTES} bytes at a time, so a longer line comes back
 * in pieces that are each read as a line of their own; a NUL byte ends the line as it ends a C
 * string; the text of a line stops at its first carriage return or newline.
 *
 * <p>syslinux reads bytes; lines are decoded as UTF-8 so labels can be selected by the text a user
 * types. Bytes that are not UTF-8 become U+FFFD, with one warning per file.
 */
final class LineReader {
  /** {@code MAX_LINE} (4096) less the terminating NUL {@code fgets} keeps room for. */
  static final int MAX_LINE_BYTES = 4095;

  private static final int DEADLINE_STRIDE = 1024;

  /**
   * One piece {@code fgets} returns.
   *
   * @param number the 1-based line of the file it starts on
   * @param raw the bytes up to a NUL, with carriage return and newline kept
   * @param text {@code raw} up to its first carriage return, then its first newline
   * @param continued whether it continues a line longer than {@value #MAX_LINE_BYTES} bytes
   */
  record Line(int number, String raw, String text, boolean continued) {}

  private final byte[] content;
  private final String file;
  private final Session session;
  private final CharsetDecoder strict =
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);
  private int pos;
  private int physical = 1;
  private boolean midLine;
  private long pieces;
  private boolean badEncodingReported;

  LineReader(byte[] content, String file, Session session) {
    this.content = content;
    this.file = file;
    this.session = session;
  }

  /** The next piece, or null at the end of the file. */
  Line next() throws LimitExceededException {
    if (pos >= content.length) {
      return null;
    }
    if (pieces++ % DEADLINE_STRIDE == 0) {
      session.deadline().check();
    }
    int start = pos;
    int limit = Math.min(content.length, start + MAX_LINE_BYTES);
    int end = start;
    while (end < limit && content[end] != '\n') {
      end++;
    }
    boolean newline = end < limit;
    int pieceEnd = newline ? end + 1 : end;
    int number = physical;
    boolean continued = midLine;
    pos = pieceEnd;
    if (newline) {
      physical++;
      midLine = false;
    } else if (pos < content.length) {
      if (!midLine) {
        session
            .diagnostics()
            .warn(
                file
                    + ":"
                    + number
                    + ": line longer than "
                    + MAX_LINE_BYTES
                    + " bytes; syslinux reads each further "
                    + MAX_LINE_BYTES
                    + " bytes as a line of its own");
      }
      midLine = true;
    }
    int cEnd = start;
    while (cEnd < pieceEnd && content[cEnd] != 0) {
      cEnd++;
    }
    if (cEnd < pieceEnd) {
      session
          .diagnostics()
          .warn(
              file
                  + ":"
                  + number
                  + ": NUL byte at column "
                  + (cEnd - start + 1)
                  + "; syslinux ignores the rest of the line");
    }
    int textEnd = start;
    while (textEnd < cEnd && content[textEnd] != '\r') {
      textEnd++;
    }
    int lf = start;
    while (lf < textEnd && content[lf] != '\n') {
      lf++;
    }
    String raw = decode(start, cEnd, number);
    String text = isAscii(start, cEnd) ? raw.substring(0, lf - start) : decode(start, lf, number);
    return new Line(number, raw, text, continued);
  }

  private boolean isAscii(int from, int to) {
    for (int i = from; i < to; i++) {
      if (content[i] < 0) {
        return false;
      }
    }
    return true;
  }

  private String decode(int from, int to, int number) {
    if (isAscii(from, to)) {
      return new String(content, from, to - from, StandardCharsets.ISO_8859_1);
    }
    try {
      strict.reset();
      return strict.decode(ByteBuffer.wrap(content, from, to - from)).toString();
    } catch (CharacterCodingException e) {
      if (!badEncodingReported) {
        badEncodingReported = true;
        session
            .diagnostics()
            .warn(file + ":" + number + ": bytes that are not UTF-8 (first here) read as U+FFFD");
      }
      return new String(content, from, to - from, StandardCharsets.UTF_8);
    }
  }
}
