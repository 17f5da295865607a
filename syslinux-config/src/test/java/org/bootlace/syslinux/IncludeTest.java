package org.bootlace.syslinux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.bootlace.BootMenu;
import org.bootlace.BootSource;
import org.bootlace.LimitExceededException;
import org.bootlace.Limits;
import org.bootlace.MenuEntry;
import org.bootlace.testing.MemFs;
import org.junit.jupiter.api.Test;

/** INCLUDE and MENU INCLUDE: files read in place, relative to the current directory. */
class IncludeTest {
  static final String CFG = Sys.CFG;

  @Test
  void includedFilesAreReadInPlaceAsIfPastedThere() throws Exception {
    byte[] fs =
        Sys.fs(CFG, "APPEND global\nINCLUDE parts/a.cfg\nLABEL c\nKERNEL /vmlinuz\n")
            .file("/boot/syslinux/parts/a.cfg", "LABEL a\nKERNEL /vmlinuz\nLABEL b\n")
            .build();
    BootMenu menu = Sys.menu(fs);
    assertThat(menu.entries())
        .extracting(MenuEntry::id)
        .containsExactly(
            java.util.Optional.of("a"), java.util.Optional.of("b"), java.util.Optional.of("c"));
    assertThat(menu.entries().get(0).source().toString()).isEqualTo("/boot/syslinux/parts/a.cfg:1");
    assertThat(menu.entries().get(0).target().orElseThrow().args()).isEqualTo("global");
  }

  @Test
  void aLabelOpenAtTheEndOfAnIncludedFileGoesOnInTheIncludingOne() throws Exception {
    byte[] fs =
        Sys.fs(CFG, "INCLUDE a.cfg\n  KERNEL /vmlinuz\n  APPEND from-main\n")
            .file("/boot/syslinux/a.cfg", "LABEL a\n")
            .build();
    MenuEntry e = Sys.menu(fs).entries().get(0);
    assertThat(e.target().orElseThrow().kernel().path()).isEqualTo("/vmlinuz");
    assertThat(e.target().orElseThrow().args()).isEqualTo("from-main");
  }

  @Test
  void namesInIncludedFilesResolveAgainstTheCurrentDirectoryNotTheirOwn() throws Exception {
    byte[] fs =
        Sys.fs(CFG, "INCLUDE sub/a.cfg\n")
            .file("/boot/syslinux/sub/a.cfg", "INCLUDE b.cfg\nLABEL a\nKERNEL vmlinuz\n")
            .file("/boot/syslinux/b.cfg", "LABEL b\nKERNEL vmlinuz\n")
            .file("/boot/syslinux/sub/b.cfg", "LABEL wrong\nKERNEL vmlinuz\n")
            .build();
    BootMenu menu = Sys.menu(fs);
    assertThat(menu.entries()).extracting(MenuEntry::title).containsExactly("b", "a");
    assertThat(menu.entries().get(1).target().orElseThrow().kernel().path())
        .isEqualTo("/boot/syslinux/vmlinuz");
  }

  @Test
  void aMissingIncludeIsSkippedWithAWarning() throws Exception {
    BootMenu menu =
        Sys.menu("INCLUDE gone.cfg\nINCLUDE /boot\nINCLUDE\nLABEL a\nKERNEL /vmlinuz\n");
    assertThat(menu.entries()).hasSize(1);
    assertThat(menu.warnings())
        .containsExactly(
            CFG + ":1: INCLUDE /boot/syslinux/gone.cfg: no such file; syslinux goes on without it",
            CFG + ":2: INCLUDE /boot: not a regular file; syslinux goes on without it",
            CFG + ":3: INCLUDE without a file name is ignored");
  }

  @Test
  void includeWithATagPutsTheFilesEntriesInASubmenuEvenWhenTheFileIsMissing() throws Exception {
    byte[] fs =
        Sys.fs(
                CFG,
                "MENU INCLUDE tools.cfg Tools\nINCLUDE gone.cfg Nothing\nLABEL a\nKERNEL /vmlinuz\n")
            .file("/boot/syslinux/tools.cfg", "LABEL t\nKERNEL /vmlinuz\n")
            .build();
    BootMenu menu = Sys.menu(fs);
    assertThat(menu.entries())
        .extracting(MenuEntry::title)
        .containsExactly("Tools", "Nothing", "a");
    assertThat(menu.entries().get(0).children()).extracting(MenuEntry::title).containsExactly("t");
    assertThat(menu.entries().get(1).children()).isEmpty();
  }

