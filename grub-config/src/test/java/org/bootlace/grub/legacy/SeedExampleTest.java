package org.bootlace.grub.legacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.bootlace.BootRecord;
import org.bootlace.BootSource;
import org.bootlace.EntryKind;
import org.bootlace.testing.FakeKernels;
import org.bootlace.testing.MemFs;
import org.bootlace.testing.MenuText;
import org.junit.jupiter.api.Test;

/**
 * The classic Xen guest: a filesystem with no partition table (the guest's xvda1), whose menu.lst
 * still says {@code root (hd0,0)} because inside the guest that is the first partition.
 */
class SeedExampleTest {
  static final String MENU =
      """
      default     0
      timeout     5

      title       Xen 3.2-1-i386 / Debian GNU/Linux, kernel 2.6.18-4-xen
      root        (hd0,0)
      kernel      /boot/vmlinuz-2.6.25-2-xen-686 root=/dev/xvda1 ro console=hvc0
      initrd      /boot/initrd.img-2.6.25-2-xen-686
      """;

  static byte[] image() {
    return MemFs.builder()
        .file("/boot/grub/menu.lst", MENU)
        .file("/boot/vmlinuz-2.6.25-2-xen-686", FakeKernels.linux("2.6.25-2-xen-686"))
        .file("/boot/initrd.img-2.6.25-2-xen-686", "initrd 2.6.25-2-xen-686")
        .build();
  }

  @Test
  void resolvesTheKernelTheInitrdAndTheArguments() throws Exception {
    try (BootSource source = Legacy.open(image())) {
      BootRecord boot = source.resolveBoot();
      assertThat(boot.kind()).isEqualTo(EntryKind.LINUX);
      assertThat(boot.kernel().location()).isEqualTo("(hd0)/boot/vmlinuz-2.6.25-2-xen-686");
      assertThat(boot.ramdisks()).hasSize(1);
      assertThat(boot.ramdisks().get(0).location())
          .isEqualTo("(hd0)/boot/initrd.img-2.6.25-2-xen-686");
      assertThat(new String(boot.ramdisks().get(0).readAllBytes(), StandardCharsets.UTF_8))
          .isEqualTo("initrd 2.6.25-2-xen-686");
      assertThat(boot.args()).isEqualTo("root=/dev/xvda1 ro console=hvc0");
      assertThat(boot.entry().get().title())
          .isEqualTo("Xen 3.2-1-i386 / Debian GNU/Linux, kernel 2.6.18-4-xen");
      assertThat(boot.provenance().parser()).contains("grub-legacy");
    }
  }

  @Test
  void menuSaysWhereEverythingCameFrom() throws Exception {
    assertThat(MenuText.render(Legacy.menu(image())))
        .isEqualTo(
            """
            menu grub-legacy (hd0)/boot/grub/menu.lst
            default 0: default 0 at /boot/grub/menu.lst:1
            timeout 5
            entry 0 LINUX 'Xen 3.2-1-i386 / Debian GNU/Linux, kernel 2.6.18-4-xen' @/boot/grub/menu.lst:4
              kernel (hd0)/boot/vmlinuz-2.6.25-2-xen-686
              initrd (hd0)/boot/initrd.img-2.6.25-2-xen-686
              args 'root=/dev/xvda1 ro console=hvc0'
              note line 5: (hd0,0): no filesystem bootlace reads on partition 1 of this disk; using (hd0), where /boot/grub/menu.lst is, as pygrub does
            warning (hd0,0): no filesystem bootlace reads on partition 1 of this disk; using (hd0), where /boot/grub/menu.lst is, as pygrub does
            """);
  }
}
