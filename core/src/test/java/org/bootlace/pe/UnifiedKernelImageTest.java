package org.bootlace.pe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.bootlace.CorruptImageException;
import org.bootlace.FileRef;
import org.bootlace.GuestFiles;
import org.bootlace.LimitExceededException;
import org.bootlace.Limits;
import org.bootlace.Volume;
import org.bootlace.binary.Le;
import org.bootlace.testing.FakeKernels;
import org.bootlace.testing.MemFs;
import org.bootlace.testing.TestImages;
import org.bootlace.testing.UkiBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Unified kernel images built with objcopy onto Debian's systemd-stub: sections, profiles as
 * systemd-stub combines them, load options, and hostile section tables.
 */
class UnifiedKernelImageTest {
  @TempDir Path tmp;

  private static final byte[] KERNEL = FakeKernels.linux("uki");

  private static UnifiedKernelImage open(byte[] image, Limits limits) throws IOException {
    Volume v =
        TestImages.open(MemFs.builder().file("/u.efi", image).build(), limits)
            .volume(0)
            .orElseThrow();
    return UnifiedKernelImage.read(new FileRef(v, "/u.efi"), limits).orElseThrow();
  }

  private static UnifiedKernelImage open(byte[] image) throws IOException {
    return open(image, Limits.defaults());
  }

  private static List<String> names(List<FileRef> refs) {
    return refs.stream().map(FileRef::toString).toList();
  }

  private static String content(FileRef ref) throws IOException {
    return new String(ref.open().readAllBytes(), StandardCharsets.ISO_8859_1);
  }

  /**
   * The example of the UKI specification's "Multi-Profile UKIs", with a profile of its own initrds.
   */
  private byte[] threeProfiles() {
    return UkiBuilder.create()
        .section(".osrel", "ID=debian\nPRETTY_NAME=\"Debian GNU/Linux 13\"\n")
        .section(".cmdline", "quiet\n")
        .section(".linux", KERNEL)
        .section(".initrd", "BASE-INITRD")
        .profile("ID=regular\nTITLE=\"Regular boot\"\n")
        .profile("ID=factory-reset\nTITLE=\"Reset Device to Factory Defaults\"\n")
        .section(".cmdline", "quiet systemd.unit=factory-reset.target")
        .profile("ID=storagetm\n")
        .section(".ucode", "UCODE")
        .section(".initrd", "STORAGE-INITRD")
        .build(tmp);
  }

  @Test
  void plainImageIsOneProfileWithMicrocodeAsTheFirstRamdisk() throws IOException {
    byte[] image =
        UkiBuilder.create()
            .section(".osrel", "ID=arch\n")
            .section(".cmdline", "root=/dev/vda1\tro\n\0ignored after the NUL")
            .section(".uname", "6.12.1-arch1\n")
            .section(".ucode", "UCODE")
            .section(".linux", KERNEL)
            .section(".initrd", "INITRD")
            .build(tmp);
    UnifiedKernelImage uki = open(image);
    assertThat(uki.declaredProfiles()).isZero();
    assertThat(uki.listedProfiles()).isEqualTo(1);
    UnifiedKernelImage.Profile p = uki.profile(0);
    assertThat(p.declared()).isFalse();
    assertThat(p.kernel().toString()).isEqualTo("(hd0)/u.efi:.linux");
    assertThat(p.kernel().open().readAllBytes()).isEqualTo(KERNEL);
    assertThat(names(p.initrds())).containsExactly("(hd0)/u.efi:.ucode", "(hd0)/u.efi:.initrd");
    assertThat(content(p.initrds().get(0)) + content(p.initrds().get(1))).isEqualTo("UCODEINITRD");
    assertThat(p.cmdline()).contains("root=/dev/vda1 ro");
    assertThat(p.uname()).contains("6.12.1-arch1");
    assertThat(p.osRelease()).isEqualTo(Map.of("ID", "arch"));
  }

