package org.bootlace.grub.bls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bootlace.grub.bls.Bls.one;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.bootlace.SourceLocation;
import org.junit.jupiter.api.Test;

/** How blscfg's read_entry cuts an entry file into keys and values. */
class KeyParsingTest {
  @Test
  void everyKeyBlscfgUsesLandsInItsField() throws Exception {
    BlsEntry e =
        one(
            "m-5.14.0-70.el9.x86_64.conf",
            """
            title Red Hat Enterprise Linux (5.14.0-70.el9.x86_64) 9.0 (Plow)
            version 5.14.0-70.el9.x86_64
            linux /vmlinuz-5.14.0-70.el9.x86_64
            initrd /initramfs-5.14.0-70.el9.x86_64.img $tuned_initrd
            options root=/dev/mapper/rhel-root ro $tuned_params
            devicetree /dtb/board.dtb
            grub_users $grub_users
            grub_arg --unrestricted
            grub_class kernel
            """);
    assertThat(e)
        .isEqualTo(
            new BlsEntry(
                "m-5.14.0-70.el9.x86_64",
                "Red Hat Enterprise Linux (5.14.0-70.el9.x86_64) 9.0 (Plow)",
                "5.14.0-70.el9.x86_64",
                Optional.of("/vmlinuz-5.14.0-70.el9.x86_64"),
                List.of("/initramfs-5.14.0-70.el9.x86_64.img $tuned_initrd"),
                "root=/dev/mapper/rhel-root ro $tuned_params",
                Optional.of("/dtb/board.dtb"),
                Optional.of("$grub_users"),
                Optional.of("--unrestricted"),
                List.of("kernel"),
                new SourceLocation("(hd0)/loader/entries/m-5.14.0-70.el9.x86_64.conf", 1)));
  }

  @Test
  void absentKeysAreEmpty() throws Exception {
    BlsEntry e = one("linux /vmlinuz\n");
    assertThat(e.version()).isEmpty();
    assertThat(e.options()).isEmpty();
    assertThat(e.initrds()).isEmpty();
    assertThat(e.devicetree()).isEmpty();
    assertThat(e.grubUsers()).isEmpty();
    assertThat(e.grubArg()).isEmpty();
    assertThat(e.grubClasses()).isEmpty();
  }

  @Test
  void leadingBlanksAreSkippedAndTrailingBlanksKept() throws Exception {
    BlsEntry e = one(" \t linux   \t /vmlinuz quiet  \t\noptions ro  \n");
    assertThat(e.linux()).contains("/vmlinuz quiet  \t");
    assertThat(e.options()).isEqualTo("ro  ");
  }

  @Test
  void theKeyEndsAtATabOnlyWhenTheLineHasNoSpace() throws Exception {
    // "title\tFedora Linux": the first space is inside the value, so the key is "title\tFedora".
    BlsEntry e = one("linux\t/vmlinuz\ntitle\tFedora Linux\n");
    assertThat(e.linux()).contains("/vmlinuz");
    assertThat(e.title()).isEqualTo("/vmlinuz");
  }

  @Test
  void aSeparatorFollowedOnlyByBlanksGivesAnEmptyValue() throws Exception {
    BlsEntry e = one("title  \t\nlinux /vmlinuz\n");
    assertThat(e.title()).isEmpty();
    assertThat(e.linux()).contains("/vmlinuz");
  }

  @Test
  void anEmptyLineEndsTheFile() throws Exception {
    BlsEntry e = one("title a\nlinux /vmlinuz\n\noptions ro\ninitrd /initrd\n");
    assertThat(e.linux()).contains("/vmlinuz");
    assertThat(e.options()).isEmpty();
    assertThat(e.initrds()).isEmpty();
  }

  @Test
  void aBlankOnlyLineEndsTheFile() throws Exception {
    BlsEntry e = one("linux /vmlinuz\n \t \noptions ro\n");
    assertThat(e.options()).isEmpty();
  }

  @Test
  void aKeyWithoutValueEndsTheFile() throws Exception {
    assertThat(one("linux /vmlinuz\noptions\ninitrd /i\n").initrds()).isEmpty();
  }

  @Test
  void aKeyFollowedBySingleSeparatorEndsTheFile() throws Exception {
    // "options " : the separator is the last character.
    assertThat(one("linux /vmlinuz\noptions \ninitrd /i\n").initrds()).isEmpty();
    assertThat(one("linux /vmlinuz\noptions\t\ninitrd /i\n").initrds()).isEmpty();
  }

  @Test
  void hashStartsACommentOnlyAtTheStartOfTheLine() throws Exception {
    BlsEntry e =
        one("# generated\n   # indented comment\ntitle x # not a comment\nlinux /vmlinuz\n#\n");
    assertThat(e.title()).isEqualTo("x # not a comment");
    assertThat(e.linux()).contains("/vmlinuz");
  }

  @Test
  void carriageReturnsVanishEverywhere() throws Exception {
    BlsEntry e = one("title a\r\nlinux /vm\rlinuz\r\noptions ro\r\n\r\ninitrd /i\r\n");
    assertThat(e.title()).isEqualTo("a");
    assertThat(e.linux()).contains("/vmlinuz");
    assertThat(e.options()).isEqualTo("ro");
    assertThat(e.initrds()).isEmpty(); // "\r\n" is an empty line: the file ends there
  }

