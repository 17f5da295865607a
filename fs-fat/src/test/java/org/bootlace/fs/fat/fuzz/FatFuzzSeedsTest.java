package org.bootlace.fs.fat.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import org.bootlace.fs.fat.FatFilesystemDriver;
import org.bootlace.testing.FilesystemWalk;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The seeds reach what the fuzzer should break: each opens (the cut FAT16 and FAT32 ones with a
 * truncation warning) and its whole tree is walked and read.
 */
class FatFuzzSeedsTest {
  @ParameterizedTest
  @ValueSource(strings = {"fat12.img", "fat16.img", "fat32.img", "fat32-4k.img"})
  void seedIsWalkedWhole(String seed) throws IOException {
    byte[] image;
    try (InputStream in = getClass().getResourceAsStream("FatFuzzTestInputs/walk/" + seed)) {
      image = in.readAllBytes();
    }
    // The tree of fuzz/make-fat-seeds.sh: EFI, EFI/debian, vmlinuz, grub.cfg, a/b/c/d/e and
    // "Deep File.txt", README: 11 names; bytes: vmlinuz 3000 + grub.cfg 76 + 5 + 6.
    assertThat(FilesystemWalk.walk(new FatFilesystemDriver(), image))
        .isEqualTo(new FilesystemWalk.Seen(11, 3087));
  }
}
