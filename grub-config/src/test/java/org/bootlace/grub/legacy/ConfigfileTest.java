package org.bootlace.grub.legacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.bootlace.BootMenu;
import org.bootlace.BootRecord;
import org.bootlace.BootSource;
import org.bootlace.EntryKind;
import org.bootlace.LimitExceededException;
import org.bootlace.Limits;
import org.bootlace.MenuEntry;
import org.bootlace.testing.MemFs;
import org.bootlace.testing.MenuText;
import org.junit.jupiter.api.Test;

/**
 * {@code configfile}: in stage2 it is a command-line and entry command, not a menu command, so GRUB
 * ignores it before the first title; inside an entry, booting the entry replaces the menu with the
 * file's, and GRUB then boots that menu's default. Bootlace shows such an entry as a submenu
 * holding the other file's entries.
 */
class ConfigfileTest {
  @Test
  void beforeTheFirstTitleConfigfileIsIgnored() throws Exception {
    // pygrub ignores it too ("Unknown directive").
    BootMenu menu =
        Legacy.menu(
            Legacy.fs("configfile /boot/grub/other.lst\ntitle main\nkernel /vmlinuz\n")
                .file("/boot/grub/other.lst", "title other\nkernel /boot/vmlinuz\n")
                .build());
    assertThat(menu.entries()).extracting(MenuEntry::title).containsExactly("main");
    assertThat(menu.warnings())
        .containsExactly(
            "/boot/grub/menu.lst:1: 'configfile' before the first title is ignored: GRUB 0.97 runs it only inside an entry");
  }

  @Test
  void insideAnEntryItLoadsAnotherMenuWhoseDefaultGrubBoots() throws Exception {
    byte[] disk =
        Legacy.fs(
                """
                default 1
                title main
                kernel /vmlinuz
                title more
                configfile /boot/grub/more.lst
                """)
            .file(
                "/boot/grub/more.lst",
                """
                default saved
                timeout 3
                title more-a
                kernel /vmlinuz a
                title more-b
                kernel /boot/vmlinuz b
                """)
            .file("/boot/grub/default", "1\n")
            .build();
    BootMenu menu = Legacy.menu(disk);
    assertThat(MenuText.render(menu))
        .isEqualTo(
            """
            menu grub-legacy (hd0)/boot/grub/menu.lst
            default 1>1: default 1 at /boot/grub/menu.lst:1; entry 1 loads another menu: default saved at /boot/grub/more.lst:1: /boot/grub/default holds 1
            entry 0 LINUX 'main' @/boot/grub/menu.lst:2
              kernel (hd0)/vmlinuz
              args ''
            entry 1 SUBMENU 'more' @/boot/grub/menu.lst:4
              entry 1>0 LINUX 'more-a' @/boot/grub/more.lst:3
                kernel (hd0)/vmlinuz
                args 'a'
              entry 1>1 LINUX 'more-b' @/boot/grub/more.lst:5
                kernel (hd0)/boot/vmlinuz
                args 'b'
            """);
    try (BootSource s = Legacy.open(disk)) {
      BootRecord boot = s.resolveBoot();
      assertThat(boot.args()).isEqualTo("b");
      assertThat(s.resolveBoot("1>0").args()).isEqualTo("a");
      assertThat(s.resolveBoot("more>more-a").args()).isEqualTo("a");
      assertThat(s.resolveBoot("more-a").args()).isEqualTo("a");
    }
  }

  @Test
  void aFileOnAnotherPartitionIsNamedWithItsDevice() throws Exception {
    byte[] disk =
        org.bootlace.testing.TestDisk.builder()
            .partition(
                1, Legacy.fs("title other disk\nconfigfile (hd0,1)/boot/grub/menu.lst\n").build())
            .partition(2, Legacy.fs("title inner\nkernel /vmlinuz\n").build())
            .build();
    BootMenu menu = Legacy.menu(disk);
    MenuEntry inner = menu.entries().get(0).children().get(0);
    assertThat(inner.source().toString()).isEqualTo("(hd0,msdos2)/boot/grub/menu.lst:1");
    // Entries of the loaded menu start, as every entry does, on the device GRUB came from.
    assertThat(inner.target().get().kernel().toString()).isEqualTo("(hd0,msdos1)/vmlinuz");
  }

