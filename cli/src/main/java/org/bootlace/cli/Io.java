package org.bootlace.cli;

import java.io.InputStream;
import java.io.PrintStream;

/** The streams a command talks to; tests run commands in-process with their own. */
record Io(PrintStream out, PrintStream err, InputStream in) {
  static Io system() {
    return new Io(System.out, System.err, System.in);
  }
}
