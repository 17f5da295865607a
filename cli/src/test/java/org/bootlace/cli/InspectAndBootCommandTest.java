package org.bootlace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.bootlace.testing.FakeKernels;
import org.bootlace.testing.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code inspect} and {@code boot --dry-run} on an ext4 image with a bzImage-shaped kernel. */
class InspectAndBootCommandTest {
  @TempDir Path tmp;

  private Path image() {
    Path root = tmp.resolve("root");
    Tools.write(
        root,
        "boot/grub/menu.lst",
        "default 0\ntitle Test\nroot (hd0)\nkernel /boot/vmlinuz root=/dev/vda ro\n");
    // The fake kernel's first sector, in a file as long as its setup code says, with
    // kernel_version pointing at the name it carries at the end of the first KiB.
    String name = "6.1.0-test (t@t) #1";
    byte[] kernel = java.util.Arrays.copyOf(FakeKernels.linux(name), 4096);
    int pointer = 0x400 - name.length() - 0x200;
    kernel[0x20e] = (byte) pointer;
    kernel[0x20f] = (byte) (pointer >> 8);
    Tools.write(root, "boot/vmlinuz", kernel);
    Tools.write(
        root,
        "etc/os-release",
        "ID=debian\nVERSION_ID=\"12\"\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n");
    Path img = tmp.resolve("t.img");
    Tools.run("mkfs.ext4", "-q", "-F", "-d", root.toString(), img.toString(), "8M");
    return img;
  }

  @Test
  void inspectPrintsTheOsAndTheKernel() {
    CliRun r = CliRun.of("inspect", image().toString());
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    assertThat(r.out())
        .contains(
            "os.root_from: root=/dev/vda\n",
            "os.id: debian\n",
            "os.pretty_name: Debian GNU/Linux 12 (bookworm)\n",
            "kernel.format: bzimage\n",
            "kernel.version: 6.1.0-test\n",
            "kernel.boot_protocol: 2.10\n",
            "kernel.boots_as.hvm_direct: x86 boot protocol 2.10 setup header (HdrS)\n",
            "warnings: /lib/modules/6.1.0-test is missing on (hd0) ext4 on t.img[raw]: the guest will boot without its kernel modules\n");
  }

  @Test
  void inspectJson() {
    CliRun r = CliRun.of("inspect", "--json", image().toString());
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    assertThat(r.out())
        .contains(
            "\"version_id\": \"12\"", "\"modules_present\": false", "\"format\": \"bzimage\"");
  }

  @Test
  void bootDryRunPrintsTheQemuCommandLine() {
    Path img = image();
    CliRun r = CliRun.of("boot", "--dry-run", "--accel", "tcg", img.toString(), "--", "-smp", "2");
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    assertThat(r.out())
        .isEqualTo(
            "qemu-system-x86_64 -nodefaults -no-user-config -display none -no-reboot"
                + " -accel tcg -m 512 -serial stdio -monitor none -kernel <kernel> -append 'root=/dev/vda ro'"
                + " -drive file="
                + img
                + ",format=raw,if=virtio,media=disk,snapshot=on -smp 2\n");
  }
}
