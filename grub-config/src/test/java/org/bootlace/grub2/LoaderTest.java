package org.bootlace.grub2;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.bootlace.BootMenu;
import org.bootlace.BootOptions;
import org.bootlace.BootTarget;
import org.bootlace.EntryKind;
import org.bootlace.MenuEntry;
import org.bootlace.testing.FakeKernels;
import org.bootlace.testing.MenuText;
import org.junit.jupiter.api.Test;

/** What an entry's loader commands hand over: kernel, ramdisks, command line. */
class LoaderTest {
  static MenuEntry only(String body) throws Exception {
    return G2.menu("menuentry e {\n" + body + "\n}").entries().get(0);
  }

  @Test
  void linuxAndInitrd() throws Exception {
    MenuEntry e = only("linux /vmlinuz root=/dev/xvda1 ro quiet\ninitrd /initrd.img");
    assertThat(e.kind()).isEqualTo(EntryKind.LINUX);
    BootTarget t = e.target().get();
    assertThat(t.kernel().toString()).isEqualTo("(hd0)/vmlinuz");
    assertThat(t.initrds()).extracting(Object::toString).containsExactly("(hd0)/initrd.img");
    assertThat(t.args()).isEqualTo("root=/dev/xvda1 ro quiet");
  }

  @Test
  void argumentsAreQuotedAsGrubPassesThem() throws Exception {
    // grub_create_loader_cmdline: an argument with a space is quoted; \ ' " are escaped.
    MenuEntry e = only("linux /vmlinuz a=\"x y\" 'b=it'\\''s' c=\\\\d");
    assertThat(e.target().get().args()).isEqualTo("\"a=x y\" b=it\\'s c=\\\\d");
  }

  @Test
  void onXenThereIsNoBootImageAsWithPygrub() throws Exception {
    // GRUB's Xen PV loader (loader/i386/xen.c) passes only the arguments, as pygrub does.
    assertThat(only("linux /vmlinuz ro").target().get().args()).isEqualTo("ro");
  }

  @Test
  void onPcAndEfiGrubPutsBootImageFirst() throws Exception {
    // loader/i386/linux.c starts the command line with BOOT_IMAGE= and the kernel as named.
    for (String platform : List.of("pc", "efi")) {
      BootMenu menu =
          G2.menu(
              G2.fs("menuentry e { linux /boot/../vmlinuz ro quiet }").build(),
              BootOptions.builder().variable("grub_platform", platform));
      assertThat(menu.entries().get(0).target().get().args())
          .isEqualTo("BOOT_IMAGE=/boot/../vmlinuz ro quiet");
    }
  }

  @Test
  void severalInitrdsInOrderAndTheLastInitrdCommandWins() throws Exception {
    MenuEntry e =
        only("linux /vmlinuz\ninitrd /vmlinuz\ninitrd /boot/initrd.img-1 /boot/initrd.img-2");
    assertThat(e.target().get().initrds())
        .extracting(Object::toString)
        .containsExactly("(hd0)/boot/initrd.img-1", "(hd0)/boot/initrd.img-2");
  }

  @Test
  void aMissingInitrdLeavesTheKernelToBootWithoutOne() throws Exception {
    MenuEntry e = only("linux /vmlinuz\ninitrd /boot/initrd.img-1 /missing.img");
    assertThat(e.target().get().initrds()).isEmpty();
    assertThat(e.notes())
        .containsExactly("/boot/grub/grub.cfg:3: error: file `/missing.img' not found");
  }

  @Test
  void initrdBeforeLinuxFails() throws Exception {
    MenuEntry e = only("initrd /initrd.img\nlinux /vmlinuz");
    assertThat(e.target().get().initrds()).isEmpty();
    assertThat(e.notes())
        .containsExactly("/boot/grub/grub.cfg:2: error: you need to load the kernel first");
  }

  @Test
  void aMissingKernelLoadsNothing() throws Exception {
    MenuEntry e = only("linux /nope ro\ninitrd /initrd.img");
    assertThat(e.kind()).isEqualTo(EntryKind.LINUX);
    assertThat(e.target()).isEmpty();
    assertThat(e.notes())
        .containsExactly(
            "/boot/grub/grub.cfg:2: error: file `/nope' not found",
            "/boot/grub/grub.cfg:3: error: you need to load the kernel first");
  }

