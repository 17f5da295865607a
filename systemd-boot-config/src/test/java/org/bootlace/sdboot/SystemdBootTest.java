package org.bootlace.sdboot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.bootlace.BootMenu;
import org.bootlace.BootRecord;
import org.bootlace.BootSource;
import org.bootlace.EntryKind;
import org.bootlace.GuestFile;
import org.bootlace.MenuEntry;
import org.bootlace.NoBootConfigException;
import org.bootlace.binary.Le;
import org.bootlace.testing.FakeKernels;
import org.bootlace.testing.MemFs;
import org.bootlace.testing.TestImages;
import org.bootlace.testing.UkiBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** systemd-boot's menu on a test ESP: one behaviour per test, the files inside the test. */
class SystemdBootTest {
  @TempDir Path tmp;

  private static BootSource open(MemFs.Builder fs) throws IOException {
    return TestImages.open(fs.build(), new SystemdBootParser());
  }

  private static List<String> ids(BootMenu m) {
    return m.entries().stream().map(e -> e.id().orElseThrow()).toList();
  }

  private static String content(GuestFile f) throws IOException {
    return new String(f.readAllBytes(), StandardCharsets.ISO_8859_1);
  }

  @Test
  void versionsCompareAsSystemdDoes() {
    VersionCompare v = VersionCompare.INSTANCE;
    assertThat(v.compare("6.1.0-10-amd64", "6.1.0-9-amd64")).isPositive();
    assertThat(v.compare("1.0~rc1", "1.0")).isNegative();
    assertThat(v.compare("1.0", "1.0.1")).isNegative();
    assertThat(v.compare("1.0-1", "1.0.1")).isNegative();
    assertThat(v.compare("1.0^post", "1.0.1")).isNegative();
    assertThat(v.compare("1.0^post", "1.0")).isPositive();
    assertThat(v.compare("a", "1")).isNegative();
    assertThat(v.compare("001", "1")).isZero();
    assertThat(v.compare("1_2", "1.2")).isPositive(); // '_' is ignored: "12" against "1" "." "2"
    assertThat(v.compare("abc", "abd")).isNegative();
    assertThat(v.compare(null, "1")).isNegative();
  }

  @Test
  void bootCountingSuffixIsTakenApart() {
    assertThat(EntryName.of("arch+3-1.conf"))
        .isEqualTo(
            new EntryName("arch.conf", java.util.OptionalInt.of(3), java.util.OptionalInt.of(1)));
    assertThat(EntryName.of("arch+2.conf").triesDone()).hasValue(0);
    assertThat(EntryName.of("arch+0-3.efi").bad()).isTrue();
    assertThat(EntryName.of("a+b.conf").triesLeft()).isEmpty();
  }

  @Test
  void globsMatchAsLoaderConfWritesThem() {
    assertThat(Glob.matches("arch-*", "arch-6.1.conf")).isTrue();
    assertThat(Glob.matches("arch-?.conf", "arch-6.conf")).isTrue();
    assertThat(Glob.matches("[a-c]*", "debian.conf")).isFalse();
    assertThat(Glob.matches("[!a-c]*", "debian.conf")).isTrue();
    assertThat(Glob.matches("*.conf", "x.efi")).isFalse();
    assertThat(Glob.matches("*a*a*a*a*a*b", "a".repeat(5000))).isFalse();
  }

  @Test
  void entriesSortNewestFirstWithSortKeysAheadAndTriedOutLast() throws IOException {
    MemFs.Builder fs =
        MemFs.builder()
            .file("/loader/loader.conf", "timeout 3\n")
            .file("/loader/entries/debian-6.1.0-9.conf", "title Debian 9\nlinux /k\n")
            .file("/loader/entries/debian-6.1.0-10.conf", "title Debian 10\nlinux /k\n")
            .file("/loader/entries/zz+0-3.conf", "title tried out\nsort-key aaa\nlinux /k\n")
            .file(
                "/loader/entries/fedora-a.conf",
                "title F 6.5\nsort-key fedora\nversion 6.5.1\nlinux /k\n")
            .file(
                "/loader/entries/fedora-b.conf",
                "title F 6.10\nsort-key fedora\nversion 6.10.2\nlinux /k\n")
            .file("/loader/entries/same+1-2.conf", "title same 1\nlinux /k\n")
            .file("/loader/entries/same+2-0.conf", "title same 2\nlinux /k\n")
            .file("/k", FakeKernels.linux("k"));
    try (BootSource s = open(fs)) {
      BootMenu m = s.menu();
      assertThat(ids(m))
          .containsExactly(
              "fedora-b.conf",
              "fedora-a.conf",
              "same.conf",
              "same.conf",
              "debian-6.1.0-10.conf",
              "debian-6.1.0-9.conf",
              "zz.conf");
      assertThat(m.entries().get(2).title()).isEqualTo("same 2");
      assertThat(m.timeoutSeconds()).contains(3);
      assertThat(m.defaultEntry()).contains(List.of(0));
      assertThat(m.defaultReason()).isEqualTo("the first entry in systemd-boot's order");
    }
  }

