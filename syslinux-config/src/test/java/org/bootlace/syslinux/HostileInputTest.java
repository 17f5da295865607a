package org.bootlace.syslinux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.bootlace.BootMenu;
import org.bootlace.BootSource;
import org.bootlace.BootlaceException;
import org.bootlace.EntryKind;
import org.bootlace.LimitExceededException;
import org.bootlace.MenuEntry;
import org.bootlace.testing.MemFs;
import org.junit.jupiter.api.Test;

/** Configurations built to hurt: each returns a bounded menu or one of bootlace's exceptions. */
class HostileInputTest {
  static final String CFG = Sys.CFG;

  @Test
  void aMegabyteLineIsReadIn4095BytePiecesAndItsCommandLineIsTooLong() throws Exception {
    String args = "a".repeat(1 << 20);
    BootMenu menu =
        Sys.menu("LABEL big\nKERNEL /vmlinuz\nAPPEND " + args + "\nLABEL next\nKERNEL /vmlinuz\n");
    assertThat(menu.entries()).extracting(MenuEntry::title).containsExactly("big", "next");
    MenuEntry big = menu.entries().get(0);
    assertThat(big.kind()).isEqualTo(EntryKind.OTHER);
    assertThat(big.notes())
        .containsExactly(
            "its command line is 4097 bytes; syslinux refuses command lines of 2048 bytes or more ('cmdline too long')");
    assertThat(menu.warnings())
        .containsExactly(
            CFG
                + ":3: line longer than 4095 bytes; syslinux reads each further 4095 bytes as a line of its own");
  }

  @Test
  void thePiecesOfALongLineAreReadAsLinesOfTheirOwn() throws Exception {
    // 4095 bytes of padding, then "LABEL smuggled": syslinux reads the second piece as a LABEL
    // line.
    String padding = "#" + "x".repeat(4094);
    BootMenu menu = Sys.menu(padding + "LABEL smuggled\nKERNEL /vmlinuz\n");
    assertThat(menu.entries()).extracting(MenuEntry::title).containsExactly("smuggled");
    assertThat(menu.entries().get(0).source().toString()).isEqualTo(CFG + ":1");
  }

  @Test
  void twentyThousandLabelsExceedTheEntryLimit() throws Exception {
    String config = "LABEL x\nKERNEL /vmlinuz\n".repeat(20000);
    try (BootSource s = Sys.open(Sys.fs(CFG, config).build())) {
      assertThatThrownBy(s::menu)
          .isInstanceOf(LimitExceededException.class)
          .hasMessage(
              "limit maxMenuEntries (10000) exceeded: menu entries, at "
                  + CFG
                  + ":20001 (10001)"
                  + " (raise it with Limits.builder().maxMenuEntries(...))");
    }
  }

  @Test
  void nulBytesEndLinesAndNeverReachAPath() throws Exception {
    byte[] config =
        "LABEL a\0b\nKERNEL /vmlinuz\0/etc/shadow\nAPPEND x=1\0 y=2\nINITRD /initrd.img\0,/etc/passwd\n"
            .getBytes(StandardCharsets.UTF_8);
    BootMenu menu = Sys.menu(Sys.fs(CFG, "").file(CFG, config).build());
    MenuEntry e = menu.entries().get(0);
    assertThat(e.id()).contains("a");
    assertThat(e.target().orElseThrow().kernel().path()).isEqualTo("/vmlinuz");
    assertThat(e.target().orElseThrow().args()).isEqualTo("x=1");
    assertThat(e.target().orElseThrow().initrds())
        .extracting(r -> r.path())
        .containsExactly("/initrd.img");
    assertThat(menu.warnings())
        .containsExactly(
            CFG + ":1: NUL byte at column 8; syslinux ignores the rest of the line",
            CFG + ":2: NUL byte at column 16; syslinux ignores the rest of the line",
            CFG + ":3: NUL byte at column 11; syslinux ignores the rest of the line",
            CFG + ":4: NUL byte at column 19; syslinux ignores the rest of the line");
  }

  @Test
  void deepMenuBeginNestingIsBoundedByMaxCallDepth() throws Exception {
    String config = "MENU BEGIN x\n".repeat(100_000) + "LABEL a\nKERNEL /vmlinuz\n";
    try (BootSource s = Sys.open(Sys.fs(CFG, config).build())) {
      assertThatThrownBy(s::menu)
          .isInstanceOf(LimitExceededException.class)
          .hasMessage(
              "limit maxCallDepth (64) exceeded: MENU BEGIN nesting at "
                  + CFG
                  + ":65 (65)"
                  + " (raise it with Limits.builder().maxCallDepth(...))");
    }
    BootMenu ok =
        Sys.menu(
            "MENU BEGIN x\n".repeat(64) + "LABEL a\nKERNEL /vmlinuz\n" + "MENU END\n".repeat(65));
    MenuEntry e = ok.entries().get(0);
    int depth = 1;
    while (!e.children().isEmpty() && e.kind() == EntryKind.SUBMENU) {
      e = e.children().get(0);
      depth++;
    }
    assertThat(depth).isEqualTo(65);
    assertThat(e.title()).isEqualTo("a");
    assertThat(ok.warnings())
        .containsExactly(CFG + ":131: MENU END without MENU BEGIN; syslinux ignores it");
  }

