package org.bootlace.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** The streams a command talks to; tests run commands in-process with their own. */
record Io(PrintStream out, PrintStream err, InputStream in) {
  /**
   * The process's own streams, writing UTF-8 whatever the locale says: under {@code LANG=C} the
   * JDK's {@code System.out} would print every non-ASCII title as {@code ?}. Output meant for a
   * terminal is escaped before it gets here ({@link Text#safe}); output that is a format (JSON,
   * pygrub's sxp) is UTF-8 by definition.
   */
  static Io system() {
    return new Io(
        new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8),
        new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8),
        System.in);
  }
}
