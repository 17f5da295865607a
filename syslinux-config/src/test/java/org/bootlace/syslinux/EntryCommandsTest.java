package org.bootlace.syslinux;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.bootlace.BootMenu;
import org.bootlace.BootTarget;
import org.bootlace.EntryKind;
import org.bootlace.FileRef;
import org.bootlace.MenuEntry;
import org.junit.jupiter.api.Test;

/** What one LABEL's lines make of its command line, kernel and ramdisks. */
class EntryCommandsTest {
  private static MenuEntry only(String config) throws Exception {
    BootMenu menu = Sys.menu(config);
    assertThat(menu.entries()).hasSize(1);
    return menu.entries().get(0);
  }

  private static BootTarget target(String config) throws Exception {
    return only(config).target().orElseThrow();
  }

  private static List<String> paths(List<FileRef> refs) {
    return refs.stream().map(FileRef::path).toList();
  }

  @Test
  void linuxInitrdAndAppendMakeALinuxEntryWithRelativeNamesInTheConfigDirectory() throws Exception {
    MenuEntry e =
        only("LABEL linux\n  LINUX vmlinuz\n  INITRD initrd.img\n  APPEND root=/dev/sda1 ro\n");
    assertThat(e.kind()).isEqualTo(EntryKind.LINUX);
    assertThat(e.id()).contains("linux");
    assertThat(e.title()).isEqualTo("linux");
    BootTarget t = e.target().orElseThrow();
    assertThat(t.kernel().path()).isEqualTo("/boot/syslinux/vmlinuz");
    assertThat(paths(t.initrds())).containsExactly("/boot/syslinux/initrd.img");
    assertThat(t.args()).isEqualTo("root=/dev/sda1 ro");
    assertThat(e.notes()).isEmpty();
  }

  @Test
  void keywordsAreCaseInsensitiveAndNeedABlankAfterThem() throws Exception {
    BootMenu menu = Sys.menu("lAbEl a\nKeRnEl /vmlinuz\nappend x=1\nAPPENDy=2\nkernel\tvmlinuz\n");
    BootTarget t = menu.entries().get(0).target().orElseThrow();
    assertThat(t.kernel().path()).isEqualTo("/boot/syslinux/vmlinuz");
    assertThat(t.args()).isEqualTo("x=1");
    assertThat(menu.warnings())
        .containsExactly(
            "/boot/syslinux/syslinux.cfg:4: unknown keyword 'APPENDy=2' ignored, as syslinux ignores it");
  }

  @Test
  void initrdInAppendBecomesTheRamdiskAndLeavesTheArguments() throws Exception {
    BootTarget t =
        target("LABEL a\nKERNEL /vmlinuz\nAPPEND root=/dev/sda1 initrd=/initrd.img quiet\n");
    assertThat(paths(t.initrds())).containsExactly("/initrd.img");
    assertThat(t.args()).isEqualTo("root=/dev/sda1 quiet");
  }

  @Test
  void initrdLeavesOneBlankWhereItWasUnlikePygrubWhichLeavesTwo() throws Exception {
    // pygrub's ExtLinuxConf removes the word with str.replace and keeps both blanks around it:
    // 'vga=788  --- quiet'. The Debian installer's expected command line has one.
    BootTarget t =
        target("LABEL install\nKERNEL /vmlinuz\nAPPEND vga=788 initrd=/initrd.img --- quiet \n");
    assertThat(t.args()).isEqualTo("vga=788 --- quiet");
  }

  @Test
  void severalCommaSeparatedInitrdsLoadInOrder() throws Exception {
    BootTarget t =
        target(
            "LABEL a\nKERNEL /vmlinuz\nAPPEND initrd=/boot/syslinux/initrd.img,../../initrd.img rw\n");
    assertThat(paths(t.initrds()))
        .containsExactly("/boot/syslinux/initrd.img", "/boot/syslinux/../../initrd.img");
    assertThat(t.args()).isEqualTo("rw");
  }

