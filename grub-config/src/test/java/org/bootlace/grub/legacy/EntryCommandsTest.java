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
import org.junit.jupiter.api.Test;

/** What the commands of an entry load, command by command, as stage2 runs them. */
class EntryCommandsTest {
  static MemFs.Builder files() {
    return Legacy.fs("")
        .file("/boot/xen.gz", FakeKernels.xenGz("xen-3.2"))
        .file("/boot/xen-plain", FakeKernels.multiboot("xen"))
        .file("/boot/vmlinuz-xen", FakeKernels.linux("dom0"))
        .file("/boot/initrd-xen", "dom0 initrd")
        .file("/boot/vmlinuz.gz", FakeKernels.gzip(FakeKernels.linux("gz")))
        .file("/boot/bad-mb", badMultiboot());
  }

  /** A multiboot header asking for a feature GRUB does not have (flag bit 3). */
  static byte[] badMultiboot() {
    byte[] b = FakeKernels.multiboot("bad");
    int flags = 0x8;
    int magic = 0x1BADB002;
    org.bootlace.binary.Le.putU32(b, 0x84, flags);
    org.bootlace.binary.Le.putU32(b, 0x88, -(magic + flags));
    return b;
  }

  static MenuEntry entry(String commands) throws Exception {
    return Legacy.menu(files().file(Legacy.MENU, "title t\n" + commands).build()).entries().get(0);
  }

  @Test
  void xenIsAMultibootKernelWithModules() throws Exception {
    MenuEntry e =
        entry(
            """
            root (hd0)
            kernel /boot/xen.gz dom0_mem=512M  loglvl=all
            module /boot/vmlinuz-xen root=/dev/sda1 ro console=tty0
            module /boot/initrd-xen
            """);
    assertThat(e.kind()).isEqualTo(EntryKind.MULTIBOOT);
    BootTarget t = e.target().get();
    assertThat(t.kernel().toString()).isEqualTo("(hd0)/boot/xen.gz");
    assertThat(t.args()).isEqualTo("dom0_mem=512M  loglvl=all");
    assertThat(t.initrds()).isEmpty();
    assertThat(t.modules())
        .extracting(m -> m.file() + " '" + m.args() + "'")
        .containsExactly(
            "(hd0)/boot/vmlinuz-xen 'root=/dev/sda1 ro console=tty0'", "(hd0)/boot/initrd-xen ''");
    assertThat(e.notes()).isEmpty();
  }

  @Test
  void anUncompressedMultibootKernelAndModulenounzipToo() throws Exception {
    MenuEntry e = entry("kernel /boot/xen-plain\nmodulenounzip /boot/initrd-xen x=1\n");
    assertThat(e.kind()).isEqualTo(EntryKind.MULTIBOOT);
    assertThat(e.target().get().modules()).hasSize(1);
  }

  @Test
  void moduleAfterALinuxKernelLoadsTheInitrd() throws Exception {
    MenuEntry e = entry("kernel /vmlinuz ro\nmodule /initrd.img\n");
    assertThat(e.kind()).isEqualTo(EntryKind.LINUX);
    assertThat(e.target().get().initrds())
        .extracting(Object::toString)
        .containsExactly("(hd0)/initrd.img");
    assertThat(e.notes())
        .containsExactly("line 3: module after a Linux kernel loads an initrd, as GRUB does");
  }

  @Test
  void theLastInitrdWins() throws Exception {
    MenuEntry e = entry("kernel /vmlinuz\ninitrd /initrd.img\ninitrd /boot/initrd.img\n");
    assertThat(e.target().get().initrds())
        .extracting(Object::toString)
        .containsExactly("(hd0)/boot/initrd.img");
    assertThat(e.notes())
        .containsExactly("line 4: initrd replaces the initrd of line 3; GRUB keeps only the last");
  }

  @Test
  void aNewKernelDropsTheInitrdLoadedBefore() throws Exception {
    MenuEntry e = entry("kernel /vmlinuz\ninitrd /initrd.img\nkernel /boot/vmlinuz new\n");
    assertThat(e.target().get().kernel().path()).isEqualTo("/boot/vmlinuz");
    assertThat(e.target().get().initrds()).isEmpty();
    assertThat(e.target().get().args()).isEqualTo("new");
  }

  @Test
  void orderMattersAsInGrub() throws Exception {
    assertThat(entry("initrd /initrd.img\nkernel /vmlinuz\n").notes())
        .containsExactly(
            "line 2: initrd /initrd.img: Error 19: Linux kernel must be loaded before initrd",
            "line 3: not run: GRUB failed before it");
    assertThat(entry("module /boot/initrd-xen\n").notes())
        .containsExactly(
            "line 2: module /boot/initrd-xen: Error 20: Multiboot kernel must be loaded before modules");
    assertThat(
            entry("kernel /boot/xen.gz\nmodule /boot/vmlinuz-xen\ninitrd /boot/initrd-xen\n")
                .notes())
        .containsExactly(
            "line 4: initrd /boot/initrd-xen: Error 19: Linux kernel must be loaded before initrd");
  }

