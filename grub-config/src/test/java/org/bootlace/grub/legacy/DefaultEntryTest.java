package org.bootlace.grub.legacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.bootlace.BootMenu;
import org.bootlace.BootSource;
import org.bootlace.NoBootConfigException;
import org.bootlace.testing.MemFs;
import org.junit.jupiter.api.Test;

/** Which entry GRUB boots when nobody chooses: default, default saved, fallback. */
class DefaultEntryTest {
  static final String THREE =
      """
      title zero
      kernel /vmlinuz
      title one
      kernel /vmlinuz
      title two
      kernel /vmlinuz
      """;

  /** What grub-set-default N writes: the entry, ten "#" lines and a warning. */
  static String grubSetDefault(String entry) {
    return entry
        + "\n#\n#\n#\n#\n#\n#\n#\n#\n#\n#\n"
        + "# WARNING: If you want to edit this file directly, do not remove any line\n"
        + "# from this file, including this warning. Using `grub-set-default' is\n"
        + "# strongly recommended.\n";
  }

  /**
   * What savedefault leaves: the number, a NUL and newlines over the first 10 bytes of the file.
   */
  static byte[] afterSavedefault(int entry) {
    byte[] file = grubSetDefault("0").getBytes(StandardCharsets.US_ASCII);
    Arrays.fill(file, 0, 10, (byte) '\n');
    byte[] digits = Integer.toString(entry).getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(digits, 0, file, 0, digits.length);
    file[digits.length] = 0;
    return file;
  }

  static BootMenu saved(byte[] defaultFile) throws Exception {
    MemFs.Builder fs = Legacy.fs("default saved\n" + THREE);
    if (defaultFile != null) {
      fs.file("/boot/grub/default", defaultFile);
    }
    return Legacy.menu(fs.build());
  }

  @Test
  void defaultNumberCountsFromZero() throws Exception {
    BootMenu menu = Legacy.menu("default 2\n" + THREE);
    assertThat(menu.defaultEntry()).contains(List.of(2));
    assertThat(menu.defaultMenuEntry().get().title()).isEqualTo("two");
    assertThat(menu.defaultReason()).isEqualTo("default 2 at /boot/grub/menu.lst:1");
  }

  @Test
  void withoutDefaultItIsEntryZero() throws Exception {
    BootMenu menu = Legacy.menu(THREE);
    assertThat(menu.defaultEntry()).contains(List.of(0));
    assertThat(menu.defaultReason())
        .isEqualTo("no default command in /boot/grub/menu.lst: entry 0");
  }

  @Test
  void numbersMayBeHexadecimalAndEndAtTheFirstNonDigit() throws Exception {
    assertThat(Legacy.menu("default 0x2\n" + THREE).defaultEntry()).contains(List.of(2));
    assertThat(Legacy.menu("default 1abc\n" + THREE).defaultEntry()).contains(List.of(1));
  }

  @Test
  void aDefaultPastTheLastEntryBootsEntryZero() throws Exception {
    BootMenu menu = Legacy.menu("default 5\n" + THREE);
    assertThat(menu.defaultEntry()).contains(List.of(0));
    assertThat(menu.defaultReason())
        .isEqualTo(
            "default 5 at /boot/grub/menu.lst:1; there is no entry 5 (3 entries): GRUB boots entry 0");
  }

  @Test
  void aDefaultPastTheLastEntryBootsTheFirstFallbackThatExists() throws Exception {
    BootMenu menu = Legacy.menu("default 5\nfallback 7 2 1\n" + THREE);
    assertThat(menu.defaultEntry()).contains(List.of(2));
    assertThat(menu.defaultReason())
        .isEqualTo(
            "default 5 at /boot/grub/menu.lst:1; there is no entry 5 (3 entries): GRUB boots fallback"
                + " entry 2 (fallback at /boot/grub/menu.lst:2)");
  }

  @Test
  void aNumberTooLargeIsAnOverflowAndTheDefaultStays() throws Exception {
    BootMenu menu = Legacy.menu("default 99999999999999999999\n" + THREE);
    assertThat(menu.defaultEntry()).contains(List.of(0));
    String why =
        "default 99999999999999999999 at /boot/grub/menu.lst:1: Error 35: Overflow while parsing"
            + " number; GRUB keeps entry 0";
    assertThat(menu.defaultReason()).isEqualTo(why);
    assertThat(menu.warnings()).containsExactly(why);
  }