  @Test
  void defaultGlobPicksTheFirstMatchInOrder() throws IOException {
    MemFs.Builder fs =
        MemFs.builder()
            .file("/loader/loader.conf", "default fedora-*\ndefault debian-*\n")
            .file("/loader/entries/debian-6.1.0-9.conf", "linux /k\n")
            .file("/loader/entries/debian-6.1.0-10.conf", "linux /k\n")
            .file("/loader/entries/fedora.conf", "linux /k\n")
            .file("/k", FakeKernels.linux("k"));
    try (BootSource s = open(fs)) {
      BootMenu m = s.menu();
      assertThat(m.defaultMenuEntry().orElseThrow().id()).contains("debian-6.1.0-10.conf");
      assertThat(m.defaultReason()).isEqualTo("\"default debian-*\" at /loader/loader.conf:2");
    }
  }

  @Test
  void typeOneEntryResolvesWithEveryInitrdAndAllOptions() throws IOException {
    MemFs.Builder fs =
        MemFs.builder()
            .file(
                "/loader/entries/arch.conf",
                "# comment\ntitle   Arch Linux\nlinux /vmlinuz-linux\ninitrd /intel-ucode.img\n"
                    + "initrd /initramfs-linux.img\noptions root=UUID=1234 rw\noptions quiet\n")
            .file("/vmlinuz-linux", FakeKernels.linux("arch"))
            .file("/intel-ucode.img", "UCODE")
            .file("/initramfs-linux.img", "INITRD");
    try (BootSource s = open(fs)) {
      BootRecord r = s.resolveBoot();
      assertThat(r.kind()).isEqualTo(EntryKind.LINUX);
      assertThat(r.entry().orElseThrow().title()).isEqualTo("Arch Linux");
      assertThat(r.args()).isEqualTo("root=UUID=1234 rw quiet");
      assertThat(content(r.ramdisk().orElseThrow())).isEqualTo("UCODEINITRD");
      assertThat(r.kernel().path()).isEqualTo("/vmlinuz-linux");
    }
  }

  @Test
  void entryForAnotherArchitectureIsLeftOut() throws IOException {
    MemFs.Builder fs =
        MemFs.builder()
            .file("/loader/entries/arm.conf", "title ARM\narchitecture aa64\nlinux /k\n")
            .file("/loader/entries/x86.conf", "title x86\narchitecture x64\nlinux /k\n")
            .file("/k", FakeKernels.linux("k"));
    try (BootSource s = open(fs)) {
      BootMenu m = s.menu();
      assertThat(ids(m)).containsExactly("x86.conf");
      assertThat(m.warnings())
          .containsExactly(
              "(hd0)/loader/entries/arm.conf: for architecture aa64, not x64; left out");
    }
  }

  @Test
  void unifiedKernelImageResolvesToItsSections() throws IOException {
    byte[] kernel = FakeKernels.linux("uki-kernel");
    byte[] uki =
        Ukis.build(
            tmp,
            "ID=debian\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nVERSION_ID=\"12\"\n",
            "root=/dev/vda1 console=ttyS0\n",
            "6.1.0-test",
            kernel,
            "INITRD".getBytes(StandardCharsets.US_ASCII));
    MemFs.Builder fs =
        MemFs.builder()
            .file("/EFI/systemd/systemd-bootx64.efi", "stand-in for the boot manager")
            .file("/EFI/Linux/debian-6.1.0-test.efi", uki);
    try (BootSource s = open(fs)) {
      BootRecord r = s.resolveBoot();
      MenuEntry e = r.entry().orElseThrow();
      assertThat(e.title()).isEqualTo("Debian GNU/Linux 12 (bookworm)");
      assertThat(e.id()).contains("debian-6.1.0-test.efi");
      assertThat(r.args()).isEqualTo("root=/dev/vda1 console=ttyS0");
      assertThat(r.kernel().location()).isEqualTo("(hd0)/EFI/Linux/debian-6.1.0-test.efi:.linux");
      assertThat(r.kernel().readAllBytes()).isEqualTo(kernel);
      assertThat(content(r.ramdisk().orElseThrow())).isEqualTo("INITRD");
    }
  }