  @Test
  void argumentsAreTheRestOfTheKernelLineWithInnerSpacingKept() throws Exception {
    BootTarget t =
        entry("kernel   /vmlinuz   root=/dev/sda1    ro  quiet=\"a b\"   \n").target().get();
    assertThat(t.kernel().path()).isEqualTo("/vmlinuz");
    assertThat(t.args()).isEqualTo("root=/dev/sda1    ro  quiet=\"a b\"");
    assertThat(entry("kernel /vmlinuz\n").target().get().args()).isEmpty();
  }

  @Test
  void aTabEndsTheKernelPath() throws Exception {
    // pygrub looks only for a space and would take "/vmlinuz\troot=/dev/sda1" as the path.
    BootTarget t = entry("kernel /vmlinuz\troot=/dev/sda1\tro\n").target().get();
    assertThat(t.kernel().path()).isEqualTo("/vmlinuz");
    assertThat(t.args()).isEqualTo("root=/dev/sda1\tro");
  }

  @Test
  void kernelOptionsComeBeforeThePath() throws Exception {
    // pygrub would take "--no-mem-option" as the kernel and the rest as arguments.
    BootTarget t = entry("kernel --no-mem-option --type=linux /vmlinuz ro\n").target().get();
    assertThat(t.kernel().path()).isEqualTo("/vmlinuz");
    assertThat(t.args()).isEqualTo("ro");
    MenuEntry mb = entry("kernel --type=multiboot /boot/xen.gz\nmodule /boot/vmlinuz-xen\n");
    assertThat(mb.kind()).isEqualTo(EntryKind.MULTIBOOT);
  }

  @Test
  void aTypeThatContradictsTheKernelIsGrubsFormatError() throws Exception {
    assertThat(entry("kernel --type=multiboot /vmlinuz\n").notes())
        .containsExactly(
            "line 2: kernel --type=multiboot /vmlinuz: Error 13: Invalid or unsupported executable format");
    assertThat(entry("kernel --type=linux /boot/xen.gz\n").notes())
        .containsExactly(
            "line 2: kernel --type=linux /boot/xen.gz: Error 13: Invalid or unsupported executable format");
    assertThat(entry("kernel --type=plan9 /vmlinuz\n").notes())
        .containsExactly("line 2: kernel --type=plan9 /vmlinuz: Error 30: Invalid argument");
  }

  @Test
  void bsdKernelsAreListedButAreNotLinux() throws Exception {
    MenuEntry e = entry("kernel --type=netbsd /vmlinuz -s\n");
    assertThat(e.kind()).isEqualTo(EntryKind.OTHER);
    assertThat(e.target().get().args()).isEqualTo("-s");
    assertThat(e.notes()).containsExactly("line 2: kernel is a BSD kernel (--type=netbsd)");
  }

  @Test
  void unsupportedMultibootFeaturesAreGrubsError10() throws Exception {
    assertThat(entry("kernel /boot/bad-mb\n").notes())
        .containsExactly(
            "line 2: kernel /boot/bad-mb: Error 10: Unsupported Multiboot features requested");
  }

  @Test
  void aCompressedLinuxKernelIsNoted() throws Exception {
    MenuEntry e = entry("kernel /boot/vmlinuz.gz\n");
    assertThat(e.kind()).isEqualTo(EntryKind.LINUX);
    assertThat(e.notes())
        .containsExactly(
            "line 2: kernel is gzip-compressed; GRUB unpacks it while loading, bootlace hands it over as it is");
  }

  @Test
  void pathsMustBeAbsolute() throws Exception {
    assertThat(entry("kernel vmlinuz ro\n").notes())
        .containsExactly(
            "line 2: kernel vmlinuz ro: Error 1: Filename must be either an absolute pathname or blocklist");
    assertThat(entry("kernel\n").notes())
        .containsExactly(
            "line 2: kernel: Error 1: Filename must be either an absolute pathname or blocklist");
  }

  @Test
  void missingFilesAndDirectoriesAreGrubsErrors() throws Exception {
    assertThat(entry("kernel /nope\n").notes())
        .containsExactly("line 2: kernel /nope: Error 15: File not found");
    assertThat(entry("kernel /boot\n").notes())
        .containsExactly("line 2: kernel /boot: Error 2: Bad file or directory type");
    assertThat(entry("kernel /vmlinuz\ninitrd /nope\n").notes())
        .containsExactly("line 3: initrd /nope: Error 15: File not found");
    assertThat(entry("kernel /vmlinuz/x\n").notes())
        .containsExactly(
            "line 2: kernel /vmlinuz/x: Error 2: Bad file or directory type ((hd0)/vmlinuz/x: /vmlinuz is not a directory)");
  }

