package org.bootlace.grub2;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import org.bootlace.BootMenu;
import org.bootlace.BootRecord;
import org.bootlace.BootSource;
import org.bootlace.MenuEntry;
import org.bootlace.testing.FakeKernels;
import org.bootlace.testing.MemFs;
import org.bootlace.testing.TestDisk;
import org.junit.jupiter.api.Test;

/** search in its forms, device names, $root and $prefix. */
class SearchAndDevicesTest {
  static final String UUID = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";

  /** Partition 1 holds the configuration; 2 and 3 hold kernels, 3 with a label. */
  static byte[] disk(String cfg) {
    byte[] p1 = MemFs.builder().file("/boot/grub/grub.cfg", cfg).file("/marker", "1").build();
    byte[] p2 =
        MemFs.builder()
            .uuid(UUID)
            .file("/vmlinuz", FakeKernels.linux("p2"))
            .file("/shared", "2")
            .build();
    byte[] p3 =
        MemFs.builder()
            .label("ROOT")
            .file("/vmlinuz", FakeKernels.linux("p3"))
            .file("/shared", "3")
            .build();
    return TestDisk.builder().partition(1, p1).partition(2, p2).partition(3, p3).build();
  }

  static MenuEntry entry(String cfg) throws Exception {
    return G2.menu(disk(cfg)).entries().get(0);
  }

  static String kernel(String cfg) throws Exception {
    return entry(cfg).target().get().kernel().toString();
  }

  @Test
  void rootAndPrefixStartAtTheConfigurationsDevice() throws Exception {
    assertThat(Echo.runOn(G2.fs("").build(), "echo $root $prefix"))
        .containsExactly("hd0 (hd0)/boot/grub");
    BootMenu menu = G2.menu(disk("menuentry e { linux /marker $root $prefix }"));
    assertThat(menu.entries().get(0).target().get().args())
        .isEqualTo("hd0,msdos1 (hd0,msdos1)/boot/grub");
  }

  @Test
  void byUuidIgnoringCase() throws Exception {
    String cfg =
        "search --no-floppy --fs-uuid --set=root "
            + UUID.toUpperCase(Locale.ROOT)
            + "\nmenuentry e { linux /vmlinuz }";
    assertThat(kernel(cfg)).isEqualTo("(hd0,msdos2)/vmlinuz");
    assertThat(G2.menu(disk(cfg)).explanation())
        .contains(
            "/boot/grub/grub.cfg:1: search uuid "
                + UUID.toUpperCase(Locale.ROOT)
                + " found (hd0,msdos2); root=hd0,msdos2");
  }

  @Test
  void byLabelExactly() throws Exception {
    assertThat(kernel("search --label --set ROOT\nmenuentry e { linux /vmlinuz }"))
        .isEqualTo("(hd0,msdos3)/vmlinuz");
    // -s takes the next word as the variable; with no word left it is also the key (search_wrap.c).
    assertThat(kernel("search -l -s ROOT\nmenuentry e { linux /vmlinuz }"))
        .isEqualTo("(hd0,msdos3)/vmlinuz");
    assertThat(G2.menu(disk("search -l -s root\nmenuentry e { linux /vmlinuz }")).warnings())
        .containsExactly("/boot/grub/grub.cfg:1: error: no such device: root");
  }

  @Test
  void byFileThePartitionsLastFirstAsGrubDeviceIterateVisitsThem() throws Exception {
    // Real GRUB 2.06 under QEMU sets root=hd0,msdos3 here: kern/device.c prepends each partition.
    assertThat(kernel("search --file --set=x /shared\nset root=$x\nmenuentry e { linux /vmlinuz }"))
        .isEqualTo("(hd0,msdos3)/vmlinuz");
    assertThat(
            G2.menu(disk("search --file /vmlinuz --set=v\nmenuentry $v { true; }"))
                .entries()
                .get(0)
                .title())
        .isEqualTo("hd0,msdos3");
  }

  @Test
  void aHintEndingInACommaWalksThatDisksTableInOrder() throws Exception {
    assertThat(
            kernel(
                "search --file --set=x --hint=hd0, /shared\nset root=$x\nmenuentry e { linux /vmlinuz }"))
        .isEqualTo("(hd0,msdos2)/vmlinuz");
  }

  @Test
  void everySearchKindUsesTheSameOrder() throws Exception {
    String cfg =
        "search --fs-uuid --set=x "
            + UUID
            + "\nsearch.file /shared y\nsearch.fs_label ROOT z\n"
            + "search --file --set=w /marker\nmenuentry \"$x $y $z $w\" { true; }";
    assertThat(G2.menu(disk(cfg)).entries().get(0).title())
        .isEqualTo("hd0,msdos2 hd0,msdos3 hd0,msdos3 hd0,msdos1");
  }

  @Test
  void aHintIsTriedFirstButBareMetalAndBiosHintsMeanNothingOnXen() throws Exception {
    assertThat(kernel("search -f -s --hint hd0,msdos2 /shared\nmenuentry e { linux /vmlinuz }"))
        .isEqualTo("(hd0,msdos2)/vmlinuz");
    assertThat(
            kernel(
                "search -f -s --hint-bios=hd0,msdos2 --hint-efi=hd0,msdos2 /shared\nmenuentry e { linux /vmlinuz }"))
        .isEqualTo("(hd0,msdos3)/vmlinuz");
  }

  @Test
  void theOldSearchCommands() throws Exception {
    assertThat(kernel("search.fs_uuid " + UUID + " root\nmenuentry e { linux /vmlinuz }"))
        .isEqualTo("(hd0,msdos2)/vmlinuz");
    assertThat(kernel("search.fs_label ROOT r\nset root=$r\nmenuentry e { linux /vmlinuz }"))
        .isEqualTo("(hd0,msdos3)/vmlinuz");
    assertThat(kernel("search.file /shared root hd0,msdos3\nmenuentry e { linux /vmlinuz }"))
        .isEqualTo("(hd0,msdos3)/vmlinuz");
  }

