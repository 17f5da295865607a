package org.bootlace.syslinux;

import static org.assertj.core.api.Assertions.assertThat;

import org.bootlace.BootRecord;
import org.bootlace.BootSource;
import org.bootlace.BootTarget;
import org.bootlace.EntryKind;
import org.bootlace.MenuEntry;
import org.bootlace.testing.FakeKernels;
import org.bootlace.testing.MemFs;
import org.junit.jupiter.api.Test;

/** Xen from extlinux: mboot.c32 with the hypervisor, the dom0 kernel and its initrd. */
class MultibootTest {
  static final String CFG = "/boot/extlinux/extlinux.conf";

  static MemFs.Builder fs(String config) {
    return MemFs.builder()
        .file(CFG, config)
        .file("/boot/extlinux/mboot.c32", "mboot module")
        .file("/boot/xen.gz", FakeKernels.xenGz("xen"))
        .file("/boot/vmlinuz", FakeKernels.linux("dom0"))
        .file("/boot/initrd.img", "dom0 initrd");
  }

  @Test
  void mbootWithXenKernelAndInitrdIsAMultibootEntryWithTwoModules() throws Exception {
    // pygrub's ExtLinuxConf splits this APPEND at '---' and boots the Linux kernel and initrd
    // directly, dropping Xen; syslinux (and bootlace) load Xen with the other two as modules.
    byte[] disk =
        fs("DEFAULT xen\nLABEL xen\n  KERNEL mboot.c32\n  APPEND ../xen.gz dom0_mem=512M loglvl=all --- ../vmlinuz root=/dev/xvda1 ro --- ../initrd.img\n")
            .build();
    MenuEntry e = Sys.menu(disk).entries().get(0);
    assertThat(e.kind()).isEqualTo(EntryKind.MULTIBOOT);
    BootTarget t = e.target().orElseThrow();
    assertThat(t.kernel().path()).isEqualTo("/boot/extlinux/../xen.gz");
    assertThat(t.args()).isEqualTo("dom0_mem=512M loglvl=all");
    assertThat(t.initrds()).isEmpty();
    assertThat(t.modules())
        .extracting(m -> m.file().path())
        .containsExactly("/boot/extlinux/../vmlinuz", "/boot/extlinux/../initrd.img");
    assertThat(t.modules())
        .extracting(BootTarget.Module::args)
        .containsExactly("root=/dev/xvda1 ro", "");
    assertThat(e.notes()).isEmpty();
    try (BootSource s = Sys.open(disk)) {
      BootRecord r = s.resolveBoot();
      assertThat(r.kind()).isEqualTo(EntryKind.MULTIBOOT);
      assertThat(r.kernel().location()).isEqualTo("(hd0)/boot/extlinux/../xen.gz");
      assertThat(r.args()).isEqualTo("dom0_mem=512M loglvl=all");
    }
  }

  @Test
  void com32MbootWithOptionsAndBlanksAsSyslinuxSplitsThem() throws Exception {
    MenuEntry e =
        Sys.menu(
                fs("LABEL x\nCOM32 mboot\nAPPEND -solaris -no-aout /boot/xen.gz\t ---   /boot/vmlinuz  a  b\n")
                    .build())
            .entries()
            .get(0);
    BootTarget t = e.target().orElseThrow();
    assertThat(t.kernel().path()).isEqualTo("/boot/xen.gz");
    assertThat(t.args()).isEmpty();
    assertThat(t.modules()).extracting(BootTarget.Module::args).containsExactly("a b");
  }

  @Test
  void aTrailingSeparatorAddsNoModuleButAnEmptyModuleFailsTheEntry() throws Exception {
    MenuEntry trailing =
        Sys.menu(fs("LABEL x\nKERNEL mboot.c32\nAPPEND /boot/xen.gz ---\n").build())
            .entries()
            .get(0);
    assertThat(trailing.kind()).isEqualTo(EntryKind.MULTIBOOT);
    assertThat(trailing.target().orElseThrow().modules()).isEmpty();
    MenuEntry empty =
        Sys.menu(
                fs("LABEL x\nKERNEL mboot.c32\nAPPEND /boot/xen.gz --- --- /boot/vmlinuz\n")
                    .build())
            .entries()
            .get(0);
    assertThat(empty.kind()).isEqualTo(EntryKind.OTHER);
    assertThat(empty.notes())
        .containsExactly("mboot.c32 module 1 is empty: it would try to load a file named ---");
    MenuEntry none = Sys.menu(fs("LABEL x\nKERNEL mboot.c32\n").build()).entries().get(0);
    assertThat(none.notes()).containsExactly("mboot.c32 is given no kernel");
  }

  @Test
  void missingMultibootFilesAreNoted() throws Exception {
    MenuEntry e =
        Sys.menu(
                fs("LABEL x\nKERNEL mboot.c32\nAPPEND /xen.gz --- /boot/vmlinuz --- /nothing\n")
                    .build())
            .entries()
            .get(0);
    assertThat(e.kind()).isEqualTo(EntryKind.MULTIBOOT);
    assertThat(e.notes())
        .containsExactly(
            "multiboot kernel (hd0)/xen.gz: no such file", "module (hd0)/nothing: no such file");
  }
}
