package org.bootlace.grub2;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.bootlace.BootMenu;
import org.bootlace.BootOptions;
import org.junit.jupiter.api.Test;

/**
 * The default entry in Fedora's and RHEL's GRUB (get_entry_number_helper in their normal/menu.c:
 * ids, then titles, then a whole number) against upstream GRUB 2.06 (a leading number first), on
 * the same configurations.
 */
class FedoraDefaultTest {
  /** Entry 1's id starts with a digit, entry 2's title is all digits, entry 3 is plain. */
  static final String MENU =
      """
      menuentry 'Zero' --id zero { linux /vmlinuz }
      menuentry 'One' --id 3f2a-6.9.0 { linux /boot/vmlinuz-1 }
      menuentry '1' --id digits { linux /boot/vmlinuz-2 }
      menuentry 'Three' --id three { linux /vmlinuz }
      submenu 'Advanced options' --id adv {
        menuentry 'Adv zero' --id adv-zero { linux /boot/vmlinuz-1 }
        menuentry 'Adv one' --id adv-one { linux /boot/vmlinuz-2 }
      }
      """;

  static BootMenu as(String flavour, String def) throws Exception {
    return as(flavour, "set default=" + def + "\n" + MENU, 0);
  }

  static BootMenu as(String flavour, String cfg, int unused) throws Exception {
    return G2.menu(G2.fs(cfg).build(), BootOptions.builder().variable("grub_flavour", flavour));
  }

  @Test
  void inFedoraTheEntrysLastStatusDecidesWhetherItBoots() throws Exception {
    String cfg =
        """
        set fallback=1
        menuentry bad { linux /vmlinuz; false; }
        menuentry good { linux /boot/vmlinuz-1; }
        """;
    BootMenu fedora = as("fedora", cfg, 0);
    assertThat(fedora.defaultEntry()).contains(List.of(1));
    assertThat(fedora.entries().get(0).target()).isEmpty();
    assertThat(fedora.entries().get(0).notes())
        .contains(
            "the entry's last command failed (status 1): Fedora's GRUB does not boot it and tries the fallback");
    BootMenu upstream = as("upstream", cfg, 0);
    assertThat(upstream.defaultEntry()).contains(List.of(0));
    assertThat(upstream.entries().get(0).target()).isPresent();
  }

  @Test
  void fedoraPassesHexEscapesThroughToTheKernel() throws Exception {
    String cfg =
        """
        menuentry e {
          linux /vmlinuz inst.stage2=hd:LABEL=CentOS\\x207\\x20x86_64 "q\\x41q" 'a\\x4' w\\\\x41 "s\\x41 t"
        }
        """;
    assertThat(as("fedora", cfg, 0).entries().get(0).target().get().args())
        .isEqualTo(
            "inst.stage2=hd:LABEL=CentOS\\x207\\x20x86_64 q\\x41q a\\\\x4 w\\x41 \"s\\x41 t\"");
    // Upstream GRUB drops the backslash of unquoted text and escapes the one it keeps.
    assertThat(as("upstream", cfg, 0).entries().get(0).target().get().args())
        .isEqualTo(
            "inst.stage2=hd:LABEL=CentOSx207x20x86_64 q\\\\x41q a\\\\x4 w\\\\x41 \"s\\\\x41 t\"");
  }

  @Test
  void blscfgSwitchesTheHexEscapesOnForWhatFollows() throws Exception {
    String cfg =
        """
        set before=a\\x20b
        blscfg
        set after=a\\x20b
        menuentry e { linux /vmlinuz $before $after }
        """;
    BootMenu menu = G2.menu(G2.fs(cfg).build());
    assertThat(menu.entries().get(0).target().get().args()).isEqualTo("ax20b a\\x20b");
  }

  @Test
  void anIdThatStartsWithADigit() throws Exception {
    BootMenu fedora = as("fedora", "3f2a-6.9.0");
    assertThat(fedora.defaultEntry()).contains(List.of(1));
    assertThat(fedora.defaultReason())
        .isEqualTo("default '3f2a-6.9.0' (set at /boot/grub/grub.cfg:1): entry 1 by id");
    BootMenu upstream = as("upstream", "3f2a-6.9.0");
    assertThat(upstream.defaultEntry()).contains(List.of(3));
    assertThat(upstream.defaultReason())
        .isEqualTo("default '3f2a-6.9.0' (set at /boot/grub/grub.cfg:1): entry 3");
  }