  @Test
  void typeOneEntryNamingAUkiInEfiUsesItsSectionsAndItsOwnOptions() throws IOException {
    byte[] uki =
        Ukis.build(tmp, "ID=debian\n", "from-the-image", null, FakeKernels.linux("k"), null);
    MemFs.Builder fs =
        MemFs.builder()
            .file(
                "/loader/entries/a.conf",
                "title via efi\nefi /images/debian.efi\noptions from-the-entry\n")
            .file("/images/debian.efi", uki);
    try (BootSource s = open(fs)) {
      BootRecord r = s.resolveBoot();
      assertThat(r.args()).isEqualTo("from-the-entry");
      assertThat(r.ramdisks()).isEmpty();
      assertThat(r.kernel().location()).isEqualTo("(hd0)/images/debian.efi:.linux");
    }
  }

  @Test
  void ukiWhoseInitrdSectionPointsOutsideTheFileIsLeftOutWithAWarning() throws IOException {
    byte[] uki =
        Ukis.build(
            tmp,
            "ID=debian\n",
            "x",
            null,
            FakeKernels.linux("k"),
            "INITRD".getBytes(StandardCharsets.US_ASCII));
    // Patch the .initrd section header's SizeOfRawData to 4 GiB - 1: a 4 GiB initrd the file does
    // not hold.
    int lfanew = (int) Le.u32(uki, 0x3c);
    int count = Le.u16(uki, lfanew + 6);
    int table = lfanew + 24 + Le.u16(uki, lfanew + 20);
    int at = -1;
    for (int i = 0; i < count; i++) {
      if (new String(uki, table + 40 * i, 7, StandardCharsets.US_ASCII).equals(".initrd")) {
        at = table + 40 * i;
      }
    }
    Le.putU32(uki, at + 8, 0xffffffffL);
    Le.putU32(uki, at + 16, 0xffffffffL);
    long offset = Le.u32(uki, at + 20);
    MemFs.Builder fs =
        MemFs.builder()
            .file("/EFI/systemd/systemd-bootx64.efi", "stand-in")
            .file("/EFI/Linux/big.efi", uki);
    try (BootSource s = open(fs)) {
      BootMenu m = s.menu();
      assertThat(m.entries()).isEmpty();
      assertThat(m.warnings())
          .containsExactly(
              "(hd0)/EFI/Linux/big.efi: PE: (hd0)/EFI/Linux/big.efi: section "
                  + (at - table) / 40
                  + " (.initrd) at 0x"
                  + Integer.toHexString(at)
                  + ": PointerToRawData 0x"
                  + Long.toHexString(offset)
                  + " + 4294967295 bytes ends past the end of the file ("
                  + uki.length
                  + " bytes); left out");
    }
  }

  @Test
  void efiProgramThatIsNoUkiIsAChainloadEntry() throws IOException {
    MemFs.Builder fs =
        MemFs.builder()
            .file("/loader/entries/shell.conf", "title Shell\nefi /shellx64.efi\n")
            .file("/shellx64.efi", java.nio.file.Files.readAllBytes(Ukis.STUB));
    try (BootSource s = open(fs)) {
      MenuEntry e = s.menu().entries().get(0);
      assertThat(e.kind()).isEqualTo(EntryKind.CHAINLOAD);
      assertThat(e.target()).isEmpty();
      assertThat(e.notes())
          .containsExactly("efi /shellx64.efi is an EFI program, not a unified kernel image");
    }
  }

