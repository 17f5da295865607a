package org.bootlace.grub.legacy.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import org.bootlace.BootMenu;
import org.bootlace.MenuEntry;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The seeds are menus GRUB reads: each evaluates to its entries on the fuzz target's disk. */
class GrubLegacyFuzzSeedsTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "centos-grub-conf.lst | CentOS (2.6.18-398.el5xen); CentOS (2.6.18-8.el5)",
        "configfile-loop.lst | again; other partition; self",
        "debian-automagic.lst | Debian GNU/Linux, kernel 2.6.26-2-xen-686;"
            + " Debian GNU/Linux, kernel 2.6.26-2-xen-686 (single-user mode)",
        "netboot-and-devices.lst | network; floppy; partition c; uuid; find",
        "odd-syntax.lst | with equals; no kernel here; directory as kernel; missing; ../../../etc/shadow",
        "saved-and-fallback.lst | first; second; chain",
        "suse-gfxmenu.lst | openSUSE 11.1 - 2.6.27.7-9; Xen -- openSUSE 11.1 - 2.6.27.7-9",
      })
  void seedIsAMenu(String seed, String titles) throws IOException {
    byte[] menu;
    try (InputStream in =
        getClass().getResourceAsStream("GrubLegacyFuzzTestInputs/menuLst/" + seed)) {
      menu = in.readAllBytes();
    }
    BootMenu m = GrubLegacyFuzzTest.resolveAll(GrubLegacyFuzzTest.disk(menu));
    assertThat(m).isNotNull();
    assertThat(String.join("; ", m.entries().stream().map(MenuEntry::title).toList()))
        .isEqualTo(titles);
  }
}
