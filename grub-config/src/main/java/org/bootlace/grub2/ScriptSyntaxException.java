package org.bootlace.grub2;

/**
 * GRUB's parser rejected a piece of script; GRUB skips it and reads on. Never leaves the package.
 */
final class ScriptSyntaxException extends Exception {
  private final int line;
  private final int column;

  ScriptSyntaxException(String message, int line, int column) {
    super(message, null, false, false);
    this.line = line;
    this.column = column;
  }

  int line() {
    return line;
  }

  int column() {
    return column;
  }
}
