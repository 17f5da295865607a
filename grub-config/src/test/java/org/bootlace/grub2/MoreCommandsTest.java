package org.bootlace.grub2;

import static org.assertj.core.api.Assertions.assertThat;

import org.bootlace.BootOptions;
import org.bootlace.testing.FakeKernels;
import org.junit.jupiter.api.Test;

/** read, hwmatch and pvgrub2's Xen device names. */
class MoreCommandsTest {
  @Test
  void readGetsAnEmptyLineAndFails() throws Exception {
    assertThat(G2.echoed("x=old\nread x; echo \"$?[$x]\"\nread -s; echo $?"))
        .containsExactly("1[]", "1");
  }

  @Test
  void hwmatchExistsOnPcAndMatchesNothing() throws Exception {
    String cfg =
        """
        match=unset
        if hwmatch /boot/grub/grub.cfg 3; then menuentry "$match" { true; }; fi
        hwmatch /nope 3
        """;
    var pc = G2.menu(G2.fs(cfg).build(), BootOptions.builder().variable("grub_platform", "pc"));
    assertThat(pc.entries().get(0).title()).isEqualTo("0");
    assertThat(pc.warnings()).anyMatch(w -> w.startsWith("/boot/grub/grub.cfg:3: error:"));
    var xen = G2.menu(G2.fs(cfg).build());
    assertThat(xen.warnings())
        .contains("/boot/grub/grub.cfg:2: error: can't find command `hwmatch'");
  }

  @Test
  void xenDiskNamesAreTheImagesDisk() throws Exception {
    byte[] p1 =
        org.bootlace.testing.MemFs.builder()
            .file("/boot/grub/grub.cfg", "menuentry e { linux (xen/xvda,msdos2)/vmlinuz; }")
            .build();
    byte[] p2 =
        org.bootlace.testing.MemFs.builder().file("/vmlinuz", FakeKernels.linux("2")).build();
    byte[] disk = org.bootlace.testing.TestDisk.builder().partition(1, p1).partition(2, p2).build();
    assertThat(G2.menu(disk).entries().get(0).target().get().kernel().toString())
        .isEqualTo("(hd0,msdos2)/vmlinuz");
  }

  @Test
  void classesAndHotkeysAreCarriedOnTheEntries() throws Exception {
    var menu =
        G2.menu(
            G2.fs(
                    """
        menuentry a --class debian --class gnu-linux --hotkey=d { linux /vmlinuz; }
        submenu s --class os --hotkey backspace { menuentry b { linux /vmlinuz; } }
        """)
                .build());
    assertThat(menu.entries().get(0).classes()).containsExactly("debian", "gnu-linux");
    assertThat(menu.entries().get(0).hotkey()).contains("d");
    assertThat(menu.entries().get(1).classes()).containsExactly("os");
    assertThat(menu.entries().get(1).hotkey()).contains("backspace");
    assertThat(menu.entries().get(1).children().get(0).classes()).isEmpty();
    assertThat(menu.entries().get(1).children().get(0).hotkey()).isEmpty();
  }

  @Test
  void anEntryNamingASubmenuBootsTheEntryGrubBootsOnEnteringIt() throws Exception {
    String cfg =
        """
        set default="1>1"
        menuentry a { linux /vmlinuz; }
        submenu s {
          menuentry b { linux /boot/vmlinuz-1; }
          menuentry c { linux /boot/vmlinuz-2; }
        }
        submenu t {
          set default=1
          menuentry d { linux /boot/vmlinuz-1; }
          menuentry e { linux /boot/vmlinuz-2; }
        }
        """;
    try (var source = G2.open(G2.fs(cfg).build())) {
      // The default's part after '>' applies inside every submenu GRUB enters.
      assertThat(source.resolveBoot("s").entry().get().title()).isEqualTo("c");
      assertThat(source.resolveBoot("2").entry().get().title()).isEqualTo("e");
      assertThat(source.menu().entries().get(1).defaultChild()).contains(java.util.List.of(1, 1));
    }
  }

  @Test
  void platformsAsAChoice() throws Exception {
    String cfg =
        """
        if [ -s $prefix/grubenv ]; then e=env; else e=noenv; fi
        menuentry "$grub_platform $prefix $e" { linux /vmlinuz quiet; }
        """;
    byte[] fs = G2.fs(cfg).file("/boot/grub/grubenv", "x").build();
    var xen = G2.menu(fs).entries().get(0);
    assertThat(xen.title()).isEqualTo("xen (hd0)/boot/grub env");
    assertThat(xen.target().get().args()).isEqualTo("quiet");
    var pc = G2.menu(fs, BootOptions.builder().platform(BootOptions.Platform.PC)).entries().get(0);
    assertThat(pc.title()).isEqualTo("pc (hd0)/boot/grub env");
    assertThat(pc.target().get().args()).isEqualTo("BOOT_IMAGE=/vmlinuz quiet");
    var efi =
        G2.menu(fs, BootOptions.builder().platform(BootOptions.Platform.EFI)).entries().get(0);
    assertThat(efi.title()).isEqualTo("efi (hd0)/boot/grub env");
    var pv =
        G2.menu(fs, BootOptions.builder().platform(BootOptions.Platform.PVGRUB2)).entries().get(0);
    assertThat(pv.title()).isEqualTo("xen (memdisk)/boot/grub noenv");
    assertThat(pv.target().get().args()).isEqualTo("quiet");
  }

  @Test
  void pvgrub2NamesTheDiskAfterItsXenDevice() throws Exception {
    String cfg =
        """
        r0=$root
        search --file --set=found /boot/grub/grub.cfg
        menuentry "$r0 $found $grub_cpu" { linux ($found)/vmlinuz root=$root; }
        """;
    byte[] fs = G2.fs(cfg).build();
    var pv =
        G2.menu(fs, BootOptions.builder().platform(BootOptions.Platform.PVGRUB2)).entries().get(0);
    assertThat(pv.title()).isEqualTo("xen/xvda xen/xvda x86_64");
    assertThat(pv.target().get().args()).isEqualTo("root=xen/xvda");
    var pc = G2.menu(fs, BootOptions.builder().platform(BootOptions.Platform.PC)).entries().get(0);
    assertThat(pc.title()).isEqualTo("hd0 hd0 i386");
  }
}