  @Test
  void aTitleThatIsAllDigits() throws Exception {
    BootMenu fedora = as("fedora", "1");
    assertThat(fedora.defaultEntry()).contains(List.of(2));
    assertThat(fedora.defaultReason())
        .isEqualTo("default '1' (set at /boot/grub/grub.cfg:1): entry 2 by title");
    assertThat(as("upstream", "1").defaultEntry()).contains(List.of(1));
  }

  @Test
  void aRealIndex() throws Exception {
    BootMenu fedora = as("fedora", "3");
    assertThat(fedora.defaultEntry()).contains(List.of(3));
    assertThat(fedora.defaultReason())
        .isEqualTo("default '3' (set at /boot/grub/grub.cfg:1): entry 3");
    assertThat(as("upstream", "3").defaultEntry()).contains(List.of(3));
    assertThat(as("fedora", "0x3").defaultEntry()).contains(List.of(3));
    BootMenu past = as("fedora", "9");
    assertThat(past.defaultEntry()).contains(List.of(0));
    assertThat(past.defaultReason())
        .isEqualTo(
            "default '9' (set at /boot/grub/grub.cfg:1): there is no entry 9 (5 entries): GRUB boots entry 0");
  }

  @Test
  void aNumberMustBeTheWholeValue() throws Exception {
    BootMenu trailing = as("fedora", "3abc");
    assertThat(trailing.defaultEntry()).contains(List.of(0));
    assertThat(trailing.defaultReason())
        .isEqualTo(
            "default '3abc' (set at /boot/grub/grub.cfg:1) is no id, title or whole number in this menu:"
                + " GRUB boots entry 0");
    assertThat(as("upstream", "3abc").defaultEntry()).contains(List.of(3));
    BootMenu blank = as("fedora", "'3 '");
    assertThat(blank.defaultEntry()).contains(List.of(0));
    assertThat(blank.defaultReason())
        .isEqualTo(
            "default '3 ' (set at /boot/grub/grub.cfg:1) is entry 3 followed by ' ': GRUB boots entry 0");
    // strtoul skips leading blanks
    assertThat(as("fedora", "' 3'").defaultEntry()).contains(List.of(3));
  }

  @Test
  void aPathOfNumbersNamesNothing() throws Exception {
    assertThat(as("upstream", "'4>1'").defaultEntry()).contains(List.of(4, 1));
    BootMenu fedora = as("fedora", "'4>1'");
    assertThat(fedora.defaultEntry()).contains(List.of(0));
    assertThat(fedora.defaultReason())
        .isEqualTo(
            "default '4>1' (set at /boot/grub/grub.cfg:1) is no id, title or whole number in this menu:"
                + " GRUB boots entry 0");
  }

  @Test
  void pathsOfIdsAndOfTitles() throws Exception {
    assertThat(as("fedora", "'adv>adv-one'").defaultEntry()).contains(List.of(4, 1));
    assertThat(as("fedora", "'Advanced options>Adv one'").defaultEntry()).contains(List.of(4, 1));
    assertThat(as("fedora", "'Advanced options>adv-one'").defaultEntry()).contains(List.of(4, 1));
  }

  @Test
  void anIdPathWhoseNextPartHasABlankNamesNothing() throws Exception {
    assertThat(as("upstream", "'adv>Adv one'").defaultEntry()).contains(List.of(4, 1));
    BootMenu fedora = as("fedora", "'adv>Adv one'");
    assertThat(fedora.defaultEntry()).contains(List.of(0));
    assertThat(fedora.defaultReason())
        .isEqualTo(
            "default 'adv>Adv one' (set at /boot/grub/grub.cfg:1) names the id of entry 4 followed by"
                + " ' one': GRUB boots entry 0");
  }

