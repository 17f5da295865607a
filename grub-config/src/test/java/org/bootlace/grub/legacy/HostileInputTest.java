package org.bootlace.grub.legacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.bootlace.BootMenu;
import org.bootlace.BootSource;
import org.bootlace.BootlaceException;
import org.bootlace.EntryKind;
import org.bootlace.LimitExceededException;
import org.bootlace.MenuEntry;
import org.junit.jupiter.api.Test;

/** Menus built to hurt: each returns a bounded menu or one of bootlace's exceptions. */
class HostileInputTest {
  @Test
  void aMegabyteLineIsCutWhereGrubCutsIt() throws Exception {
    String args = "a".repeat(1 << 20);
    BootMenu menu = Legacy.menu("title big\nkernel /vmlinuz " + args + "\n");
    MenuEntry e = menu.entries().get(0);
    assertThat(e.target().get().args()).isEqualTo("a".repeat(1500 - "kernel /vmlinuz ".length()));
    assertThat(menu.warnings())
        .containsExactly(
            "/boot/grub/menu.lst:2: line longer than 1500 bytes; GRUB reads only the first 1500");
  }

  @Test
  void twentyThousandEntriesExceedTheEntryLimit() throws Exception {
    StringBuilder menu = new StringBuilder();
    for (int i = 0; i < 20000; i++) {
      menu.append("title t").append(i).append("\nkernel /vmlinuz\n");
    }
    try (BootSource s = Legacy.open(Legacy.fs(menu.toString()).build())) {
      assertThatThrownBy(s::menu)
          .isInstanceOf(LimitExceededException.class)
          .hasMessage(
              "limit maxMenuEntries (10000) exceeded: menu entries, at /boot/grub/menu.lst:20001"
                  + " (10001) (raise it with Limits.builder().maxMenuEntries(...))");
    }
  }

  @Test
  void twentyThousandEmptyTitlesTakeNoEntriesAndFewWarnings() throws Exception {
    BootMenu menu = Legacy.menu("title x\n".repeat(20000) + "title real\nkernel /vmlinuz\n");
    assertThat(menu.entries()).extracting(MenuEntry::title).containsExactly("real");
    assertThat(menu.warnings()).hasSize(Diagnostics.MAX_WARNINGS + 1);
    assertThat(menu.warnings().get(Diagnostics.MAX_WARNINGS))
        .isEqualTo("19900 more warnings not shown");
  }

  @Test
  void thousandsOfCommandsInOneEntryKeepItsNotesShort() throws Exception {
    MenuEntry e =
        Legacy.menu("title t\n" + "pause\n".repeat(50000) + "kernel /vmlinuz\n").entries().get(0);
    assertThat(e.kind()).isEqualTo(EntryKind.LINUX);
    assertThat(e.notes()).hasSize(EntryScript.MAX_NOTES + 1);
    assertThat(e.notes().get(EntryScript.MAX_NOTES)).isEqualTo("49980 more notes not shown");
  }

  @Test
  void nulBytesEndLinesAndNeverReachAPath() throws Exception {
    byte[] menu =
        "title a\0b\nkernel /vmlinuz\0/etc/shadow x\ninitrd /initrd.img\0\n"
            .getBytes(StandardCharsets.UTF_8);
    BootMenu m = Legacy.menu(Legacy.fs("").file(Legacy.MENU, menu).build());
    MenuEntry e = m.entries().get(0);
    assertThat(e.title()).isEqualTo("a");
    assertThat(e.target().get().kernel().path()).isEqualTo("/vmlinuz");
    assertThat(e.target().get().args()).isEmpty();
    assertThat(e.target().get().initrds().get(0).path()).isEqualTo("/initrd.img");
    assertThat(m.warnings()).hasSize(3).allSatisfy(w -> assertThat(w).contains("NUL byte"));
  }

