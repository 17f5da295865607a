package org.bootlace.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.Locale;
import java.util.ResourceBundle;
import java.util.function.Supplier;

/**
 * Where the library's {@code System.Logger} output goes when bootlace runs as a command: warnings
 * and errors to standard error as {@code bootlace: warning: ...}, nothing below. An application
 * embedding the library keeps its own logging; the command line is an application too, and choosing
 * this backend spares every run the start-up of java.util.logging, which it would otherwise pay on
 * the library's first debug call.
 */
public final class CliLoggerFinder extends System.LoggerFinder {
  private static final System.Logger LOGGER = new Stderr();

  /** Standard error as UTF-8, whatever the locale, opened once. */
  private static final PrintStream ERR =
      new PrintStream(
          new java.io.FileOutputStream(java.io.FileDescriptor.err), true, StandardCharsets.UTF_8);

  /**
   * Creates the finder; {@link java.util.ServiceLoader} calls it, as the {@link
   * System.LoggerFinder} service.
   */
  public CliLoggerFinder() {}

  @Override
  public System.Logger getLogger(String name, Module module) {
    return LOGGER;
  }

  private static final class Stderr implements System.Logger {
    @Override
    public String getName() {
      return "bootlace";
    }

    @Override
    public boolean isLoggable(Level level) {
      return level.getSeverity() >= Level.WARNING.getSeverity() && level != Level.OFF;
    }

    @Override
    public void log(Level level, Supplier<String> message) {
      if (isLoggable(level)) {
        print(level, message.get());
      }
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String message, Throwable thrown) {
      if (isLoggable(level)) {
        print(level, message + (thrown == null ? "" : ": " + thrown));
      }
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String format, Object... params) {
      if (isLoggable(level)) {
        print(
            level,
            params == null || params.length == 0
                ? format
                : new MessageFormat(format, Locale.ROOT).format(params));
      }
    }

    private static void print(Level level, String message) {
      ERR.println(
          "bootlace: " + (level == Level.ERROR ? "error" : "warning") + ": " + Text.safe(message));
    }
  }
}
