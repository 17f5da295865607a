package org.bootlace.grub.bls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bootlace.grub.bls.Bls.ids;
import static org.bootlace.grub.bls.Bls.load;

import java.util.List;
import java.util.Optional;
import org.bootlace.SourceLocation;
import org.bootlace.testing.MemFs;
import org.junit.jupiter.api.Test;

/**
 * Entry directories in the shape RHEL 8, RHEL 9 and Fedora write them: the kernel package's
 * bls.conf as kernel-install copies it to {@code <machine-id>-<version>.conf}, and dracut's rescue
 * entry, that file with the version replaced by {@code 0-rescue-<machine-id>}, saved as {@code
 * <machine-id>-0-rescue.conf}.
 */
class DistroShapesTest {
  /** RHEL 8 on a separate /boot: paths are relative to /boot, options come from grubenv. */
  static MemFs.Builder rhel8Boot() {
    String mid = "c3c74a7e37de4ad1b274263255e8831c";
    MemFs.Builder fs = MemFs.builder();
    for (String v :
        List.of("4.18.0-553.8.1.el8_10.x86_64", "4.18.0-513.5.1.el8_9.x86_64", "0-rescue-" + mid)) {
      String file = v.startsWith("0-rescue") ? mid + "-0-rescue.conf" : mid + "-" + v + ".conf";
      fs.file(
          "/loader/entries/" + file,
          "title Red Hat Enterprise Linux ("
              + v
              + ") 8.10 (Ootpa)\n"
              + "version "
              + v
              + "\n"
              + "linux /vmlinuz-"
              + v
              + "\n"
              + "initrd /initramfs-"
              + v
              + ".img $tuned_initrd\n"
              + "options $kernelopts $tuned_params\n"
              + "id rhel-20240617095541-"
              + v
              + "\n"
              + "grub_users $grub_users\n"
              + "grub_arg --unrestricted\n"
              + "grub_class kernel\n");
    }
    return fs;
  }

  /** RHEL 9 with /boot on the root filesystem: entries under /boot, paths with /boot. */
  static MemFs.Builder rhel9Root() {
    String mid = "ace63d6701c2489ab9c0960c0f1afe1d";
    String root =
        "root=/dev/mapper/rhel-root ro crashkernel=1G-4G:192M,4G-64G:256M,64G-:512M"
            + " resume=/dev/mapper/rhel-swap rd.lvm.lv=rhel/root rd.lvm.lv=rhel/swap rhgb quiet";
    MemFs.Builder fs = MemFs.builder();
    for (String v :
        List.of(
            "5.14.0-70.13.1.el9_0.x86_64",
            "5.14.0-70.13.1.el9_0.x86_64+debug",
            "5.14.0-70.22.1.el9_0.x86_64",
            "0-rescue-" + mid)) {
      String file = v.startsWith("0-rescue") ? mid + "-0-rescue.conf" : mid + "-" + v + ".conf";
      String debug = v.endsWith("+debug") ? " with debugging" : "";
      fs.file(
          "/boot/loader/entries/" + file,
          "title Red Hat Enterprise Linux ("
              + v
              + ") 9.0 (Plow)"
              + debug
              + "\nversion "
              + v
              + "\nlinux /boot/vmlinuz-"
              + v
              + "\ninitrd /boot/initramfs-"
              + v
              + ".img $tuned_initrd\noptions "
              + root
              + " $tuned_params\ngrub_users $grub_users\ngrub_arg --unrestricted\ngrub_class kernel"
              + (debug.isEmpty() ? "" : "-debug")
              + "\n");
    }
    return fs;
  }

  /** Fedora on a separate /boot (btrfs root), with the microcode initrd listed first. */
  static MemFs.Builder fedoraBoot() {
    return fedoraBoot(FEDORA_MID);
  }

  static final String FEDORA_MID = "da1f0d2e9b8c4d7e8f9a0b1c2d3e4f50";

