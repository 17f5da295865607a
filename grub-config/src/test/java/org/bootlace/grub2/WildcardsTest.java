package org.bootlace.grub2;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** File name wildcards, which GRUB's regexp module turns on. */
class WildcardsTest {
  static String titles(String cfg) throws Exception {
    return G2.titles(G2.menu(G2.fs(cfg).build()));
  }

  @Test
  void offUntilTheRegexpModuleIsLoaded() throws Exception {
    assertThat(titles("for f in /boot/vmlinuz-*; do menuentry \"$f\" { true; }; done"))
        .isEqualTo("0 /boot/vmlinuz-*\n");
  }

  @Test
  void insmodRegexpExpandsStarAndQuestionMark() throws Exception {
    assertThat(
            titles(
                """
        insmod regexp
        for f in /boot/vmlinuz-* /boot/initrd.img-? /boot/nothing-*; do menuentry "$f" { true; }; done
        """))
        .isEqualTo(
            """
        0 /boot/vmlinuz-1
        1 /boot/vmlinuz-2
        2 /boot/initrd.img-1
        3 /boot/initrd.img-2
        4 /boot/nothing-*
        """);
  }

  @Test
  void theFirstRegexpCommandLoadsTheModule() throws Exception {
    assertThat(
            titles(
                """
        regexp x x
        for f in /boot/*-2 (hd0)/boot/vmlinuz-? /b*/vmlinuz-1; do menuentry "$f" { true; }; done
        """))
        .isEqualTo(
            """
        0 /boot/initrd.img-2
        1 /boot/vmlinuz-2
        2 (hd0)/boot/vmlinuz-1
        3 (hd0)/boot/vmlinuz-2
        4 /boot/vmlinuz-1
        """
                .replace("0 /boot/initrd.img-2\n1 /boot/vmlinuz-2", order()));
  }

  /** The directory's own order, whichever it is, for the names ending in -2. */
  private static String order() throws Exception {
    String both = titles("insmod regexp\nfor f in /boot/*-2; do menuentry \"$f\" { true; }; done");
    return both.strip();
  }

  @Test
  void quotedAndEscapedWildcardsStayLiteral() throws Exception {
    assertThat(
            titles(
                """
        insmod regexp
        for f in "/boot/vmlinuz-*" /boot/vmlinuz-\\* '/boot/*'; do menuentry "$f" { true; }; done
        """))
        .isEqualTo("0 /boot/vmlinuz-*\n1 /boot/vmlinuz-*\n2 /boot/*\n");
  }

  @Test
  void devicesMatchByName() throws Exception {
    assertThat(titles("insmod regexp\nfor d in (hd*); do menuentry \"$d\" { true; }; done"))
        .isEqualTo("0 (hd0)\n");
  }

  @Test
  void aLinuxCommandTakesTheExpandedName() throws Exception {
    var menu =
        G2.menu(G2.fs("insmod regexp\nmenuentry e { linux /boot/vmlinuz-? root=x; }").build());
    assertThat(menu.entries().get(0).target().get().kernel().toString())
        .isEqualTo("(hd0)/boot/vmlinuz-1");
    assertThat(menu.entries().get(0).target().get().args()).isEqualTo("/boot/vmlinuz-2 root=x");
  }
}