  @Test
  void tildeNamesTheConfigurationItself() throws Exception {
    BootMenu menu = Sys.menu("INCLUDE ~\nLABEL a\nKERNEL /vmlinuz\n");
    assertThat(menu.entries()).hasSize(1);
    assertThat(menu.warnings())
        .containsExactly(
            CFG
                + ":1: INCLUDE "
                + CFG
                + ": the file is already being read (an include loop); syslinux would recurse"
                + " until it crashes; not read again");
  }

  @Test
  void anIncludeLoopIsReadOnceAroundWithAWarning() throws Exception {
    byte[] fs =
        Sys.fs(CFG, "INCLUDE a.cfg\n")
            .file("/boot/syslinux/a.cfg", "LABEL a\nKERNEL /vmlinuz\nINCLUDE b.cfg\n")
            .file("/boot/syslinux/b.cfg", "LABEL b\nKERNEL /vmlinuz\nINCLUDE ./a.cfg\n")
            .build();
    BootMenu menu = Sys.menu(fs);
    assertThat(menu.entries()).extracting(MenuEntry::title).containsExactly("a", "b");
    assertThat(menu.warnings())
        .containsExactly(
            "/boot/syslinux/b.cfg:3: INCLUDE /boot/syslinux/./a.cfg: the file is already being read (an include loop);"
                + " syslinux would recurse until it crashes; not read again");
  }

  @Test
  void aLoopThroughASymlinkIsCaughtToo() throws Exception {
    byte[] fs =
        Sys.fs(CFG, "INCLUDE a.cfg\nLABEL x\nKERNEL /vmlinuz\n")
            .symlink("/boot/syslinux/a.cfg", "syslinux.cfg")
            .build();
    BootMenu menu = Sys.menu(fs);
    assertThat(menu.entries()).hasSize(1);
    assertThat(menu.warnings())
        .hasSize(1)
        .allSatisfy(w -> assertThat(w).contains("an include loop"));
  }

  @Test
  void theSameFileMayBeIncludedMoreThanOnce() throws Exception {
    byte[] fs =
        Sys.fs(CFG, "INCLUDE a.cfg\nMENU BEGIN sub\nINCLUDE a.cfg\nMENU END\n")
            .file("/boot/syslinux/a.cfg", "LABEL a\nKERNEL /vmlinuz\n")
            .build();
    BootMenu menu = Sys.menu(fs);
    assertThat(menu.entries()).extracting(MenuEntry::title).containsExactly("a", "sub");
    assertThat(menu.entries().get(1).children()).extracting(MenuEntry::title).containsExactly("a");
    assertThat(menu.warnings()).isEmpty();
  }

  @Test
  void includeNestingIsBoundedByMaxIncludeDepth() throws Exception {
    MemFs.Builder b = Sys.fs(CFG, "INCLUDE 1.cfg\n");
    for (int i = 1; i <= 9; i++) {
      b.file("/boot/syslinux/" + i + ".cfg", "INCLUDE " + (i + 1) + ".cfg\n");
    }
    try (BootSource s = Sys.open(b.build())) {
      assertThatThrownBy(s::menu)
          .isInstanceOf(LimitExceededException.class)
          .hasMessage(
              "limit maxIncludeDepth (8) exceeded: INCLUDE/CONFIG nesting at /boot/syslinux/8.cfg:1 (9)"
                  + " (raise it with Limits.builder().maxIncludeDepth(...))");
    }
    try (BootSource s = Sys.open(b.build(), Limits.builder().maxIncludeDepth(10).build())) {
      assertThat(s.menu().warnings())
          .containsExactly(
              "/boot/syslinux/9.cfg:1: INCLUDE /boot/syslinux/10.cfg: no such file; syslinux goes on without it");
    }
  }

  @Test
  void includedBytesTogetherAreBoundedByMaxConfigBytes() throws Exception {
    // A fan-out: 40 includes of a file that includes a 1 KB file 40 times, 1.6 MB read in all.
    String big = "# " + "x".repeat(1000) + "\n";
    byte[] fs =
        Sys.fs(CFG, "INCLUDE a.cfg\n".repeat(40))
            .file("/boot/syslinux/a.cfg", "INCLUDE b.cfg\n".repeat(40))
            .file("/boot/syslinux/b.cfg", big)
            .build();
    try (BootSource s = Sys.open(fs, Limits.builder().maxConfigBytes(1 << 20).build())) {
      assertThatThrownBy(s::menu)
          .isInstanceOf(LimitExceededException.class)
          .hasMessageStartingWith(
              "limit maxConfigBytes (1048576) exceeded: bytes of files read through INCLUDE and CONFIG, at");
    }
    assertThat(Sys.menu(fs).entries()).isEmpty(); // within the default 4 MiB
  }
}