  static MemFs.Builder fedoraBoot(String mid) {
    MemFs.Builder fs = MemFs.builder();
    for (String v :
        List.of(
            "6.9.0-64.fc41.x86_64",
            "6.8.11-300.fc40.x86_64",
            "6.10.0-0.rc1.20240521git1.fc41.x86_64")) {
      fs.file(
          "/loader/entries/" + mid + "-" + v + ".conf",
          "title Fedora Linux ("
              + v
              + ") 41 (Workstation Edition Prerelease)\nversion "
              + v
              + "\nlinux /vmlinuz-"
              + v
              + "\ninitrd /initramfs-"
              + v
              + ".img $tuned_initrd\noptions root=UUID=4a1b2c3d-0e5f-4a6b-8c7d-9e0f1a2b3c4d ro"
              + " rootflags=subvol=root rhgb quiet $tuned_params\ngrub_users $grub_users\n"
              + "grub_arg --unrestricted\ngrub_class fedora\n");
    }
    fs.file(
        "/loader/entries/" + mid + "-0-rescue.conf",
        "title Fedora Linux (0-rescue-"
            + mid
            + ") 41 (Workstation Edition Prerelease)\n"
            + "version 0-rescue-"
            + mid
            + "\nlinux /vmlinuz-0-rescue-"
            + mid
            + "\n"
            + "initrd /initramfs-0-rescue-"
            + mid
            + ".img\n"
            + "options root=UUID=4a1b2c3d-0e5f-4a6b-8c7d-9e0f1a2b3c4d ro rootflags=subvol=root rhgb quiet\n"
            + "grub_users $grub_users\ngrub_arg --unrestricted\ngrub_class fedora\n");
    return fs;
  }

  @Test
  void rhel8() throws Exception {
    List<BlsEntry> entries = load(rhel8Boot());
    String mid = "c3c74a7e37de4ad1b274263255e8831c";
    assertThat(ids(entries))
        .containsExactly(
            mid + "-4.18.0-553.8.1.el8_10.x86_64",
            mid + "-4.18.0-513.5.1.el8_9.x86_64",
            mid + "-0-rescue");
    assertThat(entries.get(0))
        .isEqualTo(
            new BlsEntry(
                mid + "-4.18.0-553.8.1.el8_10.x86_64",
                "Red Hat Enterprise Linux (4.18.0-553.8.1.el8_10.x86_64) 8.10 (Ootpa)",
                "4.18.0-553.8.1.el8_10.x86_64",
                Optional.of("/vmlinuz-4.18.0-553.8.1.el8_10.x86_64"),
                List.of("/initramfs-4.18.0-553.8.1.el8_10.x86_64.img $tuned_initrd"),
                "$kernelopts $tuned_params",
                Optional.empty(),
                Optional.of("$grub_users"),
                Optional.of("--unrestricted"),
                List.of("kernel"),
                new SourceLocation(
                    "(hd0)/loader/entries/" + mid + "-4.18.0-553.8.1.el8_10.x86_64.conf", 1)));
    assertThat(entries.get(2).title())
        .isEqualTo("Red Hat Enterprise Linux (0-rescue-" + mid + ") 8.10 (Ootpa)");
    assertThat(entries.get(2).linux()).contains("/vmlinuz-0-rescue-" + mid);
  }

  @Test
  void rhel9() throws Exception {
    List<BlsEntry> entries = load(rhel9Root());
    String mid = "ace63d6701c2489ab9c0960c0f1afe1d";
    // "+debug" sorts after the end of the plain version: the debug kernel comes first.
    assertThat(ids(entries))
        .containsExactly(
            mid + "-5.14.0-70.22.1.el9_0.x86_64",
            mid + "-5.14.0-70.13.1.el9_0.x86_64+debug",
            mid + "-5.14.0-70.13.1.el9_0.x86_64",
            mid + "-0-rescue");
    BlsEntry newest = entries.get(0);
    assertThat(newest.linux()).contains("/boot/vmlinuz-5.14.0-70.22.1.el9_0.x86_64");
    assertThat(newest.options()).endsWith(" rhgb quiet $tuned_params");
    assertThat(newest.source().file())
        .isEqualTo("(hd0)/boot/loader/entries/" + mid + "-5.14.0-70.22.1.el9_0.x86_64.conf");
    assertThat(entries.get(1).grubClasses()).containsExactly("kernel-debug");
  }

  @Test
  void fedora() throws Exception {
    List<BlsEntry> entries = load(fedoraBoot());
    String mid = FEDORA_MID;
    assertThat(ids(entries))
        .containsExactly(
            mid + "-6.10.0-0.rc1.20240521git1.fc41.x86_64",
            mid + "-6.9.0-64.fc41.x86_64",
            mid + "-6.8.11-300.fc40.x86_64",
            mid + "-0-rescue");
    assertThat(entries.get(3).initrds()).containsExactly("/initramfs-0-rescue-" + mid + ".img");
    assertThat(entries.get(0).grubClasses()).containsExactly("fedora");
  }
}
