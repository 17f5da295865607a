package org.bootlace.syslinux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.bootlace.BootMenu;
import org.bootlace.BootRecord;
import org.bootlace.BootSource;
import org.bootlace.EntryKind;
import org.bootlace.LimitExceededException;
import org.bootlace.MenuEntry;
import org.bootlace.testing.FakeKernels;
import org.bootlace.testing.MemFs;
import org.junit.jupiter.api.Test;

/** CONFIG entries, menu modules given a file, and the current directory they read it in. */
class ConfigSwitchTest {
  static final String CFG = Sys.CFG;

  @Test
  void aConfigEntryHoldsTheEntriesOfTheFileItSwitchesTo() throws Exception {
    byte[] fs =
        Sys.fs(CFG, "LABEL more\nMENU LABEL More...\nCONFIG more.cfg\n")
            .file(
                "/boot/syslinux/more.cfg",
                "DEFAULT y\nLABEL x\nKERNEL vmlinuz\nLABEL y\nKERNEL /vmlinuz\n")
            .build();
    BootMenu menu = Sys.menu(fs);
    MenuEntry e = menu.entries().get(0);
    assertThat(e.kind()).isEqualTo(EntryKind.SUBMENU);
    assertThat(e.id()).contains("more");
    assertThat(e.children()).extracting(MenuEntry::indexPath).containsExactly("0>0", "0>1");
    assertThat(e.children().get(0).target().orElseThrow().kernel().path())
        .isEqualTo("/boot/syslinux/vmlinuz");
    assertThat(e.notes())
        .containsExactly(
            "CONFIG /boot/syslinux/more.cfg: DEFAULT y at /boot/syslinux/more.cfg:1, run at once (no PROMPT 1): label y,"
                + " entry 0>1 'y'");
  }

  @Test
  void theDefaultFollowsAConfigEntryIntoTheDefaultOfItsFile() throws Exception {
    byte[] fs =
        Sys.fs(CFG, "DEFAULT more\nLABEL more\nCONFIG more.cfg\n")
            .file(
                "/boot/syslinux/more.cfg",
                "DEFAULT y\nLABEL x\nKERNEL vmlinuz\nLABEL y\nKERNEL /vmlinuz\n")
            .build();
    BootMenu menu = Sys.menu(fs);
    assertThat(menu.defaultEntry()).contains(List.of(0, 1));
    assertThat(menu.defaultReason())
        .isEqualTo(
            "DEFAULT more at "
                + CFG
                + ":1, run at once (no PROMPT 1): label more, entry 0 'more', which reads another"
                + " configuration: DEFAULT y at /boot/syslinux/more.cfg:1, run at once (no PROMPT 1): label y, entry 0>1 'y'");
    try (BootSource s = Sys.open(fs)) {
      BootRecord r = s.resolveBoot();
      assertThat(r.kernel().location()).isEqualTo("(hd0)/vmlinuz");
    }
  }

  @Test
  void configWithADirectoryChangesTheCurrentDirectoryForTheNewFile() throws Exception {
    byte[] fs =
        Sys.fs(
                CFG,
                "LABEL other\nCONFIG /other/sys.cfg /other\nLABEL here\nCONFIG /other/sys.cfg\n")
            .file("/other/sys.cfg", "LABEL x\nKERNEL vmlinuz\n")
            .file("/other/vmlinuz", FakeKernels.linux("other"))
            .build();
    BootMenu menu = Sys.menu(fs);
    assertThat(menu.entries().get(0).children().get(0).target().orElseThrow().kernel().path())
        .isEqualTo("/other/vmlinuz");
    assertThat(menu.entries().get(0).notes())
        .contains("CONFIG /other/sys.cfg is read in /other, where its relative names resolve");
    assertThat(menu.entries().get(1).children().get(0).target().orElseThrow().kernel().path())
        .isEqualTo("/boot/syslinux/vmlinuz");
  }

  @Test
  void theGlobalAppendBecomesTheDirectoryOfAConfigWithoutItsOwn() throws Exception {
    // record() builds "config file" + APPEND like any command line, and CONFIG takes its arguments
    // as the new directory.
    byte[] fs =
        Sys.fs(CFG, "APPEND /other\nLABEL other\nCONFIG /other/sys.cfg\n")
            .file("/other/sys.cfg", "LABEL x\nKERNEL vmlinuz\n")
            .build();
    MenuEntry x = Sys.menu(fs).entries().get(0).children().get(0);
    assertThat(x.target().orElseThrow().kernel().path()).isEqualTo("/other/vmlinuz");
  }