  @Test
  void commandsAfterConfigfileDoNotRun() throws Exception {
    MenuEntry e =
        Legacy.menu(
                Legacy.fs("title t\nkernel /vmlinuz\nconfigfile /boot/grub/x.lst\nkernel /nope\n")
                    .file("/boot/grub/x.lst", "title x\nkernel /vmlinuz\n")
                    .build())
            .entries()
            .get(0);
    assertThat(e.kind()).isEqualTo(EntryKind.SUBMENU);
    assertThat(e.target()).isEmpty();
    assertThat(e.notes()).containsExactly("line 4: not run: GRUB left the entry before it");
  }

  @Test
  void aMissingFileFailsTheEntry() throws Exception {
    MenuEntry e = Legacy.menu("title t\nconfigfile /boot/grub/none.lst\n").entries().get(0);
    assertThat(e.kind()).isEqualTo(EntryKind.OTHER);
    assertThat(e.notes())
        .containsExactly("line 2: configfile /boot/grub/none.lst: Error 15: File not found");
  }

  @Test
  void aLoopBackToAFileBeingReadIsNotExpanded() throws Exception {
    // In GRUB such an entry just shows that menu again; expanding it would never end.
    BootMenu menu =
        Legacy.menu(
            Legacy.fs(
                    "title linux\nkernel /vmlinuz\ntitle again\nconfigfile /boot/grub/../grub/menu.lst\n")
                .build());
    MenuEntry again = menu.entries().get(1);
    assertThat(again.kind()).isEqualTo(EntryKind.OTHER);
    assertThat(again.notes())
        .containsExactly(
            "line 4: configfile /boot/grub/../grub/menu.lst is already being read (a configfile loop); not expanded");
    assertThat(menu.warnings())
        .containsExactly(
            "/boot/grub/menu.lst:4: configfile /boot/grub/../grub/menu.lst is already being read (a configfile loop); not expanded");
  }

  @Test
  void aLoopThroughASymlinkAndASecondFileIsFoundToo() throws Exception {
    BootMenu menu =
        Legacy.menu(
            Legacy.fs("title b\nconfigfile /boot/grub/b.lst\n")
                .file("/boot/grub/b.lst", "title back\nconfigfile /boot/grub/link.lst\n")
                .symlink("/boot/grub/link.lst", "menu.lst")
                .build());
    MenuEntry back = menu.entries().get(0).children().get(0);
    assertThat(back.kind()).isEqualTo(EntryKind.OTHER);
    assertThat(back.source().toString()).isEqualTo("/boot/grub/b.lst:1");
  }

  @Test
  void nestingDeeperThanTheLimitIsRefused() throws Exception {
    MemFs.Builder fs = Legacy.fs("title 0\nconfigfile /m1\n");
    for (int i = 1; i <= 3; i++) {
      fs.file("/m" + i, "title " + i + "\nconfigfile /m" + (i + 1) + "\n");
    }
    fs.file("/m4", "title 4\nkernel /vmlinuz\n");
    byte[] disk = fs.build();
    assertThat(Legacy.menu(disk).defaultEntry()).contains(List.of(0, 0, 0, 0, 0));
    try (BootSource s = Legacy.open(disk, Limits.builder().maxIncludeDepth(3).build())) {
      assertThatThrownBy(s::menu)
          .isInstanceOf(LimitExceededException.class)
          .hasMessage(
              "limit maxIncludeDepth (3) exceeded: configfile nesting at /m3:2 (4) (raise it with"
                  + " Limits.builder().maxIncludeDepth(...))");
    }
  }

  @Test
  void nestedFilesShareOneByteBudget() throws Exception {
    String big = "# " + "x".repeat(600) + "\ntitle t\nkernel /vmlinuz\n";
    byte[] disk =
        Legacy.fs("title a\nconfigfile /a.lst\ntitle b\nconfigfile /b.lst\n")
            .file("/a.lst", big)
            .file("/b.lst", big)
            .build();
    try (BootSource s = Legacy.open(disk, Limits.builder().maxConfigBytes(1000).build())) {
      assertThatThrownBy(s::menu)
          .isInstanceOf(LimitExceededException.class)
          .hasMessage(
              "limit maxConfigBytes (1000) exceeded: bytes of menu files loaded with configfile, at"
                  + " /boot/grub/menu.lst:4 ("
                  + 2 * big.length()
                  + ") (raise it with"
                  + " Limits.builder().maxConfigBytes(...))");
    }
  }
}
