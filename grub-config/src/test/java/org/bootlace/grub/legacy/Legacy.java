package org.bootlace.grub.legacy;

import java.io.IOException;
import org.bootlace.BootMenu;
import org.bootlace.BootSource;
import org.bootlace.Limits;
import org.bootlace.testing.FakeKernels;
import org.bootlace.testing.MemFs;
import org.bootlace.testing.MenuText;
import org.bootlace.testing.TestImages;

/**
 * Shortcuts for the GRUB legacy tests: a menu on a bare filesystem, opened with this parser only.
 */
final class Legacy {
  static final String MENU = "/boot/grub/menu.lst";

  private Legacy() {}

  /**
   * A bare filesystem with {@code menu} at /boot/grub/menu.lst and kernels /vmlinuz and
   * /boot/vmlinuz.
   */
  static MemFs.Builder fs(String menu) {
    return MemFs.builder()
        .file(MENU, menu)
        .file("/vmlinuz", FakeKernels.linux("vmlinuz"))
        .file("/initrd.img", "initrd")
        .file("/boot/vmlinuz", FakeKernels.linux("boot/vmlinuz"))
        .file("/boot/initrd.img", "boot initrd");
  }

  static BootSource open(byte[] disk) throws IOException {
    return TestImages.open(disk, new GrubLegacyParser());
  }

  static BootSource open(byte[] disk, Limits limits) throws IOException {
    return TestImages.open(disk, limits, new GrubLegacyParser());
  }

  static BootMenu menu(byte[] disk) throws IOException {
    try (BootSource s = open(disk)) {
      return s.menu();
    }
  }

  /** The menu of a bare filesystem holding {@link #fs(String)}. */
  static BootMenu menu(String menu) throws IOException {
    return menu(fs(menu).build());
  }

  static String text(String menu) throws IOException {
    return MenuText.render(menu(menu));
  }

  static String text(byte[] disk) throws IOException {
    return MenuText.render(menu(disk));
  }
}
