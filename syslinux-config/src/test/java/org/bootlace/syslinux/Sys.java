package org.bootlace.syslinux;

import java.io.IOException;
import org.bootlace.BootMenu;
import org.bootlace.BootOptions;
import org.bootlace.BootRecord;
import org.bootlace.BootSource;
import org.bootlace.Limits;
import org.bootlace.testing.FakeKernels;
import org.bootlace.testing.MemFs;
import org.bootlace.testing.MenuText;
import org.bootlace.testing.TestImages;

/**
 * Shortcuts for the syslinux tests: a configuration on a bare filesystem, read with this parser
 * only.
 */
final class Sys {
  static final String CFG = "/boot/syslinux/syslinux.cfg";

  private Sys() {}

  /** A bare filesystem with {@code config} at {@code path} and kernels and ramdisks beside it. */
  static MemFs.Builder fs(String path, String config) {
    String dir = Paths.parent(path);
    return MemFs.builder()
        .file(path, config)
        .file(dir + "/vmlinuz", FakeKernels.linux("vmlinuz"))
        .file(dir + "/initrd.img", "initrd")
        .file(dir + "/menu.c32", "menu module")
        .file(dir + "/vesamenu.c32", "vesamenu module")
        .file("/vmlinuz", FakeKernels.linux("root vmlinuz"))
        .file("/initrd.img", "root initrd");
  }

  static BootSource open(byte[] disk) throws IOException {
    return TestImages.open(disk, new SyslinuxParser());
  }

  static BootSource open(byte[] disk, Limits limits) throws IOException {
    return TestImages.open(disk, limits, new SyslinuxParser());
  }

  static BootSource open(byte[] disk, BootOptions.Builder options) throws IOException {
    return TestImages.open(disk, options, new SyslinuxParser());
  }

  static BootMenu menu(byte[] disk) throws IOException {
    try (BootSource s = open(disk)) {
      return s.menu();
    }
  }

  /** The menu of {@code config} at /boot/syslinux/syslinux.cfg of {@link #fs}. */
  static BootMenu menu(String config) throws IOException {
    return menu(fs(CFG, config).build());
  }

  static String text(String config) throws IOException {
    return MenuText.render(menu(config));
  }

  static String text(byte[] disk) throws IOException {
    return MenuText.render(menu(disk));
  }

  static BootRecord boot(byte[] disk) throws IOException {
    try (BootSource s = open(disk)) {
      return s.resolveBoot();
    }
  }
}
