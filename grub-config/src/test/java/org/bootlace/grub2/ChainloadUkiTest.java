package org.bootlace.grub2;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bootlace.BootOptions;
import org.bootlace.BootRecord;
import org.bootlace.BootSource;
import org.bootlace.BootTarget;
import org.bootlace.EntryKind;
import org.bootlace.FileRef;
import org.bootlace.GuestFile;
import org.bootlace.MenuEntry;
import org.bootlace.binary.Le;
import org.bootlace.testing.FakeKernels;
import org.bootlace.testing.TestImages;
import org.bootlace.testing.UkiBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * EFI GRUB's {@code chainloader} of a unified kernel image (built with objcopy onto Debian's
 * systemd-stub): the firmware starts the image with the arguments as load options and the stub
 * boots its kernel, so the entry is the image's {@code .linux}, {@code .ucode} + {@code .initrd}
 * and command line. Anything else chainloaded stays a chainload entry.
 */
class ChainloadUkiTest {
  @TempDir Path tmp;

  private static final byte[] KERNEL = FakeKernels.linux("6.12.9-amd64");

  private byte[] plain() {
    return UkiBuilder.create()
        .section(".osrel", "ID=debian\n")
        .section(".cmdline", "root=/dev/vda1 quiet\n")
        .section(".ucode", "UCODE")
        .section(".linux", KERNEL)
        .section(".initrd", "INITRD")
        .build(tmp);
  }

  private byte[] profiles() {
    return UkiBuilder.create()
        .section(".linux", KERNEL)
        .section(".cmdline", "quiet")
        .profile("ID=regular\n")
        .profile("ID=factory-reset\n")
        .section(".cmdline", "quiet systemd.unit=factory-reset.target")
        .build(tmp);
  }

  private static MenuEntry entry(byte[] disk, String platform) throws IOException {
    return G2.menu(disk, BootOptions.builder().variable("grub_platform", platform))
        .entries()
        .get(0);
  }

  private static String content(FileRef ref) throws IOException {
    return new String(ref.open().readAllBytes(), StandardCharsets.ISO_8859_1);
  }

  @Test
  void efiChainloaderOfAUkiBootsItsSections() throws IOException {
    byte[] disk =
        G2.fs("menuentry uki { chainloader /EFI/Linux/debian.efi }")
            .file("/EFI/Linux/debian.efi", plain())
            .build();
    MenuEntry e = entry(disk, "efi");
    assertThat(e.kind()).isEqualTo(EntryKind.LINUX);
    BootTarget t = e.target().orElseThrow();
    assertThat(t.kernel().toString()).isEqualTo("(hd0)/EFI/Linux/debian.efi:.linux");
    assertThat(t.kernel().open().readAllBytes()).isEqualTo(KERNEL);
    assertThat(t.initrds())
        .extracting(Object::toString)
        .containsExactly("(hd0)/EFI/Linux/debian.efi:.ucode", "(hd0)/EFI/Linux/debian.efi:.initrd");
    assertThat(content(t.initrds().get(0)) + content(t.initrds().get(1))).isEqualTo("UCODEINITRD");
    assertThat(t.args()).isEqualTo("root=/dev/vda1 quiet");
    assertThat(e.notes())
        .containsExactly(
            "chainloader /EFI/Linux/debian.efi: a unified kernel image, booted as"
                + " systemd-stub boots it: kernel, initrds and command line from its sections");
  }

  @Test
  void bootSourceResolvesTheChainloadedUkiAsALinuxBoot() throws IOException {
    byte[] disk =
        G2.fs("set default=0\nmenuentry uki { chainloader /EFI/Linux/debian.efi }")
            .file("/EFI/Linux/debian.efi", plain())
            .build();
    try (BootSource s =
        TestImages.open(
            disk, BootOptions.builder().platform(BootOptions.Platform.EFI), new Grub2Parser())) {
      BootRecord r = s.resolveBoot();
      assertThat(r.kind()).isEqualTo(EntryKind.LINUX);
      assertThat(r.kernel().location()).isEqualTo("(hd0)/EFI/Linux/debian.efi:.linux");
      assertThat(r.ramdisks())
          .extracting(GuestFile::location)
          .containsExactly(
              "(hd0)/EFI/Linux/debian.efi:.ucode", "(hd0)/EFI/Linux/debian.efi:.initrd");
      assertThat(r.args()).isEqualTo("root=/dev/vda1 quiet");
    }
  }

