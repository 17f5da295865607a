package org.bootlace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bootlace.testing.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bootlace pygrub} on guests kept as qcow2, VHD and VMDK (made by qemu-img from raw disks):
 * the same output and the same kernel and ramdisk bytes as on the raw disk, where Xen's pygrub can
 * read the raw disk, as Xen's pygrub prints for it.
 */
class ImageFormatsPygrubTest {
  static final Path SAMPLE = Path.of("..", "examples", "sample", "sample.img");
  private static final Pattern TEMP = Pattern.compile("boot_(kernel|ramdisk)\\.[a-zA-Z0-9_]{8}");

  @TempDir Path dir;

  record Outcome(int exitCode, String output, List<byte[]> files, String stderr) {}

  private Outcome bootlace(String... args) throws IOException {
    Path out = Files.createDirectories(dir.resolve("out-" + System.nanoTime()));
    List<String> cmd = new ArrayList<>(List.of("pygrub", "--output-directory=" + out));
    cmd.addAll(List.of(args));
    CliRun r = CliRun.of(cmd.toArray(String[]::new));
    return outcome(r.exitCode(), r.out(), out, r.stderr());
  }

  private Outcome xenPygrub(String... args) throws IOException {
    Path out = Files.createDirectories(dir.resolve("xen-" + System.nanoTime()));
    List<String> cmd =
        new ArrayList<>(List.of(PygrubCompatibilityTest.PYGRUB, "--output-directory=" + out));
    cmd.addAll(List.of(args));
    Tools.Result r = Tools.exec(null, cmd.toArray(String[]::new));
    return outcome(
        r.exitCode(),
        new String(r.stdout().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8),
        out,
        r.stderr());
  }

  private static Outcome outcome(int code, String text, Path out, String err) throws IOException {
    List<byte[]> files = new ArrayList<>();
    Matcher m = TEMP.matcher(text);
    while (m.find()) {
      files.add(Files.readAllBytes(out.resolve(m.group())));
    }
    return new Outcome(
        code,
        TEMP.matcher(text).replaceAll("boot_$1.XXXXXXXX").replace(out.toString(), "OUT"),
        files,
        err);
  }

  private static void assertSameBoot(Outcome ours, Outcome reference) {
    assertThat(ours.exitCode()).as("bootlace exit; stderr: %s", ours.stderr()).isZero();
    assertThat(reference.exitCode()).as("reference exit; stderr: %s", reference.stderr()).isZero();
    assertThat(ours.output()).isEqualTo(reference.output());
    assertThat(ours.files()).hasSize(reference.files().size()).isNotEmpty();
    for (int i = 0; i < ours.files().size(); i++) {
      assertThat(ours.files().get(i)).isEqualTo(reference.files().get(i));
    }
  }

  private Path convert(Path raw, String name, String format, String... options) {
    Path out = dir.resolve(name);
    List<String> cmd = new ArrayList<>(List.of("qemu-img", "convert", "-f", "raw", "-O", format));
    cmd.addAll(List.of(options));
    cmd.addAll(List.of(raw.toString(), out.toString()));
    Tools.run(cmd.toArray(String[]::new));
    return out;
  }

  @Test
  void sampleGuestAsCompressedQcow2BootsAsXenPygrubBootsTheRawDisk() throws IOException {
    Path qcow2 = convert(SAMPLE, "sample.qcow2", "qcow2", "-c");
    assertSameBoot(
        bootlace("-q", "--output-format=simple", qcow2.toString()),
        xenPygrub("-q", "--output-format=simple", SAMPLE.toString()));
    assertSameBoot(bootlace("-q", qcow2.toString()), xenPygrub("-q", SAMPLE.toString()));
  }

  @Test
  void rhelShapedGrub2GuestAsVhd() throws IOException {
    Path boot = dir.resolve("rhel-boot");
    String kver = "5.14.0-362.8.1.el9_3.x86_64";
    Tools.write(
        boot,
        "grub2/grub.cfg",
        "set default=\"0\"\nset timeout=5\n"
            + "menuentry 'Red Hat Enterprise Linux ("
            + kver
            + ") 9.3 (Plow)' --class red --class gnu-linux {\n"
            + "  insmod ext2\n  set root='hd0,msdos1'\n"
            + "  linux /vmlinuz-"
            + kver
            + " root=/dev/mapper/rhel-root ro crashkernel=1G-4G:192M rd.lvm.lv=rhel/root\n"
            + "  initrd /initramfs-"
            + kver
            + ".img\n}\n");
    Tools.write(boot, "vmlinuz-" + kver, Fixtures.pattern("rhel kernel", 180_000));
    Tools.write(boot, "initramfs-" + kver + ".img", Fixtures.pattern("rhel initramfs", 90_000));
    Path raw = disk(boot, "rhel.raw");
    Path vhd = convert(raw, "rhel.vhd", "vpc", "-o", "subformat=dynamic");
    Outcome ours = bootlace("-q", "--output-format=simple", vhd.toString());
    assertSameBoot(ours, bootlace("-q", "--output-format=simple", raw.toString()));
    assertThat(ours.output())
        .contains("args root=/dev/mapper/rhel-root ro crashkernel=1G-4G:192M rd.lvm.lv=rhel/root");
    assertThat(ours.files().get(0)).isEqualTo(Fixtures.pattern("rhel kernel", 180_000));
  }

