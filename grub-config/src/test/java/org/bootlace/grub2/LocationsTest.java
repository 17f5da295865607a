package org.bootlace.grub2;

import static org.assertj.core.api.Assertions.assertThat;

import org.bootlace.spi.ConfigLocation;
import org.junit.jupiter.api.Test;

class LocationsTest {
  @Test
  void pygrubsPathsFirstThenIsoLoopbackThenEfiStubs() {
    Grub2Parser p = new Grub2Parser();
    assertThat(p.name()).isEqualTo("grub2");
    assertThat(p.priority()).isEqualTo(100);
    assertThat(p.locations())
        .extracting(ConfigLocation::path)
        .containsExactly(
            "/boot/grub/grub.cfg",
            "/grub/grub.cfg",
            "/boot/grub2/grub.cfg",
            "/grub2/grub.cfg",
            "/boot/grub/loopback.cfg",
            "/EFI/*/grub.cfg",
            "/boot/efi/EFI/*/grub.cfg");
    assertThat(p.locations()).allMatch(l -> l.rank() >= 100 && l.rank() <= 199);
    assertThat(p.locations()).isSortedAccordingTo((a, b) -> Integer.compare(a.rank(), b.rank()));
  }

  @Test
  void aGrubCfgInASecondPathIsFound() throws Exception {
    byte[] fs = G2.fs("").file("/grub2/grub.cfg", "menuentry x { linux /vmlinuz }").build();
    // /boot/grub/grub.cfg exists too (empty) and comes first
    assertThat(G2.menu(fs).config().path()).isEqualTo("/boot/grub/grub.cfg");
    byte[] only =
        org.bootlace.testing.MemFs.builder()
            .file("/grub2/grub.cfg", "menuentry x { linux /vmlinuz }")
            .file("/vmlinuz", "k")
            .build();
    assertThat(G2.menu(only).config().path()).isEqualTo("/grub2/grub.cfg");
  }
}