  @Test
  void profilesTakeTheBaseSectionsWithTheirOwnInstead() throws IOException {
    UnifiedKernelImage uki = open(threeProfiles());
    assertThat(uki.declaredProfiles()).isEqualTo(3);
    assertThat(uki.listedProfiles()).isEqualTo(3);

    UnifiedKernelImage.Profile regular = uki.profile(0);
    assertThat(regular.metadata()).isEqualTo(Map.of("ID", "regular", "TITLE", "Regular boot"));
    assertThat(regular.cmdline()).contains("quiet");
    assertThat(names(regular.initrds())).containsExactly("(hd0)/u.efi:.initrd");

    UnifiedKernelImage.Profile reset = uki.profile(1);
    assertThat(reset.cmdline()).contains("quiet systemd.unit=factory-reset.target");
    assertThat(reset.kernel().toString()).isEqualTo("(hd0)/u.efi:.linux");
    assertThat(reset.osRelease()).containsEntry("PRETTY_NAME", "Debian GNU/Linux 13");

    UnifiedKernelImage.Profile storage = uki.profile(2);
    assertThat(storage.metadata()).isEqualTo(Map.of("ID", "storagetm"));
    assertThat(storage.cmdline()).contains("quiet");
    assertThat(names(storage.initrds()))
        .containsExactly("(hd0)/u.efi:.ucode@2", "(hd0)/u.efi:.initrd@2");
    assertThat(content(storage.initrds().get(0)) + content(storage.initrds().get(1)))
        .isEqualTo("UCODESTORAGE-INITRD");
  }

  @Test
  void loadOptionsSelectAProfileAndReplaceTheCommandLine() throws IOException {
    UnifiedKernelImage uki = open(threeProfiles());
    UnifiedKernelImage.Boot none = uki.boot("");
    assertThat(none.profile().number()).isZero();
    assertThat(none.cmdline()).isEqualTo("quiet");
    assertThat(none.note()).isEmpty();

    UnifiedKernelImage.Boot reset = uki.boot("@1");
    assertThat(reset.profile().number()).isEqualTo(1);
    assertThat(reset.cmdline()).isEqualTo("quiet systemd.unit=factory-reset.target");

    UnifiedKernelImage.Boot own = uki.boot("@2 console=ttyS0 ");
    assertThat(own.profile().number()).isEqualTo(2);
    assertThat(own.cmdline()).isEqualTo("console=ttyS0");
    assertThat(own.note())
        .contains(
            "the load options replace the image's .cmdline, as systemd-stub does"
                + " without Secure Boot (with Secure Boot it would keep \"quiet\")");

    // Not a selector: "@" and digits must end at a space or the end.
    UnifiedKernelImage.Boot text = uki.boot("@1x");
    assertThat(text.profile().number()).isZero();
    assertThat(text.cmdline()).isEqualTo("@1x");
  }

  @Test
  void selectingAMissingProfileFailsAsTheStubRefusesIt() throws IOException {
    UnifiedKernelImage uki = open(threeProfiles());
    assertThatThrownBy(() -> uki.boot("@3 quiet"))
        .isInstanceOf(CorruptImageException.class)
        .hasMessage(
            "UKI: (hd0)/u.efi: load options select profile @3, but the image has profiles @0 to @2;"
                + " systemd-stub refuses to boot it");
    UnifiedKernelImage plain = open(UkiBuilder.create().section(".linux", KERNEL).build(tmp));
    assertThat(plain.boot("@0 x").cmdline()).isEqualTo("x");
    assertThatThrownBy(() -> plain.boot("@4294967295"))
        .isInstanceOf(CorruptImageException.class)
        .hasMessage(
            "UKI: (hd0)/u.efi: load options select profile @4294967295, but the image has no profiles;"
                + " systemd-stub refuses to boot it");
    // Past UINT_MAX it is no selector but the command line itself.
    assertThat(plain.boot("@4294967296").cmdline()).isEqualTo("@4294967296");
  }

