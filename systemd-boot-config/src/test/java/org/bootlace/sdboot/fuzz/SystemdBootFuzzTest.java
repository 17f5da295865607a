package org.bootlace.sdboot.fuzz;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import org.bootlace.BootSource;
import org.bootlace.sdboot.SystemdBootParser;
import org.bootlace.testing.FakeKernels;
import org.bootlace.testing.FuzzProperty;
import org.bootlace.testing.MemFs;
import org.bootlace.testing.TestImages;

/**
 * systemd-boot's loader.conf and Type 1 entry parsers: the input's first half is loader.conf, the
 * rest a Type 1 entry (and, once more, a UKI under EFI/Linux, which fuzzes the PE reader from the
 * parser's side); the menu is read and the default resolved. Seeds: {@code
 * SystemdBootFuzzTestInputs/entry/}.
 */
class SystemdBootFuzzTest {
  @FuzzTest(maxDuration = "60s")
  @DictionaryEntries({
    "title ",
    "version ",
    "linux ",
    "initrd ",
    "options ",
    "efi ",
    "devicetree ",
    "architecture ",
    "sort-key ",
    "machine-id ",
    "default ",
    "timeout ",
    "+1-0",
    ".conf",
    "*",
    "[!a]",
    "MZ",
    "PE\u0000\u0000",
    ".linux",
    ".initrd",
    ".cmdline",
    ".osrel"
  })
  void entry(byte[] input) {
    byte[] loader = Arrays.copyOfRange(input, 0, input.length / 2);
    byte[] entry = Arrays.copyOfRange(input, input.length / 2, input.length);
    byte[] fs =
        MemFs.builder()
            .file("/loader/loader.conf", loader)
            .file("/loader/entries/fuzz+1-0.conf", entry)
            .file("/loader/entries/other.conf", "title other\nlinux /k\n")
            .file("/EFI/Linux/fuzz.efi", entry)
            .file("/k", FakeKernels.linux("k"))
            .build();
    FuzzProperty.holds(
        () -> {
          try (BootSource s = TestImages.open(fs, FuzzProperty.LIMITS, new SystemdBootParser())) {
            s.menu();
            s.resolveBoot();
          }
        });
  }
}
