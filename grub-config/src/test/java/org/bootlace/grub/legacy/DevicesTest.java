package org.bootlace.grub.legacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.bootlace.BootMenu;
import org.bootlace.BootTarget;
import org.bootlace.EntryKind;
import org.bootlace.MenuEntry;
import org.bootlace.testing.FakeKernels;
import org.bootlace.testing.MemFs;
import org.bootlace.testing.MenuText;
import org.bootlace.testing.TestDisk;
import org.junit.jupiter.api.Test;

/** GRUB legacy device names mapped onto the image's partitions. */
class DevicesTest {
  /** Partition 1 holds the menu, 2 and 5 (the first logical one) hold kernels named after them. */
  static byte[] disk(String menu) {
    return TestDisk.builder()
        .partition(
            1,
            MemFs.builder()
                .file("/boot/grub/menu.lst", menu)
                .file("/vmlinuz", FakeKernels.linux("p1"))
                .file("/initrd.img", "p1 initrd")
                .build())
        .partition(
            2,
            MemFs.builder()
                .uuid("2d3e4f50-aaaa-bbbb-cccc-0123456789ab")
                .file("/vmlinuz", FakeKernels.linux("p2"))
                .file("/initrd.img", "p2 initrd")
                .build())
        .partition(5, MemFs.builder().file("/vmlinuz", FakeKernels.linux("p5")).build())
        .build();
  }

  static MenuEntry entry(String commands) throws Exception {
    return Legacy.menu(disk("title t\n" + commands)).entries().get(0);
  }

  static String kernel(MenuEntry e) {
    return e.target().get().kernel().toString();
  }

  @Test
  void partitionsCountFromZero() throws Exception {
    assertThat(kernel(entry("root (hd0,0)\nkernel /vmlinuz\n"))).isEqualTo("(hd0,msdos1)/vmlinuz");
    assertThat(kernel(entry("root (hd0,1)\nkernel /vmlinuz\n"))).isEqualTo("(hd0,msdos2)/vmlinuz");
  }

  @Test
  void logicalPartitionsStartAtFour() throws Exception {
    assertThat(kernel(entry("root (hd0,4)\nkernel /vmlinuz\n"))).isEqualTo("(hd0,msdos5)/vmlinuz");
  }

  @Test
  void withoutRootFilesComeFromWhereTheMenuWasFound() throws Exception {
    assertThat(kernel(entry("kernel /vmlinuz\n"))).isEqualTo("(hd0,msdos1)/vmlinuz");
  }

  @Test
  void rootnoverifySetsTheRootToo() throws Exception {
    assertThat(kernel(entry("rootnoverify (hd0,1)\nkernel /vmlinuz\n")))
        .isEqualTo("(hd0,msdos2)/vmlinuz");
  }

  @Test
  void aDeviceInFrontOfAPathOverridesTheRootForThatFileOnly() throws Exception {
    BootTarget t =
        entry("root (hd0,0)\nkernel (hd0,1)/vmlinuz ro\ninitrd /initrd.img\n").target().get();
    assertThat(t.kernel().toString()).isEqualTo("(hd0,msdos2)/vmlinuz");
    assertThat(t.initrds().get(0).toString()).isEqualTo("(hd0,msdos1)/initrd.img");
    assertThat(t.args()).isEqualTo("ro");
  }

  @Test
  void emptyPartitionMeansTheCurrentRootsPartition() throws Exception {
    assertThat(kernel(entry("root (hd0,1)\nkernel (hd0,)/vmlinuz\n")))
        .isEqualTo("(hd0,msdos2)/vmlinuz");
  }

  @Test
  void rootWithoutArgumentChangesNothing() throws Exception {
    assertThat(kernel(entry("root (hd0,1)\nroot\nkernel /vmlinuz\n")))
        .isEqualTo("(hd0,msdos2)/vmlinuz");
  }

  @Test
  void aPartitionWithoutFilesystemFallsBackToTheMenusVolume() throws Exception {
    MenuEntry e = entry("root (hd0,2)\nkernel /vmlinuz\n");
    assertThat(kernel(e)).isEqualTo("(hd0,msdos1)/vmlinuz");
    assertThat(e.notes())
        .containsExactly(
            "line 2: (hd0,2): no filesystem bootlace reads on partition 3 of this disk; using"
                + " (hd0,msdos1), where /boot/grub/menu.lst is, as pygrub does");
  }

  @Test
  void otherDisksAndBsdPartitionsFallBackToo() throws Exception {
    assertThat(entry("root (hd1,0)\nkernel /vmlinuz\n").notes())
        .containsExactly(
            "line 2: (hd1,0): only the image's own disk, (hd0), is readable; using (hd0,msdos1),"
                + " where /boot/grub/menu.lst is, as pygrub does");
    assertThat(entry("root (hd0,1,a)\nkernel /vmlinuz\n").notes())
        .containsExactly(
            "line 2: (hd0,1,a): BSD sub-partitions are not read; using (hd0,msdos1), where"
                + " /boot/grub/menu.lst is, as pygrub does");
    assertThat(entry("root (fd0)\nkernel /vmlinuz\n").notes())
        .containsExactly(
            "line 2: (fd0): only the image's own disk, (hd0), is readable; using (hd0,msdos1),"
                + " where /boot/grub/menu.lst is, as pygrub does");
  }