  @Test
  void theLargestNumberStillParses() throws Exception {
    BootMenu menu = Legacy.menu("default 2147483647\n" + THREE);
    assertThat(menu.defaultEntry()).contains(List.of(0));
    assertThat(menu.defaultReason())
        .isEqualTo(
            "default 2147483647 at /boot/grub/menu.lst:1; there is no entry 2147483647 (3 entries):"
                + " GRUB boots entry 0");
    assertThat(Legacy.menu("default 2147483648\n" + THREE).defaultReason())
        .contains("Error 35: Overflow while parsing number");
  }

  @Test
  void aNegativeDefaultIsNotANumber() throws Exception {
    BootMenu menu = Legacy.menu("default 1\ndefault -1\n" + THREE);
    assertThat(menu.defaultEntry()).contains(List.of(1));
    assertThat(menu.defaultReason())
        .isEqualTo(
            "default -1 at /boot/grub/menu.lst:2: Error 23: Error while parsing number; GRUB keeps entry 1");
  }

  @Test
  void defaultSavedReadsWhatGrubSetDefaultWrote() throws Exception {
    // pygrub treats "default saved" as entry 0 without reading the file.
    BootMenu menu = saved(grubSetDefault("2").getBytes(StandardCharsets.US_ASCII));
    assertThat(menu.defaultEntry()).contains(List.of(2));
    assertThat(menu.defaultReason())
        .isEqualTo("default saved at /boot/grub/menu.lst:1: /boot/grub/default holds 2");
    assertThat(menu.warnings()).isEmpty();
  }

  @Test
  void defaultSavedReadsWhatSavedefaultWrote() throws Exception {
    BootMenu menu = saved(afterSavedefault(1));
    assertThat(menu.defaultEntry()).contains(List.of(1));
    assertThat(menu.defaultReason())
        .isEqualTo("default saved at /boot/grub/menu.lst:1: /boot/grub/default holds 1");
  }

  @Test
  void defaultSavedTakesTheNumberAfterTheColonOfSavedefaultOnce() throws Exception {
    BootMenu menu = saved("0:2\n#\n".getBytes(StandardCharsets.US_ASCII));
    assertThat(menu.defaultEntry()).contains(List.of(2));
    assertThat(menu.defaultReason())
        .isEqualTo(
            "default saved at /boot/grub/menu.lst:1: /boot/grub/default holds 2 (savedefault --once:"
                + " the number after the colon)");
  }

  @Test
  void grubSetDefaultsKeywordDefaultMeansEntryZero() throws Exception {
    BootMenu menu = saved(grubSetDefault("default").getBytes(StandardCharsets.US_ASCII));
    assertThat(menu.defaultEntry()).contains(List.of(0));
    assertThat(menu.defaultReason())
        .isEqualTo(
            "default saved at /boot/grub/menu.lst:1: /boot/grub/default holds 'default', which means entry 0");
    assertThat(menu.warnings()).isEmpty();
  }

  @Test
  void defaultSavedWithoutTheFileIsEntryZeroWithAWarning() throws Exception {
    BootMenu menu = saved(null);
    assertThat(menu.defaultEntry()).contains(List.of(0));
    assertThat(menu.defaultReason())
        .isEqualTo(
            "default saved at /boot/grub/menu.lst:1: /boot/grub/default not found: GRUB uses entry 0");
    assertThat(menu.warnings())
        .containsExactly(
            "/boot/grub/menu.lst:1: default saved: /boot/grub/default not found; GRUB uses entry 0");
  }

  @Test
  void defaultSavedWithGarbageIsEntryZeroWithAWarning() throws Exception {
    BootMenu menu = saved(" 2\n".getBytes(StandardCharsets.US_ASCII));
    assertThat(menu.defaultEntry()).contains(List.of(0));
    assertThat(menu.warnings())
        .containsExactly(
            "/boot/grub/menu.lst:1: default saved: /boot/grub/default starts with ' 2?', not a number;"
                + " GRUB uses entry 0");
    assertThat(saved(new byte[0]).warnings())
        .containsExactly(
            "/boot/grub/menu.lst:1: default saved: /boot/grub/default is empty; GRUB uses entry 0");
  }

  @Test
  void defaultSavedReadsOnlyTheFirstTenBytes() throws Exception {
    // Stage2 reads buf[10]; a number longer than that is cut, as GRUB cuts it.
    BootMenu menu = saved("0000000000001\n".getBytes(StandardCharsets.US_ASCII));
    assertThat(menu.defaultEntry()).contains(List.of(0));
  }