  @Test
  void invalidUtf8BecomesReplacementCharactersAndStaysSelectable() throws Exception {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes("title Debian ".getBytes(StandardCharsets.US_ASCII));
    b.writeBytes(new byte[] {(byte) 0xe9, (byte) 0x80});
    b.writeBytes("\nkernel /vmlinuz root=/dev/sda1\n".getBytes(StandardCharsets.US_ASCII));
    byte[] disk = Legacy.fs("").file(Legacy.MENU, b.toByteArray()).build();
    try (BootSource s = Legacy.open(disk)) {
      BootMenu menu = s.menu();
      assertThat(menu.entries().get(0).title()).isEqualTo("Debian \ufffd");
      assertThat(menu.warnings())
          .containsExactly(
              "/boot/grub/menu.lst:1: bytes that are not UTF-8 (first here) read as U+FFFD");
      assertThat(s.resolveBoot("Debian \ufffd").args()).isEqualTo("root=/dev/sda1");
    }
  }

  @Test
  void megabytesOfJunkAreReadInBoundedTimeAndMemory() throws Exception {
    byte[] junk = new byte[4 * 1024 * 1024 - 64];
    new Random(7).nextBytes(junk);
    BootMenu menu = Legacy.menu(Legacy.fs("").file(Legacy.MENU, junk).build());
    assertThat(menu.warnings().size()).isLessThanOrEqualTo(Diagnostics.MAX_WARNINGS + 1);
  }

  @Test
  void tokenSoupNeverEscapesAsAnythingButBootlaceExceptions() throws Exception {
    String[] tokens = {
      "title",
      "kernel",
      "initrd",
      "module",
      "root",
      "rootnoverify",
      "configfile",
      "default",
      "fallback",
      "timeout",
      "chainloader",
      "boot",
      "savedefault",
      "password",
      "lock",
      "uuid",
      "=",
      " ",
      "\t",
      "\n",
      "\r\n",
      "\\\n",
      "#",
      "\0",
      "(hd0)",
      "(hd0,",
      "(hd0,0)",
      "(hd0,999)",
      "(hd1,0,a)",
      "(",
      ")",
      ",",
      "/vmlinuz",
      "/boot/grub/menu.lst",
      "/initrd.img",
      "+1",
      "0x",
      "0x7fffffff",
      "99999999999",
      "-1",
      "saved",
      "--type=multiboot",
      "--type=",
      "--force",
      "\u00e9",
      "\ufffd"
    };
    Random random = new Random(42);
    for (int round = 0; round < 300; round++) {
      StringBuilder menu = new StringBuilder();
      int n = 1 + random.nextInt(60);
      for (int i = 0; i < n; i++) {
        menu.append(tokens[random.nextInt(tokens.length)]);
      }
      byte[] disk = Legacy.fs(menu.toString()).file("/boot/grub/default", "0:1\n").build();
      try (BootSource s = Legacy.open(disk)) {
        BootMenu m = s.menu();
        assertThat(m.entries().size()).isLessThanOrEqualTo(n);
        try {
          s.resolveBoot();
        } catch (BootlaceException expected) {
          // no entry, no kernel, ...: said with one of bootlace's exceptions
        }
      } catch (BootlaceException expected) {
        // the menu itself refused, as it may
      } catch (IOException | RuntimeException e) {
        throw new AssertionError("round " + round + ": " + menu, e);
      }
    }
  }

  @Test
  void aSymlinkLoopFailsTheEntryNotTheMenu() throws Exception {
    BootMenu menu =
        Legacy.menu(
            Legacy.fs("title loop\nkernel /loop/vmlinuz\ntitle ok\nkernel /vmlinuz\n")
                .symlink("/loop", "/loop")
                .build());
    MenuEntry e = menu.entries().get(0);
    assertThat(e.kind()).isEqualTo(EntryKind.OTHER);
    assertThat(e.notes())
        .containsExactly(
            "line 2: kernel /loop/vmlinuz: Error 26: Too many symbolic links (limit maxSymlinkHops"
                + " (40) exceeded: (hd0)/loop/vmlinuz: too many levels of symbolic links (raise it with"
                + " Limits.builder().maxSymlinkHops(...)))");
    assertThat(menu.entries().get(1).kind()).isEqualTo(EntryKind.LINUX);
  }

  @Test
  void selectingByIndexBeyondTheMenuIsAnEntryError() throws Exception {
    try (BootSource s = Legacy.open(Legacy.fs("title a\nkernel /vmlinuz\n").build())) {
      assertThatThrownBy(() -> s.resolveBoot("7"))
          .isInstanceOf(org.bootlace.BootEntryException.class)
          .hasMessage("(hd0)/boot/grub/menu.lst: no entry matches '7'; entries: 0 'a'");
    }
  }
}
