package org.bootlace.grub2;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import org.bootlace.BootMenu;
import org.bootlace.BootOptions;
import org.bootlace.BootRecord;
import org.bootlace.BootSource;
import org.bootlace.GuestFile;
import org.bootlace.MenuEntry;
import org.bootlace.testing.TestImages;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The seeds are configurations GRUB boots: on the fuzz target's disk each evaluates to its menu and
 * boots what GRUB would (so the fuzzer starts from inputs that reach the end, not from ones refused
 * at the first step).
 */
class Grub2FuzzSeedsTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "debian.cfg | Debian GNU/Linux; Advanced options for Debian GNU/Linux; custom"
            + " | (hd0,msdos1)/boot/vmlinuz-6.1.0-17-amd64 | root=UUID=b7d2c0e4-1a9f-4c6b-8e3d-2f5a7c9e1b04 ro quiet",
        "ubuntu.cfg | Ubuntu; Advanced options for Ubuntu"
            + " | (hd0,msdos1)/boot/vmlinuz-6.1.0-17-amd64"
            + " | root=UUID=b7d2c0e4-1a9f-4c6b-8e3d-2f5a7c9e1b04 ro quiet splash",
        "fedora-bls.cfg | Fedora Linux (6.9.0-64.fc41.x86_64) 41; Fedora Linux (0-rescue) 41"
            + " | (hd0,msdos1)/boot/vmlinuz-6.1.0-17-amd64 | root=UUID=x ro",
        "efi-stub.cfg | a; b | (hd0,msdos2)/vmlinuz | ro",
        "arch.cfg | Arch Linux; Xen hypervisor | (hd0,msdos1)/boot/vmlinuz-6.1.0-18-amd64"
            + " | root=UUID=b7d2c0e4-1a9f-4c6b-8e3d-2f5a7c9e1b04 rw loglevel=3 quiet",
        "odd-syntax.cfg | entry 6.1.0-18-amd64; entry 6.1.0-17-amd64; Nested; Chain; Elsewhere"
            + " | (hd0,msdos1)/boot/vmlinuz-6.1.0-18-amd64"
            + " | \"arg with space\" \"single $quoted\" $escaped entry 6.1.0-18-amd64",
      })
  void seedBootsWhatGrubBoots(String seed, String titles, String kernel, String args)
      throws IOException {
    byte[] input;
    try (InputStream in = getClass().getResourceAsStream("Grub2FuzzTestInputs/grubCfg/" + seed)) {
      input = in.readAllBytes();
    }
    byte[] disk = Grub2FuzzTest.disk(input);
    BootMenu menu = Grub2FuzzTest.resolveAll(disk);
    assertThat(menu).isNotNull();
    assertThat(String.join("; ", menu.entries().stream().map(MenuEntry::title).toList()))
        .isEqualTo(titles);
    try (BootSource s =
        TestImages.open(
            disk, BootOptions.builder().limits(Grub2FuzzTest.LIMITS), new Grub2Parser())) {
      BootRecord r = s.resolveBoot();
      assertThat(r.kernel().location()).isEqualTo(kernel);
      assertThat(r.args()).isEqualTo(args);
      for (GuestFile f : r.ramdisks()) {
        assertThat(f.size()).isPositive();
      }
    }
  }
}
