package org.bootlace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bootlace.BootRecord;
import org.bootlace.BootSource;
import org.bootlace.Volume;
import org.bootlace.testing.Tools;
import org.bootlace.volume.testing.Ext4;
import org.bootlace.volume.testing.LvmTool;
import org.bootlace.volume.testing.LvmTool.Pv;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole RHEL-8-shaped guest disk, every part made by the real tools, booted through {@code
 * pygrub}: GPT (sgdisk) with a BIOS boot partition; an EFI system partition (mkfs.vfat, mcopy)
 * whose {@code EFI/redhat/grub.cfg} finds /boot with {@code search --fs-uuid} and hands over with
 * {@code configfile}; /boot on XFS v5 (mkfs.xfs -p) with {@code blscfg}, BLS entries whose options
 * are {@code $kernelopts $tuned_params} and a grubenv made by grub-editenv naming the saved entry;
 * and the root filesystem (mkfs.ext4 -d) in the logical volume {@code root} of a volume group on
 * the last partition (pvcreate, vgcreate, lvcreate on a loop device, without device-mapper).
 */
class RhelGuestTest {
  private static final long MIB = 1 << 20;
  private static final String ROOT_UUID = "6d3c1f0a-8b2e-4c7d-9a51-0e4f2b7c9d13";
  private static final String TUNED_PARAMS = "skew_tick=1 nohz=on";
  private static final String OLD = RhelXfsBootTest.OLD;
  private static final byte[] OLD_KERNEL = RhelXfsBootTest.OLD_KERNEL;
  private static final String OLD_INITRD = "initramfs " + OLD;

  @TempDir static Path dir;
  static Path disk;
  static String vg;
  static String kernelopts;

  @BeforeAll
  static void build() throws IOException {
    vg = LvmTool.uniqueName("rhel");
    kernelopts =
        "root=/dev/mapper/"
            + vg
            + "-root ro crashkernel=auto resume=/dev/mapper/"
            + vg
            + "-swap"
            + " rd.lvm.lv="
            + vg
            + "/root rd.lvm.lv="
            + vg
            + "/swap rhgb quiet";

    // GPT: BIOS boot at 1 MiB, the ESP at 2 MiB, /boot at 18 MiB, the LVM PV at 50 MiB.
    disk = Tools.sparseFile(dir.resolve("rhel8.img"), 76 * MIB);
    Tools.run(
        "sgdisk",
        "-o",
        "-n",
        "1:2048:+1M",
        "-t",
        "1:EF02",
        "-c",
        "1:biosboot",
        "-n",
        "2:4096:+16M",
        "-t",
        "2:EF00",
        "-c",
        "2:EFI System Partition",
        "-n",
        "3:36864:+32M",
        "-t",
        "3:8300",
        "-c",
        "3:boot",
        "-n",
        "4:102400:+24M",
        "-t",
        "4:8E00",
        "-c",
        "4:lvm",
        disk.toString());

    // The ESP: shim's fallback directory and the vendor directory whose grub.cfg redirects.
    Path esp = dir.resolve("esp.img");
    Tools.run("mkfs.vfat", "-C", "-F", "16", esp.toString(), Long.toString(16 * 1024));
    Path espTree = dir.resolve("esp");
    Tools.write(espTree, "EFI/BOOT/BOOTX64.EFI", "not a real shim");
    Tools.write(
        espTree,
        "EFI/redhat/grub.cfg",
        "search --no-floppy --fs-uuid --set=root "
            + RhelXfsBootTest.BOOT_UUID
            + "\nset prefix=($root)/grub2\nexport prefix\nconfigfile ($root)/grub2/grub.cfg\n");
    Tools.run("mcopy", "-s", "-i", esp.toString(), espTree.resolve("EFI").toString(), "::/");
    Tools.patch(disk, 2 * MIB, Files.readAllBytes(esp));

    // /boot: RHEL's grub.cfg (hints naming gpt3 here) and grubenv with kernelopts and tuned's
    // params.
    Path xfs =
        RhelXfsBootTest.bootXfs(
            dir,
            "guest",
            RhelXfsBootTest.GRUB_CFG.replace("gpt2", "gpt3"),
            "saved_entry=" + RhelXfsBootTest.MID + "-" + OLD,
            "kernelopts=" + kernelopts,
            "tuned_params=" + TUNED_PARAMS,
            "tuned_initrd=",
            "boot_success=0");
    Tools.patch(disk, 18 * MIB, Files.readAllBytes(xfs));

    // The root filesystem in the LV root, swap beside it.
    Path rootTree = dir.resolve("root");
    Tools.write(rootTree, "etc/redhat-release", "Red Hat Enterprise Linux release 8.5 (Ootpa)\n");
    Tools.write(rootTree, "etc/hostname", "rhel8-guest\n");
    Tools.write(rootTree, "etc/fstab", "/dev/mapper/" + vg + "-root / ext4 defaults 1 1\n");
    try (LvmTool lvm = new LvmTool()) {
      Pv pv = lvm.attach(disk, 50 * MIB, 24 * MIB);
      lvm.pvcreate(pv);
      lvm.vgcreate(vg, pv);
      lvm.lvcreate(vg, "root", "16M");
      lvm.lvcreate(vg, "swap", "4M");
      lvm.fill(vg, "root", Ext4.image(rootTree, dir.resolve("root.ext4"), 16 * MIB, ROOT_UUID));
    }
  }

