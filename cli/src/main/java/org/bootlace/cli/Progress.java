package org.bootlace.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The batch mode's progress line on standard error: {@code resolve: 37/200 images, 2 failed},
 * rewritten in place ({@code \r}) at most every {@link #INTERVAL_NANOS}, erased at the end, so what
 * stays on the terminal is only what the command printed. Never on standard output, which carries
 * the JSON.
 *
 * <p>Shown by default only when standard error is a terminal. JDK 17 cannot tell that directly:
 * {@code System.console()} answers for standard input and output together (it is null when stdout
 * is redirected, the usual case for a batch, even with stderr on a terminal). On Linux, file
 * descriptor 2's link in {@code /proc/self/fd} names the terminal device ({@code /dev/pts/N},
 * {@code /dev/ttyN}); elsewhere, or with {@code TERM=dumb}, the default is no progress line, and
 * {@code --progress} / {@code --no-progress} decide.
 */
final class Progress {
  static final long INTERVAL_NANOS = 100_000_000L;

  private final PrintStream err;
  private final int total; // -1: not known (paths read from standard input)
  private int done;
  private int failed;
  private long lastDrawn = Long.MIN_VALUE;
  private int drawnWidth;

  Progress(PrintStream err, int total) {
    this.err = err;
    this.total = total;
  }

  /**
   * Whether the line is shown when neither option is given: standard error is a terminal and
   * standard output is not (a batch whose JSON goes to the terminal shows its progress already).
   */
  static boolean byDefault() {
    String term = System.getenv("TERM");
    return isTerminal(Path.of("/proc/self/fd/2"), term)
        && !isTerminal(Path.of("/proc/self/fd/1"), term);
  }

  /** Whether standard output is a terminal: then the line is erased before each line printed. */
  static boolean stdoutIsTerminal() {
    return isTerminal(Path.of("/proc/self/fd/1"), System.getenv("TERM"));
  }

  /** Whether {@code fdLink} (a {@code /proc/.../fd/N} link) leads to a terminal device. */
  static boolean isTerminal(Path fdLink, String term) {
    if (term != null && term.equals("dumb")) {
      return false;
    }
    try {
      String target = Files.readSymbolicLink(fdLink).toString();
      return target.startsWith("/dev/pts/")
          || target.startsWith("/dev/tty")
          || target.equals("/dev/console");
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return false; // no /proc (not Linux) or not allowed: say nothing rather than guess
    }
  }

  /** One image is done; redraws the line if the last drawing is old enough. */
  void imageDone(boolean resolved, long nowNanos) {
    done++;
    if (!resolved) {
      failed++;
    }
    if (lastDrawn == Long.MIN_VALUE || nowNanos - lastDrawn >= INTERVAL_NANOS) {
      draw();
      lastDrawn = nowNanos;
    }
  }

  /** The line as it reads now. */
  String text() {
    return "resolve: "
        + done
        + (total >= 0 ? "/" + total : "")
        + (done == 1 && total < 0 ? " image" : " images")
        + (failed > 0 ? ", " + failed + " failed" : "");
  }

  private void draw() {
    String t = text();
    // Pad over a longer previous line (the count only grows, but be exact).
    String pad = t.length() < drawnWidth ? " ".repeat(drawnWidth - t.length()) : "";
    err.print("\r" + t + pad);
    err.flush();
    drawnWidth = t.length();
  }

  /** Erases the line, leaving the cursor where the line began. */
  void clear() {
    if (drawnWidth > 0) {
      err.print("\r" + " ".repeat(drawnWidth) + "\r");
      err.flush();
      drawnWidth = 0;
    }
  }
}
