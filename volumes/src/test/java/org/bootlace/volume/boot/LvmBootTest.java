package org.bootlace.volume.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.bootlace.BootRecord;
import org.bootlace.BootSource;
import org.bootlace.Volume;
import org.bootlace.testing.FakeKernels;
import org.bootlace.testing.Tools;
import org.bootlace.volume.testing.Ext4;
import org.bootlace.volume.testing.LvmTool;
import org.bootlace.volume.testing.LvmTool.Pv;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end through {@link BootSource}: an MBR disk whose one partition (type 0x8e) is an LVM PV,
 * made by the real tools, with a VG holding {@code boot} and {@code root} LVs (ext4 from mkfs.ext4
 * -d). GRUB's configuration is on the boot LV and finds its device with {@code search --fs-uuid};
 * entries reach the root LV as {@code (lvm/VG-root)} and as {@code lvmid/VGUUID/LVUUID}, the way
 * grub-mkconfig writes it.
 */
class LvmBootTest {
  private static final long MIB = 1 << 20;
  private static final String BOOT_UUID = "1b0a1b0a-0000-4000-8000-00000000b007";
  private static final String ROOT_UUID = "1b0a1b0a-0000-4000-8000-0000000000f5";

  @TempDir static Path tmp;
  static Path disk;
  static String vg;
  static String vgEsc;
  static String vgUuid;
  static Map<String, String> lvUuids;

  @BeforeAll
  static void build() {
    disk = Tools.sparseFile(tmp.resolve("disk.img"), 48 * MIB);
    Tools.runWithInput(
        "label: dos\nstart=2048, type=8e\n",
        "sfdisk",
        "-q",
        "--no-reread",
        "--no-tell-kernel",
        disk.toString());
    vg = LvmTool.uniqueName("bl-vg");
    vgEsc = vg.replace("-", "--");
    Path bootTree = tmp.resolve("boot");
    Tools.write(bootTree, "vmlinuz-6.1.0-13-amd64", FakeKernels.linux("kernel on the boot LV"));
    Tools.write(bootTree, "initrd.img-6.1.0-13-amd64", "initrd on the boot LV");
    Path rootTree = tmp.resolve("root");
    Tools.write(rootTree, "boot/vmlinuz-rescue", FakeKernels.linux("kernel on the root LV"));
    Tools.write(rootTree, "etc/hostname", "lvm-guest\n");
    try (LvmTool lvm = new LvmTool()) {
      Pv pv = lvm.attach(disk, MIB, 47 * MIB);
      lvm.pvcreate(pv);
      lvm.vgcreate(vg, pv);
      lvm.lvcreate(vg, "boot", "12M");
      lvm.lvcreate(vg, "root", "16M");
      vgUuid = lvm.vgUuid(vg);
      lvUuids = lvm.lvUuids(vg);
      Tools.write(
          bootTree,
          "grub/grub.cfg",
          String.join(
              "\n",
              "search --no-floppy --fs-uuid --set=root " + BOOT_UUID,
              "set default=0",
              "menuentry 'Debian GNU/Linux' {",
              "  linux /vmlinuz-6.1.0-13-amd64 root=/dev/mapper/" + vgEsc + "-root ro quiet",
              "  initrd /initrd.img-6.1.0-13-amd64",
              "}",
              "menuentry 'rescue from the root LV' {",
              "  set root=(lvm/" + vgEsc + "-root)",
              "  linux /boot/vmlinuz-rescue single",
              "}",
              "menuentry 'rescue by lvmid' {",
              "  set root='lvmid/" + vgUuid + "/" + lvUuids.get("root") + "'",
              "  linux /boot/vmlinuz-rescue by-id",
              "}",
              "menuentry 'root found by uuid' {",
              "  search --no-floppy --fs-uuid --set=root " + ROOT_UUID,
              "  linux ($root)/boot/vmlinuz-rescue by-uuid",
              "}",
              ""));
      lvm.fill(vg, "boot", Ext4.image(bootTree, tmp.resolve("boot.ext4"), 12 * MIB, BOOT_UUID));
      lvm.fill(vg, "root", Ext4.image(rootTree, tmp.resolve("root.ext4"), 16 * MIB, ROOT_UUID));
    }
  }