  @Test
  void defaultSavedWithATrailingBlankIsNotSaved() throws Exception {
    // default_func compares the whole rest of the line with "saved".
    BootMenu menu =
        Legacy.menu(
            Legacy.fs("default saved \n" + THREE)
                .file("/boot/grub/default", grubSetDefault("2"))
                .build());
    assertThat(menu.defaultEntry()).contains(List.of(0));
    assertThat(menu.defaultReason())
        .isEqualTo(
            "default saved  at /boot/grub/menu.lst:1: Error 23: Error while parsing number; GRUB keeps"
                + " entry 0 (it takes 'saved' only when nothing follows, not even a blank)");
  }

  @Test
  void aDefaultThatFailsFallsBackInOrder() throws Exception {
    BootMenu menu =
        Legacy.menu(
            """
            default 0
            fallback 1 2
            title zero
            kernel /missing-kernel
            title one
            kernel /vmlinuz
            initrd /missing-initrd
            title two
            kernel /vmlinuz
            """);
    assertThat(menu.defaultEntry()).contains(List.of(2));
    assertThat(menu.defaultReason())
        .isEqualTo(
            "default 0 at /boot/grub/menu.lst:1; entry 0 fails (line 4: kernel /missing-kernel:"
                + " Error 15: File not found): GRUB falls back to entry 1; entry 1 fails (line 7:"
                + " initrd /missing-initrd: Error 15: File not found): GRUB falls back to entry 2");
  }

  @Test
  void whenEveryChoiceFailsTheDefaultStaysAndSaysWhy() throws Exception {
    BootMenu menu = Legacy.menu("fallback 1\ntitle a\nkernel /nope\ntitle b\nkernel /nope\n");
    assertThat(menu.defaultEntry()).contains(List.of(0));
    assertThat(menu.defaultReason())
        .isEqualTo(
            "no default command in /boot/grub/menu.lst: entry 0; entry 0 fails (line 3: kernel /nope:"
                + " Error 15: File not found): GRUB falls back to entry 1; entry 1 fails (line 5:"
                + " kernel /nope: Error 15: File not found) and no fallback entry is left");
  }

  @Test
  void anEntryWithoutAKernelIsNotAFailureSoNoFallback() throws Exception {
    // GRUB runs the commands, finds nothing to boot and returns to the menu without an error.
    BootMenu menu = Legacy.menu("fallback 1\ntitle a\nroot (hd0)\ntitle b\nkernel /vmlinuz\n");
    assertThat(menu.defaultEntry()).contains(List.of(0));
    assertThat(menu.entries().get(0).notes())
        .containsExactly("loads no kernel: GRUB runs its commands and returns to the menu");
  }

  @Test
  void aRepeatedFallbackNumberStopsTheListThere() throws Exception {
    // fallback_func skips a repeat without moving past the blank after it; the blank then fails
    // to parse and the command ends before it enables the list.
    BootMenu menu = Legacy.menu("fallback 1 1 2\ntitle a\nkernel /nope\n" + THREE);
    assertThat(menu.defaultEntry()).contains(List.of(0));
    assertThat(menu.warnings())
        .containsExactly(
            "/boot/grub/menu.lst:1: fallback 1 1 2: Error 23: Error while parsing number; GRUB keeps"
                + " the list as far as it read it");
    assertThat(menu.defaultReason()).endsWith("and no fallback entry is left");
  }

  @Test
  void eightFallbacksWhoseLastIsMissingHangGrub() throws Exception {
    byte[] disk = Legacy.fs("fallback 1 2 3 4 5 6 7 8\n" + THREE).build();
    try (BootSource s = Legacy.open(disk)) {
      assertThatThrownBy(s::menu)
          .isInstanceOf(NoBootConfigException.class)
          .hasMessage(
              "no usable boot configuration found in test.img; partition tables: test-parts: no test partition table;"
                  + " searched: (hd0) memfs:"
                  + " /boot/grub/menu.lst; unusable: hd0/boot/grub/menu.lst: grub-legacy:"
                  + " /boot/grub/menu.lst:1: fallback: it lists 8 entries and the last, 8, does not"
                  + " exist: GRUB 0.97 loops forever checking this list");
    }
  }

  @Test
  void noEntriesMeansNoDefault() throws Exception {
    BootMenu menu = Legacy.menu("default 0\ntimeout 5\n");
    assertThat(menu.defaultEntry()).isEmpty();
    assertThat(menu.defaultReason())
        .isEqualTo("default 0 at /boot/grub/menu.lst:1; /boot/grub/menu.lst has no entries");
  }
}