  @Test
  void emptyMatchesNothingNotEvenAnEmptyTitle() throws Exception {
    String cfg =
        "set default=\nmenuentry 'a' { linux /vmlinuz }\nmenuentry '' { linux /vmlinuz }\n";
    assertThat(as("upstream", cfg, 0).defaultEntry()).contains(List.of(1));
    assertThat(as("fedora", cfg, 0).defaultEntry()).contains(List.of(0));
  }

  @Test
  void aOneCharacterIdFollowedByABlankIsNotMatched() throws Exception {
    String cfg =
        "set default=0\nset fallback='k 2'\n"
            + "menuentry broken { linux /no/such/kernel }\n"
            + "menuentry 'K' --id k { linux /vmlinuz }\n"
            + "menuentry two { linux /boot/vmlinuz-2 }\n";
    BootMenu menu = as("fedora", cfg, 0);
    assertThat(menu.defaultEntry()).contains(List.of(0));
    assertThat(menu.defaultReason())
        .isEqualTo(
            "default '0' (set at /boot/grub/grub.cfg:1): entry 0; entry 0 'broken' loads nothing; no"
                + " fallback entry boots either");
    // Alone, the same id is matched.
    assertThat(as("fedora", cfg.replace("'k 2'", "k"), 0).defaultEntry()).contains(List.of(1));
  }

  @Test
  void anEmptyIdMatchesAFallbackThatStartsWithABlank() throws Exception {
    String cfg =
        "set default=0\nset fallback=' 2'\n"
            + "menuentry broken { linux /no/such/kernel }\n"
            + "menuentry '' { linux /boot/vmlinuz-1 }\n"
            + "menuentry two { linux /boot/vmlinuz-2 }\n";
    assertThat(as("upstream", cfg, 0).defaultEntry()).contains(List.of(2));
    BootMenu fedora = as("fedora", cfg, 0);
    assertThat(fedora.defaultEntry()).contains(List.of(1));
    assertThat(fedora.defaultReason())
        .isEqualTo(
            "default '0' (set at /boot/grub/grub.cfg:1): entry 0; entry 0 'broken' loads nothing;"
                + " GRUB falls back to entry 1 (by id) ''");
  }

  @Test
  void theSubmenuKeepsADefaultWithoutAPath() throws Exception {
    String cfg =
        "set default=k\n"
            + "menuentry 'Zero' { linux /vmlinuz }\n"
            + "submenu 'Kernels' --id k {\n"
            + "  menuentry 'old' --id o { linux /boot/vmlinuz-1 }\n"
            + "  menuentry 'new' --id k { linux /boot/vmlinuz-2 }\n"
            + "}\n";
    assertThat(as("upstream", cfg, 0).defaultEntry()).contains(List.of(1, 0));
    BootMenu fedora = as("fedora", cfg, 0);
    assertThat(fedora.defaultEntry()).contains(List.of(1, 1));
    assertThat(fedora.defaultReason())
        .isEqualTo(
            "default 'k' (set at /boot/grub/grub.cfg:1): entry 1 by id; in 'Kernels': default 'k' (set at"
                + " /boot/grub/grub.cfg:1): entry 1 by id");
  }

  @Test
  void submenusAndConfigfileSeeEveryVariable() throws Exception {
    String cfg = "set kargs=quiet\n" + "submenu 'S' { menuentry 'a' { linux /vmlinuz $kargs } }\n";
    assertThat(as("upstream", cfg, 0).entries().get(0).children().get(0).target().get().args())
        .isEmpty();
    assertThat(as("fedora", cfg, 0).entries().get(0).children().get(0).target().get().args())
        .isEqualTo("quiet");
    String stub = "set kargs=quiet\nconfigfile /boot/grub/real.cfg\n";
    BootOptions.Builder fedora = BootOptions.builder().variable("grub_flavour", "fedora");
    BootMenu viaConfigfile =
        G2.menu(
            G2.fs(stub)
                .file("/boot/grub/real.cfg", "menuentry r { linux /vmlinuz $kargs }")
                .build(),
            fedora);
    assertThat(viaConfigfile.entries().get(0).target().get().args()).isEqualTo("quiet");
  }