  @Test
  void theLastLineNeedsNoNewline() throws Exception {
    assertThat(one("title a\nlinux /vmlinuz").linux()).contains("/vmlinuz");
  }

  @Test
  void aNulByteEndsTheLinesText() throws Exception {
    BlsEntry e = raw(bytes("title a\0b\nlinux /vmlinuz\0 evil\noptions ro\n"));
    assertThat(e.title()).isEqualTo("a");
    assertThat(e.linux()).contains("/vmlinuz");
    assertThat(e.options()).isEqualTo("ro");
  }

  @Test
  void aLineStartingWithNulEndsTheFile() throws Exception {
    BlsEntry e = raw(bytes("linux /vmlinuz\n\0options ro\ninitrd /i\n"));
    assertThat(e.options()).isEmpty();
    assertThat(e.initrds()).isEmpty();
  }

  @Test
  void bytesThatAreNotUtf8BecomeReplacementCharacters() throws Exception {
    byte[] text = "title caf\u00e9 \u00ff\nlinux /vmlinuz\n".getBytes(StandardCharsets.ISO_8859_1);
    assertThat(raw(text).title()).isEqualTo("caf\ufffd \ufffd");
    assertThat(one("title caf\u00e9\nlinux /v\n").title()).isEqualTo("caf\u00e9");
  }

  @Test
  void repeatedInitrdLinesAreAllKeptInOrder() throws Exception {
    BlsEntry e =
        one("linux /vmlinuz\ninitrd /intel-ucode.img\ninitrd /initramfs.img\ninitrd /extra.img\n");
    assertThat(e.initrds()).containsExactly("/intel-ucode.img", "/initramfs.img", "/extra.img");
  }

  @Test
  void repeatedOptionsLinesAreNotJoinedTheFirstWins() throws Exception {
    // The specification joins them; blscfg takes the first.
    assertThat(one("linux /vmlinuz\noptions root=/dev/sda1 ro\noptions quiet\n").options())
        .isEqualTo("root=/dev/sda1 ro");
  }

  @Test
  void repeatedSingleKeysTakeTheFirstLine() throws Exception {
    BlsEntry e =
        one(
            "title one\ntitle two\nlinux /a\nlinux /b\nversion 1\nversion 2\n"
                + "grub_users a\ngrub_users b\ngrub_arg --x\ngrub_arg --y\n"
                + "devicetree /a.dtb\ndevicetree /b.dtb\n");
    assertThat(e.title()).isEqualTo("one");
    assertThat(e.linux()).contains("/a");
    assertThat(e.version()).isEqualTo("1");
    assertThat(e.grubUsers()).contains("a");
    assertThat(e.grubArg()).contains("--x");
    assertThat(e.devicetree()).contains("/a.dtb");
  }

  @Test
  void repeatedGrubClassLinesAreAllKept() throws Exception {
    assertThat(one("linux /v\ngrub_class kernel\ngrub_class fedora\n").grubClasses())
        .containsExactly("kernel", "fedora");
  }

  @Test
  void keysAreCaseSensitive() throws Exception {
    BlsEntry e = one("Title x\nLINUX /a\nlinux /b\n");
    assertThat(e.linux()).contains("/b");
    assertThat(e.title()).isEqualTo("/b");
  }

  @Test
  void aMissingTitleFallsBackToTheKernel() throws Exception {
    assertThat(one("linux /vmlinuz-6.1\noptions ro\n").title()).isEqualTo("/vmlinuz-6.1");
  }

  @Test
  void anEntryWithoutKernelIsListedTitledByItsId() throws Exception {
    BlsEntry e = one("m-0-rescue.conf", "options ro\n");
    assertThat(e.linux()).isEmpty();
    assertThat(e.title()).isEqualTo("m-0-rescue");
  }

  @Test
  void anEmptyFileIsAnEntryWithNothing() throws Exception {
    BlsEntry e = one("empty.conf", "");
    assertThat(e.id()).isEqualTo("empty");
    assertThat(e.linux()).isEmpty();
  }

  @Test
  void keysBlscfgDoesNotUseChangeNothing() throws Exception {
    // RHEL 8 writes an "id" key; the id is still the file name.
    BlsEntry e =
        one(
            "m-4.18.0-80.el8.x86_64.conf",
            "title t\nid rhel-20190313123456-4.18.0-80.el8.x86_64\nmachine-id m\nsort-key rhel\n"
                + "architecture x64\nefi /EFI/x.efi\ndevicetree-overlay /o.dtbo\nlinux /v\n");
    assertThat(e.id()).isEqualTo("m-4.18.0-80.el8.x86_64");
    assertThat(e.title()).isEqualTo("t");
    assertThat(e.linux()).contains("/v");
  }

  @Test
  void theIdIsTheFileNameWithoutConf() throws Exception {
    assertThat(one("fedora 41 (x).conf", "linux /v\n").id()).isEqualTo("fedora 41 (x)");
  }

  @Test
  void aSecondConfAtTheEndIsRemovedFromTheIdToo() throws Exception {
    assertThat(one("a.conf.conf", "linux /v\n").id()).isEqualTo("a");
  }

  private static BlsEntry raw(byte[] content) throws Exception {
    return Bls.one("m-1.0-1.conf", content);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }
}