  private static String expectedArgs() {
    return kernelopts + " " + TUNED_PARAMS;
  }

  @Test
  void pygrubPrintsTheSavedBlsEntryAsSxpAndCopiesItsKernelAndInitrd() throws IOException {
    Path out = Files.createDirectories(dir.resolve("out-sxp"));
    CliRun r = CliRun.of("pygrub", "--output-directory=" + out, disk.toString());
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    String file = Pattern.quote(out.toString()) + "/(boot_%s\\.[A-Za-z0-9_]{8})";
    Matcher m =
        Pattern.compile(
                "linux \\(kernel '"
                    + String.format(Locale.ROOT, file, "kernel")
                    + "'\\)\\(ramdisk '"
                    + String.format(Locale.ROOT, file, "ramdisk")
                    + "'\\)\\(args '"
                    + Pattern.quote(expectedArgs())
                    + "'\\)")
            .matcher(r.out());
    assertThat(m.matches()).as(r.out()).isTrue();
    assertThat(Files.readAllBytes(out.resolve(m.group(1)))).isEqualTo(OLD_KERNEL);
    assertThat(Files.readString(out.resolve(m.group(2)), StandardCharsets.UTF_8))
        .isEqualTo(OLD_INITRD);
  }

  @Test
  void pygrubSimpleOutputNamesTheSameEntry() throws IOException {
    Path out = Files.createDirectories(dir.resolve("out-simple"));
    CliRun r =
        CliRun.of("pygrub", "--output-format=simple", "--output-directory=" + out, disk.toString());
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    String file = Pattern.quote(out.toString()) + "/(boot_%s\\.[A-Za-z0-9_]{8})";
    Matcher m =
        Pattern.compile(
                "kernel "
                    + String.format(Locale.ROOT, file, "kernel")
                    + "\nramdisk "
                    + String.format(Locale.ROOT, file, "ramdisk")
                    + "\nargs "
                    + Pattern.quote(expectedArgs())
                    + "\n\n")
            .matcher(r.out());
    assertThat(m.matches()).as(r.out()).isTrue();
    assertThat(Files.readAllBytes(out.resolve(m.group(1)))).isEqualTo(OLD_KERNEL);
    assertThat(Files.readString(out.resolve(m.group(2)), StandardCharsets.UTF_8))
        .isEqualTo(OLD_INITRD);
  }

  /**
   * The configuration found first is the ESP's (partitions are searched in order, the ESP before
   * /boot); its {@code search --fs-uuid} finds /boot on XFS and {@code configfile} hands over.
   */
  @Test
  void theEspsGrubCfgLeadsToTheXfsBoot() throws IOException {
    try (BootSource source = BootSource.open(disk)) {
      BootRecord r = source.resolveBoot();
      assertThat(r.entry().orElseThrow().title())
          .isEqualTo("Red Hat Enterprise Linux (" + OLD + ") 8.5 (Ootpa)");
      String uuid = RhelXfsBootTest.BOOT_UUID;
      assertThat(source.menu().explanation())
          .startsWith(
              "evaluated as GRUB 2.06 for grub_platform=xen, grub_cpu=x86_64 (platform xen); root=hd0,gpt2,"
                  + " prefix=(hd0,gpt2)/EFI/redhat",
              "/EFI/redhat/grub.cfg:1: search uuid " + uuid + " found (hd0,gpt3); root=hd0,gpt3",
              "/EFI/redhat/grub.cfg:4: configfile (hd0,gpt3)/grub2/grub.cfg reads (hd0,gpt3)/grub2/grub.cfg");
      assertThat(source.menu().explanation())
          .contains(
              "/EFI/redhat/grub.cfg:4: GRUB shows the menu of (hd0,gpt3)/grub2/grub.cfg and does not come back");
      // The menu is the one /boot's grub.cfg made, where the ESP's handed over.
      assertThat(r.provenance().partitionNumber()).isEqualTo(3);
      assertThat(r.provenance().fsType()).isEqualTo("xfs");
      assertThat(r.provenance().config().orElseThrow().path()).isEqualTo("/grub2/grub.cfg");
      assertThat(r.provenance().warnings()).isEmpty();
      assertThat(r.kernel().location()).isEqualTo("(hd0,gpt3)/vmlinuz-" + OLD);
      assertThat(r.args()).isEqualTo(expectedArgs());
    }
  }

  @Test
  void theRootLvIsAVolumeAfterThePartitions() throws IOException {
    try (BootSource source = BootSource.open(disk)) {
      assertThat(source.volumes())
          .extracting(Volume::grubDevice)
          .containsExactly("hd0,gpt2", "hd0,gpt3", "lvm/" + vg + "-root");
      assertThat(source.volumes().get(2).uuid()).contains(ROOT_UUID);
    }
  }

  @Test
  void lsAndCatReadTheRootLvThroughTheCli() {
    CliRun ls = CliRun.of("ls", disk.toString(), "(lvm/" + vg + "-root)/etc");
    assertThat(ls.exitCode()).as(ls.stderr()).isZero();
    assertThat(ls.out()).isEqualTo("fstab\nhostname\nredhat-release\n");
    CliRun cat = CliRun.of("cat", disk.toString(), "(lvm/" + vg + "-root)/etc/redhat-release");
    assertThat(cat.exitCode()).as(cat.stderr()).isZero();
    assertThat(cat.out()).isEqualTo("Red Hat Enterprise Linux release 8.5 (Ootpa)\n");
  }
}