  @Test
  void profileWithoutAKernelAnywhereIsCorrupt() throws IOException {
    // .linux given last lands in the last profile, not in the base: the other profiles have none.
    byte[] image =
        UkiBuilder.create()
            .profile("ID=a\n")
            .profile("ID=b\n")
            .section(".linux", KERNEL)
            .build(tmp);
    UnifiedKernelImage uki = open(image);
    assertThat(uki.profile(1).kernel().toString()).isEqualTo("(hd0)/u.efi:.linux@1");
    assertThatThrownBy(() -> uki.profile(0))
        .isInstanceOf(CorruptImageException.class)
        .hasMessage(
            "UKI: (hd0)/u.efi: profile @0 has no .linux section (neither its own nor the base profile's)");
  }

  @Test
  void aThousandProfilesListOnlyTheFirst256AsSystemdDoesAndBootAny() throws IOException {
    UkiBuilder b = UkiBuilder.create().section(".linux", KERNEL).section(".cmdline", "base");
    for (int i = 0; i < 1000; i++) {
      b.profile("ID=p" + i + "\n");
    }
    UnifiedKernelImage uki = open(b.build(tmp));
    assertThat(uki.declaredProfiles()).isEqualTo(1000);
    assertThat(uki.listedProfiles()).isEqualTo(256);
    assertThat(uki.profile(255).metadata()).isEqualTo(Map.of("ID", "p255"));
    assertThat(uki.boot("@999 x").profile().metadata()).isEqualTo(Map.of("ID", "p999"));
    assertThatThrownBy(() -> uki.boot("@1000"))
        .isInstanceOf(CorruptImageException.class)
        .hasMessage(
            "UKI: (hd0)/u.efi: load options select profile @1000, but the image has profiles @0 to @999;"
                + " systemd-stub refuses to boot it");
  }

  /** Where section {@code n} of the table starts in a PE image. */
  private static int sectionHeader(byte[] pe, int n) {
    int lfanew = (int) Le.u32(pe, 0x3c);
    return lfanew + 24 + Le.u16(pe, lfanew + 20) + 40 * n;
  }

  /** The table positions of sections named {@code name}. */
  private static List<Integer> find(byte[] pe, String name) {
    int lfanew = (int) Le.u32(pe, 0x3c);
    int count = Le.u16(pe, lfanew + 6);
    List<Integer> out = new java.util.ArrayList<>();
    for (int i = 0; i < count; i++) {
      String n =
          new String(pe, sectionHeader(pe, i), 8, StandardCharsets.ISO_8859_1).replace("\0", "");
      if (n.equals(name)) {
        out.add(i);
      }
    }
    return out;
  }

  @Test
  void profileSectionOutsideTheFileIsCorrupt() throws IOException {
    byte[] image = threeProfiles();
    int n = find(image, ".profile").get(1);
    int at = sectionHeader(image, n);
    Le.putU32(image, at + 20, 0x7fff0000L);
    assertThatThrownBy(() -> open(image))
        .isInstanceOf(CorruptImageException.class)
        .hasMessage(
            "PE: (hd0)/u.efi: section "
                + n
                + " (.profile) at 0x"
                + Integer.toHexString(at)
                + ": PointerToRawData 0x7fff0000 + "
                + Le.u32(image, at + 8)
                + " bytes ends past the end of the file ("
                + image.length
                + " bytes)");
  }

  @Test
  void profileWithAFourGibibyteInitrdIsCorrupt() throws IOException {
    byte[] image = threeProfiles();
    int n = find(image, ".initrd").get(1); // profile @2's own
    int at = sectionHeader(image, n);
    Le.putU32(image, at + 8, 0xffffffffL);
    Le.putU32(image, at + 16, 0xffffffffL);
    assertThatThrownBy(() -> open(image))
        .isInstanceOf(CorruptImageException.class)
        .hasMessage(
            "PE: (hd0)/u.efi: section "
                + n
                + " (.initrd) at 0x"
                + Integer.toHexString(at)
                + ": PointerToRawData 0x"
                + Long.toHexString(Le.u32(image, at + 20))
                + " + 4294967295 bytes ends past the end of the file ("
                + image.length
                + " bytes)");
  }