  /** The UKI specification's multi-profile example, plus a profile with neither title nor id. */
  private byte[] multiProfile() {
    return UkiBuilder.create()
        .section(
            ".osrel", "ID=debian\nPRETTY_NAME=\"Debian GNU/Linux 13 (trixie)\"\nVERSION_ID=13\n")
        .section(".cmdline", "quiet")
        .section(".ucode", "UCODE")
        .section(".linux", FakeKernels.linux("6.12.9-amd64"))
        .section(".initrd", "INITRD")
        .profile("ID=regular\nTITLE=\"Regular boot\"\n")
        .profile("ID=factory-reset\nTITLE=\"Reset Device to Factory Defaults\"\n")
        .section(".cmdline", "quiet systemd.unit=factory-reset.target")
        .profile("ID=storagetm\n")
        .section(".cmdline", "quiet rd.systemd.unit=storage-target-mode.target")
        .profile("# neither ID nor TITLE\n")
        .build(tmp);
  }

  @Test
  void partitionHoldingOnlyUkisIsFoundAndEachProfileIsAnEntry() throws IOException {
    MemFs.Builder fs =
        MemFs.builder()
            .file("/EFI/Linux/README.txt", "not an image")
            .file("/EFI/Linux/debian.efi", multiProfile());
    try (BootSource s = open(fs)) {
      BootMenu m = s.menu();
      assertThat(m.config().path()).isEqualTo("/EFI/Linux/debian.efi");
      assertThat(ids(m))
          .containsExactly(
              "debian.efi", "debian.efi@factory-reset", "debian.efi@storagetm", "debian.efi@3");
      assertThat(m.entries())
          .extracting(MenuEntry::title)
          .containsExactly(
              "Debian GNU/Linux 13 (trixie) (Regular boot)",
              "Debian GNU/Linux 13 (trixie) (Reset Device to Factory Defaults)",
              "Debian GNU/Linux 13 (trixie) (storagetm)",
              "Debian GNU/Linux 13 (trixie) (Profile #4)");
      assertThat(m.entries().get(1).notes()).containsExactly("profile @1 of /EFI/Linux/debian.efi");

      BootRecord regular = s.resolveBoot();
      assertThat(regular.args()).isEqualTo("quiet");
      assertThat(regular.ramdisks())
          .extracting(GuestFile::location)
          .containsExactly(
              "(hd0)/EFI/Linux/debian.efi:.ucode", "(hd0)/EFI/Linux/debian.efi:.initrd");
      assertThat(content(regular.ramdisk().orElseThrow())).isEqualTo("UCODEINITRD");

      BootRecord reset = s.resolveBoot("debian.efi@factory-reset");
      assertThat(reset.args()).isEqualTo("quiet systemd.unit=factory-reset.target");
      assertThat(reset.kernel().location()).isEqualTo("(hd0)/EFI/Linux/debian.efi:.linux");
      assertThat(s.resolveBoot("debian.efi@3").args()).isEqualTo("quiet");
    }
  }

  @Test
  void imagesNamedAutoAreSkippedAsSystemdBootSkipsThem() throws IOException {
    byte[] uki = Ukis.build(tmp, "ID=debian\n", "x", null, FakeKernels.linux("k"), null);
    MemFs.Builder fs =
        MemFs.builder().file("/EFI/Linux/Auto-reboot.efi", uki).file("/EFI/Linux/debian.efi", uki);
    try (BootSource s = open(fs)) {
      assertThat(ids(s.menu())).containsExactly("debian.efi");
    }
  }

  @Test
  void directoryOfOtherFilesIsNoSystemdBootConfiguration() throws IOException {
    MemFs.Builder fs = MemFs.builder().file("/EFI/Linux/README.txt", "not an image");
    try (BootSource s = open(fs)) {
      assertThatThrownBy(s::menu).isInstanceOf(NoBootConfigException.class);
    }
  }

  @Test
  void loaderConfDefaultGlobCanNameAProfile() throws IOException {
    MemFs.Builder fs =
        MemFs.builder()
            .file("/loader/loader.conf", "default debian.efi@storage*\n")
            .file("/EFI/Linux/debian.efi", multiProfile());
    try (BootSource s = open(fs)) {
      assertThat(s.resolveBoot().args())
          .isEqualTo("quiet rd.systemd.unit=storage-target-mode.target");
    }
  }