  @Test
  void aRingOfFilesIncludingEachOtherEndsWithWarnings() throws Exception {
    MemFs.Builder b = Sys.fs(CFG, "INCLUDE 0.cfg\nINCLUDE 0.cfg\n");
    for (int i = 0; i < 5; i++) {
      b.file(
          "/boot/syslinux/" + i + ".cfg",
          ("INCLUDE " + ((i + 1) % 5) + ".cfg\n").repeat(3) + "INCLUDE ~\n");
    }
    BootMenu menu = Sys.menu(b.build());
    assertThat(menu.entries()).isEmpty();
    assertThat(menu.warnings())
        .isNotEmpty()
        .allSatisfy(w -> assertThat(w).contains("an include loop"));
  }

  @Test
  void configFanOutIsBoundedByTheEntryLimit() throws Exception {
    // Ten labels each switching to a file of ten labels each switching on...: 10^6 entries if
    // expanded without bound.
    MemFs.Builder b = Sys.fs(CFG, "LABEL x\nCONFIG 1.cfg\n".repeat(10));
    for (int i = 1; i <= 5; i++) {
      b.file("/boot/syslinux/" + i + ".cfg", ("LABEL x\nCONFIG " + (i + 1) + ".cfg\n").repeat(10));
    }
    try (BootSource s = Sys.open(b.build())) {
      assertThatThrownBy(s::menu)
          .isInstanceOf(LimitExceededException.class)
          .hasMessage(
              "limit maxMenuEntries (10000) exceeded: menu entries, at /boot/syslinux/5.cfg:1 (10001)"
                  + " (raise it with Limits.builder().maxMenuEntries(...))");
    }
  }

  @Test
  void namesLongerThanAnyPathAreFilesThatCannotBeOpened() throws Exception {
    // 4086 bytes: the longest name that, after "INCLUDE " or "DEFAULT ", leaves the line and its
    // newline in one 4095-byte piece.
    String name = "d/".repeat(2040) + "vmlinu";
    String path = "/boot/syslinux/" + name;
    BootMenu menu = Sys.menu("INCLUDE " + name + "\nDEFAULT " + name + "\n");
    assertThat(menu.warnings())
        .containsExactly(
            CFG
                + ":1: INCLUDE "
                + path.substring(0, 117)
                + "...: limit maxPathBytes (4096) exceeded: path length of "
                + path.substring(0, 77)
                + "... (4101) (raise it with Limits.builder().maxPathBytes(...)); syslinux goes on"
                + " without it");
    MenuEntry e = menu.defaultMenuEntry().orElseThrow();
    assertThat(e.kind()).isEqualTo(EntryKind.OTHER);
    assertThat(e.notes())
        .containsExactly(
            "not a menu entry: syslinux runs "
                + name.substring(0, 117)
                + "... as a command line ("
                + CFG
                + ":2)",
            "its command line is 4086 bytes; syslinux refuses command lines of 2048 bytes or more ('cmdline too long')");
  }

  @Test
  void invalidUtf8BecomesReplacementCharactersWithOneWarning() throws Exception {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes("LABEL a\nMENU LABEL Caf".getBytes(StandardCharsets.US_ASCII));
    b.writeBytes(new byte[] {(byte) 0xe9, '\n'});
    b.writeBytes("KERNEL /vmlinuz\nAPPEND x=".getBytes(StandardCharsets.US_ASCII));
    b.writeBytes(new byte[] {(byte) 0xff, '\n'});
    BootMenu menu = Sys.menu(Sys.fs(CFG, "").file(CFG, b.toByteArray()).build());
    assertThat(menu.entries().get(0).title()).isEqualTo("Caf\uFFFD");
    assertThat(menu.warnings())
        .containsExactly(CFG + ":2: bytes that are not UTF-8 (first here) read as U+FFFD");
  }

  @Test
  void manyUnknownLinesGiveAHundredWarningsAndACount() throws Exception {
    BootMenu menu = Sys.menu("bogus\n".repeat(5000) + "LABEL a\nKERNEL /vmlinuz\n");
    assertThat(menu.warnings()).hasSize(Diagnostics.MAX_LINES + 1);
    assertThat(menu.warnings().get(Diagnostics.MAX_LINES))
        .isEqualTo("4900 more warnings not shown");
  }

  @Test
  void randomBytesGiveAMenuOrABootlaceException() throws Exception {
    String[] words = {
      "LABEL ",
      "KERNEL ",
      "APPEND ",
      "INITRD ",
      "MENU BEGIN ",
      "MENU END",
      "INCLUDE ",
      "CONFIG ",
      "DEFAULT ",
      "UI ",
      "TEXT HELP",
      "ENDTEXT",
      "MENU DEFAULT",
      "MENU HIDE",
      "initrd=",
      "mboot.c32 ",
      "---",
      " ",
      "\n",
      "\r",
      "\0",
      "~",
      "/",
      "..",
      "a",
      "menu.c32",
      "MENU GOTO ",
      "MENU EXIT",
      "MENU SEPARATOR",
      ".linux "
    };
    for (long seed = 1; seed <= 200; seed++) {
      Random r = new Random(seed);
      StringBuilder s = new StringBuilder();
      int n = r.nextInt(300);
      for (int i = 0; i < n; i++) {
        s.append(
            r.nextInt(8) == 0
                ? String.valueOf((char) r.nextInt(256))
                : words[r.nextInt(words.length)]);
      }
      byte[] disk = Sys.fs(CFG, s.toString()).file("/boot/syslinux/a", s.toString()).build();
      try (BootSource src = Sys.open(disk)) {
        BootMenu m = src.menu();
        assertThat(m.parser()).isEqualTo("syslinux");
        try {
          src.resolveBoot();
        } catch (BootlaceException expected) {
          // a menu without a bootable default is fine; anything else escaping is not
        }
      } catch (BootlaceException expected) {
        // limits, by design
      }
    }
  }
}
