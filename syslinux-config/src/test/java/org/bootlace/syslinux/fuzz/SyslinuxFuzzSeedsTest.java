package org.bootlace.syslinux.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import org.bootlace.BootMenu;
import org.bootlace.MenuEntry;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The seeds are configurations syslinux reads: each evaluates to its entries on the fuzz target's
 * disk.
 */
class SyslinuxFuzzSeedsTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "alpine-extlinux.conf | 'Linux lts; Linux virt; ' | 0",
        "debian-isolinux.cfg | Install; Advanced options; Help | 0",
        "fedora-live.cfg | ; ; Start Fedora Live; Test this media & start Fedora Live; ; Troubleshooting | 3",
        "includes-and-loops.cfg | a; more; Tools; sub; b | 0",
        "xen-mboot.cfg | Xen; Linux alone; local; ui | 1",
      })
  void seedIsAMenu(String seed, String titles, String defaultPath) throws IOException {
    byte[] config;
    try (InputStream in = getClass().getResourceAsStream("SyslinuxFuzzTestInputs/config/" + seed)) {
      config = in.readAllBytes();
    }
    BootMenu m = SyslinuxFuzzTest.resolveAll(SyslinuxFuzzTest.disk(config));
    assertThat(m).isNotNull();
    assertThat(String.join("; ", m.entries().stream().map(MenuEntry::title).toList()))
        .isEqualTo(titles);
    assertThat(m.defaultEntry().map(MenuEntry::indexPathOf)).contains(defaultPath);
  }
}
