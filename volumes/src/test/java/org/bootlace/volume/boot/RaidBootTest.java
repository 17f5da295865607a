package org.bootlace.volume.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bootlace.BootRecord;
import org.bootlace.BootSource;
import org.bootlace.Volume;
import org.bootlace.testing.FakeKernels;
import org.bootlace.testing.Tools;
import org.bootlace.volume.testing.Ext4;
import org.bootlace.volume.testing.LvmTool;
import org.bootlace.volume.testing.MdMember;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end through {@link BootSource}: MBR disks (sfdisk) whose first two partitions (type 0xfd)
 * are the members of an md RAID1 {@code /boot} holding ext4 from mkfs.ext4 -d; the members are
 * built byte by byte (see MdMember) as mdadm needs the kernel's md driver to make them.
 */
class RaidBootTest {
  private static final int MIB = 1 << 20;
  private static final String BOOT_UUID = "2b0a1b0a-0000-4000-8000-00000000b007";
  private static final String UUID_HEX = "0102030405060708090a0b0c0d0e0f10";

  @TempDir Path tmp;

  /** Three partitions of 16 MiB from 1 MiB: two md members and an empty one. */
  private Path disk() {
    Path disk = Tools.sparseFile(tmp.resolve("disk.img"), 64 * MIB);
    Tools.runWithInput(
        "label: dos\nstart=2048, size=32768, type=fd\nstart=34816, size=32768, type=fd\n"
            + "start=67584, size=32768, type=83\n",
        "sfdisk",
        "-q",
        "--no-reread",
        "--no-tell-kernel",
        disk.toString());
    return disk;
  }

  private static void writeMembers(Path disk, MdMember m, byte[] data) {
    for (int dev = 0; dev < 2; dev++) {
      m.devNumber = dev;
      Tools.patch(disk, (long) (1 + 16 * dev) * MIB, m.build(data, 16 * MIB));
    }
  }

  private byte[] bootFs() {
    Path tree = tmp.resolve("boot");
    Tools.write(tree, "vmlinuz-5.14.0", FakeKernels.linux("kernel on the RAID1 /boot"));
    Tools.write(tree, "initramfs-5.14.0.img", "initramfs");
    Tools.write(
        tree,
        "grub2/grub.cfg",
        String.join(
            "\n",
            "set default=0",
            "menuentry 'Rocky Linux (5.14.0)' {",
            "  set root='md/boot'",
            "  linux /vmlinuz-5.14.0 root=/dev/md127 rd.md.uuid=01020304:05060708:090a0b0c:0d0e0f10",
            "  initrd /initramfs-5.14.0.img",
            "}",
            "menuentry 'by mduuid' {",
            "  set root='mduuid/" + UUID_HEX + "'",
            "  linux /vmlinuz-5.14.0 by-mduuid",
            "}",
            "menuentry 'by search' {",
            "  search --no-floppy --fs-uuid --set=root --hint='mduuid/"
                + UUID_HEX
                + "' "
                + BOOT_UUID,
            "  linux /vmlinuz-5.14.0 by-search",
            "}",
            ""));
    return Ext4.image(tree, tmp.resolve("boot.ext4"), 12 * MIB, BOOT_UUID);
  }

  private static String kernel(BootRecord r) throws Exception {
    return new String(r.kernel().readAllBytes(), StandardCharsets.ISO_8859_1);
  }

