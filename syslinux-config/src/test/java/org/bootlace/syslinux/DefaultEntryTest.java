package org.bootlace.syslinux;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.bootlace.BootMenu;
import org.bootlace.EntryKind;
import org.bootlace.MenuEntry;
import org.junit.jupiter.api.Test;

/** Which entry syslinux boots without a choice, and why, as ldlinux and the menu module decide. */
class DefaultEntryTest {
  static final String CFG = Sys.CFG;
  static final String TWO = "LABEL a\nKERNEL /vmlinuz\nLABEL b\nKERNEL vmlinuz\n";

  @Test
  void defaultNamingALabelBootsItAtOnce() throws Exception {
    BootMenu menu = Sys.menu("DEFAULT b\n" + TWO);
    assertThat(menu.defaultEntry()).contains(List.of(1));
    assertThat(menu.defaultReason())
        .isEqualTo("DEFAULT b at " + CFG + ":1, run at once (no PROMPT 1): label b, entry 1 'b'");
    assertThat(menu.timeoutSeconds()).contains(0);
  }

  @Test
  void theLastDefaultWinsAndTheExplanationSaysWhichItReplaced() throws Exception {
    BootMenu menu = Sys.menu("DEFAULT b\nDEFAULT a\n" + TWO);
    assertThat(menu.defaultEntry()).contains(List.of(0));
    assertThat(menu.explanation())
        .contains(CFG + ":2: DEFAULT a replaces DEFAULT b at " + CFG + ":1 (the last one counts)");
  }

  @Test
  void labelsMatchCaseSensitively() throws Exception {
    BootMenu menu = Sys.menu("DEFAULT B\n" + TWO);
    assertThat(menu.defaultEntry()).contains(List.of(2));
    assertThat(menu.entries().get(2).notes())
        .containsExactly(
            "not a menu entry: syslinux runs B as a command line (" + CFG + ":1)",
            "kernel (hd0)/boot/syslinux/B: no such file");
  }

  @Test
  void noDefaultAndNoUiMeansSyslinuxWaitsAtItsPrompt() throws Exception {
    BootMenu menu = Sys.menu(TWO);
    assertThat(menu.defaultEntry()).isEmpty();
    assertThat(menu.defaultReason())
        .isEqualTo("no DEFAULT or UI in " + CFG + ": syslinux 6 stops at its boot: prompt");
    assertThat(menu.timeoutSeconds()).isEmpty();
  }

  @Test
  void uiTakesPrecedenceOverDefaultWhereverItStandsAndTheMenuThenHonoursDefault() throws Exception {
    for (String config :
        List.of("UI menu.c32\nDEFAULT b\n" + TWO, "DEFAULT b\nUI menu.c32\n" + TWO)) {
      BootMenu menu = Sys.menu(config);
      int ui = config.startsWith("UI") ? 1 : 2;
      int def = 3 - ui;
      assertThat(menu.defaultEntry()).contains(List.of(1));
      assertThat(menu.defaultReason())
          .isEqualTo(
              "UI menu.c32 at "
                  + CFG
                  + ":"
                  + ui
                  + " (UI takes precedence over DEFAULT b at "
                  + CFG
                  + ":"
                  + def
                  + "): the menu module menu.c32 reads "
                  + CFG
                  + "; with a UI line the menu starts at DEFAULT b ("
                  + CFG
                  + ":"
                  + def
                  + "); the menu has no TIMEOUT, so it waits with its default selected, entry 1 'b'");
      assertThat(menu.timeoutSeconds()).isEmpty();
    }
  }

  @Test
  void aMenuRunByDefaultInsteadOfUiTakesItsDefaultFromMenuDefault() throws Exception {
    BootMenu menu =
        Sys.menu(
            "DEFAULT menu.c32\nTIMEOUT 55\nLABEL a\nKERNEL /vmlinuz\nLABEL b\nMENU DEFAULT\nKERNEL vmlinuz\n");
    assertThat(menu.defaultEntry()).contains(List.of(1));
    assertThat(menu.defaultReason())
        .isEqualTo(
            "DEFAULT menu.c32 at "
                + CFG
                + ":1, run at once (no PROMPT 1): the menu module menu.c32 reads "
                + CFG
                + "; the menu times out after 55 tenths of a second, running its default, entry 1 'b'");
    assertThat(menu.timeoutSeconds()).contains(6);
  }

