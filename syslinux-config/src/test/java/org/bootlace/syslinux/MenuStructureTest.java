package org.bootlace.syslinux;

import static org.assertj.core.api.Assertions.assertThat;

import org.bootlace.BootMenu;
import org.bootlace.EntryKind;
import org.bootlace.MenuEntry;
import org.junit.jupiter.api.Test;

/** The menu tree: submenus, labels and titles, hidden entries, separators and menu actions. */
class MenuStructureTest {
  static final String CFG = Sys.CFG;

  @Test
  void menuBeginAndEndNestSubmenusInScreenOrder() throws Exception {
    assertThat(
            Sys.text(
                """
                UI menu.c32
                MENU SEPARATOR
                LABEL a
                  MENU LABEL ^First
                  KERNEL /vmlinuz
                MENU BEGIN outer
                  MENU TITLE Outer ^menu
                  LABEL b
                    KERNEL vmlinuz
                  MENU BEGIN inner
                    MENU LABEL In^ner
                    LABEL c
                      KERNEL /vmlinuz
                  MENU END
                  LABEL back
                    MENU LABEL Back
                    MENU EXIT
                MENU END
                LABEL d
                  MENU DISABLE
                  KERNEL /vmlinuz
                """))
        .isEqualTo(
            """
            menu syslinux (hd0)/boot/syslinux/syslinux.cfg
            default 1: UI menu.c32 at /boot/syslinux/syslinux.cfg:1: the menu module menu.c32 reads /boot/syslinux/syslinux.cfg; the menu has no TIMEOUT, so it waits with its default selected; entry 0 '' is a separator, so the menu selects the next one, entry 1 'First'
            entry 0 OTHER '' @/boot/syslinux/syslinux.cfg:2
              note MENU SEPARATOR: a blank line in the menu
            entry 1 LINUX 'First' id=a @/boot/syslinux/syslinux.cfg:3
              kernel (hd0)/vmlinuz
              args ''
            entry 2 SUBMENU 'Outer menu' id=outer @/boot/syslinux/syslinux.cfg:6
              entry 2>0 LINUX 'b' id=b @/boot/syslinux/syslinux.cfg:8
                kernel (hd0)/boot/syslinux/vmlinuz
                args ''
              entry 2>1 SUBMENU 'Inner' id=inner @/boot/syslinux/syslinux.cfg:10
                entry 2>1>0 LINUX 'c' id=c @/boot/syslinux/syslinux.cfg:12
                  kernel (hd0)/vmlinuz
                  args ''
              entry 2>2 OTHER 'Back' id=back @/boot/syslinux/syslinux.cfg:15
                note MENU EXIT: back to the menu '.top'
            entry 3 OTHER 'd' @/boot/syslinux/syslinux.cfg:19
              note MENU DISABLE: shown greyed out; it cannot be chosen
            """);
  }

  @Test
  void menuLabelStripsHotkeyMarkersAndTrailingBlanks() throws Exception {
    MenuEntry e =
        Sys.menu("LABEL x\nMENU LABEL ^Install ^this  \nKERNEL /vmlinuz\n").entries().get(0);
    assertThat(e.title()).isEqualTo("Install this");
    assertThat(e.id()).contains("x");
  }

  @Test
  void aSubmenuLabelWinsOverItsTitleWhicheverComesFirst() throws Exception {
    BootMenu menu =
        Sys.menu(
            "MENU BEGIN one\nMENU TITLE T1\nMENU LABEL L1\nMENU END\nMENU BEGIN two\nMENU LABEL L2\nMENU TITLE T2\nMENU END\n"
                + "MENU BEGIN\nMENU END\n");
    assertThat(menu.entries()).extracting(MenuEntry::title).containsExactly("L1", "L2", "");
    assertThat(menu.entries())
        .extracting(MenuEntry::id)
        .containsExactly(
            java.util.Optional.of("one"), java.util.Optional.of("two"), java.util.Optional.empty());
  }

  @Test
  void hiddenEntriesFollowTheMenuWithANote() throws Exception {
    BootMenu menu =
        Sys.menu(
            "LABEL h\nMENU HIDE\nKERNEL /vmlinuz\nMENU BEGIN sub\nLABEL h2\nMENU HIDE\nKERNEL /vmlinuz\nMENU END\nLABEL a\nKERNEL /vmlinuz\n");
    assertThat(menu.entries()).extracting(MenuEntry::indexPath).containsExactly("0", "1", "2", "3");
    assertThat(menu.entries()).extracting(MenuEntry::title).containsExactly("sub", "a", "h", "h2");
    assertThat(menu.entries().get(0).children()).isEmpty();
    assertThat(menu.entries().get(2).notes())
        .containsExactly(
            "MENU HIDE: not shown in the menu; the boot: prompt and DEFAULT still find its label");
  }

  @Test
  void menuHideBeforeAnyLabelLingersUntilTheNextLabelAsInSyslinux() throws Exception {
    // record() keeps the pending flags when no LABEL is open; LABEL resets them. A separator
    // recorded
    // in between takes the flag and goes to the hidden menu.
    BootMenu menu = Sys.menu("MENU HIDE\nMENU SEPARATOR\nLABEL a\nKERNEL /vmlinuz\n");
    assertThat(menu.entries()).extracting(MenuEntry::title).containsExactly("a", "");
    assertThat(menu.entries().get(1).notes())
        .containsExactly(
            "MENU HIDE: not shown in the menu; the boot: prompt and DEFAULT still find its label",
            "MENU SEPARATOR: a blank line in the menu");
  }