  @Test
  void aRaid1BootWithVersion10MetadataIsFoundOnItsFirstMemberFirstAndTheArrayIsUsable()
      throws Exception {
    Path disk = disk();
    MdMember m = new MdMember();
    m.minor = 0;
    m.sizeSectors = 12 * MIB / 512;
    writeMembers(disk, m, bootFs());
    try (BootSource source = BootSource.open(disk)) {
      // 1.0 keeps the filesystem at the member's start: the partitions are searched first.
      assertThat(source.volumes())
          .extracting(Volume::grubDevice)
          .containsExactly("hd0,msdos1", "hd0,msdos2", "md/boot");
      BootRecord r = source.resolveBoot();
      assertThat(kernel(r)).endsWith("kernel on the RAID1 /boot");
      assertThat(r.provenance().partitionScheme()).isEqualTo("msdos");
      assertThat(r.kernel().location()).isEqualTo("(md/boot)/vmlinuz-5.14.0");
      // Locations name a volume by its first GRUB name, however the configuration reached it.
      BootRecord byUuid = source.resolveBoot("1");
      assertThat(byUuid.args()).isEqualTo("by-mduuid");
      assertThat(byUuid.kernel().location()).isEqualTo("(md/boot)/vmlinuz-5.14.0");
      // Without the hint, search would stop at (hd0,msdos1), which has the same UUID.
      BootRecord bySearch = source.resolveBoot("2");
      assertThat(bySearch.args()).isEqualTo("by-search");
      assertThat(bySearch.kernel().location()).isEqualTo("(md/boot)/vmlinuz-5.14.0");
      assertThat(source.warnings()).isEmpty();
    }
  }

  @Test
  void aRaid1BootWithVersion12MetadataIsOnlyReadableThroughTheArray() throws Exception {
    Path disk = disk();
    MdMember m = new MdMember();
    m.minor = 2;
    m.sizeSectors = 12 * MIB / 512;
    writeMembers(disk, m, bootFs());
    try (BootSource source = BootSource.open(disk)) {
      assertThat(source.volumes()).extracting(Volume::grubDevice).containsExactly("md/boot");
      BootRecord r = source.resolveBoot();
      assertThat(kernel(r)).endsWith("kernel on the RAID1 /boot");
      assertThat(r.provenance().partitionScheme()).isEqualTo("md");
      assertThat(r.provenance().fsUuid()).contains(BOOT_UUID);
      assertThat(r.args())
          .isEqualTo("root=/dev/md127 rd.md.uuid=01020304:05060708:090a0b0c:0d0e0f10");
    }
  }

  @Test
  void lvmOnARaid1IsAssembledInTheSecondRound() throws Exception {
    // The array's content: a PV made by the real LVM tools, holding an LV with ext4.
    Path pvImage = Tools.sparseFile(tmp.resolve("pv.img"), 12 * MIB);
    String vg = LvmTool.uniqueName("blmd");
    Path tree = tmp.resolve("root");
    Tools.write(
        tree,
        "boot/grub/grub.cfg",
        "menuentry 'lvm on md' {\n  linux /boot/vmlinuz lvm-on-md\n}\n");
    Tools.write(tree, "boot/vmlinuz", FakeKernels.linux("kernel in an LV on md"));
    try (LvmTool lvm = new LvmTool()) {
      LvmTool.Pv pv = lvm.attach(pvImage, 0, 12 * MIB);
      lvm.pvcreate(pv);
      lvm.vgcreate(vg, pv);
      lvm.lvcreate(vg, "root", "8M");
      lvm.fill(vg, "root", Ext4.image(tree, tmp.resolve("root.ext4"), 8 * MIB, BOOT_UUID));
    }
    Path disk = disk();
    MdMember m = new MdMember();
    m.minor = 0;
    m.name = "h:pv";
    m.sizeSectors = 12 * MIB / 512;
    writeMembers(disk, m, Files.readAllBytes(pvImage));
    try (BootSource source = BootSource.open(disk)) {
      assertThat(source.assembledVolumes())
          .extracting(p -> p.deviceNames().get(0))
          .containsExactly("md/pv", "lvm/" + vg + "-root");
      BootRecord r = source.resolveBoot();
      assertThat(kernel(r)).endsWith("kernel in an LV on md");
      assertThat(r.kernel().location()).isEqualTo("(lvm/" + vg + "-root)/boot/vmlinuz");
      // The members carry the PV label too (1.0 data starts at 0); md claimed them first.
      assertThat(source.warnings()).isEmpty();
    }
  }
}