  @Test
  void withoutUiTheMenuIgnoresAnEarlierDefaultLabelThatALaterDefaultMenuReplaced()
      throws Exception {
    // The Debian installer's shape: a DEFAULT inside a submenu's file, then DEFAULT vesamenu.c32.
    BootMenu menu =
        Sys.menu(
            "DEFAULT b\nLABEL a\nKERNEL /vmlinuz\nLABEL b\nKERNEL vmlinuz\nDEFAULT vesamenu.c32\n");
    assertThat(menu.defaultEntry()).contains(List.of(0));
    assertThat(menu.defaultReason())
        .isEqualTo(
            "DEFAULT vesamenu.c32 at "
                + CFG
                + ":6, run at once (no PROMPT 1): the menu module vesamenu.c32 reads "
                + CFG
                + "; the menu has no TIMEOUT, so it waits with its default selected, entry 0 'a'");
  }

  @Test
  void withUiAndDefaultTheMenuIgnoresMenuDefault() throws Exception {
    BootMenu menu =
        Sys.menu(
            "UI menu.c32\nDEFAULT a\nLABEL a\nKERNEL /vmlinuz\nLABEL b\nMENU DEFAULT\nKERNEL vmlinuz\n");
    assertThat(menu.defaultEntry()).contains(List.of(0));
  }

  @Test
  void theLastMenuDefaultWins() throws Exception {
    BootMenu menu =
        Sys.menu(
            "UI menu.c32\nLABEL a\nMENU DEFAULT\nKERNEL /vmlinuz\nLABEL b\nMENU DEFAULT\nKERNEL vmlinuz\nLABEL c\nKERNEL /vmlinuz\n");
    assertThat(menu.defaultEntry()).contains(List.of(1));
  }

  @Test
  void extraWordsAfterALabelAreAddedToItsCommandLineInAnEntryOfTheirOwn() throws Exception {
    BootMenu menu =
        Sys.menu(
            "DEFAULT b single\nLABEL a\nKERNEL /vmlinuz\nLABEL b\nKERNEL vmlinuz\nAPPEND ro\n");
    assertThat(menu.defaultEntry()).contains(List.of(2));
    assertThat(menu.defaultReason())
        .isEqualTo(
            "DEFAULT b single at "
                + CFG
                + ":1, run at once (no PROMPT 1): label b with 'single' added, entry 2 'b single'");
    MenuEntry e = menu.entries().get(2);
    assertThat(e.title()).isEqualTo("b single");
    assertThat(e.id()).isEmpty();
    assertThat(e.target().orElseThrow().args()).isEqualTo("ro single");
    assertThat(e.notes()).containsExactly("label b with 'single' added, as " + CFG + ":1 runs it");
  }

  @Test
  void aDefaultNamingAKernelRunsItWithoutTheGlobalAppend() throws Exception {
    // syslinux 6's loader gets the command's own arguments (possibly none) and never the global
    // APPEND.
    BootMenu menu =
        Sys.menu(
            "DEFAULT /vmlinuz root=/dev/sda1 initrd=/initrd.img\nAPPEND ignored\nSYSAPPEND 2\n");
    assertThat(menu.defaultEntry()).contains(List.of(0));
    assertThat(menu.defaultReason())
        .isEqualTo(
            "DEFAULT /vmlinuz root=/dev/sda1 initrd=/initrd.img at "
                + CFG
                + ":1, run at once (no PROMPT 1): there is no"
                + " label '/vmlinuz', so syslinux runs it as a command line, entry 0 '/vmlinuz root=/dev/sda1 initrd=/initrd.img'");
    MenuEntry e = menu.entries().get(0);
    assertThat(e.kind()).isEqualTo(EntryKind.LINUX);
    assertThat(e.target().orElseThrow().args()).isEqualTo("root=/dev/sda1");
    assertThat(e.target().orElseThrow().initrds())
        .extracting(r -> r.path())
        .containsExactly("/initrd.img");
    assertThat(e.notes())
        .containsExactly(
            "not a menu entry: syslinux runs /vmlinuz root=/dev/sda1 initrd=/initrd.img as a command line ("
                + CFG
                + ":1)",
            "IPAPPEND/SYSAPPEND 0x2: syslinux adds BOOTIF= at boot time with values from the machine (ip= and BOOTIF= on"
                + " PXELINUX only); they are not in these arguments");
  }

