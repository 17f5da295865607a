package org.bootlace.integration;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bootlace.BootRecord;
import org.bootlace.BootSource;
import org.bootlace.GuestFile;
import org.bootlace.MenuEntry;
import org.bootlace.Volume;
import org.bootlace.testing.FakeKernels;
import org.bootlace.testing.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * btrfs guests end to end through {@link BootSource}, their filesystems made by the kernel on loop
 * mounts (as root) in the shapes the distributions install: openSUSE's snapper layout with the
 * default subvolume as its root and GRUB's {@code btrfs_relative_path}, and Fedora's {@code root}
 * subvolume with {@code /boot} on ext4 and BLS entries.
 */
class BtrfsGuestsTest {
  static final String SUSE_UUID = "5ec0b7f5-0a11-4c0d-9e6f-0badcafe0001";
  static final String FEDORA_UUID = "4a1b2c3d-0e5f-4a6b-8c7d-9e0f1a2b3c4d";
  static final String FEDORA_BOOT_UUID = "b0070000-1111-4222-8333-444455556666";
  static final byte[] SUSE_KERNEL_1 = FakeKernels.linux("openSUSE 6.4.0-1-default");
  static final byte[] SUSE_KERNEL_2 = FakeKernels.linux("openSUSE 6.5.0-1-default");
  static final byte[] FEDORA_KERNEL = FakeKernels.linux("Fedora 6.9.0-64.fc41.x86_64");

  @TempDir Path dir;

  interface Work {
    void run(Path mnt) throws Exception;
  }

  /**
   * A fresh btrfs of 256 MiB, mounted on a loop device while {@code work} runs; always unmounted
   * and detached.
   */
  static Path btrfs(Path image, String uuid, String label, Work work) throws Exception {
    Tools.sparseFile(image, 256L << 20);
    Tools.run("mkfs.btrfs", "-q", "-f", "-U", uuid, "-L", label, image.toString());
    Path mnt = Files.createTempDirectory("bootlace-btrfs-guest");
    String loop = Tools.run("losetup", "--find", "--show", image.toString()).trim();
    try {
      Tools.run("mount", "-t", "btrfs", loop, mnt.toString());
      try {
        work.run(mnt);
        Tools.run("sync");
      } finally {
        Tools.run("umount", mnt.toString());
      }
    } finally {
      Tools.run("losetup", "-d", loop);
      Files.deleteIfExists(mnt);
    }
    return image;
  }

  /** Copies {@code fs} into {@code disk} at {@code mib} MiB, leaving holes as holes. */
  static void place(Path fs, Path disk, long mib) {
    Tools.run(
        "dd",
        "status=none",
        "if=" + fs,
        "of=" + disk,
        "bs=1M",
        "seek=" + mib,
        "conv=sparse,notrunc");
  }

  static byte[] bytes(GuestFile f) throws IOException {
    return f.readAllBytes();
  }

  static final String SUSE_GRUB_CFG =
      """
      set btrfs_relative_path="y"
      export btrfs_relative_path
      search --no-floppy --fs-uuid --set=root @U@
      set prefix=($root)/boot/grub2
      set default=0
      menuentry 'openSUSE Tumbleweed' --class opensuse {
      	insmod btrfs
      	search --no-floppy --fs-uuid --set=root @U@
      	linux	/boot/vmlinuz-6.4.0-1-default root=UUID=@U@ splash=silent quiet
      	initrd	/boot/initrd-6.4.0-1-default
      }
      if [ -f /.snapshots/grub-snapshot.cfg ]; then
        source /.snapshots/grub-snapshot.cfg
      fi
      """;

  static final String SUSE_SNAPSHOT_CFG =
      """
      submenu 'Start bootloader from a read-only snapshot' {
        menuentry 'openSUSE Tumbleweed (6.5.0-1-default, snapshot 2)' {
          linux /.snapshots/2/snapshot/boot/vmlinuz-6.5.0-1-default root=UUID=@U@ rootflags=subvol=@/.snapshots/2/snapshot
          initrd /.snapshots/2/snapshot/boot/initrd-6.5.0-1-default
        }
        menuentry 'openSUSE Tumbleweed (6.4.0-1-default, snapshot 1, top-level path)' {
          btrfs_relative_path="n"
          linux /@/.snapshots/1/snapshot/boot/vmlinuz-6.4.0-1-default root=UUID=@U@ rootflags=subvol=@/.snapshots/1/snapshot
        }
      }
      """;

