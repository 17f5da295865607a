package org.bootlace.grub.legacy;

import static org.assertj.core.api.Assertions.assertThat;

import org.bootlace.BootMenu;
import org.bootlace.EntryKind;
import org.bootlace.MenuEntry;
import org.junit.jupiter.api.Test;

/** How stage2 splits commands and builds entries from a menu file. */
class MenuSyntaxTest {
  @Test
  void equalsSignsWorkLikeBlanksBetweenCommandAndArgument() throws Exception {
    BootMenu menu =
        Legacy.menu(
            """
            default=1
            timeout = 7
            title=First
            kernel=/vmlinuz a=b
            title  =  Second
            kernel /boot/vmlinuz c=d
            """);
    assertThat(menu.defaultEntry()).contains(java.util.List.of(1));
    assertThat(menu.defaultReason()).isEqualTo("default 1 at /boot/grub/menu.lst:1");
    assertThat(menu.timeoutSeconds()).contains(7);
    assertThat(menu.entries()).extracting(MenuEntry::title).containsExactly("First", "Second");
    assertThat(menu.entries().get(0).target().get().args()).isEqualTo("a=b");
    assertThat(menu.entries().get(1).target().get().kernel().path()).isEqualTo("/boot/vmlinuz");
  }

  @Test
  void titlesRunToTheEndOfTheLineTrimmedWithTabsAsSpaces() throws Exception {
    BootMenu menu = Legacy.menu("title   Debian\tGNU/Linux,  kernel 2.6   \nkernel /vmlinuz\n");
    assertThat(menu.entries().get(0).title()).isEqualTo("Debian GNU/Linux,  kernel 2.6");
    assertThat(menu.entries().get(0).id()).isEmpty();
    assertThat(menu.entries().get(0).source().toString()).isEqualTo("/boot/grub/menu.lst:1");
  }

  @Test
  void aTitleWithoutCommandsIsDroppedAndTakesNoNumber() throws Exception {
    // stage2 overwrites such a title with the next one; pygrub lists it as an entry without kernel
    // (except the last), which shifts every later entry number.
    assertThat(
            Legacy.text(
                """
                default 1
                title Empty
                title A
                kernel /vmlinuz
                title B
                kernel /boot/vmlinuz
                title Trailing
                """))
        .isEqualTo(
            """
            menu grub-legacy (hd0)/boot/grub/menu.lst
            default 1: default 1 at /boot/grub/menu.lst:1
            entry 0 LINUX 'A' @/boot/grub/menu.lst:3
              kernel (hd0)/vmlinuz
              args ''
            entry 1 LINUX 'B' @/boot/grub/menu.lst:5
              kernel (hd0)/boot/vmlinuz
              args ''
            warning /boot/grub/menu.lst:2: title 'Empty' has no commands; GRUB drops it from the menu
            warning /boot/grub/menu.lst:7: title 'Trailing' has no commands; GRUB drops it from the menu
            """);
  }

  @Test
  void unknownCommandsAreSkippedSoAnEntryOfOnlyThoseIsDropped() throws Exception {
    assertThat(
            Legacy.text(
                """
                frobnicate 1
                title Only unknown
                linux /vmlinuz
                title Real
                Kernel /boot/vmlinuz
                kernel /vmlinuz
                """))
        .isEqualTo(
            """
            menu grub-legacy (hd0)/boot/grub/menu.lst
            default 0: no default command in /boot/grub/menu.lst: entry 0
            entry 0 LINUX 'Real' @/boot/grub/menu.lst:4
              kernel (hd0)/vmlinuz
              args ''
            warning /boot/grub/menu.lst:1: unknown command 'frobnicate' skipped, as GRUB 0.97 skips it
            warning /boot/grub/menu.lst:3: unknown command 'linux' skipped, as GRUB 0.97 skips it
            warning /boot/grub/menu.lst:2: title 'Only unknown' has no commands; GRUB drops it from the menu
            warning /boot/grub/menu.lst:5: unknown command 'Kernel' skipped, as GRUB 0.97 skips it
            """);
  }