  @Test
  void aCommandWithoutExtensionGetsTheFirstExtensionThatNamesAFile() throws Exception {
    BootMenu menu = Sys.menu("UI vesamenu\n" + TWO);
    assertThat(menu.defaultReason())
        .startsWith(
            "UI vesamenu at " + CFG + ":1 (vesamenu.c32): the menu module vesamenu.c32 reads");
    assertThat(menu.warnings()).isEmpty();
  }

  @Test
  void aMissingMenuModuleIsReadAllTheSameWithAWarning() throws Exception {
    BootMenu menu = Sys.menu(Sys.fs(CFG, "UI gone/menu.c32\n" + TWO).build());
    assertThat(menu.defaultEntry()).contains(List.of(0));
    assertThat(menu.warnings())
        .containsExactly(
            CFG
                + ":1: gone/menu.c32 is not in /boot/syslinux or PATH: syslinux would stop at its boot: prompt;"
                + " bootlace reads the menu as if it were there");
  }

  @Test
  void pathDirectoriesAreSearchedForModules() throws Exception {
    byte[] fs =
        Sys.fs(CFG, "PATH /nowhere:../../lib/syslinux\nUI hdt\n" + TWO)
            .file("/lib/syslinux/hdt.c32", "hdt")
            .build();
    BootMenu menu = Sys.menu(fs);
    assertThat(menu.defaultEntry()).contains(List.of(2));
    assertThat(menu.entries().get(2).notes())
        .containsExactly(
            "not a menu entry: syslinux runs hdt as a command line (" + CFG + ":2)",
            "runs the COM32 module hdt.c32");
    assertThat(menu.explanation())
        .contains(
            CFG
                + ":1: PATH /nowhere:../../lib/syslinux: modules are searched in [/nowhere, ../../lib/syslinux]");
  }

  @Test
  void implicitZeroForbidsAnythingButLabels() throws Exception {
    BootMenu menu = Sys.menu("IMPLICIT 0\nDEFAULT /vmlinuz\n");
    assertThat(menu.defaultEntry()).isEmpty();
    assertThat(menu.defaultReason())
        .isEqualTo(
            "DEFAULT /vmlinuz at "
                + CFG
                + ":2, run at once (no PROMPT 1): IMPLICIT 0 lets syslinux boot only labels,"
                + " and there is no label '/vmlinuz'");
  }

  @Test
  void promptOneWaitsTimeoutThenRunsOntimeout() throws Exception {
    BootMenu menu = Sys.menu("PROMPT 1\nTIMEOUT 30\nONTIMEOUT a\nDEFAULT b\n" + TWO);
    assertThat(menu.defaultEntry()).contains(List.of(0));
    assertThat(menu.timeoutSeconds()).contains(3);
    assertThat(menu.defaultReason())
        .isEqualTo(
            "DEFAULT b at "
                + CFG
                + ":4; PROMPT 1 and TIMEOUT 30: at the timeout syslinux runs ONTIMEOUT a at "
                + CFG
                + ":3: label a, entry 0 'a'");
  }

  @Test
  void promptOneWithoutTimeoutWaitsForEnter() throws Exception {
    BootMenu menu = Sys.menu("PROMPT 1\nONTIMEOUT a\nDEFAULT b\n" + TWO);
    assertThat(menu.defaultEntry()).contains(List.of(1));
    assertThat(menu.timeoutSeconds()).isEmpty();
    assertThat(menu.defaultReason())
        .isEqualTo(
            "DEFAULT b at "
                + CFG
                + ":3; PROMPT 1: the boot: prompt runs it on Enter: label b, entry 1 'b'");
  }

  @Test
  void theMenusOntimeoutRunsAtItsTimeout() throws Exception {
    BootMenu menu =
        Sys.menu(
            "UI menu.c32\nTIMEOUT 30\nONTIMEOUT a quiet\nLABEL a\nKERNEL /vmlinuz\nLABEL b\nMENU DEFAULT\nKERNEL vmlinuz\n");
    assertThat(menu.defaultEntry()).contains(List.of(2));
    assertThat(menu.defaultReason())
        .isEqualTo(
            "UI menu.c32 at "
                + CFG
                + ":1: the menu module menu.c32 reads "
                + CFG
                + "; the menu times out after 30"
                + " tenths of a second and runs ONTIMEOUT a quiet at "
                + CFG
                + ":3: label a with 'quiet' added, entry 2 'a quiet'");
    assertThat(menu.entries().get(2).target().orElseThrow().args()).isEqualTo("quiet");
  }