  @Test
  void aConfigBaseThatIsNoDirectoryLeavesTheCurrentDirectory() throws Exception {
    byte[] fs =
        Sys.fs(CFG, "LABEL other\nCONFIG /other/sys.cfg /nowhere\n")
            .file("/other/sys.cfg", "LABEL x\nKERNEL vmlinuz\n")
            .build();
    MenuEntry e = Sys.menu(fs).entries().get(0);
    assertThat(e.notes())
        .contains("CONFIG base /nowhere is not a directory; syslinux stays in /boot/syslinux");
    assertThat(e.children().get(0).target().orElseThrow().kernel().path())
        .isEqualTo("/boot/syslinux/vmlinuz");
  }

  @Test
  void aConfigCycleIsNotExpandedAgain() throws Exception {
    byte[] fs =
        Sys.fs(CFG, "LABEL help\nCONFIG help.cfg\n")
            .file(
                "/boot/syslinux/help.cfg",
                "LABEL back\nCONFIG syslinux.cfg\nLABEL again\nCONFIG help.cfg\n")
            .build();
    BootMenu menu = Sys.menu(fs);
    List<MenuEntry> inner = menu.entries().get(0).children();
    assertThat(inner).extracting(MenuEntry::kind).containsExactly(EntryKind.OTHER, EntryKind.OTHER);
    assertThat(inner.get(0).notes())
        .containsExactly(
            "CONFIG /boot/syslinux/syslinux.cfg is already being read further up (a cycle); not expanded again here");
    assertThat(inner.get(1).notes())
        .containsExactly(
            "CONFIG /boot/syslinux/help.cfg is already being read further up (a cycle); not expanded again here");
    assertThat(menu.warnings()).isEmpty();
  }

  @Test
  void aMissingConfigFileIsNotedOnItsEntry() throws Exception {
    MenuEntry e = Sys.menu("LABEL x\nCONFIG gone.cfg\n").entries().get(0);
    assertThat(e.kind()).isEqualTo(EntryKind.OTHER);
    assertThat(e.notes())
        .containsExactly("CONFIG /boot/syslinux/gone.cfg: no such file; syslinux cannot read it");
  }

  @Test
  void aMenuModuleGivenAFileShowsThatFilesMenu() throws Exception {
    byte[] fs =
        Sys.fs(CFG, "LABEL tools\nKERNEL menu.c32\nAPPEND tools.cfg\n")
            .file(
                "/boot/syslinux/tools.cfg",
                "DEFAULT ignored\nLABEL t1\nKERNEL vmlinuz\nLABEL t2\nMENU DEFAULT\nKERNEL vmlinuz\n")
            .build();
    MenuEntry e = Sys.menu(fs).entries().get(0);
    assertThat(e.kind()).isEqualTo(EntryKind.SUBMENU);
    assertThat(e.children()).extracting(MenuEntry::title).containsExactly("t1", "t2");
    assertThat(e.notes())
        .containsExactly(
            "the menu file /boot/syslinux/tools.cfg: the menu module shows /boot/syslinux/tools.cfg; without a UI line the"
                + " menu ignores DEFAULT ignored at /boot/syslinux/tools.cfg:1; the menu has no TIMEOUT, so it waits with"
                + " its default selected, entry 0>1 't2'");
  }

  @Test
  void pxelinuxConfigurationsStartInTheDirectoryAbovePxelinuxCfg() throws Exception {
    // No disk location names pxelinux.cfg; a TFTP tree handed to the parser starts where pxelinux.0
    // is.
    assertThat(Paths.initialDirectory("/pxelinux.cfg/default")).isEqualTo("/");
    assertThat(Paths.initialDirectory("/tftp/pxelinux.cfg/01-52-54-00-12-34-56"))
        .isEqualTo("/tftp");
    assertThat(Paths.initialDirectory("/boot/isolinux/isolinux.cfg")).isEqualTo("/boot/isolinux");
    assertThat(Paths.initialDirectory("/extlinux.conf")).isEqualTo("/");
    assertThat(Paths.resolve("/tftp", "::boot/vmlinuz")).isEqualTo("/boot/vmlinuz");
    assertThat(Paths.resolve("/", "vmlinuz")).isEqualTo("/vmlinuz");
  }

  @Test
  void configNestingCountsTowardsMaxIncludeDepth() throws Exception {
    MemFs.Builder b = Sys.fs(CFG, "LABEL n\nCONFIG 1.cfg\n");
    for (int i = 1; i <= 7; i++) {
      b.file("/boot/syslinux/" + i + ".cfg", "LABEL n\nCONFIG " + (i + 1) + ".cfg\n");
    }
    b.file("/boot/syslinux/8.cfg", "INCLUDE 9.cfg\n")
        .file("/boot/syslinux/9.cfg", "LABEL last\nKERNEL /vmlinuz\n");
    try (BootSource s = Sys.open(b.build())) {
      assertThatThrownBy(s::menu)
          .isInstanceOf(LimitExceededException.class)
          .hasMessage(
              "limit maxIncludeDepth (8) exceeded: INCLUDE/CONFIG nesting at /boot/syslinux/8.cfg:1 (9)"
                  + " (raise it with Limits.builder().maxIncludeDepth(...))");
    }
  }
}