  @Test
  void theWholeDiskOfAPartitionedImageHoldsNoFilesystem() throws Exception {
    assertThat(entry("root (hd0)\nkernel /vmlinuz\n").notes())
        .containsExactly(
            "line 2: (hd0): the whole disk holds no filesystem bootlace reads; using (hd0,msdos1),"
                + " where /boot/grub/menu.lst is, as pygrub does");
  }

  @Test
  void theWholeDiskOfABareFilesystemIsThatFilesystem() throws Exception {
    MenuEntry e = Legacy.menu("title t\nroot (hd0)\nkernel /vmlinuz\n").entries().get(0);
    assertThat(kernel(e)).isEqualTo("(hd0)/vmlinuz");
    assertThat(e.notes()).isEmpty();
  }

  @Test
  void aBiosDriveNumberNamesTheSameDisk() throws Exception {
    assertThat(kernel(entry("root (0x80,1)\nkernel /vmlinuz\n"))).isEqualTo("(hd0,msdos2)/vmlinuz");
  }

  @Test
  void partitionNumbersAbove254AreAnError() throws Exception {
    MenuEntry e = entry("root (hd0,999)\nkernel /vmlinuz\n");
    assertThat(e.kind()).isEqualTo(EntryKind.OTHER);
    assertThat(e.target()).isEmpty();
    assertThat(e.notes())
        .containsExactly(
            "line 2: root (hd0,999): Error 11: Unrecognized device string",
            "line 3: not run: GRUB failed before it");
    assertThat(entry("root (hd0,254)\nkernel /vmlinuz\n").target()).isPresent();
  }

  @Test
  void malformedDevicesFailAsInGrub() throws Exception {
    assertThat(entry("root hd0,0\nkernel /vmlinuz\n").notes().get(0))
        .isEqualTo("line 2: root hd0,0: Error 11: Unrecognized device string");
    assertThat(entry("root (hd0,0\nkernel /vmlinuz\n").notes().get(0))
        .isEqualTo("line 2: root (hd0,0: Error 11: Unrecognized device string");
    assertThat(entry("root (hd8,0)\nkernel /vmlinuz\n").notes().get(0))
        .isEqualTo("line 2: root (hd8,0): Error 12: Invalid device requested");
    assertThat(entry("root (xd0)\nkernel /vmlinuz\n").notes().get(0))
        .isEqualTo("line 2: root (xd0): Error 23: Error while parsing number");
    assertThat(entry("root (hx0)\nkernel /vmlinuz\n").notes().get(0))
        .isEqualTo("line 2: root (hx0): Error 23: Error while parsing number");
    assertThat(entry("root (fd0,0)\nkernel /vmlinuz\n").notes().get(0))
        .isEqualTo("line 2: root (fd0,0): Error 11: Unrecognized device string");
    assertThat(entry("kernel (hd0,1/vmlinuz\n").notes().get(0))
        .isEqualTo("line 2: kernel (hd0,1/vmlinuz: Error 11: Unrecognized device string");
  }

  @Test
  void ubuntusUuidCommandFindsThePartitionByFilesystemUuid() throws Exception {
    assertThat(kernel(entry("uuid 2D3E4F50-AAAA-BBBB-CCCC-0123456789AB\nkernel /vmlinuz\n")))
        .isEqualTo("(hd0,msdos2)/vmlinuz");
    assertThat(entry("uuid 00000000-0000-0000-0000-000000000000\nkernel /vmlinuz\n").notes().get(0))
        .isEqualTo("line 2: uuid 00000000-0000-0000-0000-000000000000: Error 15: File not found");
  }

  @Test
  void chainloadingNamesTheSectorsAndHasNoTarget() throws Exception {
    MenuEntry e = entry("rootnoverify (hd0,1)\nmakeactive\nchainloader +1\n");
    assertThat(e.kind()).isEqualTo(EntryKind.CHAINLOAD);
    assertThat(e.target()).isEmpty();
    assertThat(e.notes()).containsExactly("chainloads sectors +1 of (hd0,1)");
    MenuEntry file = entry("chainloader --force (hd0,1)/vmlinuz\n");
    assertThat(file.notes()).containsExactly("chainloads (hd0,msdos2)/vmlinuz");
  }

  @Test
  void aWarningNamesEachSubstitutedDeviceOnce() throws Exception {
    BootMenu menu =
        Legacy.menu(
            disk(
                "title a\nroot (hd0,2)\nkernel /vmlinuz\ntitle b\nroot (hd0,2)\nkernel /vmlinuz\n"));
    assertThat(menu.warnings())
        .containsExactly(
            "(hd0,2): no filesystem bootlace reads on partition 3 of this disk; using (hd0,msdos1),"
                + " where /boot/grub/menu.lst is, as pygrub does");
    assertThat(MenuText.render(menu)).contains("entry 1 LINUX 'b'");
    assertThat(menu.defaultEntry()).contains(List.of(0));
  }
}