  @Test
  void timeoutsRoundUpToWholeSeconds() throws Exception {
    assertThat(Sys.menu("UI menu.c32\nTIMEOUT 1\n" + TWO).timeoutSeconds()).contains(1);
    assertThat(Sys.menu("UI menu.c32\nTIMEOUT 50\n" + TWO).timeoutSeconds()).contains(5);
    assertThat(Sys.menu("UI menu.c32\nTIMEOUT 0\n" + TWO).timeoutSeconds()).isEmpty();
    assertThat(Sys.menu("UI menu.c32\nTIMEOUT -5\n" + TWO).timeoutSeconds()).isEmpty();
    assertThat(Sys.menu("UI menu.c32\nTIMEOUT 99999999999\n" + TWO).timeoutSeconds())
        .contains(214748365);
    assertThat(Sys.menu("UI menu.c32\nTIMEOUT 600\nTOTALTIMEOUT 20\n" + TWO).timeoutSeconds())
        .contains(2);
  }

  @Test
  void hiddenEntriesAreFoundByDefaultButNotByTheMenu() throws Exception {
    String config = "LABEL a\nKERNEL /vmlinuz\nLABEL h\nMENU HIDE\nKERNEL vmlinuz\n";
    BootMenu plain = Sys.menu("DEFAULT h\n" + config);
    assertThat(plain.defaultEntry()).contains(List.of(1));
    BootMenu menu = Sys.menu("UI menu.c32\nDEFAULT h\n" + config);
    assertThat(menu.defaultEntry()).contains(List.of(0));
    assertThat(menu.defaultReason())
        .contains("; the menu finds no entry labelled 'h' for DEFAULT at " + CFG + ":2;");
  }

  @Test
  void theMenuComparesTheWholeLabelLine() throws Exception {
    BootMenu menu =
        Sys.menu("UI menu.c32\nDEFAULT b\nLABEL a\nKERNEL /vmlinuz\nLABEL b \nKERNEL vmlinuz\n");
    assertThat(menu.defaultEntry()).contains(List.of(0));
    assertThat(menu.defaultReason())
        .contains(
            "; the menu finds no entry labelled 'b' for DEFAULT at "
                + CFG
                + ":2 (its LABEL line has more than that word,"
                + " and the menu compares the whole line);");
    assertThat(menu.warnings())
        .containsExactly(
            CFG
                + ":5: LABEL line 'b ' is longer than its label: DEFAULT and the boot: prompt know the entry as 'b', the"
                + " menu module as the whole line");
    assertThat(
            Sys.menu("DEFAULT b\nLABEL a\nKERNEL /vmlinuz\nLABEL b \nKERNEL vmlinuz\n")
                .defaultEntry())
        .contains(List.of(1));
  }

  @Test
  void aSeparatorAtTheTopIsSkippedWhenTheMenuWaits() throws Exception {
    BootMenu menu = Sys.menu("DEFAULT menu.c32\nMENU SEPARATOR\nLABEL a\nKERNEL /vmlinuz\n");
    assertThat(menu.defaultEntry()).contains(List.of(1));
    assertThat(menu.defaultReason())
        .endsWith(
            "; the menu has no TIMEOUT, so it waits with its default selected; entry 0 '' is a separator, so the"
                + " menu selects the next one, entry 1 'a'");
  }

  @Test
  void aSeparatorAtTheTopBootsNothingWhenTheMenuTimesOut() throws Exception {
    BootMenu menu =
        Sys.menu("DEFAULT menu.c32\nTIMEOUT 10\nMENU SEPARATOR\nLABEL a\nKERNEL /vmlinuz\n");
    assertThat(menu.defaultEntry()).isEmpty();
    assertThat(menu.defaultReason())
        .endsWith(
            "; the menu times out after 10 tenths of a second and runs its default entry 0 '', which has no"
                + " command line (a separator): syslinux leaves the menu for its boot: prompt");
  }