  @Test
  void initrdDirectiveTakesCommaSeparatedNamesToo() throws Exception {
    BootTarget t = target("LABEL a\nLINUX /vmlinuz\nINITRD /initrd.img,initrd.img\n");
    assertThat(paths(t.initrds())).containsExactly("/initrd.img", "/boot/syslinux/initrd.img");
    assertThat(t.args()).isEmpty();
  }

  @Test
  void appendInitrdWinsOverInitrdDirectiveBecauseTheLoaderTakesTheFirst() throws Exception {
    // INITRD adds ' initrd=' after APPEND; kernel.c's strstr finds APPEND's first.
    MenuEntry e =
        only("LABEL a\nLINUX /vmlinuz\nINITRD /initrd.img\nAPPEND initrd=initrd.img quiet\n");
    BootTarget t = e.target().orElseThrow();
    assertThat(paths(t.initrds())).containsExactly("/boot/syslinux/initrd.img");
    assertThat(t.args()).isEqualTo("quiet initrd=/initrd.img");
    assertThat(e.notes())
        .containsExactly(
            "a later 'initrd=/initrd.img' is not loaded: syslinux loads only the first initrd=; it stays in the arguments");
  }

  @Test
  void upperCaseInitrdIsAnArgumentNotARamdiskUnlikePygrub() throws Exception {
    // The loader's strstr is case-sensitive. pygrub matches 'INITRD=' case-insensitively but its
    // replace only removes lower case, so it would load a file named 'INITRD=/initrd.img'.
    MenuEntry e = only("LABEL a\nLINUX /vmlinuz\nAPPEND INITRD=/initrd.img ro\n");
    assertThat(e.target().orElseThrow().initrds()).isEmpty();
    assertThat(e.target().orElseThrow().args()).isEqualTo("INITRD=/initrd.img ro");
  }

  @Test
  void initrdInsideAnotherWordIsStillReadByTheLoaderButTheWordStays() throws Exception {
    MenuEntry e = only("LABEL a\nLINUX /vmlinuz\nAPPEND noinitrd=/initrd.img x\n");
    assertThat(paths(e.target().orElseThrow().initrds())).containsExactly("/initrd.img");
    assertThat(e.target().orElseThrow().args()).isEqualTo("noinitrd=/initrd.img x");
    assertThat(e.notes())
        .containsExactly(
            "syslinux takes the 'initrd=' inside 'noinitrd=/initrd.img' as the ramdisk list; the argument stays as written");
  }

  @Test
  void globalAppendIsInheritedByLabelsWithoutTheirOwnAndAppendDashCancelsIt() throws Exception {
    BootMenu menu =
        Sys.menu(
            """
            APPEND root=/dev/sda1 quiet
            LABEL inherits
              KERNEL /vmlinuz
            LABEL own
              KERNEL /vmlinuz
              APPEND single
            LABEL none
              KERNEL /vmlinuz
              APPEND -
            LABEL dash-with-blank
              KERNEL /vmlinuz
              APPEND - \s
            """);
    assertThat(menu.entries())
        .extracting(e -> e.target().orElseThrow().args())
        .containsExactly("root=/dev/sda1 quiet", "single", "", "-");
  }

  @Test
  void globalAppendCountsAsItStandsWhenTheLabelIsRecorded() throws Exception {
    // An APPEND is the label's own only while a LABEL is open; MENU BEGIN closes it, so the APPEND
    // after it is global and reaches only the labels recorded later.
    BootMenu menu =
        Sys.menu(
            """
            LABEL first
              KERNEL /vmlinuz
            MENU BEGIN sub
            APPEND late
            LABEL second
              KERNEL /vmlinuz
            MENU END
            """);
    assertThat(menu.entries().get(0).target().orElseThrow().args()).isEmpty();
    assertThat(menu.entries().get(1).children().get(0).target().orElseThrow().args())
        .isEqualTo("late");
  }

  @Test
  void aLabelWithoutKernelBootsTheFileNamedLikeTheLabel() throws Exception {
    BootTarget t = target("LABEL vmlinuz\nAPPEND ro\n");
    assertThat(t.kernel().path()).isEqualTo("/boot/syslinux/vmlinuz");
    assertThat(t.args()).isEqualTo("ro");
  }