  @Test
  void typeOneEntryOptionsSelectAProfileOfTheUkiItNames() throws IOException {
    MemFs.Builder fs =
        MemFs.builder()
            .file("/loader/loader.conf", "default *\n")
            .file(
                "/loader/entries/a-reset.conf", "title reset\nefi /images/debian.efi\noptions @1\n")
            .file(
                "/loader/entries/b-console.conf",
                "title console\nefi /images/debian.efi\noptions @2 console=ttyS0\n")
            .file("/images/debian.efi", multiProfile());
    try (BootSource s = open(fs)) {
      BootRecord reset = s.resolveBoot("a-reset.conf");
      assertThat(reset.args()).isEqualTo("quiet systemd.unit=factory-reset.target");
      assertThat(reset.entry().orElseThrow().notes()).isEmpty();
      BootRecord console = s.resolveBoot("b-console.conf");
      assertThat(console.args()).isEqualTo("console=ttyS0");
      assertThat(console.entry().orElseThrow().notes())
          .containsExactly(
              "the load options replace the image's .cmdline, as systemd-stub does without Secure Boot"
                  + " (with Secure Boot it would keep \"quiet rd.systemd.unit=storage-target-mode.target\")");
    }
  }

  @Test
  void typeOneEntrySelectingAMissingProfileIsNotBootable() throws IOException {
    MemFs.Builder fs =
        MemFs.builder()
            .file("/loader/entries/x.conf", "title x\nefi /images/debian.efi\noptions @9 quiet\n")
            .file("/images/debian.efi", multiProfile());
    try (BootSource s = open(fs)) {
      MenuEntry e = s.menu().entries().get(0);
      assertThat(e.kind()).isEqualTo(EntryKind.CHAINLOAD);
      assertThat(e.target()).isEmpty();
      assertThat(e.notes())
          .containsExactly(
              "efi /images/debian.efi: UKI: (hd0)/images/debian.efi: load options"
                  + " select profile @9, but the image has profiles @0 to @3; systemd-stub refuses to boot it");
    }
  }

  @Test
  void ukiWithAThousandProfilesListsTheFirst256() throws IOException {
    UkiBuilder b =
        UkiBuilder.create()
            .section(".osrel", "ID=many\n")
            .section(".linux", FakeKernels.linux("k"));
    for (int i = 0; i < 1000; i++) {
      b.profile("ID=p" + i + "\n");
    }
    MemFs.Builder fs = MemFs.builder().file("/EFI/Linux/many.efi", b.build(tmp));
    try (BootSource s = open(fs)) {
      BootMenu m = s.menu();
      assertThat(m.entries()).hasSize(256);
      assertThat(m.entries().get(255).id()).contains("many.efi@p255");
      assertThat(m.warnings())
          .containsExactly(
              "(hd0)/EFI/Linux/many.efi: 1000 profiles; systemd-boot lists only @0 to @255");
    }
  }

  @Test
  void ukiProfileWithAFourGibibyteInitrdIsLeftOutWithAWarning() throws IOException {
    byte[] uki = multiProfile();
    int lfanew = (int) Le.u32(uki, 0x3c);
    int count = Le.u16(uki, lfanew + 6);
    int table = lfanew + 24 + Le.u16(uki, lfanew + 20);
    int at = -1;
    for (int i = 0; i < count; i++) {
      if (new String(uki, table + 40 * i, 8, StandardCharsets.US_ASCII).startsWith(".cmdline")) {
        at = table + 40 * i; // the last: profile @2's own
      }
    }
    Le.putU32(uki, at + 8, 0xffffffffL);
    Le.putU32(uki, at + 16, 0xffffffffL);
    long offset = Le.u32(uki, at + 20);
    MemFs.Builder fs =
        MemFs.builder()
            .file("/EFI/Linux/big.efi", uki)
            .file(
                "/EFI/Linux/other.efi",
                Ukis.build(tmp, "ID=other\n", "x", null, FakeKernels.linux("k"), null));
    try (BootSource s = open(fs)) {
      BootMenu m = s.menu();
      assertThat(ids(m)).containsExactly("other.efi");
      assertThat(m.warnings())
          .containsExactly(
              "(hd0)/EFI/Linux/big.efi: PE: (hd0)/EFI/Linux/big.efi: section "
                  + (at - table) / 40
                  + " (.cmdline) at 0x"
                  + Integer.toHexString(at)
                  + ": PointerToRawData 0x"
                  + Long.toHexString(offset)
                  + " + 4294967295 bytes ends past the end of the file ("
                  + uki.length
                  + " bytes); left out");
    }
  }
}
