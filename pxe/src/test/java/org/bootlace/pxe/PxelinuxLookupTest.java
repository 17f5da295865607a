package org.bootlace.pxe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class PxelinuxLookupTest {
  static final byte[] MAC = {
    (byte) 0x88, (byte) 0x99, (byte) 0xaa, (byte) 0xbb, (byte) 0xcc, (byte) 0xdd
  };

  @Test
  void pxelinuxOrder() {
    byte[] uuid = new byte[16];
    for (int i = 0; i < 16; i++) {
      uuid[i] = (byte) (0xb8 + i);
    }
    assertThat(
            PxelinuxLookup.candidates(
                "",
                Optional.empty(),
                Optional.of(uuid),
                MAC,
                DhcpOptions.inet(new byte[] {(byte) 192, 0, 2, 91}, 0)))
        .containsExactly(
            "pxelinux.cfg/b8b9babb-bcbd-bebf-c0c1-c2c3c4c5c6c7",
            "pxelinux.cfg/01-88-99-aa-bb-cc-dd",
            "pxelinux.cfg/C000025B",
            "pxelinux.cfg/C000025",
            "pxelinux.cfg/C00002",
            "pxelinux.cfg/C0000",
            "pxelinux.cfg/C000",
            "pxelinux.cfg/C00",
            "pxelinux.cfg/C0",
            "pxelinux.cfg/C",
            "pxelinux.cfg/default");
  }

  @Test
  void prefixIsTheBootFilesDirectoryOrOption210() {
    assertThat(
            PxelinuxLookup.prefix(
                Optional.empty(), Optional.of("debian-installer/amd64/pxelinux.0")))
        .isEqualTo("debian-installer/amd64/");
    assertThat(PxelinuxLookup.prefix(Optional.empty(), Optional.of("pxelinux.0"))).isEmpty();
    assertThat(PxelinuxLookup.prefix(Optional.of("/srv/boot/"), Optional.of("x/pxelinux.0")))
        .isEqualTo("/srv/boot/");
    assertThat(
            PxelinuxLookup.candidates(
                "boot/", Optional.empty(), Optional.empty(), MAC, DhcpOptions.inet(new byte[4], 0)))
        .first()
        .isEqualTo("boot/pxelinux.cfg/01-88-99-aa-bb-cc-dd");
  }

  @Test
  void option209AloneIsTried() {
    assertThat(
            PxelinuxLookup.candidates(
                "boot/",
                Optional.of("cfg/mine"),
                Optional.empty(),
                MAC,
                DhcpOptions.inet(new byte[4], 0)))
        .containsExactly("boot/cfg/mine");
    assertThat(
            PxelinuxLookup.candidates(
                "boot/",
                Optional.of("::top.cfg"),
                Optional.empty(),
                MAC,
                DhcpOptions.inet(new byte[4], 0)))
        .containsExactly("top.cfg");
  }
}