  /**
   * A minimal PE: DOS header, PE header with no optional header, the sections' headers, their data.
   */
  static byte[] handBuilt(int declaredCount, List<String> names, long rawOffsetOfSecond) {
    int table = 0x40 + 24;
    int dataAt = table + 40 * names.size();
    byte[] pe = new byte[dataAt + 16 * names.size()];
    pe[0] = 'M';
    pe[1] = 'Z';
    Le.putU32(pe, 0x3c, 0x40);
    Le.putU32(pe, 0x40, 0x4550);
    pe[0x44] = 0x64;
    pe[0x45] = (byte) 0x86;
    pe[0x46] = (byte) declaredCount;
    pe[0x47] = (byte) (declaredCount >> 8);
    for (int i = 0; i < names.size(); i++) {
      byte[] name = names.get(i).getBytes(StandardCharsets.US_ASCII);
      System.arraycopy(name, 0, pe, table + 40 * i, name.length);
      Le.putU32(pe, table + 40 * i + 8, 16);
      Le.putU32(pe, table + 40 * i + 16, 16);
      Le.putU32(pe, table + 40 * i + 20, i == 1 ? rawOffsetOfSecond : dataAt + 16L * i);
    }
    return pe;
  }

  @Test
  void handBuiltProfileOutsideTheFileIsCorrupt() {
    byte[] pe = handBuilt(2, List.of(".linux", ".profile"), 0x100000);
    assertThatThrownBy(() -> PeImage.read(GuestFiles.ofBytes(pe, "uki.efi")))
        .isInstanceOf(CorruptImageException.class)
        .hasMessage(
            "PE: uki.efi: section 1 (.profile) at 0x80: PointerToRawData 0x100000 + 16 bytes"
                + " ends past the end of the file (200 bytes)");
  }

  @Test
  void sectionCountPastTheBoundIsCorrupt() {
    byte[] pe = handBuilt(4097, List.of(".linux"), 0);
    assertThatThrownBy(() -> PeImage.read(GuestFiles.ofBytes(pe, "uki.efi")))
        .isInstanceOf(CorruptImageException.class)
        .hasMessage("PE: uki.efi: COFF header NumberOfSections at 0x46: 4097 is more than 4096");
  }

  @Test
  void textOfAllProfilesTogetherStaysWithinMaxConfigBytes() throws IOException {
    String line = "x".repeat(60);
    byte[] image =
        UkiBuilder.create()
            .section(".linux", KERNEL)
            .profile("ID=a\n")
            .section(".cmdline", line)
            .profile("ID=b\n")
            .section(".cmdline", line)
            .build(tmp);
    UnifiedKernelImage uki = open(image, Limits.builder().maxConfigBytes(100).build());
    assertThat(uki.profile(0).cmdline()).contains(line);
    int second = find(image, ".cmdline").get(1);
    assertThatThrownBy(() -> uki.profile(1))
        .isInstanceOf(LimitExceededException.class)
        .hasMessage(
            "limit maxConfigBytes (100) exceeded: UKI: (hd0)/u.efi: section "
                + second
                + " (.cmdline, 60 bytes) takes the text read from the image past 100 bytes"
                + " (raise it with Limits.builder().maxConfigBytes(...))");
  }

  @Test
  void anEfiProgramWithoutLinuxIsNoUki() throws IOException {
    Volume v =
        TestImages.open(
                MemFs.builder()
                    .file("/stub.efi", java.nio.file.Files.readAllBytes(UkiBuilder.STUB))
                    .build())
            .volume(0)
            .orElseThrow();
    assertThat(UnifiedKernelImage.read(new FileRef(v, "/stub.efi"), Limits.defaults())).isEmpty();
  }
}
