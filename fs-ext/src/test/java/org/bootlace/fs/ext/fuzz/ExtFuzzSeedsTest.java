package org.bootlace.fs.ext.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import org.bootlace.fs.ext.ExtFilesystemDriver;
import org.bootlace.testing.FilesystemWalk;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The seeds reach what the fuzzer should break: each opens and its whole tree is walked and read.
 * (A seed that stopped at the superblock would leave the fuzzer guessing its way in.)
 */
class ExtFuzzSeedsTest {
  @ParameterizedTest
  @CsvSource({
    // The tree of fuzz/make-seeds.sh: 7 names at the root (lost+found included), boot/grub,
    // boot/vmlinuz, grub/menu.lst and dir/name-1..3; bytes: file 6 + holes 10246 + vmlinuz 3000
    // + menu.lst 81 + dir/* 6.
    "ext2.img, 13, 13339",
    "ext4.img, 13, 13339",
    "ext4-nocsum.img, 13, 13339",
    "ext4-inline.img, 13, 13339",
    // lost+found, many/ and target at the root, many/ holding 200 links to the one-byte target.
    "ext4-htree.img, 203, 201",
  })
  void seedIsWalkedWhole(String seed, int entries, long bytes) throws IOException {
    byte[] image;
    try (InputStream in = getClass().getResourceAsStream("ExtFuzzTestInputs/walk/" + seed)) {
      image = in.readAllBytes();
    }
    assertThat(FilesystemWalk.walk(new ExtFilesystemDriver(), image))
        .isEqualTo(new FilesystemWalk.Seen(entries, bytes));
  }
}