  /**
   * openSUSE: GPT (BIOS boot partition, btrfs root); subvolume {@code @} holding {@code
   * .snapshots}; snapshot 1 of {@code @} is the default subvolume and holds /boot/grub2/grub.cfg
   * and the kernel; {@code @} then gets a newer kernel and becomes read-only snapshot 2; snapper's
   * menu sits in the {@code .snapshots} subvolume.
   */
  private Path openSuseDisk() throws Exception {
    Path fs =
        btrfs(
            dir.resolve("suse-root.img"),
            SUSE_UUID,
            "suse",
            mnt -> {
              Path at = mnt.resolve("@");
              Tools.run("btrfs", "-q", "subvolume", "create", at.toString());
              Tools.run("btrfs", "-q", "subvolume", "create", at.resolve(".snapshots").toString());
              Tools.write(at, "boot/grub2/grub.cfg", SUSE_GRUB_CFG.replace("@U@", SUSE_UUID));
              Tools.write(at, "boot/vmlinuz-6.4.0-1-default", SUSE_KERNEL_1);
              Tools.write(at, "boot/initrd-6.4.0-1-default", "initrd 6.4\n".repeat(5000));
              Files.createDirectories(at.resolve(".snapshots/1"));
              Files.createDirectories(at.resolve(".snapshots/2"));
              Tools.run(
                  "btrfs",
                  "-q",
                  "subvolume",
                  "snapshot",
                  at.toString(),
                  at.resolve(".snapshots/1/snapshot").toString());
              Tools.write(at, "boot/vmlinuz-6.5.0-1-default", SUSE_KERNEL_2);
              Tools.write(at, "boot/initrd-6.5.0-1-default", "initrd 6.5\n".repeat(5000));
              Tools.run(
                  "btrfs",
                  "-q",
                  "subvolume",
                  "snapshot",
                  "-r",
                  at.toString(),
                  at.resolve(".snapshots/2/snapshot").toString());
              Tools.write(
                  at, ".snapshots/grub-snapshot.cfg", SUSE_SNAPSHOT_CFG.replace("@U@", SUSE_UUID));
              Tools.run(
                  "btrfs",
                  "subvolume",
                  "set-default",
                  at.resolve(".snapshots/1/snapshot").toString());
            });
    Path disk = dir.resolve("suse.img");
    Tools.sparseFile(disk, (2L + 256 + 1) << 20);
    Tools.run(
        "sgdisk",
        "-o",
        "-n",
        "1:2048:4095",
        "-t",
        "1:EF02",
        "-n",
        "2:4096:" + ((2L + 256) * 2048 - 1),
        "-t",
        "2:8300",
        disk.toString());
    place(fs, disk, 2);
    return disk;
  }

  @Test
  void openSuseBootsTheKernelOfItsDefaultSnapshot() throws Exception {
    try (BootSource s = BootSource.open(openSuseDisk())) {
      BootRecord r = s.resolveBoot();
      assertThat(r.kernel().location()).isEqualTo("(hd0,gpt2)/boot/vmlinuz-6.4.0-1-default");
      assertThat(bytes(r.kernel())).isEqualTo(SUSE_KERNEL_1);
      assertThat(r.ramdisks())
          .extracting(GuestFile::location)
          .containsExactly("(hd0,gpt2)/boot/initrd-6.4.0-1-default");
      assertThat(r.args()).isEqualTo("root=UUID=" + SUSE_UUID + " splash=silent quiet");
      Volume root = s.volume(2).orElseThrow();
      assertThat(root.fsType()).isEqualTo("btrfs");
      assertThat(root.uuid()).contains(SUSE_UUID);
      assertThat(root.label()).contains("suse");
      assertThat(root.exists("/boot/vmlinuz-6.5.0-1-default"))
          .as("only in @ and snapshot 2")
          .isFalse();
    }
  }

  @Test
  void openSuseSnapperEntriesBootOlderAndNewerSnapshots() throws Exception {
    try (BootSource s = BootSource.open(openSuseDisk())) {
      List<String> titles = new ArrayList<>();
      for (MenuEntry e : s.menu().entries()) {
        titles.add(e.title());
      }
      assertThat(titles)
          .containsExactly("openSUSE Tumbleweed", "Start bootloader from a read-only snapshot");
      BootRecord two =
          s.resolveBoot(
              "Start bootloader from a read-only snapshot>openSUSE Tumbleweed (6.5.0-1-default, snapshot 2)");
      assertThat(two.kernel().location())
          .isEqualTo("(hd0,gpt2)/.snapshots/2/snapshot/boot/vmlinuz-6.5.0-1-default");
      assertThat(bytes(two.kernel())).isEqualTo(SUSE_KERNEL_2);
      assertThat(two.args())
          .isEqualTo("root=UUID=" + SUSE_UUID + " rootflags=subvol=@/.snapshots/2/snapshot");
      BootRecord one =
          s.resolveBoot(
              "Start bootloader from a read-only snapshot>openSUSE Tumbleweed (6.4.0-1-default, snapshot 1, top-level path)");
      assertThat(bytes(one.kernel())).isEqualTo(SUSE_KERNEL_1);
    }
  }

