package org.bootlace.fs.btrfs.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import org.bootlace.fs.btrfs.BtrfsFilesystemDriver;
import org.bootlace.testing.FilesystemWalk;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The seeds reach what the fuzzer should break: each opens and its whole tree is walked and read.
 */
class BtrfsFuzzSeedsTest {
  @ParameterizedTest
  @CsvSource({
    // boot, boot/grub, boot/grub/grub.cfg (59 bytes), boot/vmlinuz-6.1 (6000), boot/vmlinuz (a
    // link), dir, dir/sub, dir/sub/a (2): 8 names, 6061 bytes.
    "btrfs.img, 8, 6061",
    // many/ with name-1..name-150: 1+150 names, 9 + 90*2 + 51*3 = 342 bytes.
    "btrfs-many.img, 151, 342",
    // the default subvolume @: boot/ with zlib (43893 bytes), lzo (40893) and zstd (43893), each
    // 3000 numbered lines, and small (1200): 5 names, 129879 bytes.
    "btrfs-kernel.img, 5, 129879",
  })
  void seedIsWalkedWhole(String seed, int entries, long bytes) throws IOException {
    byte[] image;
    try (InputStream in = getClass().getResourceAsStream("BtrfsFuzzTestInputs/walk/" + seed)) {
      image = in.readAllBytes();
    }
    assertThat(FilesystemWalk.walk(new BtrfsFilesystemDriver(), image))
        .isEqualTo(new FilesystemWalk.Seen(entries, bytes));
  }
}
