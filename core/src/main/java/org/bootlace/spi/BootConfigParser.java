package org.bootlace.spi;

import java.io.IOException;
import java.util.List;
import org.bootlace.BootMenu;

/** Reads one boot configuration language into a {@link BootMenu}. */
public interface BootConfigParser extends Driver {
  /** Where its configurations live; see {@link ConfigLocation#rank()}. */
  List<ConfigLocation> locations();

  /**
   * Evaluates the configuration as its bootloader would. Syntax it cannot follow is reported as a
   * warning where the bootloader would go on, or as a {@link org.bootlace.CorruptImageException}
   * naming file and line where the bootloader would stop.
   */
  BootMenu parse(ConfigContext context) throws IOException;
}