  @Test
  void aBlockListKernelIsNotHandedOver() throws Exception {
    MenuEntry e = entry("kernel +200 ro\n");
    assertThat(e.kind()).isEqualTo(EntryKind.OTHER);
    assertThat(e.target()).isEmpty();
    assertThat(e.notes())
        .containsExactly("line 2: kernel +200 is a block list, which bootlace cannot hand over");
  }

  @Test
  void bootEndsTheEntry() throws Exception {
    MenuEntry e = entry("kernel /vmlinuz\nboot\nkernel /nope\n");
    assertThat(e.kind()).isEqualTo(EntryKind.LINUX);
    assertThat(e.notes()).containsExactly("line 4: not run: GRUB left the entry before it");
    assertThat(entry("boot\n").notes())
        .containsExactly("line 2: boot: Error 8: Kernel must be loaded before booting");
  }

  @Test
  void haltAndRebootEntriesLoadNothing() throws Exception {
    MenuEntry e = entry("reboot\n");
    assertThat(e.kind()).isEqualTo(EntryKind.OTHER);
    assertThat(e.target()).isEmpty();
    assertThat(e.notes()).containsExactly("line 2: reboot: GRUB restarts the machine");
  }

  @Test
  void anEntryWithoutKernelSaysSo() throws Exception {
    MenuEntry e = entry("root (hd0)\nsavedefault\n");
    assertThat(e.kind()).isEqualTo(EntryKind.OTHER);
    assertThat(e.target()).isEmpty();
    assertThat(e.notes())
        .containsExactly("loads no kernel: GRUB runs its commands and returns to the menu");
  }

  @Test
  void passwordsAndLocksAreNotedAndEntriesStillListed() throws Exception {
    BootMenu menu =
        Legacy.menu(
            """
            password --md5 $1$x$y /boot/grub/admin.lst
            title single
            lock
            kernel /vmlinuz single
            title protected
            password secret
            kernel /vmlinuz
            title paused
            pause Press a key
            kernel /vmlinuz
            """);
    assertThat(MenuText.render(menu))
        .isEqualTo(
            """
            menu grub-legacy (hd0)/boot/grub/menu.lst
            default 0: no default command in /boot/grub/menu.lst: entry 0
            entry 0 LINUX 'single' @/boot/grub/menu.lst:2
              kernel (hd0)/vmlinuz
              args 'single'
              note line 3: lock: GRUB boots this entry only after the menu password is entered
            entry 1 LINUX 'protected' @/boot/grub/menu.lst:5
              kernel (hd0)/vmlinuz
              args ''
              note line 6: password: GRUB asks for a password before going on
            entry 2 LINUX 'paused' @/boot/grub/menu.lst:8
              kernel (hd0)/vmlinuz
              args ''
              note line 9: pause: GRUB waits for a key press
            warning /boot/grub/menu.lst:1: password: GRUB locks menu editing, and entries that use 'lock', until it is entered; entering it loads /boot/grub/admin.lst, which bootlace does not follow
            """);
  }

  @Test
  void lockWithoutAMenuPasswordDoesNothing() throws Exception {
    assertThat(entry("lock\nkernel /vmlinuz\n").notes()).isEmpty();
  }

  @Test
  void multibootCommandLinesShareGrubsBuffer() throws Exception {
    StringBuilder commands = new StringBuilder("kernel /boot/xen.gz\n");
    String arg = "x".repeat(1400);
    for (int i = 0; i < 18; i++) {
      commands.append("module /boot/initrd-xen ").append(arg).append('\n');
    }
    MenuEntry e = entry(commands.toString());
    assertThat(e.kind()).isEqualTo(EntryKind.OTHER);
    assertThat(e.notes().get(0))
        .startsWith("line 20: module /boot/initrd-xen xxx")
        .endsWith(": Error 28: Selected item cannot fit into memory");
  }

  @Test
  void menuEntriesHaveTheirIndexAndNoId() throws Exception {
    BootMenu menu = Legacy.menu("title a\nkernel /vmlinuz\ntitle b\nkernel /vmlinuz\n");
    assertThat(menu.entries()).extracting(MenuEntry::index).containsExactly(List.of(0), List.of(1));
    assertThat(menu.entries()).allSatisfy(e -> assertThat(e.id()).isEmpty());
    assertThat(menu.entries()).allSatisfy(e -> assertThat(e.children()).isEmpty());
  }
}