  @Test
  void nothingFoundFailsAndLeavesRootAlone() throws Exception {
    String cfg =
        "if search --fs-uuid --set=root nope; then set r=found; else set r=none; fi\n"
            + "menuentry \"$r $root\" { linux /marker }";
    BootMenu menu = G2.menu(disk(cfg));
    assertThat(menu.entries().get(0).title()).isEqualTo("none hd0,msdos1");
    assertThat(menu.warnings())
        .containsExactly("/boot/grub/grub.cfg:1: error: no such device: nope");
  }

  @Test
  void searchInsideAnEntryActsWhenTheEntryRuns() throws Exception {
    String cfg =
        "menuentry e { search --label --set ROOT; linux /vmlinuz }\nsearch --fs-uuid --set " + UUID;
    assertThat(kernel(cfg)).isEqualTo("(hd0,msdos3)/vmlinuz");
  }

  @Test
  void deviceNames() throws Exception {
    assertThat(kernel("menuentry e { linux (hd0,msdos2)/vmlinuz }"))
        .isEqualTo("(hd0,msdos2)/vmlinuz");
    assertThat(kernel("menuentry e { linux (hd0,3)/vmlinuz }")).isEqualTo("(hd0,msdos3)/vmlinuz");
    assertThat(kernel("set root='hd0,msdos2'\nmenuentry e { linux /vmlinuz }"))
        .isEqualTo("(hd0,msdos2)/vmlinuz");
    assertThat(kernel("menuentry e { set root=(hd0,3); linux /vmlinuz }"))
        .isEqualTo("(hd0,msdos3)/vmlinuz");
  }

  @Test
  void devicesThatAreNotThere() throws Exception {
    assertThat(entry("menuentry e { linux (hd0,gpt2)/vmlinuz }").notes())
        .containsExactly("/boot/grub/grub.cfg:1: error: no such partition");
    assertThat(entry("menuentry e { linux (hd0,msdos7)/vmlinuz }").notes())
        .containsExactly("/boot/grub/grub.cfg:1: error: no such partition");
    assertThat(entry("menuentry e { linux (hd1,msdos1)/vmlinuz }").notes())
        .containsExactly("/boot/grub/grub.cfg:1: error: disk `hd1,msdos1' not found");
    assertThat(entry("menuentry e { linux (hd0)/vmlinuz }").notes())
        .containsExactly("/boot/grub/grub.cfg:1: error: unknown filesystem");
    assertThat(entry("menuentry e { linux vmlinuz }").notes())
        .containsExactly("/boot/grub/grub.cfg:1: error: invalid file name `vmlinuz'");
  }

  @Test
  void onABareFilesystemEveryPartitionOfHd0IsThatFilesystem() throws Exception {
    MenuEntry e = G2.menu("set root='hd0,msdos1'\nmenuentry e { linux /vmlinuz }").entries().get(0);
    assertThat(e.target().get().kernel().toString()).isEqualTo("(hd0)/vmlinuz");
    assertThat(e.notes())
        .containsExactly(
            "(hd0,msdos1): the image has no partition table; using (hd0), the filesystem the"
                + " configuration is on, as pygrub does");
  }

  @Test
  void anEfiStubOnTheEspLeadsToTheRealConfigurationOnAnotherPartition() throws Exception {
    byte[] esp =
        MemFs.builder()
            .label("ESP")
            .file(
                "/EFI/ubuntu/grub.cfg",
                "search.fs_uuid "
                    + UUID
                    + " root hd0,gpt2\n"
                    + "set prefix=($root)'/boot/grub'\n"
                    + "configfile $prefix/grub.cfg\n")
            .build();
    byte[] root =
        MemFs.builder()
            .uuid(UUID)
            .file(
                "/boot/grub/grub.cfg",
                "if [ -s $prefix/grubenv ]; then load_env; fi\nset default=\"${saved_entry}\"\n"
                    + "menuentry 'Ubuntu' --id u { linux /boot/vmlinuz root=UUID="
                    + UUID
                    + " ro }\n"
                    + "menuentry 'Old' --id old { linux /boot/vmlinuz.old ro single }\n")
            .file("/boot/grub/grubenv", Grubenv.block("saved_entry=old"))
            .file("/boot/vmlinuz", FakeKernels.linux("new"))
            .file("/boot/vmlinuz.old", FakeKernels.linux("old"))
            .build();
    byte[] disk = TestDisk.builder().partition(1, esp).partition(2, root).build();
    try (BootSource s = G2.open(disk)) {
      BootMenu menu = s.menu();
      assertThat(menu.config().toString()).isEqualTo("(hd0,msdos2)/boot/grub/grub.cfg");
      assertThat(G2.titles(menu)).isEqualTo("0 Ubuntu\n1 Old\n");
      assertThat(menu.defaultEntry()).contains(List.of(1));
      assertThat(menu.explanation())
          .contains(
              "/EFI/ubuntu/grub.cfg:3: configfile (hd0,msdos2)/boot/grub/grub.cfg reads (hd0,msdos2)/boot/grub/grub.cfg",
              "(hd0,msdos2)/boot/grub/grub.cfg:1: load_env read (hd0,msdos2)/boot/grub/grubenv: saved_entry=old");
      BootRecord boot = s.resolveBoot();
      assertThat(boot.kernel().location()).isEqualTo("(hd0,msdos2)/boot/vmlinuz.old");
      assertThat(boot.args()).isEqualTo("ro single");
      assertThat(boot.provenance().partitionNumber()).isEqualTo(2);
    }
  }
}