  private static String text(BootRecord r) throws Exception {
    return new String(r.kernel().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
  }

  @Test
  void theDefaultEntryBootsFromTheBootLvFoundBySearchFsUuid() throws Exception {
    try (BootSource source = BootSource.open(disk)) {
      BootRecord r = source.resolveBoot();
      assertThat(text(r)).endsWith("kernel on the boot LV");
      assertThat(r.kernel().location())
          .isEqualTo("(lvm/" + vgEsc + "-boot)/vmlinuz-6.1.0-13-amd64");
      assertThat(r.ramdisk().orElseThrow().readAllBytes())
          .asString()
          .isEqualTo("initrd on the boot LV");
      assertThat(r.args()).isEqualTo("root=/dev/mapper/" + vgEsc + "-root ro quiet");
      assertThat(r.provenance().partitionScheme()).isEqualTo("lvm");
      assertThat(r.provenance().fsUuid()).contains(BOOT_UUID);
    }
  }

  @Test
  void anEntryReachesTheRootLvByItsGrubName() throws Exception {
    try (BootSource source = BootSource.open(disk)) {
      BootRecord r = source.resolveBoot("1");
      assertThat(text(r)).endsWith("kernel on the root LV");
      assertThat(r.args()).isEqualTo("single");
      assertThat(r.kernel().location()).isEqualTo("(lvm/" + vgEsc + "-root)/boot/vmlinuz-rescue");
    }
  }

  @Test
  void anEntryReachesTheRootLvByLvmid() throws Exception {
    try (BootSource source = BootSource.open(disk)) {
      BootRecord r = source.resolveBoot("2");
      assertThat(text(r)).endsWith("kernel on the root LV");
      assertThat(r.args()).isEqualTo("by-id");
    }
  }

  @Test
  void searchFsUuidFindsAFilesystemInsideAnLv() throws Exception {
    try (BootSource source = BootSource.open(disk)) {
      BootRecord r = source.resolveBoot("3");
      assertThat(text(r)).endsWith("kernel on the root LV");
      assertThat(r.kernel().location()).isEqualTo("(lvm/" + vgEsc + "-root)/boot/vmlinuz-rescue");
    }
  }

  @Test
  void theLvsAreVolumesAfterThePartitions() throws Exception {
    try (BootSource source = BootSource.open(disk)) {
      assertThat(source.partitions()).hasSize(1);
      assertThat(source.volumes())
          .extracting(Volume::grubDevice)
          .containsExactly("lvm/" + vgEsc + "-boot", "lvm/" + vgEsc + "-root");
      assertThat(source.volumes())
          .extracting(v -> v.uuid().orElseThrow())
          .containsExactly(BOOT_UUID, ROOT_UUID);
      assertThat(source.assembledVolumes()).extracting(p -> p.number()).containsExactly(1, 2);
      assertThat(source.warnings()).isEmpty();
    }
  }

  /** The same VG on a GPT disk: a BIOS boot partition, then a Linux LVM partition. */
  @Test
  void aGptDiskWhoseLvmPartitionHoldsBootAndRootBootsToo() throws Exception {
    Path gpt = Tools.sparseFile(tmp.resolve("gpt.img"), 48 * MIB);
    Tools.runWithInput(
        "label: gpt\nstart=2048, size=2048, type=21686148-6449-6E6F-744E-656564454649\n"
            + "start=4096, size=86016, type=E6D6D379-F507-44C2-A23C-238F2A3DF928\n",
        "sfdisk",
        "-q",
        "--no-reread",
        "--no-tell-kernel",
        gpt.toString());
    String gvg = LvmTool.uniqueName("blgpt");
    Path tree = tmp.resolve("gpt-boot");
    Tools.write(tree, "vmlinuz", FakeKernels.linux("kernel on GPT"));
    Tools.write(
        tree,
        "grub2/grub.cfg",
        "search --no-floppy --fs-uuid --set=root "
            + ROOT_UUID.replace("f5", "a5")
            + "\nmenuentry 'gpt' {\n  linux /vmlinuz root=/dev/"
            + gvg
            + "/root\n}\n");
    try (LvmTool lvm = new LvmTool()) {
      Pv pv = lvm.attach(gpt, 2 * MIB, 42 * MIB);
      lvm.pvcreate(pv);
      lvm.vgcreate(gvg, pv);
      lvm.lvcreate(gvg, "boot", "8M");
      lvm.fill(
          gvg,
          "boot",
          Ext4.image(tree, tmp.resolve("gpt-boot.ext4"), 8 * MIB, ROOT_UUID.replace("f5", "a5")));
    }
    try (BootSource source = BootSource.open(gpt)) {
      BootRecord r = source.resolveBoot();
      assertThat(text(r)).endsWith("kernel on GPT");
      assertThat(r.kernel().location()).isEqualTo("(lvm/" + gvg + "-boot)/vmlinuz");
      assertThat(source.partitionScheme()).isEqualTo("gpt");
    }
  }
}
