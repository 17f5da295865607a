package org.bootlace.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.bootlace.BootEntryException;
import org.bootlace.BootOptions;
import org.bootlace.BootRecord;
import org.bootlace.BootSource;
import org.bootlace.Limits;
import org.bootlace.testing.FakeKernels;
import org.bootlace.testing.Tools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GRUB's btrfs subvolume choices made in grub.cfg, as openSUSE's and Fedora's GRUB evaluate
 * them: {@code btrfs_relative_path}, {@code btrfs_subvol}, {@code btrfs_subvolid} and {@code
 * btrfs-mount-subvol}. One bare btrfs (made by the kernel on a loop mount, as root): {@code @}
 * is the default subvolume with kernel A, its read-only snapshot 2 has kernel B, subvolume {@code
 * @boot} has kernel C, and the top level has kernel D.
 */
class BtrfsSubvolumeChoiceTest {
  static final byte[] KERNEL_A = FakeKernels.linux("A 6.4.0");
  static final byte[] KERNEL_B = FakeKernels.linux("B 6.5.0");
  static final byte[] KERNEL_C = FakeKernels.linux("C 6.6.0");
  static final byte[] KERNEL_D = FakeKernels.linux("D 6.7.0");

  static final String GRUB_CFG =
      """
      set default=0
      menuentry 'default subvolume' {
        linux /vmlinuz ro
      }
      menuentry 'snapshot by path' {
        set btrfs_relative_path=y
        set btrfs_subvol=@/.snapshots/2/snapshot
        linux /vmlinuz ro
      }
      menuentry 'snapshot by id' {
        set btrfs_relative_path=1
        set btrfs_subvolid=@ID@
        linux /vmlinuz ro
      }
      menuentry 'the later choice wins' {
        set btrfs_relative_path=yes
        set btrfs_subvolid=@ID@
        set btrfs_subvol=@boot
        linux /vmlinuz ro
      }
      menuentry 'top level' {
        set btrfs_relative_path=n
        set btrfs_subvol=@/.snapshots/2/snapshot
        linux /vmlinuz ro
      }
      menuentry 'top level path to a subvolume' {
        btrfs_relative_path=no
        linux /@/.snapshots/2/snapshot/vmlinuz ro
      }
      menuentry 'boot subvolume mounted' {
        set btrfs_relative_path=y
        btrfs-mount-subvol ($root) /boot @boot
        linux /boot/vmlinuz ro
        initrd /boot/initrd
      }
      menuentry 'missing subvolume' {
        set btrfs_relative_path=y
        set btrfs_subvol=@/.snapshots/9/snapshot
        linux /vmlinuz ro
      }
      menuentry 'mounts past the bound' {
        set btrfs_relative_path=y
        btrfs-mount-subvol ($root) /boot @boot
        if btrfs-mount-subvol ($root) /etc @/.snapshots/2/snapshot; then
          linux /etc/vmlinuz ro second=mounted
        else
          linux /boot/vmlinuz ro second=refused
        fi
      }
      menuentry 'mount of a directory that is no subvolume' {
        set btrfs_relative_path=y
        btrfs-mount-subvol ($root) /boot @/etc
        linux /boot/vmlinuz ro
      }
      """;

  @TempDir static Path dir;
  static Path image;

  @BeforeAll
  static void build() throws Exception {
    long[] snapshotId = {0};
    image =
        BtrfsGuestsTest.btrfs(
            dir.resolve("guest.img"),
            "5ec0b7f5-0a11-4c0d-9e6f-0badcafe0002",
            "choice",
            mnt -> {
              Path at = mnt.resolve("@");
              Tools.run("btrfs", "-q", "subvolume", "create", at.toString());
              Tools.run("btrfs", "-q", "subvolume", "create", at.resolve(".snapshots").toString());
              Files.createDirectories(at.resolve(".snapshots/2"));
              Tools.write(at, "vmlinuz", KERNEL_B);
              Tools.write(at, "etc/os-release", "NAME=test\n");
              Tools.run(
                  "btrfs",
                  "-q",
                  "subvolume",
                  "snapshot",
                  "-r",
                  at.toString(),
                  at.resolve(".snapshots/2/snapshot").toString());
              Tools.write(at, "vmlinuz", KERNEL_A);
              Files.createDirectories(at.resolve("boot"));
              Tools.write(at, "boot/grub2/grub.cfg", "placeholder\n");
              Path boot = mnt.resolve("@boot");
              Tools.run("btrfs", "-q", "subvolume", "create", boot.toString());
              Tools.write(boot, "vmlinuz", KERNEL_C);
              Tools.write(boot, "initrd", "initrd of @boot\n");
              Tools.write(mnt, "vmlinuz", KERNEL_D);
              snapshotId[0] =
                  Long.parseLong(
                      Tools.run(
                              "btrfs",
                              "inspect-internal",
                              "rootid",
                              at.resolve(".snapshots/2/snapshot").toString())
                          .trim());
              Tools.write(
                  at,
                  "boot/grub2/grub.cfg",
                  GRUB_CFG.replace("@ID@", Long.toString(snapshotId[0])));
              Tools.run("btrfs", "subvolume", "set-default", at.toString());
            });
  }

