package org.bootlace.grub2;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.bootlace.BootMenu;
import org.junit.jupiter.api.Test;

/** Which entry GRUB boots without a choice: normal/menu.c's rules, level by level. */
class DefaultEntryTest {
  static final String MENU =
      """
      menuentry 'Zero' --id zero { linux /vmlinuz }
      submenu 'Advanced >options' --id adv {
        menuentry 'Adv zero' --id adv-zero { linux /boot/vmlinuz-1 }
        menuentry 'Adv one' --id adv-one { linux /boot/vmlinuz-2 }
      }
      menuentry 'Two' --id two { linux /boot/vmlinuz-2 }
      """;

  static BootMenu with(String def) throws Exception {
    return G2.menu("set default=" + def + "\n" + MENU);
  }

  @Test
  void withoutDefaultItIsEntryZero() throws Exception {
    BootMenu menu = G2.menu(MENU);
    assertThat(menu.defaultEntry()).contains(List.of(0));
    assertThat(menu.defaultReason()).isEqualTo("no default set: entry 0");
  }

  @Test
  void anIndex() throws Exception {
    BootMenu menu = with("2");
    assertThat(menu.defaultEntry()).contains(List.of(2));
    assertThat(menu.defaultReason())
        .isEqualTo("default '2' (set at /boot/grub/grub.cfg:1): entry 2");
  }

  @Test
  void numbersReadAsGrubStrtoulReadsThem() throws Exception {
    assertThat(with("0x2").defaultEntry()).contains(List.of(2));
    assertThat(with("02").defaultEntry()).contains(List.of(2));
    assertThat(with("2abc").defaultEntry()).contains(List.of(2));
    assertThat(with("' 2'").defaultEntry()).contains(List.of(2));
    // 2^32 + 2 truncated to a C int
    assertThat(with("4294967298").defaultEntry()).contains(List.of(2));
  }

  @Test
  void anIndexPastTheEndIsEntryZero() throws Exception {
    BootMenu menu = with("7");
    assertThat(menu.defaultEntry()).contains(List.of(0));
    assertThat(menu.defaultReason())
        .isEqualTo(
            "default '7' (set at /boot/grub/grub.cfg:1): there is no entry 7 (3 entries): GRUB boots entry 0");
  }

  @Test
  void aTitleOrAnId() throws Exception {
    assertThat(with("Two").defaultEntry()).contains(List.of(2));
    assertThat(with("two").defaultEntry()).contains(List.of(2));
    assertThat(with("two").defaultReason())
        .isEqualTo("default 'two' (set at /boot/grub/grub.cfg:1): entry 2 by id");
  }

  @Test
  void aPathGoesOneLevelPerPart() throws Exception {
    BootMenu byIndex = with("'1>1'");
    assertThat(byIndex.defaultEntry()).contains(List.of(1, 1));
    assertThat(byIndex.defaultReason())
        .isEqualTo(
            "default '1>1' (set at /boot/grub/grub.cfg:1): entry 1; in 'Advanced >options': default"
                + " '1' (the part after '>' of default, entering 1): entry 1");
    assertThat(with("'adv>adv-one'").defaultEntry()).contains(List.of(1, 1));
    assertThat(with("'Advanced >>options>Adv one'").defaultEntry()).contains(List.of(1, 1));
    assertThat(with("'1>adv-one'").defaultEntry()).contains(List.of(1, 1));
  }

  @Test
  void aSubmenuWithoutTheRestOfThePathBootsItsFirstEntry() throws Exception {
    assertThat(with("adv").defaultEntry()).contains(List.of(1, 0));
  }

  @Test
  void aBareIdOfASubmenuEntryDoesNotMatchAtTheTopLevel() throws Exception {
    BootMenu menu = with("adv-one");
    assertThat(menu.defaultEntry()).contains(List.of(0));
    assertThat(menu.defaultReason())
        .isEqualTo(
            "default 'adv-one' (set at /boot/grub/grub.cfg:1) names no entry of this menu: GRUB boots"
                + " entry 0");
  }

  @Test
  void anEmptyDefaultMatchesNothing() throws Exception {
    assertThat(with("").defaultEntry()).contains(List.of(0));
  }

  @Test
  void theSubmenuCanSetItsOwnDefault() throws Exception {
    BootMenu menu =
        G2.menu(
            "submenu s {\n  set default=1\n  menuentry a { linux /vmlinuz }\n  menuentry b { linux /vmlinuz }\n}");
    assertThat(menu.defaultEntry()).contains(List.of(0, 1));
  }

  @Test
  void fallbackWhenTheDefaultLoadsNothing() throws Exception {
    String cfg =
        "set default=0\nset fallback=\"1 2\"\n"
            + "menuentry broken { linux /no/such/kernel }\n"
            + "menuentry alsobroken { echo nothing }\n"
            + "menuentry good { linux /vmlinuz }\n";
    BootMenu menu = G2.menu(cfg);
    assertThat(menu.defaultEntry()).contains(List.of(2));
    assertThat(menu.defaultReason())
        .isEqualTo(
            "default '0' (set at /boot/grub/grub.cfg:1): entry 0; entry 0 'broken' loads nothing;"
                + " fallback entry 1 loads nothing; GRUB falls back to entry 2 'good'");
    assertThat(menu.entries().get(0).notes())
        .containsExactly("/boot/grub/grub.cfg:3: error: file `/no/such/kernel' not found");
  }

  @Test
  void withoutFallbackTheBrokenDefaultStays() throws Exception {
    BootMenu menu =
        G2.menu("menuentry broken { linux /no/such/kernel }\nmenuentry good { linux /vmlinuz }");
    assertThat(menu.defaultEntry()).contains(List.of(0));
    assertThat(menu.defaultReason())
        .isEqualTo("no default set: entry 0; entry 0 'broken' loads nothing");
  }

  @Test
  void timeout() throws Exception {
    assertThat(G2.menu("set timeout=7\n" + MENU).timeoutSeconds()).contains(7);
    assertThat(G2.menu(MENU).timeoutSeconds()).isEmpty();
    assertThat(G2.menu("set timeout=soon\n" + MENU).timeoutSeconds()).isEmpty();
  }

  @Test
  void theEntryBodyRunsWithTheVariablesOfTheEnd() throws Exception {
    BootMenu menu =
        G2.menu(
            "set k=/vmlinuz\nmenuentry a { linux $k arg=$v }\nset v=late\nset k=/boot/vmlinuz-1\n");
    assertThat(menu.entries().get(0).target().get().kernel().path()).isEqualTo("/boot/vmlinuz-1");
    assertThat(menu.entries().get(0).target().get().args()).isEqualTo("arg=late");
  }

  @Test
  void theBodySeesChosenAndItsTitleAsFirstArgument() throws Exception {
    BootMenu menu =
        G2.menu(
            "submenu 'S' --id s { menuentry 'T' --id 'a>b' extra { linux /vmlinuz $chosen $1 $2 }; }");
    assertThat(menu.entries().get(0).children().get(0).target().get().args())
        .isEqualTo("s>a>>b T extra");
  }
}