  @Test
  void chainloaderArgumentsSelectAProfileAndReplaceTheCommandLine() throws IOException {
    byte[] disk =
        G2.fs(
                "menuentry reset { chainloader /m.efi @1 }\n"
                    + "menuentry console { chainloader /m.efi @1 console=ttyS0 \"a b\" }")
            .file("/m.efi", profiles())
            .build();
    var menu = G2.menu(disk, BootOptions.builder().variable("grub_platform", "efi"));
    MenuEntry reset = menu.entries().get(0);
    assertThat(reset.target().orElseThrow().args())
        .isEqualTo("quiet systemd.unit=factory-reset.target");
    assertThat(reset.notes())
        .containsExactly(
            "chainloader /m.efi: a unified kernel image (profile @1), booted as"
                + " systemd-stub boots it: kernel, initrds and command line from its sections");
    MenuEntry console = menu.entries().get(1);
    // GRUB joins the arguments with single spaces, without quoting, into the load options.
    assertThat(console.target().orElseThrow().args()).isEqualTo("console=ttyS0 a b");
    assertThat(console.notes())
        .containsExactly(
            "chainloader /m.efi: a unified kernel image (profile @1), booted as systemd-stub boots it: kernel,"
                + " initrds and command line from its sections",
            "chainloader /m.efi: the load options replace the image's .cmdline, as systemd-stub does without"
                + " Secure Boot (with Secure Boot it would keep \"quiet systemd.unit=factory-reset.target\")");
  }

  @Test
  void efiProgramThatIsNoUkiStaysAChainloadEntry() throws IOException {
    byte[] disk =
        G2.fs("menuentry shell { chainloader /shellx64.efi }")
            .file("/shellx64.efi", Files.readAllBytes(UkiBuilder.STUB))
            .build();
    MenuEntry e = entry(disk, "efi");
    assertThat(e.kind()).isEqualTo(EntryKind.CHAINLOAD);
    assertThat(e.target()).isEmpty();
    assertThat(e.notes())
        .containsExactly(
            "chainloader /shellx64.efi: hands over to another boot loader, which bootlace does not run");
  }

  @Test
  void onBiosGrubAUkiIsStillOnlyChainloaded() throws IOException {
    byte[] disk =
        G2.fs("menuentry uki { chainloader /EFI/Linux/debian.efi }")
            .file("/EFI/Linux/debian.efi", plain())
            .build();
    MenuEntry e = entry(disk, "pc");
    assertThat(e.kind()).isEqualTo(EntryKind.CHAINLOAD);
    assertThat(e.target()).isEmpty();
  }

  @Test
  void ukiWhoseKernelLiesOutsideTheFileStaysAChainloadEntryWithTheReason() throws IOException {
    byte[] uki = plain();
    int lfanew = (int) Le.u32(uki, 0x3c);
    int count = Le.u16(uki, lfanew + 6);
    int table = lfanew + 24 + Le.u16(uki, lfanew + 20);
    int at = -1;
    for (int i = 0; i < count; i++) {
      if (new String(uki, table + 40 * i, 6, StandardCharsets.US_ASCII).equals(".linux")) {
        at = table + 40 * i;
      }
    }
    Le.putU32(uki, at + 20, 0x40000000L);
    byte[] disk = G2.fs("menuentry uki { chainloader /u.efi }").file("/u.efi", uki).build();
    MenuEntry e = entry(disk, "efi");
    assertThat(e.kind()).isEqualTo(EntryKind.CHAINLOAD);
    assertThat(e.notes())
        .containsExactly(
            "chainloader /u.efi: PE: (hd0)/u.efi: section "
                + (at - table) / 40
                + " (.linux) at 0x"
                + Integer.toHexString(at)
                + ": PointerToRawData 0x40000000 + "
                + Le.u32(uki, at + 8)
                + " bytes ends past the end of the file ("
                + uki.length
                + " bytes)",
            "chainloader /u.efi: hands over to another boot loader, which bootlace does not run");
  }

  @Test
  void initrdAfterAChainloadedUkiFailsAsGrubHasNoLinuxKernelLoaded() throws IOException {
    byte[] disk =
        G2.fs("menuentry uki { chainloader /EFI/Linux/debian.efi\ninitrd /initrd.img }")
            .file("/EFI/Linux/debian.efi", plain())
            .build();
    MenuEntry e = entry(disk, "efi");
    assertThat(e.target().orElseThrow().initrds())
        .extracting(Object::toString)
        .containsExactly("(hd0)/EFI/Linux/debian.efi:.ucode", "(hd0)/EFI/Linux/debian.efi:.initrd");
    assertThat(e.notes())
        .containsExactly(
            "chainloader /EFI/Linux/debian.efi: a unified kernel image, booted as"
                + " systemd-stub boots it: kernel, initrds and command line from its sections",
            "/boot/grub/grub.cfg:2: error: you need to load the kernel first");
  }
}