  @Test
  void argumentsOnTheKernelLineComeBeforeAppend() throws Exception {
    assertThat(target("LABEL a\nKERNEL /vmlinuz root=/dev/sda1\nAPPEND quiet\n").args())
        .isEqualTo("root=/dev/sda1 quiet");
  }

  @Test
  void theLastKernelLikeDirectiveOfALabelCounts() throws Exception {
    MenuEntry e = only("LABEL a\nCOM32 hdt.c32\nLINUX /vmlinuz\n");
    assertThat(e.kind()).isEqualTo(EntryKind.LINUX);
  }

  @Test
  void kernelDirectivesOutsideALabelAreIgnoredWithAWarning() throws Exception {
    BootMenu menu = Sys.menu("KERNEL /vmlinuz\nINITRD /initrd.img\nLABEL a\nLINUX /vmlinuz\n");
    assertThat(menu.entries()).hasSize(1);
    assertThat(menu.warnings())
        .containsExactly(
            "/boot/syslinux/syslinux.cfg:1: KERNEL outside a LABEL is ignored, as syslinux ignores it",
            "/boot/syslinux/syslinux.cfg:2: INITRD outside a LABEL is ignored, as syslinux ignores it");
  }

  @Test
  void kernelPicksTheLoaderByExtensionCaseSensitively() throws Exception {
    BootMenu menu =
        Sys.menu(
            """
            LABEL module
              KERNEL hdt.c32 foo
            LABEL upper
              KERNEL /vmlinuz.C32
            LABEL nbp
              KERNEL pxelinux.0
            LABEL cdboot
              KERNEL eltorito.bin
            LABEL sector
              KERNEL sector.bs
            LABEL bss
              KERNEL sector.bss
            LABEL floppy
              KERNEL disk.img
            """);
    assertThat(menu.entries())
        .extracting(MenuEntry::kind)
        .containsExactly(
            EntryKind.OTHER,
            EntryKind.LINUX,
            EntryKind.CHAINLOAD,
            EntryKind.CHAINLOAD,
            EntryKind.CHAINLOAD,
            EntryKind.CHAINLOAD,
            EntryKind.OTHER);
    assertThat(menu.entries().get(0).notes()).containsExactly("runs the COM32 module hdt.c32 foo");
    assertThat(menu.entries().get(2).notes())
        .containsExactly("chainloads (hd0)/boot/syslinux/pxelinux.0 (PXE)");
    assertThat(menu.entries().get(3).notes())
        .containsExactly("chainloads (hd0)/boot/syslinux/eltorito.bin (BOOT)");
    assertThat(menu.entries().get(5).notes())
        .containsExactly("chainloads (hd0)/boot/syslinux/sector.bss (BSS)");
    assertThat(menu.entries().get(6).notes())
        .containsExactly(
            "disk.img: syslinux 6 has no floppy-image loader (FDIMAGE was removed); it would load it as a Linux kernel and fail");
  }

  @Test
  void typeDirectivesOverrideTheExtension() throws Exception {
    BootMenu menu =
        Sys.menu(
            """
            LABEL l
              LINUX /vmlinuz.c32
            LABEL c
              COM32 hdt
            LABEL b
              BOOT /vmlinuz
            LABEL x
              COMBOOT /vmlinuz
            LABEL n
              NONE /vmlinuz
            """);
    assertThat(menu.entries())
        .extracting(MenuEntry::kind)
        .containsExactly(
            EntryKind.LINUX,
            EntryKind.OTHER,
            EntryKind.CHAINLOAD,
            EntryKind.OTHER,
            EntryKind.OTHER);
    assertThat(menu.entries().get(1).notes()).containsExactly("runs the COM32 module hdt.c32");
    assertThat(menu.entries().get(3).notes())
        .containsExactly("COMBOOT /vmlinuz: syslinux 6 has no loader for this type");
    assertThat(menu.entries().get(4).notes())
        .containsExactly("NONE /vmlinuz: syslinux 6 has no loader for this type");
  }

