package org.bootlace.grub2;

import java.io.IOException;
import org.bootlace.BootMenu;
import org.bootlace.BootOptions;
import org.bootlace.BootSource;
import org.bootlace.Limits;
import org.bootlace.testing.FakeKernels;
import org.bootlace.testing.MemFs;
import org.bootlace.testing.MenuText;
import org.bootlace.testing.TestImages;

/**
 * Shortcuts for the GRUB 2 tests: a grub.cfg on a bare filesystem, opened with this parser only.
 */
final class G2 {
  static final String CFG = "/boot/grub/grub.cfg";

  private G2() {}

  /** A bare filesystem with {@code cfg} at /boot/grub/grub.cfg and a few kernels and ramdisks. */
  static MemFs.Builder fs(String cfg) {
    return MemFs.builder()
        .file(CFG, cfg)
        .file("/vmlinuz", FakeKernels.linux("vmlinuz"))
        .file("/initrd.img", "initrd")
        .file("/boot/vmlinuz-1", FakeKernels.linux("1"))
        .file("/boot/vmlinuz-2", FakeKernels.linux("2"))
        .file("/boot/initrd.img-1", "initrd 1")
        .file("/boot/initrd.img-2", "initrd 2");
  }

  static BootSource open(byte[] disk) throws IOException {
    return TestImages.open(disk, new Grub2Parser());
  }

  static BootMenu menu(byte[] disk) throws IOException {
    try (BootSource s = open(disk)) {
      return s.menu();
    }
  }

  static BootMenu menu(byte[] disk, Limits limits) throws IOException {
    try (BootSource s = TestImages.open(disk, limits, new Grub2Parser())) {
      return s.menu();
    }
  }

  static BootMenu menu(byte[] disk, BootOptions.Builder options) throws IOException {
    try (BootSource s = TestImages.open(disk, options, new Grub2Parser())) {
      return s.menu();
    }
  }

  static BootMenu menu(String cfg) throws IOException {
    return menu(fs(cfg).build());
  }

  static String text(String cfg) throws IOException {
    return MenuText.render(menu(cfg));
  }

  /** The entries' titles, one per line, indented by level. */
  static String titles(BootMenu menu) {
    StringBuilder b = new StringBuilder();
    titles(b, menu.entries(), "");
    return b.toString();
  }

  private static void titles(
      StringBuilder b, java.util.List<org.bootlace.MenuEntry> entries, String indent) {
    for (org.bootlace.MenuEntry e : entries) {
      b.append(indent).append(e.indexPath()).append(' ').append(e.title()).append('\n');
      titles(b, e.children(), indent + "  ");
    }
  }

  /**
   * What {@code echo} printed when the script ran (bootlace records it instead of printing), one
   * string per echo command.
   */
  static java.util.List<String> echoed(String cfg) throws IOException {
    return Echo.run(cfg);
  }
}
