package org.bootlace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.bootlace.BootMenu;
import org.bootlace.BootRecord;
import org.bootlace.BootSource;
import org.bootlace.GuestFile;
import org.bootlace.testing.FakeKernels;
import org.bootlace.testing.Tools;
import org.bootlace.testing.UkiBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Unified kernel images end to end on real FAT ESPs (mkfs.vfat, mmd and mcopy, in a GPT disk made
 * by sgdisk), the images built by objcopy onto Debian's systemd-stub: an ESP holding nothing but
 * {@code EFI/Linux/*.efi} (no loader.conf, no entries, no boot manager binary), which systemd-boot
 * still boots, with a multi-profile image; and an ESP whose EFI GRUB chainloads a UKI.
 */
class UkiEspTest {
  @TempDir static Path dir;
  static Path ukiOnly;
  static Path grubChain;
  static final byte[] DEBIAN_KERNEL = FakeKernels.linux("6.12.9-amd64");
  static final byte[] ARCH_KERNEL = FakeKernels.linux("6.6.7-arch1-1");
  static final byte[] INITRD = EspOnFatTest.pattern("debian initramfs", 50_000);

  static byte[] multiProfile() {
    return UkiBuilder.create()
        .section(
            ".osrel", "ID=debian\nPRETTY_NAME=\"Debian GNU/Linux 13 (trixie)\"\nVERSION_ID=13\n")
        .section(".cmdline", "root=PARTLABEL=root ro quiet")
        .section(".uname", "6.12.9-amd64")
        .section(".ucode", "UCODE")
        .section(".linux", DEBIAN_KERNEL)
        .section(".initrd", INITRD)
        .profile("ID=regular\nTITLE=\"Regular boot\"\n")
        .profile("ID=factory-reset\nTITLE=\"Reset to factory defaults\"\n")
        .section(".cmdline", "root=PARTLABEL=root ro quiet systemd.unit=factory-reset.target")
        .build(dir);
  }

  static Path disk(String name, Path tree) throws IOException {
    Path esp = dir.resolve(name + "-esp.img");
    Tools.run(
        "mkfs.vfat",
        "-C",
        "-F",
        "32",
        "-i",
        "0e5f0001",
        "-n",
        "ESP",
        esp.toString(),
        String.valueOf(40 * 1024));
    List<Path> dirs = new ArrayList<>();
    List<Path> files = new ArrayList<>();
    try (var walk = Files.walk(tree)) {
      walk.sorted()
          .forEach(
              p -> {
                if (!p.equals(tree)) {
                  (Files.isDirectory(p) ? dirs : files).add(p);
                }
              });
    }
    for (Path d : dirs) {
      Tools.run("mmd", "-i", esp.toString(), "::/" + tree.relativize(d));
    }
    for (Path f : files) {
      Tools.run("mcopy", "-i", esp.toString(), f.toString(), "::/" + tree.relativize(f));
    }
    Path disk = Tools.sparseFile(dir.resolve(name + ".img"), 48L << 20);
    Tools.run(
        "sgdisk",
        "-o",
        "-n",
        "1:2048:+40M",
        "-t",
        "1:EF00",
        "-c",
        "1:EFI System Partition",
        "-n",
        "2:0:0",
        "-t",
        "2:8304",
        "-c",
        "2:root",
        disk.toString());
    try (FileChannel in = FileChannel.open(esp);
        FileChannel out = FileChannel.open(disk, StandardOpenOption.WRITE)) {
      long done = 0;
      while (done < in.size()) {
        done += in.transferTo(done, in.size() - done, out.position(2048L * 512 + done));
      }
    }
    return disk;
  }

  @BeforeAll
  static void images() throws IOException {
    byte[] debian = multiProfile();
    Path a = dir.resolve("a");
    Tools.write(a, "EFI/Linux/debian-6.12.9-amd64.efi", debian);
    Tools.write(
        a,
        "EFI/Linux/arch-linux.efi",
        UkiBuilder.create()
            .section(".osrel", "ID=arch\nPRETTY_NAME=\"Arch Linux\"\nBUILD_ID=rolling\n")
            .section(".cmdline", "root=PARTLABEL=root rw")
            .section(".linux", ARCH_KERNEL)
            .build(dir));
    ukiOnly = disk("uki-only", a);

    Path b = dir.resolve("b");
    Tools.write(
        b,
        "EFI/debian/grub.cfg",
        "set timeout=3\n"
            + "menuentry 'Debian (UKI)' --id debian { chainloader /EFI/Linux/debian.efi }\n"
            + "menuentry 'Debian factory reset' --id reset { chainloader /EFI/Linux/debian.efi @1 }\n");
    Tools.write(b, "EFI/Linux/debian.efi", debian);
    grubChain = disk("grub-chain", b);
  }

  private static void assertBytes(GuestFile f, byte[] expected) throws IOException {
    assertThat(f.readAllBytes()).as("content of %s", f.location()).isEqualTo(expected);
  }

  @Test
  void espHoldingOnlyUkisIsFoundAndBootsTheFirstProfile() throws IOException {
    try (BootSource s = BootSource.open(ukiOnly)) {
      BootMenu m = s.menu();
      assertThat(m.parser()).isEqualTo("systemd-boot");
      assertThat(m.config().path()).isEqualTo("/EFI/Linux/arch-linux.efi");
      BootRecord r = s.resolveBoot();
      assertThat(r.entry().orElseThrow().id()).contains("arch-linux.efi");
      assertBytes(r.kernel(), ARCH_KERNEL);
      assertThat(r.ramdisks()).isEmpty();
      assertThat(r.args()).isEqualTo("root=PARTLABEL=root rw");

      BootRecord reset = s.resolveBoot("debian-6.12.9-amd64.efi@factory-reset");
      assertThat(reset.kernel().location())
          .isEqualTo("(hd0,gpt1)/EFI/Linux/debian-6.12.9-amd64.efi:.linux");
      assertBytes(reset.kernel(), DEBIAN_KERNEL);
      assertThat(reset.ramdisks())
          .extracting(GuestFile::location)
          .containsExactly(
              "(hd0,gpt1)/EFI/Linux/debian-6.12.9-amd64.efi:.ucode",
              "(hd0,gpt1)/EFI/Linux/debian-6.12.9-amd64.efi:.initrd");
      assertBytes(reset.ramdisks().get(1), INITRD);
      assertThat(reset.args())
          .isEqualTo("root=PARTLABEL=root ro quiet systemd.unit=factory-reset.target");
    }
  }

  @Test
  void commandLineListsEveryProfileAndExtractsOne() throws IOException {
    CliRun list = CliRun.of("list", ukiOnly.toString());
    assertThat(list.exitCode()).as(list.stderr()).isZero();
    assertThat(list.out())
        .isEqualTo(
            "config   (hd0,gpt1)/EFI/Linux/arch-linux.efi (systemd-boot)\n"
                + "default  0: the first entry in systemd-boot's order\n"
                + "* 0      Arch Linux  [arch-linux.efi]  (linux)\n"
                + "  1      Debian GNU/Linux 13 (trixie) (Regular boot)  [debian-6.12.9-amd64.efi]  (linux)\n"
                + "  2      Debian GNU/Linux 13 (trixie) (Reset to factory defaults)"
                + "  [debian-6.12.9-amd64.efi@factory-reset]  (linux)\n");

    Path out = Files.createDirectories(dir.resolve("extract"));
    CliRun extract =
        CliRun.of(
            "extract",
            "--entry",
            "debian-6.12.9-amd64.efi@factory-reset",
            ukiOnly.toString(),
            "-o",
            out.toString());
    assertThat(extract.exitCode()).as(extract.stderr()).isZero();
    assertThat(Files.readAllBytes(out.resolve("kernel"))).isEqualTo(DEBIAN_KERNEL);
    byte[] ramdisk = Files.readAllBytes(out.resolve("ramdisk"));
    assertThat(new String(ramdisk, 0, 5, java.nio.charset.StandardCharsets.US_ASCII))
        .isEqualTo("UCODE");
    assertThat(ramdisk.length).isEqualTo(5 + INITRD.length);
    assertThat(Files.readString(out.resolve("cmdline")))
        .isEqualTo("root=PARTLABEL=root ro quiet systemd.unit=factory-reset.target\n");
  }

  @Test
  void efiGrubChainloadingAUkiResolvesToItsSections() throws IOException {
    CliRun resolve =
        CliRun.of("resolve", "--platform", "efi", "--entry", "reset", grubChain.toString());
    assertThat(resolve.exitCode()).as(resolve.stderr()).isZero();
    String uki = "(hd0,gpt1)/EFI/Linux/debian.efi";
    assertThat(resolve.out())
        .isEqualTo(
            "kind     linux\n"
                + "kernel   "
                + uki
                + ":.linux (1024 bytes)\n"
                + "ramdisk  "
                + uki
                + ":.ucode (5 bytes)\n"
                + "ramdisk  "
                + uki
                + ":.initrd (50000 bytes)\n"
                + "args     root=PARTLABEL=root ro quiet systemd.unit=factory-reset.target\n"
                + "entry    1 'Debian factory reset' (/EFI/debian/grub.cfg:3)\n"
                + "config   (hd0,gpt1)/EFI/debian/grub.cfg (grub2)\n"
                + "volume   raw, gpt partition 1 (type c12a7328-f81f-11d2-ba4b-00a0c93ec93b, offset 1048576),"
                + " fat32 UUID=0E5F-0001 LABEL=ESP\n");

    // GRUB for Xen has no chainloader: the same image does not boot on the default platform.
    CliRun xen = CliRun.of("resolve", grubChain.toString());
    assertThat(xen.exitCode()).isNotZero();
    assertThat(xen.stderr())
        .isEqualTo(
            "bootlace: (hd0,gpt1)/EFI/debian/grub.cfg: entry 0 'Debian (UKI)' loads no"
                + " kernel: /EFI/debian/grub.cfg:2: error: can't find command `chainloader'\n");
  }
}
