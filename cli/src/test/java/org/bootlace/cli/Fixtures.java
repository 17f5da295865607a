package org.bootlace.cli;

import java.nio.file.Path;
import org.bootlace.testing.Tools;

/** Guest images the CLI tests boot, built with the real tools. */
final class Fixtures {
  private Fixtures() {}

  /** The classic pygrub case: a bare ext3 filesystem (no partition table) with a menu.lst. */
  static final String SEED_MENU =
      "default     0\n"
          + "timeout     5\n"
          + "\n"
          + "title       Xen 3.2-1-i386 / Debian GNU/Linux, kernel 2.6.18-4-xen\n"
          + "root        (hd0,0)\n"
          + "kernel      /boot/vmlinuz-2.6.25-2-xen-686 root=/dev/xvda1 ro console=hvc0\n"
          + "initrd      /boot/initrd.img-2.6.25-2-xen-686\n";

  static Path seedImage(Path dir) {
    Path root = dir.resolve("seed-root");
    Tools.write(root, "boot/grub/menu.lst", SEED_MENU);
    Tools.write(root, "boot/vmlinuz-2.6.25-2-xen-686", pattern("kernel", 300_000));
    Tools.write(root, "boot/initrd.img-2.6.25-2-xen-686", pattern("initrd", 120_000));
    Path img = dir.resolve("seed.img");
    Tools.run("mkfs.ext3", "-q", "-F", "-d", root.toString(), img.toString(), "8M");
    return img;
  }

  /**
   * An MBR disk: partition 1 is swap-like filler, partition 2 (active) is ext4 with a /boot holding
   * a two-entry menu.lst, partition 5 is a logical ext2 partition.
   */
  static Path mbrImage(Path dir) {
    Path boot = dir.resolve("mbr-root");
    Tools.write(
        boot,
        "boot/grub/menu.lst",
        "default 1\ntimeout 3\n\n"
            + "title First\nroot (hd0,1)\nkernel /boot/vmlinuz-a root=/dev/xvda2 ro\ninitrd /boot/initrd-a\n\n"
            + "title Second 'quoted' entry\nroot (hd0,1)\nkernel /boot/vmlinuz-b root=/dev/xvda2 ro quiet\n");
    Tools.write(boot, "boot/vmlinuz-a", pattern("kernel-a", 70_000));
    Tools.write(boot, "boot/initrd-a", pattern("initrd-a", 50_000));
    Tools.write(boot, "boot/vmlinuz-b", pattern("kernel-b", 90_000));
    Path p2 = dir.resolve("p2.img");
    Tools.run("mkfs.ext4", "-q", "-F", "-d", boot.toString(), p2.toString(), "6M");
    Path img = Tools.sparseFile(dir.resolve("mbr.img"), 16 * 1024 * 1024);
    Tools.runWithInput(
        "label: dos\n"
            + "start=2048, size=2048, type=82\n"
            + "start=4096, size=12288, type=83, bootable\n"
            + "start=16384, size=14336, type=5\n"
            + "start=18432, size=8192, type=83\n",
        "sfdisk",
        "-q",
        img.toString());
    Tools.run("dd", "if=" + p2, "of=" + img, "bs=512", "seek=4096", "conv=notrunc", "status=none");
    return img;
  }

  /** Recognizable, non-repeating content so a wrong offset cannot pass unnoticed. */
  static byte[] pattern(String label, int size) {
    byte[] b = new byte[size];
    byte[] l = label.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    for (int i = 0; i < size; i++) {
      b[i] = (byte) (i < l.length ? l[i] : (i * 31 + (i >>> 8) * 7) & 0xff);
    }
    return b;
  }
}