  @Test
  void menuGotoOpensTheLastMenuOfThatNameAndAnUnknownOneDisablesTheEntry() throws Exception {
    BootMenu menu =
        Sys.menu(
            "MENU BEGIN tools\nMENU TITLE first\nMENU END\nMENU BEGIN tools\nMENU TITLE second\nMENU END\n"
                + "LABEL go\nMENU GOTO tools\nLABEL lost\nMENU GOTO nowhere\nLABEL q\nMENU QUIT\nLABEL top\nMENU GOTO .top\n");
    assertThat(menu.entries().get(2).notes()).containsExactly("MENU GOTO: opens the menu 'tools'");
    assertThat(menu.entries().get(3).notes())
        .containsExactly(
            "MENU GOTO nowhere: there is no such menu; syslinux disables the entry",
            "MENU DISABLE: shown greyed out; it cannot be chosen");
    assertThat(menu.entries().get(4).notes())
        .containsExactly("MENU QUIT: leaves the menu for the boot: prompt");
    assertThat(menu.entries().get(5).notes()).containsExactly("MENU GOTO: opens the menu '.top'");
  }

  @Test
  void menuDefaultOnAGotoEntryLeadsIntoThatMenu() throws Exception {
    BootMenu menu =
        Sys.menu(
            "UI menu.c32\nMENU BEGIN tools\nMENU TITLE second\nLABEL t\nKERNEL /vmlinuz\nMENU END\nLABEL go\nMENU DEFAULT\nMENU GOTO tools\n");
    assertThat(menu.defaultEntry()).contains(java.util.List.of(0, 0));
    assertThat(menu.defaultReason())
        .endsWith("; its entry 1 'go' opens the menu 'tools', entry 0>0 't'");
  }

  @Test
  void menuEndAtTheTopIsIgnoredWithAWarning() throws Exception {
    BootMenu menu = Sys.menu("MENU END\nLABEL a\nKERNEL /vmlinuz\n");
    assertThat(menu.entries()).hasSize(1);
    assertThat(menu.warnings())
        .containsExactly(CFG + ":1: MENU END without MENU BEGIN; syslinux ignores it");
  }

  @Test
  void anUnclosedSubmenuEndsWithTheFile() throws Exception {
    BootMenu menu = Sys.menu("MENU BEGIN sub\nLABEL a\nKERNEL /vmlinuz\n");
    assertThat(menu.entries().get(0).kind()).isEqualTo(EntryKind.SUBMENU);
    assertThat(menu.entries().get(0).children()).extracting(MenuEntry::title).containsExactly("a");
  }

  @Test
  void textHelpIsSkippedToEndtextWhateverItHolds() throws Exception {
    BootMenu menu =
        Sys.menu(
            """
            LABEL a
              TEXT HELP
                LABEL not-a-label
                KERNEL /nothing
              \rENDTEXT
              KERNEL /vmlinuz
            """);
    assertThat(menu.entries()).extracting(MenuEntry::title).containsExactly("a");
    assertThat(menu.entries().get(0).target().orElseThrow().kernel().path()).isEqualTo("/vmlinuz");
    BootMenu open = Sys.menu("LABEL a\nKERNEL /vmlinuz\nTEXT HELP\nLABEL b\n");
    assertThat(open.entries()).hasSize(1);
    assertThat(open.warnings())
        .containsExactly(
            CFG + ":3: TEXT without ENDTEXT; syslinux reads the rest of the file as text");
  }

  @Test
  void menuPasswdIsNotedOnTheEntry() throws Exception {
    MenuEntry e = Sys.menu("LABEL a\nMENU PASSWD $4$x$y$\nKERNEL /vmlinuz\n").entries().get(0);
    assertThat(e.notes())
        .containsExactly("MENU PASSWD: the menu asks for a password before it runs this entry");
  }

  @Test
  void menuSaveIsWarnedAboutBecauseTheAdvIsNotRead() throws Exception {
    BootMenu menu = Sys.menu("UI menu.c32\nMENU SAVE\nLABEL a\nKERNEL /vmlinuz\n");
    assertThat(menu.warnings())
        .containsExactly(
            CFG
                + ":2: MENU SAVE: syslinux may start at the entry last booted, saved in its ADV (in ldlinux.sys), instead"
                + " of the default; bootlace does not read the ADV");
  }

  @Test
  void appearanceDirectivesAndFunctionKeysChangeNothing() throws Exception {
    String plain = "LABEL a\nKERNEL /vmlinuz\n";
    BootMenu menu =
        Sys.menu(
            "MENU COLOR sel * #ffffffff #76a1d0ff *\nMENU WIDTH 70\nMENU BACKGROUND splash.png\nMENU AUTOBOOT go in #\n"
                + "F1 f1.txt\nf10 f10.txt\nDISPLAY boot.msg\nFONT x.psf\nSERIAL 0 115200\nSAY hello\nNOESCAPE 1\n"
                + "ALLOWOPTIONS 0\nCONSOLE 0\n# a comment\n#another\n"
                + plain);
    assertThat(menu.warnings()).isEmpty();
    assertThat(menu.entries()).hasSize(1);
  }

  @Test
  void linesEndAtACarriageReturnAndNewlinesMayBeCrlf() throws Exception {
    BootMenu menu = Sys.menu("LABEL a\r\nKERNEL /vmlinuz\r\nAPPEND x=1\rignored\r\n");
    assertThat(menu.entries().get(0).target().orElseThrow().args()).isEqualTo("x=1");
  }
}