  /**
   * Fedora: MBR, ext4 /boot (grub2/grub.cfg calling blscfg, BLS entries, the kernel), btrfs root
   * with subvolumes {@code root} and {@code home} and the top level as its default subvolume.
   */
  private Path fedoraDisk() throws Exception {
    Path boot = Files.createDirectories(dir.resolve("fedora-boot"));
    String mid = "da1f0d2e9b8c4d7e8f9a0b1c2d3e4f50";
    String v = "6.9.0-64.fc41.x86_64";
    Tools.write(
        boot,
        "grub2/grub.cfg",
        "set default=0\nsearch --no-floppy --fs-uuid --set=root "
            + FEDORA_BOOT_UUID
            + "\ninsmod blscfg\nblscfg\n");
    Tools.write(
        boot,
        "loader/entries/" + mid + "-" + v + ".conf",
        "title Fedora Linux ("
            + v
            + ") 41\nversion "
            + v
            + "\nlinux /vmlinuz-"
            + v
            + "\ninitrd /initramfs-"
            + v
            + ".img\n"
            + "options root=UUID="
            + FEDORA_UUID
            + " ro rootflags=subvol=root rhgb quiet\n");
    Tools.write(boot, "vmlinuz-" + v, FEDORA_KERNEL);
    Tools.write(boot, "initramfs-" + v + ".img", "fedora initramfs\n");
    Path bootFs = dir.resolve("fedora-boot.img");
    Tools.run(
        "mke2fs",
        "-q",
        "-F",
        "-t",
        "ext4",
        "-U",
        FEDORA_BOOT_UUID,
        "-d",
        boot.toString(),
        bootFs.toString(),
        "32M");
    Path rootFs =
        btrfs(
            dir.resolve("fedora-root.img"),
            FEDORA_UUID,
            "fedora",
            mnt -> {
              Tools.run("btrfs", "-q", "subvolume", "create", mnt.resolve("root").toString());
              Tools.run("btrfs", "-q", "subvolume", "create", mnt.resolve("home").toString());
              Tools.write(mnt, "root/etc/fedora-release", "Fedora release 41 (Forty One)\n");
              Files.createDirectories(mnt.resolve("root/boot"));
            });
    Path disk = dir.resolve("fedora.img");
    Tools.sparseFile(disk, (1L + 32 + 256) << 20);
    Tools.runWithInput(
        "label: dos\nstart=2048, size="
            + 32 * 2048
            + ", type=83, bootable\nstart="
            + 33 * 2048
            + ", type=83\n",
        "sfdisk",
        "-q",
        "--no-reread",
        "--no-tell-kernel",
        disk.toString());
    place(bootFs, disk, 1);
    place(rootFs, disk, 33);
    return disk;
  }

  @Test
  void fedoraBootsFromExt4BootNextToItsBtrfsRoot() throws Exception {
    try (BootSource s = BootSource.open(fedoraDisk())) {
      BootRecord r = s.resolveBoot();
      assertThat(r.kernel().location()).isEqualTo("(hd0,msdos1)/vmlinuz-6.9.0-64.fc41.x86_64");
      assertThat(bytes(r.kernel())).isEqualTo(FEDORA_KERNEL);
      assertThat(r.args())
          .isEqualTo("root=UUID=" + FEDORA_UUID + " ro rootflags=subvol=root rhgb quiet");
      Volume root = s.volume(2).orElseThrow();
      assertThat(root.fsType()).isEqualTo("btrfs");
      assertThat(root.uuid()).contains(FEDORA_UUID);
      assertThat(root.label()).contains("fedora");
      assertThat(root.list("/"))
          .extracting(e -> e.name())
          .containsExactlyInAnyOrder("root", "home");
      assertThat(root.readConfig("/root/etc/fedora-release"))
          .isEqualTo(
              "Fedora release 41 (Forty One)\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
  }
}
