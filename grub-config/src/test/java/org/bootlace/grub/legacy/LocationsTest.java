package org.bootlace.grub.legacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.bootlace.spi.BootConfigParser;
import org.bootlace.spi.ConfigLocation;
import org.bootlace.spi.Drivers;
import org.bootlace.testing.FakeKernels;
import org.bootlace.testing.MemFs;
import org.junit.jupiter.api.Test;

/** Where the parser looks, in pygrub's order, and how it is found. */
class LocationsTest {
  @Test
  void pygrubsLegacyPathsInPygrubsOrderAfterGrub2AndSyslinux() {
    GrubLegacyParser p = new GrubLegacyParser();
    assertThat(p.name()).isEqualTo("grub-legacy");
    assertThat(p.priority()).isEqualTo(300);
    assertThat(p.locations())
        .containsExactly(
            new ConfigLocation("/boot/grub/menu.lst", 300),
            new ConfigLocation("/boot/grub/grub.conf", 301),
            new ConfigLocation("/grub/menu.lst", 302),
            new ConfigLocation("/grub/grub.conf", 303));
  }

  @Test
  void theServiceFileRegistersTheParser() throws Exception {
    assertThat(Drivers.discover().configParsers())
        .extracting(BootConfigParser::name)
        .contains("grub-legacy");
    try (InputStream in =
        getClass().getResourceAsStream("/META-INF/services/org.bootlace.spi.BootConfigParser")) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8).lines())
          .contains("org.bootlace.grub.legacy.GrubLegacyParser");
    }
  }

  static String foundAt(MemFs.Builder fs) throws Exception {
    return Legacy.menu(fs.file("/vmlinuz", FakeKernels.linux("k")).build()).config().path();
  }

  @Test
  void grubConfIsFoundWhereRedHatPutsIt() throws Exception {
    assertThat(foundAt(MemFs.builder().file("/boot/grub/grub.conf", "title a\nkernel /vmlinuz\n")))
        .isEqualTo("/boot/grub/grub.conf");
    assertThat(foundAt(MemFs.builder().file("/grub/grub.conf", "title a\nkernel /vmlinuz\n")))
        .isEqualTo("/grub/grub.conf");
    assertThat(foundAt(MemFs.builder().file("/grub/menu.lst", "title a\nkernel /vmlinuz\n")))
        .isEqualTo("/grub/menu.lst");
  }

  @Test
  void menuLstComesFirst() throws Exception {
    assertThat(
            foundAt(
                MemFs.builder()
                    .file("/grub/menu.lst", "title a\nkernel /vmlinuz\n")
                    .file("/boot/grub/grub.conf", "title b\nkernel /vmlinuz\n")
                    .file("/boot/grub/menu.lst", "title c\nkernel /vmlinuz\n")))
        .isEqualTo("/boot/grub/menu.lst");
  }
}