  @Test
  void ubuntuShapedGrub2GuestAsVmdk() throws IOException {
    Path root = dir.resolve("ubuntu-root");
    String kver = "6.8.0-31-generic";
    Tools.write(
        root,
        "boot/grub/grub.cfg",
        "if [ -s $prefix/grubenv ]; then\n  load_env\nfi\nset default=\"0\"\n"
            + "menuentry 'Ubuntu' --class ubuntu --class gnu-linux --class gnu --class os {\n"
            + "  linux /boot/vmlinuz-"
            + kver
            + " root=UUID=0d3c6d6c-3ad9-4a8e-9d1e-3f7c0ad5e0a1 ro quiet splash\n"
            + "  initrd /boot/initrd.img-"
            + kver
            + "\n}\n"
            + "submenu 'Advanced options for Ubuntu' {\n"
            + "  menuentry 'Ubuntu, with Linux "
            + kver
            + " (recovery mode)' {\n"
            + "    linux /boot/vmlinuz-"
            + kver
            + " root=UUID=0d3c6d6c-3ad9-4a8e-9d1e-3f7c0ad5e0a1 ro recovery nomodeset\n"
            + "  }\n}\n");
    Tools.write(root, "boot/vmlinuz-" + kver, Fixtures.pattern("ubuntu kernel", 150_000));
    Tools.write(root, "boot/initrd.img-" + kver, Fixtures.pattern("ubuntu initrd", 70_000));
    Path raw = disk(root, "ubuntu.raw");
    Path vmdk = convert(raw, "ubuntu.vmdk", "vmdk", "-o", "subformat=streamOptimized");
    Outcome ours = bootlace("-q", "--output-format=simple", vmdk.toString());
    assertSameBoot(ours, bootlace("-q", "--output-format=simple", raw.toString()));
    assertThat(ours.output())
        .contains("args root=UUID=0d3c6d6c-3ad9-4a8e-9d1e-3f7c0ad5e0a1 ro quiet splash");
  }

  @Test
  void backingFilesAreFollowedOnlyInsideAllowedDirectories() throws IOException {
    Path base = Files.copy(SAMPLE, dir.resolve("base.img"));
    Path top = dir.resolve("top.qcow2");
    Tools.run(
        "qemu-img", "create", "-q", "-f", "qcow2", "-b", "base.img", "-F", "raw", top.toString());
    Outcome refused = bootlace("-q", top.toString());
    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.stderr())
        .contains(
            "top.qcow2: backing file 'base.img' refused: no directory is allowed for files an image names"
                + " (BootOptions.allowBackingDir, --allow-backing-dir)");
    assertSameBoot(
        bootlace("-q", "--allow-backing-dir=" + dir, top.toString()),
        bootlace("-q", base.toString()));
    CliRun resolve = CliRun.of("resolve", "--allow-backing-dir", dir.toString(), top.toString());
    assertThat(resolve.exitCode()).isZero();
    assertThat(resolve.out()).contains("volume   qcow2, msdos partition 1");
  }

  /** An MBR disk whose active partition 1 (1 MiB in) is ext4 holding {@code tree}. */
  private Path disk(Path tree, String name) {
    Path fs = dir.resolve(name + ".fs");
    Tools.run("mkfs.ext4", "-q", "-F", "-d", tree.toString(), fs.toString(), "8M");
    Path img = Tools.sparseFile(dir.resolve(name), 10 << 20);
    Tools.runWithInput(
        "label: dos\nstart=2048, size=16384, type=83, bootable\n", "sfdisk", "-q", img.toString());
    Tools.run("dd", "if=" + fs, "of=" + img, "bs=512", "seek=2048", "conv=notrunc", "status=none");
    return img;
  }
}