  @Test
  void titleMustBeAWordOfItsOwn() throws Exception {
    // pygrub takes any line starting with "title" as a title ("titlefoo" gives "oo"); GRUB does
    // not.
    BootMenu menu = Legacy.menu("titlefoo\ntitle real\nkernel /vmlinuz\n");
    assertThat(menu.entries()).extracting(MenuEntry::title).containsExactly("real");
    assertThat(menu.warnings())
        .containsExactly(
            "/boot/grub/menu.lst:1: unknown command 'titlefoo' skipped, as GRUB 0.97 skips it");
  }

  @Test
  void entryCommandsBeforeTheFirstTitleAreIgnored() throws Exception {
    BootMenu menu = Legacy.menu("root (hd0,1)\nkernel /boot/vmlinuz\ntitle A\nkernel /vmlinuz\n");
    assertThat(menu.entries()).hasSize(1);
    assertThat(menu.entries().get(0).target().get().kernel().path()).isEqualTo("/vmlinuz");
    assertThat(menu.warnings())
        .containsExactly(
            "/boot/grub/menu.lst:1: 'root' before the first title is ignored: GRUB 0.97 runs it only inside an entry",
            "/boot/grub/menu.lst:2: 'kernel' before the first title is ignored: GRUB 0.97 runs it only inside an entry");
  }

  @Test
  void aMenuCommandInsideAnEntryFailsTheEntry() throws Exception {
    // run_script refuses commands without BUILTIN_CMDLINE, so the entry stops with error 27.
    BootMenu menu = Legacy.menu("title A\nkernel /vmlinuz\ntimeout 5\ninitrd /initrd.img\n");
    MenuEntry e = menu.entries().get(0);
    assertThat(e.kind()).isEqualTo(EntryKind.OTHER);
    assertThat(e.target()).isEmpty();
    assertThat(e.notes())
        .containsExactly(
            "line 3: timeout 5: Error 27: Unrecognized command ('timeout' works only before the first title)",
            "line 4: not run: GRUB failed before it");
    assertThat(menu.timeoutSeconds()).isEmpty();
  }

  @Test
  void appearanceCommandsAreAcceptedSilently() throws Exception {
    BootMenu menu =
        Legacy.menu(
            """
            color cyan/blue white/blue
            splashimage=(hd0,0)/grub/splash.xpm.gz
            gfxmenu (hd0,1)/boot/message
            serial --unit=0 --speed=9600
            terminal --timeout=5 serial console
            hiddenmenu
            title A
            color light-gray/blue
            savedefault
            makeactive
            kernel /vmlinuz
            """);
    assertThat(menu.warnings()).isEmpty();
    assertThat(menu.entries().get(0).kind()).isEqualTo(EntryKind.LINUX);
    assertThat(menu.entries().get(0).notes()).isEmpty();
  }

  @Test
  void timeoutIsAbsentUnlessSetAndABadOneIsIgnored() throws Exception {
    assertThat(Legacy.menu("title A\nkernel /vmlinuz\n").timeoutSeconds()).isEmpty();
    BootMenu bad = Legacy.menu("timeout 5\ntimeout soon\ntitle A\nkernel /vmlinuz\n");
    assertThat(bad.timeoutSeconds()).contains(5);
    assertThat(bad.warnings())
        .containsExactly(
            "/boot/grub/menu.lst:2: timeout soon: Error 23: Error while parsing number; ignored");
  }

  @Test
  void theMenuNamesItsFileOnItsVolume() throws Exception {
    BootMenu menu = Legacy.menu("title A\nkernel /vmlinuz\n");
    assertThat(menu.parser()).isEqualTo("grub-legacy");
    assertThat(menu.config().path()).isEqualTo("/boot/grub/menu.lst");
    assertThat(menu.config().volume().grubDevice()).isEqualTo("hd0");
  }
}
