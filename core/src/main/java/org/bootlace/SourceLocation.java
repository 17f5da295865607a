package org.bootlace;

/** Where in which configuration file something was written; line is 1-based. */
public record SourceLocation(String file, int line) {
  @Override
  public String toString() {
    return file + ":" + line;
  }
}
