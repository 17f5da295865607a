package org.bootlace.grub2;

import java.io.IOException;

/**
 * Ways a running script leaves its caller for good; never escape the package. {@link Shown}: a
 * {@code configfile} produced a menu, which GRUB now shows instead of going on. {@link Stop}:
 * {@code boot}, {@code reboot} or {@code halt} ended the script.
 */
abstract class Control extends IOException {
  Control() {
    super(null, null);
  }

  @Override
  public synchronized Throwable fillInStackTrace() {
    return this;
  }

  static final class Shown extends Control {
    final MenuBuilder.Level level;

    Shown(MenuBuilder.Level level) {
      this.level = level;
    }
  }

  static final class Stop extends Control {
    final String why;

    Stop(String why) {
      this.why = why;
    }
  }
}
