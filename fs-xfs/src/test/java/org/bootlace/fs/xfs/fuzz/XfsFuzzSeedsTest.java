package org.bootlace.fs.xfs.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import org.bootlace.fs.xfs.XfsFilesystemDriver;
import org.bootlace.testing.FilesystemWalk;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The seeds unpack into images whose whole tree is walked and read. */
class XfsFuzzSeedsTest {
  @ParameterizedTest
  @ValueSource(strings = {"xfs-v5.seed", "xfs-v4.seed"})
  void seedIsWalkedWhole(String seed) throws IOException {
    byte[] input;
    try (InputStream in = getClass().getResourceAsStream("XfsFuzzTestInputs/walk/" + seed)) {
      input = in.readAllBytes();
    }
    // boot, dir at the root; boot/grub, boot/vmlinuz, boot/link; grub.cfg; dir/entry-01..40.
    // Bytes: vmlinuz 3000 + grub.cfg 50 + 40 entries of 3.
    assertThat(FilesystemWalk.walk(new XfsFilesystemDriver(), XfsFuzzTest.unpack(input)))
        .isEqualTo(new FilesystemWalk.Seen(46, 3000 + 50 + 120));
  }
}