  private static byte[] kernel(String title) throws Exception {
    try (BootSource s = BootSource.open(image)) {
      return s.resolveBoot(title).kernel().readAllBytes();
    }
  }

  @Test
  void withoutAChoiceTheDefaultSubvolumeIsRead() throws Exception {
    assertThat(kernel("default subvolume")).isEqualTo(KERNEL_A);
  }

  @Test
  void locationsNameTheChosenSubvolume() throws Exception {
    try (BootSource s = BootSource.open(image)) {
      assertThat(s.resolveBoot("snapshot by id").kernel().location())
          .matches("\\(hd0\\)\\[subvolid=\\d+\\]/vmlinuz");
      assertThat(s.resolveBoot("top level").kernel().location())
          .isEqualTo("(hd0)[subvolid=5]/vmlinuz");
      assertThat(s.resolveBoot("default subvolume").kernel().location()).isEqualTo("(hd0)/vmlinuz");
    }
  }

  @Test
  void btrfsSubvolAndSubvolidChooseTheSnapshot() throws Exception {
    assertThat(kernel("snapshot by path")).isEqualTo(KERNEL_B);
    assertThat(kernel("snapshot by id")).isEqualTo(KERNEL_B);
    assertThat(kernel("the later choice wins")).isEqualTo(KERNEL_C);
  }

  @Test
  void withoutRelativePathsEveryPathStartsAtTheTopLevel() throws Exception {
    assertThat(kernel("top level")).isEqualTo(KERNEL_D);
    assertThat(kernel("top level path to a subvolume")).isEqualTo(KERNEL_B);
  }

  @Test
  void aMountedSubvolumeServesThePathsUnderItsDirectory() throws Exception {
    try (BootSource s = BootSource.open(image)) {
      BootRecord r = s.resolveBoot("boot subvolume mounted");
      assertThat(r.kernel().readAllBytes()).isEqualTo(KERNEL_C);
      assertThat(r.ramdisks()).hasSize(1);
      assertThat(r.ramdisks().get(0).readAllBytes()).asString().isEqualTo("initrd of @boot\n");
      assertThat(r.args()).isEqualTo("ro");
      assertThat(r.kernel().location()).isEqualTo("(hd0)[subvol=@boot]/vmlinuz");
    }
  }

  @Test
  void aChoiceThatNamesNoSubvolumeFailsTheEntryAsInGrub() {
    assertThatThrownBy(() -> kernel("missing subvolume"))
        .isInstanceOf(BootEntryException.class)
        .hasMessageContaining("couldn't locate @/.snapshots/9/snapshot");
    assertThatThrownBy(() -> kernel("mount of a directory that is no subvolume"))
        .isInstanceOf(BootEntryException.class)
        .hasMessageContaining("@/etc: not a subvolume");
  }

  @Test
  void mountsPastMaxSubvolumeMountsFailTheirCommand() throws Exception {
    try (BootSource s = BootSource.open(image)) {
      BootRecord r = s.resolveBoot("mounts past the bound");
      assertThat(r.args()).isEqualTo("ro second=mounted");
      assertThat(r.kernel().location()).isEqualTo("(hd0)[subvol=@/.snapshots/2/snapshot]/vmlinuz");
    }
    BootOptions one =
        BootOptions.builder().limits(Limits.builder().maxSubvolumeMounts(1).build()).build();
    try (BootSource s = BootSource.open(image, one)) {
      BootRecord r = s.resolveBoot("mounts past the bound");
      assertThat(r.args()).isEqualTo("ro second=refused");
      assertThat(r.kernel().location()).isEqualTo("(hd0)[subvol=@boot]/vmlinuz");
    }
  }
}
