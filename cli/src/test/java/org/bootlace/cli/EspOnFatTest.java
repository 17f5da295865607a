package org.bootlace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * systemd-boot end to end on a real FAT ESP: a GPT disk (sgdisk) whose EFI system partition is made
 * by mkfs.vfat and filled with mmd and mcopy, laid out as {@code bootctl install} and
 * kernel-install lay it out (systemd-boot's binary, loader.conf with a {@code default} glob, Type 1
 * entries under a machine-id with boot counting, unified kernel images in EFI/Linux built by
 * objcopy on Debian's systemd-boot stub), found by the discovered drivers and resolved through
 * BootSource and the command line.
 */
class EspOnFatTest {
  static final Path EFI_DIR = Path.of("/usr/lib/systemd/boot/efi");
  static final String MID = "4c3a6d8e9f0b41d2a7e5c6b8d9f0a1b2";
  static final String OPTIONS = "root=UUID=0b7e3c52-2a43-4c8e-9a0e-5f7c1d2e3a4b ro quiet";
  static final String ARCH_CMDLINE = "root=PARTLABEL=root rw console=ttyS0";

  @TempDir static Path dir;
  static Path disk;
  static byte[] kernel18 = FakeKernels.linux("6.1.0-18-amd64");
  static byte[] kernel17 = FakeKernels.linux("6.1.0-17-amd64");
  static byte[] kernel16 = FakeKernels.linux("6.1.0-16-amd64");
  static byte[] ucode = pattern("intel-ucode", 20_000);
  static byte[] initrd18 = pattern("initrd 6.1.0-18", 300_000);
  static byte[] archKernel = FakeKernels.linux("6.6.7-arch1-1");
  static byte[] archInitrd = pattern("arch initramfs", 200_000);

  static byte[] pattern(String text, int size) {
    byte[] unit = (text + "\n").getBytes(StandardCharsets.US_ASCII);
    byte[] out = new byte[size];
    for (int i = 0; i < size; i++) {
      out[i] = unit[i % unit.length];
    }
    return out;
  }

  /** A unified kernel image: objcopy --add-section onto the stub systemd-boot-efi ships. */
  static byte[] uki(String osrel, String cmdline, String uname, byte[] linux, byte[] initrd)
      throws IOException {
    Path stub = EFI_DIR.resolve("linuxx64.efi.stub");
    if (!Files.isRegularFile(stub)) {
      throw new AssertionError(stub + " is missing: install systemd-boot-efi");
    }
    Path work = Files.createTempDirectory(dir, "uki");
    List<String> cmd = new ArrayList<>(List.of("objcopy"));
    Object[][] sections = {
      {".osrel", osrel.getBytes(StandardCharsets.UTF_8), "0x20000"},
      {".cmdline", cmdline.getBytes(StandardCharsets.UTF_8), "0x30000"},
      {".uname", uname.getBytes(StandardCharsets.UTF_8), "0x40000"},
      {".linux", linux, "0x2000000"},
      {".initrd", initrd, "0x8000000"},
    };
    for (Object[] s : sections) {
      Path f = Files.write(work.resolve(((String) s[0]).substring(1)), (byte[]) s[1]);
      cmd.addAll(
          List.of("--add-section", s[0] + "=" + f, "--change-section-vma", s[0] + "=" + s[2]));
    }
    Path out = work.resolve("uki.efi");
    cmd.add(stub.toString());
    cmd.add(out.toString());
    Tools.run(cmd.toArray(String[]::new));
    return Files.readAllBytes(out);
  }

  @BeforeAll
  static void image() throws IOException {
    Path tree = dir.resolve("esp");
    byte[] sdboot = Files.readAllBytes(EFI_DIR.resolve("systemd-bootx64.efi"));
    Tools.write(tree, "EFI/systemd/systemd-bootx64.efi", sdboot);
    Tools.write(tree, "EFI/BOOT/BOOTX64.EFI", sdboot);
    Tools.write(tree, "loader/loader.conf", "timeout 4\neditor no\ndefault " + MID + "-*\n");
    Tools.write(tree, "loader/random-seed", pattern("seed", 32));
    Tools.write(tree, "loader/entries.srel", "type1\n");
    String[][] debian = {
      {"6.1.0-18-amd64", "+2-1"}, {"6.1.0-17-amd64", "+0-3"}, {"6.1.0-16-amd64", ""},
    };
    byte[][] kernels = {kernel18, kernel17, kernel16};
    for (int i = 0; i < debian.length; i++) {
      String v = debian[i][0];
      StringBuilder entry =
          new StringBuilder()
              .append("# Boot Loader Specification type#1 entry\n")
              .append("title      Debian GNU/Linux 12 (bookworm)\n")
              .append("version    ")
              .append(v)
              .append('\n')
              .append("machine-id ")
              .append(MID)
              .append('\n')
              .append("sort-key   debian\n")
              .append("options    ")
              .append(OPTIONS)
              .append('\n')
              .append("linux      /")
              .append(MID)
              .append('/')
              .append(v)
              .append("/linux\n");
      if (i == 0) {
        entry.append("initrd     /").append(MID).append('/').append(v).append("/intel-ucode.img\n");
      }
      entry
          .append("initrd     /")
          .append(MID)
          .append('/')
          .append(v)
          .append("/initrd.img-")
          .append(v)
          .append('\n');
      Tools.write(
          tree, "loader/entries/" + MID + "-" + v + debian[i][1] + ".conf", entry.toString());
      Tools.write(tree, MID + "/" + v + "/linux", kernels[i]);
      if (i == 0) {
        Tools.write(tree, MID + "/" + v + "/intel-ucode.img", ucode);
      }
      Tools.write(
          tree,
          MID + "/" + v + "/initrd.img-" + v,
          i == 0 ? initrd18 : pattern("initrd " + v, 1000));
    }
    Tools.write(
        tree,
        "EFI/Linux/arch-linux.efi",
        uki(
            "NAME=\"Arch Linux\"\nID=arch\nPRETTY_NAME=\"Arch Linux\"\nBUILD_ID=rolling\n",
            ARCH_CMDLINE,
            "6.6.7-arch1-1",
            archKernel,
            archInitrd));
    Tools.write(
        tree,
        "EFI/Linux/fedora-6.5.6-300.fc39.x86_64+1-0.efi",
        uki(
            "NAME=\"Fedora Linux\"\nID=fedora\nVERSION_ID=39\nPRETTY_NAME=\"Fedora Linux 39\"\n",
            "root=LABEL=fedora ro rhgb",
            "6.5.6-300.fc39.x86_64",
            FakeKernels.linux("6.5.6-300.fc39.x86_64"),
            pattern("fedora initramfs", 5000)));

    // The ESP as mkfs.vfat makes it (FAT32, fixed volume id), filled directory by directory with
    // mmd and file by file with mcopy, then put into the GPT disk's first partition.
    Path esp = dir.resolve("esp.img");
    Tools.run(
        "mkfs.vfat",
        "-C",
        "-F",
        "32",
        "-i",
        "5a1e0c4d",
        "-n",
        "ESP",
        esp.toString(),
        String.valueOf(48 * 1024));
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
      Tools.run("mmd", "-i", esp.toString(), "::/" + tree.relativize(d).toString());
    }
    for (Path f : files) {
      Tools.run("mcopy", "-i", esp.toString(), f.toString(), "::/" + tree.relativize(f).toString());
    }
    disk = Tools.sparseFile(dir.resolve("disk.img"), 64L << 20);
    Tools.run(
        "sgdisk",
        "-o",
        "-n",
        "1:2048:+48M",
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
      long at = 2048L * 512;
      long done = 0;
      while (done < in.size()) {
        done += in.transferTo(done, in.size() - done, out.position(at + done));
      }
    }
  }

  private static void assertBytes(GuestFile f, byte[] expected) throws IOException {
    assertThat(f.size()).isEqualTo(expected.length);
    assertThat(f.readAllBytes()).as("content of %s", f.location()).isEqualTo(expected);
  }

  private static String type1(String version) {
    return MID + "-" + version + ".conf";
  }

  @Test
  void menuIsInSystemdBootsOrderAndTheGlobChoosesTheNewestDebianKernel() throws IOException {
    try (BootSource s = BootSource.open(disk)) {
      BootMenu m = s.menu();
      assertThat(m.parser()).isEqualTo("systemd-boot");
      assertThat(m.config().volume().grubDevice()).isEqualTo("hd0,gpt1");
      assertThat(m.config().path()).isEqualTo("/loader/loader.conf");
      assertThat(m.timeoutSeconds()).contains(4);
      // Entries with no tries left last; then sort-key (arch < debian < fedora), machine-id,
      // newest version first.
      assertThat(m.entries())
          .extracting(e -> e.id().orElseThrow())
          .containsExactly(
              "arch-linux.efi",
              type1("6.1.0-18-amd64"),
              type1("6.1.0-16-amd64"),
              "fedora-6.5.6-300.fc39.x86_64.efi",
              type1("6.1.0-17-amd64"));
      assertThat(m.defaultMenuEntry().orElseThrow().id()).contains(type1("6.1.0-18-amd64"));
    }
  }

  @Test
  void typeOneEntryResolvesToItsKernelBothInitrdsAndOptions() throws IOException {
    try (BootSource s = BootSource.open(disk)) {
      BootRecord r = s.resolveBoot();
      String base = "(hd0,gpt1)/" + MID + "/6.1.0-18-amd64/";
      assertThat(r.kernel().location()).isEqualTo(base + "linux");
      assertBytes(r.kernel(), kernel18);
      assertThat(r.ramdisks())
          .extracting(GuestFile::location)
          .containsExactly(base + "intel-ucode.img", base + "initrd.img-6.1.0-18-amd64");
      assertBytes(r.ramdisks().get(0), ucode);
      assertBytes(r.ramdisks().get(1), initrd18);
      assertThat(r.args()).isEqualTo(OPTIONS);

      BootRecord exhausted = s.resolveBoot(type1("6.1.0-17-amd64"));
      assertBytes(exhausted.kernel(), kernel17);
    }
  }

  @Test
  void ukiResolvesToItsSections() throws IOException {
    try (BootSource s = BootSource.open(disk)) {
      BootRecord r = s.resolveBoot("arch-linux.efi");
      assertThat(r.kernel().location()).isEqualTo("(hd0,gpt1)/EFI/Linux/arch-linux.efi:.linux");
      assertBytes(r.kernel(), archKernel);
      assertThat(r.ramdisks()).hasSize(1);
      assertBytes(r.ramdisks().get(0), archInitrd);
      assertThat(r.args()).isEqualTo(ARCH_CMDLINE);
    }
  }

  @Test
  void commandLineResolvesTheDefaultAndAUki() throws IOException {
    CliRun list = CliRun.of("list", disk.toString());
    assertThat(list.exitCode()).as(list.stderr()).isZero();
    assertThat(list.out())
        .isEqualTo(
            "config   (hd0,gpt1)/loader/loader.conf (systemd-boot)\n"
                + "default  1: \"default "
                + MID
                + "-*\" at /loader/loader.conf:3\n"
                + "timeout  4\n"
                + "  0      Arch Linux  [arch-linux.efi]  (linux)\n"
                + "* 1      Debian GNU/Linux 12 (bookworm)  ["
                + type1("6.1.0-18-amd64")
                + "]  (linux)\n"
                + "  2      Debian GNU/Linux 12 (bookworm)  ["
                + type1("6.1.0-16-amd64")
                + "]  (linux)\n"
                + "  3      Fedora Linux 39  [fedora-6.5.6-300.fc39.x86_64.efi]  (linux)\n"
                + "  4      Debian GNU/Linux 12 (bookworm)  ["
                + type1("6.1.0-17-amd64")
                + "]  (linux)\n");

    CliRun resolve = CliRun.of("resolve", disk.toString());
    assertThat(resolve.exitCode()).as(resolve.stderr()).isZero();
    String base = "(hd0,gpt1)/" + MID + "/6.1.0-18-amd64/";
    String uuid =
        Tools.run(
                "blkid",
                "-p",
                "-O",
                String.valueOf(2048 * 512),
                "-s",
                "UUID",
                "-o",
                "value",
                disk.toString())
            .trim();
    assertThat(uuid).isEqualTo("5A1E-0C4D");
    assertThat(resolve.out())
        .isEqualTo(
            "kind     linux\n"
                + "kernel   "
                + base
                + "linux (1024 bytes)\n"
                + "ramdisk  "
                + base
                + "intel-ucode.img (20000 bytes)\n"
                + "ramdisk  "
                + base
                + "initrd.img-6.1.0-18-amd64 (300000 bytes)\n"
                + "args     "
                + OPTIONS
                + "\n"
                + "entry    1 'Debian GNU/Linux 12 (bookworm)' ((hd0,gpt1)/loader/entries/"
                + MID
                + "-6.1.0-18-amd64+2-1.conf:1)\n"
                + "config   (hd0,gpt1)/loader/loader.conf (systemd-boot)\n"
                + "volume   raw, gpt partition 1 (type c12a7328-f81f-11d2-ba4b-00a0c93ec93b, offset 1048576), fat32 UUID="
                + uuid
                + " LABEL=ESP\n");

    Path out = Files.createDirectories(dir.resolve("extract"));
    CliRun extract =
        CliRun.of("extract", "--entry", "arch-linux.efi", disk.toString(), "-o", out.toString());
    assertThat(extract.exitCode()).as(extract.stderr()).isZero();
    assertThat(Files.readAllBytes(out.resolve("kernel"))).isEqualTo(archKernel);
    assertThat(Files.readAllBytes(out.resolve("ramdisk"))).isEqualTo(archInitrd);
    assertThat(Files.readString(out.resolve("cmdline"))).isEqualTo(ARCH_CMDLINE + "\n");
  }
}