  @Test
  void fallbackByIdAndTitle() throws Exception {
    String cfg =
        "set default=0\nset fallback='rescue-id 2'\n"
            + "menuentry broken { linux /no/such/kernel }\n"
            + "menuentry 'Rescue' --id rescue-id { linux /no/such/rescue }\n"
            + "menuentry good --id g { linux /vmlinuz }\n";
    BootMenu fedora = as("fedora", cfg, 0);
    assertThat(fedora.defaultEntry()).contains(List.of(2));
    assertThat(fedora.defaultReason())
        .isEqualTo(
            "default '0' (set at /boot/grub/grub.cfg:1): entry 0; entry 0 'broken' loads nothing;"
                + " fallback entry 1 (by id) loads nothing; GRUB falls back to entry 2 'good'");
    // Upstream reads only numbers: the list ends at once.
    assertThat(as("upstream", cfg, 0).defaultEntry()).contains(List.of(0));
    BootMenu byTitle = as("fedora", cfg.replace("'rescue-id 2'", "'good'"), 0);
    assertThat(byTitle.defaultEntry()).contains(List.of(2));
    assertThat(byTitle.defaultReason()).endsWith("; GRUB falls back to entry 2 (by title) 'good'");
  }

  @Test
  void blscfgMakesItFedorasGrub() throws Exception {
    String cfg = "set default=3f2a-6.9.0\nblscfg\n";
    BootMenu menu =
        G2.menu(
            G2.fs(cfg)
                .file(
                    "/loader/entries/3f2a-6.10.0.conf",
                    "title New\nversion 6.10.0\nlinux /boot/vmlinuz-2\n")
                .file(
                    "/loader/entries/3f2a-6.9.0.conf",
                    "title Old\nversion 6.9.0\nlinux /boot/vmlinuz-1\n")
                .build());
    assertThat(menu.defaultEntry()).contains(List.of(1));
    assertThat(menu.defaultReason())
        .isEqualTo("default '3f2a-6.9.0' (set at /boot/grub/grub.cfg:1): entry 1 by id");
    assertThat(menu.explanation())
        .contains(
            "/boot/grub/grub.cfg:2: blscfg exists only in Fedora's and RHEL's GRUB: from here on their"
                + " rules apply (default and fallback match ids, then titles, then whole numbers; default"
                + " is kept when no '>' follows; new contexts copy every variable)");
    // Without blscfg, and when the caller says so, upstream's rules.
    BootMenu forced =
        G2.menu(
            G2.fs(cfg)
                .file(
                    "/loader/entries/3f2a-6.10.0.conf",
                    "title New\nversion 6.10.0\nlinux /boot/vmlinuz-2\n")
                .file(
                    "/loader/entries/3f2a-6.9.0.conf",
                    "title Old\nversion 6.9.0\nlinux /boot/vmlinuz-1\n")
                .build(),
            BootOptions.builder().variable("grub_flavour", "upstream"));
    assertThat(forced.defaultReason())
        .isEqualTo(
            "default '3f2a-6.9.0' (set at /boot/grub/grub.cfg:1): there is no entry 3 (2 entries): GRUB"
                + " boots entry 0");
  }

  @Test
  void withoutBlscfgItIsUpstream() throws Exception {
    assertThat(G2.menu("set default=3f2a-6.9.0\n" + MENU).defaultEntry()).contains(List.of(3));
  }

  @Test
  void anUnknownFlavourIsAWarning() throws Exception {
    BootMenu menu = as("debian", "3f2a-6.9.0");
    assertThat(menu.warnings())
        .contains(
            "grub_flavour 'debian' is neither 'upstream' nor 'fedora': GRUB's flavour is decided from the configuration");
    assertThat(menu.defaultEntry()).contains(List.of(3));
  }

  @Test
  void theFlavourIsNoGrubVariable() throws Exception {
    assertThat(
            G2.menu(
                    G2.fs("menuentry a { linux /vmlinuz x=$grub_flavour }").build(),
                    BootOptions.builder().variable("grub_flavour", "fedora"))
                .entries()
                .get(0)
                .target()
                .get()
                .args())
        .isEqualTo("x=");
  }
}
