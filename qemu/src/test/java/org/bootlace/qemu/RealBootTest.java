package org.bootlace.qemu;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;
import org.bootlace.BootRecord;
import org.bootlace.BootSource;
import org.bootlace.testing.DebianPackages;
import org.bootlace.testing.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Boots for real: an ext4 image (mkfs.ext4 -d) with Debian's cloud kernel, a GRUB legacy menu and
 * an initramfs (cpio -H newc) whose /init is static busybox printing /proc/cmdline and the kernel
 * release on the serial console, then powering off. bootlace resolves it, QEMU boots it (TCG when
 * KVM is not usable), and what the kernel saw is compared with the BootRecord.
 */
class RealBootTest {
  @TempDir Path tmp;

  @Test
  @Timeout(240)
  void kernelSeesTheArgumentsBootlaceResolved() throws Exception {
    String pkg =
        DebianPackages.dependency("linux-image-cloud-amd64", "linux-image-[^\\s]+-cloud-amd64");
    Path boot = DebianPackages.unpacked(pkg).resolve("boot");
    Path vmlinuz;
    try (var files = Files.list(boot)) {
      vmlinuz =
          files
              .filter(p -> p.getFileName().toString().startsWith("vmlinuz-"))
              .findFirst()
              .orElseThrow();
    }
    String release = vmlinuz.getFileName().toString().substring("vmlinuz-".length());
    Path busybox = Path.of("/bin/busybox");
    assertThat(busybox).as("install busybox-static").exists();

    Path initramfs = Files.createDirectories(tmp.resolve("initramfs"));
    Files.createDirectories(initramfs.resolve("bin"));
    Files.copy(busybox, initramfs.resolve("bin/busybox"));
    Path init =
        Tools.write(
            initramfs,
            "init",
            "#!/bin/busybox sh\n"
                + "/bin/busybox mkdir -p /proc\n"
                + "/bin/busybox mount -t proc proc /proc\n"
                + "echo \"BOOTLACE-CMDLINE: $(/bin/busybox cat /proc/cmdline)\"\n"
                + "echo \"BOOTLACE-RELEASE: $(/bin/busybox uname -r)\"\n"
                + "/bin/busybox poweroff -f\n");
    Files.setPosixFilePermissions(init, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setPosixFilePermissions(
        initramfs.resolve("bin/busybox"), PosixFilePermissions.fromString("rwxr-xr-x"));

    Path tree = Files.createDirectories(tmp.resolve("root"));
    Files.createDirectories(tree.resolve("boot/grub"));
    Tools.run(
        "sh",
        "-c",
        "cd '"
            + initramfs
            + "' && find . | cpio -o -H newc --quiet > '"
            + tree.resolve("boot/initrd.img-" + release)
            + "'");
    Files.copy(vmlinuz, tree.resolve("boot/vmlinuz-" + release));
    Tools.write(
        tree,
        "boot/grub/menu.lst",
        "default 0\ntimeout 0\ntitle Debian\nroot (hd0)\n"
            + "kernel /boot/vmlinuz-"
            + release
            + " console=ttyS0 panic=-1 quiet bootlace.test=\"a b\"\n"
            + "initrd /boot/initrd.img-"
            + release
            + "\n");
    Path img = tmp.resolve("disk.img");
    Tools.run("mkfs.ext4", "-q", "-F", "-d", tree.toString(), img.toString(), "64M");

    try (BootSource source = BootSource.open(img)) {
      BootRecord r = source.resolveBoot();
      QemuBoot qemu =
          QemuBoot.builder(r, img, source.imageFormat()).memoryMiB(256).kvm(false).build();
      assertThat(qemu.command())
          .contains(
              "-no-reboot",
              "tcg",
              "-kernel",
              "<kernel>",
              "-initrd",
              "<initrd>",
              "-append",
              r.args(),
              "-drive",
              "file=" + img + ",format=raw,if=virtio,media=disk,snapshot=on");
      try (QemuVm vm = qemu.start()) {
        String cmdline =
            vm.awaitLine(Pattern.compile("^BOOTLACE-CMDLINE: "), Duration.ofSeconds(180));
        String seen = vm.awaitLine(Pattern.compile("^BOOTLACE-RELEASE: "), Duration.ofSeconds(30));
        assertThat(cmdline.substring("BOOTLACE-CMDLINE: ".length()).strip()).isEqualTo(r.args());
        assertThat(seen).isEqualTo("BOOTLACE-RELEASE: " + release);
        assertThat(vm.waitFor(Duration.ofSeconds(60))).isZero();
      }
      assertThat(Optional.of(r.args()))
          .contains("console=ttyS0 panic=-1 quiet bootlace.test=\"a b\"");
    }
  }
}
