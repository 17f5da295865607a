package org.bootlace.spi;

import java.io.IOException;
import java.util.List;
import org.bootlace.BootMenu;

/** Reads one boot configuration language into a {@link BootMenu}. */
public interface BootConfigParser extends Driver {
  /** {@return where its configurations live; see {@link ConfigLocation#rank()}} */
  List<ConfigLocation> locations();

  /**
   * Evaluates the configuration as its bootloader would. Syntax it cannot follow is reported as a
   * warning where the bootloader would go on, or as a {@link org.bootlace.CorruptImageException}
   * naming file and line where the bootloader would stop.
   *
   * @param context the configuration found, the disk's volumes, the limits and the deadline
   * @return the menu, with the default entry the bootloader would boot
   * @throws org.bootlace.CorruptImageException where the bootloader would stop on the
   *     configuration, naming file and line
   * @throws org.bootlace.LimitExceededException if evaluation reaches a bound of {@link
   *     ConfigContext#limits()} or the deadline
   * @throws IOException if a file the configuration reads cannot be read
   */
  BootMenu parse(ConfigContext context) throws IOException;
}