  @Test
  void aDefaultSubmenuLeadsToItsDefaultWhenTheMenuWaits() throws Exception {
    String config =
        """
        DEFAULT menu.c32
        MENU BEGIN sub
          MENU LABEL ^Sub menu
          MENU DEFAULT
          LABEL a
            KERNEL /vmlinuz
          LABEL b
            MENU DEFAULT
            KERNEL vmlinuz
        MENU END
        LABEL c
          KERNEL /vmlinuz
        """;
    BootMenu menu = Sys.menu(config);
    assertThat(menu.defaultEntry()).contains(List.of(0, 1));
    assertThat(menu.defaultReason())
        .endsWith(
            "; the menu has no TIMEOUT, so it waits with its default selected; its entry 0 'Sub menu' opens the"
                + " menu 'sub', entry 0>1 'b'");
    BootMenu timed = Sys.menu("TIMEOUT 50\n" + config);
    assertThat(timed.defaultEntry()).isEmpty();
    assertThat(timed.defaultReason())
        .endsWith(
            "; the menu times out after 50 tenths of a second and runs its default entry 0 'Sub menu', which has"
                + " no command line (a submenu): syslinux leaves the menu for its boot: prompt");
  }

  @Test
  void withUiADefaultInsideASubmenuStartsTheMenuThere() throws Exception {
    BootMenu menu =
        Sys.menu(
            "UI menu.c32\nDEFAULT b\nTIMEOUT 20\nLABEL a\nKERNEL /vmlinuz\nMENU BEGIN sub\nLABEL b\nKERNEL vmlinuz\nMENU END\n");
    assertThat(menu.defaultEntry()).contains(List.of(1, 0));
    assertThat(menu.timeoutSeconds()).contains(2);
  }

  @Test
  void menuStartChoosesTheMenuShownFirst() throws Exception {
    BootMenu menu =
        Sys.menu(
            "UI menu.c32\nLABEL a\nKERNEL /vmlinuz\nMENU BEGIN sub\nMENU START\nLABEL b\nKERNEL vmlinuz\nMENU END\n");
    assertThat(menu.defaultEntry()).contains(List.of(1, 0));
    assertThat(menu.defaultReason()).contains("; MENU START makes it start in 'sub';");
  }

  @Test
  void aMenuWithoutEntriesHasNoDefault() throws Exception {
    BootMenu menu = Sys.menu("UI menu.c32\nMENU TITLE nothing here\n");
    assertThat(menu.defaultEntry()).isEmpty();
    assertThat(menu.defaultReason())
        .endsWith("; the menu has no entries ('Initial menu has no LABEL entries!')");
  }

  @Test
  void menuShiftkeyBootsTheDefaultAtOnce() throws Exception {
    BootMenu menu = Sys.menu("UI menu.c32\nMENU SHIFTKEY\nTIMEOUT 100\n" + TWO);
    assertThat(menu.timeoutSeconds()).contains(0);
    assertThat(menu.defaultEntry()).contains(List.of(0));
  }

  @Test
  void aDefaultLabelThatIsAMenuActionBootsNothing() throws Exception {
    BootMenu menu = Sys.menu("DEFAULT q\nLABEL q\nMENU QUIT\n");
    assertThat(menu.defaultEntry()).isEmpty();
    assertThat(menu.defaultReason())
        .isEqualTo(
            "DEFAULT q at "
                + CFG
                + ":1, run at once (no PROMPT 1): label 'q' is a menu action (MENU QUIT), which runs nothing outside the menu");
  }

  @Test
  void gfxbootTakesDefaultAsTheLabelToStartAt() throws Exception {
    // Ubuntu's ISOs: "ui gfxboot bootlogo" and "default live" in txt.cfg.
    byte[] fs =
        Sys.fs(CFG, "DEFAULT b\nUI gfxboot bootlogo\n" + TWO)
            .file("/boot/syslinux/gfxboot.c32", "g")
            .build();
    BootMenu menu = Sys.menu(fs);
    assertThat(menu.defaultEntry()).contains(List.of(1));
    assertThat(menu.warnings()).isEmpty();
  }

  @Test
  void theDefaultEntryIsFoundByTheIdsAndTitlesBootMenuFindUses() throws Exception {
    BootMenu menu =
        Sys.menu(
            "DEFAULT a\nLABEL a\nMENU LABEL ^First one\nKERNEL /vmlinuz\nMENU BEGIN sub\nLABEL b\nKERNEL vmlinuz\nMENU END\n");
    assertThat(menu.find("a")).map(MenuEntry::indexPath).contains("0");
    assertThat(menu.find("First one")).map(MenuEntry::indexPath).contains("0");
    assertThat(menu.find("sub>b")).map(MenuEntry::indexPath).contains("1>0");
    assertThat(menu.find("b")).map(MenuEntry::indexPath).isEqualTo(Optional.of("1>0"));
  }
}