  @Test
  void localbootIsAnEntryWithoutKernel() throws Exception {
    MenuEntry e = only("LABEL local\n  MENU LABEL Boot from ^local drive\n  LOCALBOOT 0x80\n");
    assertThat(e.kind()).isEqualTo(EntryKind.OTHER);
    assertThat(e.title()).isEqualTo("Boot from local drive");
    assertThat(e.target()).isEmpty();
    assertThat(e.notes())
        .containsExactly(
            "LOCALBOOT 0x80: boots from a local disk instead (or, for -1, lets the firmware try the next device)");
  }

  @Test
  void chainC32IsAChainload() throws Exception {
    MenuEntry e = only("LABEL win\nCOM32 chain.c32\nAPPEND hd0 1\n");
    assertThat(e.kind()).isEqualTo(EntryKind.CHAINLOAD);
    assertThat(e.notes()).containsExactly("chain.c32 hd0 1: hands over to another boot loader");
  }

  @Test
  void ipappendAndSysappendAreNotedBecauseTheirValuesExistOnlyAtBootTime() throws Exception {
    BootMenu menu =
        Sys.menu(
            """
            SYSAPPEND 0xC0004
            LABEL global
              KERNEL /vmlinuz
            LABEL own
              KERNEL /vmlinuz
              IPAPPEND 3
            LABEL off
              KERNEL /vmlinuz
              IPAPPEND 0
            """);
    assertThat(menu.entries().get(0).notes())
        .containsExactly(
            "IPAPPEND/SYSAPPEND 0xc0004: syslinux adds SYSUUID= FSUUID= (unused bit 0x80000) at boot time with values from the"
                + " machine (ip= and BOOTIF= on PXELINUX only); they are not in these arguments");
    assertThat(menu.entries().get(1).notes())
        .containsExactly(
            "IPAPPEND/SYSAPPEND 0x3: syslinux adds ip= BOOTIF= at boot time with values from the machine (ip= and"
                + " BOOTIF= on PXELINUX only); they are not in these arguments");
    assertThat(menu.entries().get(2).notes()).isEmpty();
    assertThat(menu.entries())
        .allSatisfy(e -> assertThat(e.target().orElseThrow().args()).isEmpty());
  }

  @Test
  void missingKernelAndInitrdAreNotedOnTheEntry() throws Exception {
    MenuEntry e = only("LABEL a\nLINUX vmlinuz-missing\nINITRD /boot\n");
    assertThat(e.kind()).isEqualTo(EntryKind.LINUX);
    assertThat(e.notes())
        .containsExactly(
            "kernel (hd0)/boot/syslinux/vmlinuz-missing: no such file",
            "initrd (hd0)/boot: not a regular file");
  }

  @Test
  void memdiskIsLoadedLikeAKernelWithTheDiskImageAsItsInitrd() throws Exception {
    MenuEntry e = only("LABEL fd\nKERNEL /vmlinuz\nINITRD /initrd.img\nAPPEND floppy\n");
    assertThat(e.notes()).isEmpty();
    MenuEntry m =
        Sys.menu(
                Sys.fs(Sys.CFG, "LABEL fd\nKERNEL memdisk\nINITRD /initrd.img\n")
                    .file("/boot/syslinux/memdisk", "m")
                    .build())
            .entries()
            .get(0);
    assertThat(m.kind()).isEqualTo(EntryKind.LINUX);
    assertThat(m.notes())
        .containsExactly(
            "memdisk is a disk emulator loaded like a Linux kernel; its initrd is the disk image it boots");
  }

  @Test
  void aCommandLineOf2048BytesOrMoreIsRefused() throws Exception {
    String args = "a".repeat(2048 - "/vmlinuz ".length());
    MenuEntry ok = only("LABEL a\nKERNEL /vmlinuz\nAPPEND " + args.substring(1) + "\n");
    assertThat(ok.kind()).isEqualTo(EntryKind.LINUX);
    MenuEntry e = only("LABEL a\nKERNEL /vmlinuz\nAPPEND " + args + "\n");
    assertThat(e.kind()).isEqualTo(EntryKind.OTHER);
    assertThat(e.target()).isEmpty();
    assertThat(e.notes())
        .containsExactly(
            "its command line is 2048 bytes; syslinux refuses command lines of 2048 bytes or more ('cmdline too long')");
  }
}
