package org.bootlace.fuzz;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Optional;
import org.bootlace.FileRef;
import org.bootlace.Volume;
import org.bootlace.pe.UnifiedKernelImage;
import org.bootlace.testing.FuzzProperty;
import org.bootlace.testing.MemFs;
import org.bootlace.testing.TestImages;

/**
 * The PE section reader and unified kernel images over a file made of the fuzz input: the section
 * table, every profile systemd lists (sections combined, text sections read), booting with a
 * profile selector, and the kernel and initrd ranges opened. Seeds: {@code UkiFuzzTestInputs/uki/},
 * made by {@code fuzz/make-uki-seeds.sh}.
 */
class UkiFuzzTest {
  @FuzzTest(maxDuration = "60s")
  @DictionaryEntries({
    "MZ",
    "PE\u0000\u0000",
    ".linux",
    ".initrd",
    ".ucode",
    ".cmdline",
    ".osrel",
    ".uname",
    ".profile",
    "ID=",
    "TITLE=",
    "@1 "
  })
  void uki(byte[] image) {
    byte[] fs = MemFs.builder().file("/u.efi", image).build();
    FuzzProperty.holds(
        () -> {
          Volume v = TestImages.open(fs, FuzzProperty.LIMITS).volume(0).orElseThrow();
          Optional<UnifiedKernelImage> uki =
              UnifiedKernelImage.read(new FileRef(v, "/u.efi"), FuzzProperty.LIMITS);
          if (uki.isEmpty()) {
            return;
          }
          for (int p = 0; p < uki.get().listedProfiles(); p++) {
            UnifiedKernelImage.Profile profile = uki.get().profile(p);
            profile.kernel().open().size();
            for (FileRef initrd : profile.initrds()) {
              initrd.open().size();
            }
          }
          uki.get().boot("@1 console=ttyS0");
        });
  }
}