  @Test
  void aDirectoryIsNoKernel() throws Exception {
    MenuEntry e = only("linux /boot");
    assertThat(e.target()).isEmpty();
    assertThat(e.notes()).containsExactly("/boot/grub/grub.cfg:2: error: not a regular file");
  }

  @Test
  void linux16AndLinuxefiReadAsLinuxOnXen() throws Exception {
    MenuEntry e = only("linuxefi /vmlinuz ro\ninitrdefi /initrd.img");
    assertThat(e.target().get().kernel().path()).isEqualTo("/vmlinuz");
    assertThat(e.target().get().initrds()).hasSize(1);
    assertThat(e.notes())
        .containsExactly("linuxefi: GRUB for Xen has no linuxefi; read as linux, as pygrub does");
  }

  @Test
  void multibootWithModulesIsAMultibootEntry() throws Exception {
    byte[] fs =
        G2.fs(
                "menuentry xen {\n multiboot /boot/xen.gz dom0_mem=1G\n"
                    + " module /vmlinuz root=/dev/xvda1 ro\n module --nounzip /initrd.img\n}")
            .file("/boot/xen.gz", FakeKernels.xenGz("xen"))
            .build();
    MenuEntry e = G2.menu(fs).entries().get(0);
    assertThat(e.kind()).isEqualTo(EntryKind.MULTIBOOT);
    BootTarget t = e.target().get();
    assertThat(t.kernel().path()).isEqualTo("/boot/xen.gz");
    assertThat(t.args()).isEqualTo("dom0_mem=1G");
    assertThat(t.modules())
        .extracting(mod -> mod.file().path() + " '" + mod.args() + "'")
        .containsExactly("/vmlinuz 'root=/dev/xvda1 ro'", "/initrd.img ''");
  }

  @Test
  void chainloaderIsAChainloadEntryThatXensGrubCannotRun() throws Exception {
    MenuEntry e = only("chainloader +1");
    assertThat(e.kind()).isEqualTo(EntryKind.CHAINLOAD);
    assertThat(e.target()).isEmpty();
    assertThat(e.notes())
        .containsExactly("/boot/grub/grub.cfg:2: error: can't find command `chainloader'");
    BootMenu pc =
        G2.menu(
            G2.fs("menuentry w { chainloader +1 }").build(),
            BootOptions.builder().variable("grub_platform", "pc"));
    assertThat(pc.entries().get(0).notes())
        .containsExactly(
            "chainloader +1: hands over to another boot loader, which bootlace does not run");
  }

  @Test
  void devicetree() throws Exception {
    byte[] fs =
        G2.fs("menuentry e { linux /vmlinuz; devicetree /dtb }").file("/dtb", "dtb").build();
    assertThat(G2.menu(fs).entries().get(0).target().get().devicetree().get().path())
        .isEqualTo("/dtb");
  }

  @Test
  void bootEndsTheBodyAndRebootLoadsNothing() throws Exception {
    assertThat(only("linux /vmlinuz a\nboot\nlinux /nope").target().get().args()).isEqualTo("a");
    MenuEntry r = only("reboot");
    assertThat(r.kind()).isEqualTo(EntryKind.OTHER);
    assertThat(r.notes()).containsExactly("reboot: GRUB reboots here");
  }

  @Test
  void menuTextOfASmallMenu() throws Exception {
    assertThat(G2.text("set timeout=3\nmenuentry 'A' --id a --class os { linux /vmlinuz ro }\n"))
        .isEqualTo(
            """
            menu grub2 (hd0)/boot/grub/grub.cfg
            default 0: no default set: entry 0
            timeout 3
            entry 0 LINUX 'A' id=a @/boot/grub/grub.cfg:2
              kernel (hd0)/vmlinuz
              args 'ro'
            """);
    assertThat(MenuText.render(G2.menu("menuentry x { echo hi }")))
        .contains("entry 0 OTHER 'x' @/boot/grub/grub.cfg:1\n");
  }
}
