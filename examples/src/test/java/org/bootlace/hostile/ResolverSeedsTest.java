package org.bootlace.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every whole-disk seed boots: the fuzzer starts from disks that go all the way to a kernel. */
class ResolverSeedsTest {
  @ParameterizedTest
  @ValueSource(strings = {"whole-mbr-ext2.img", "whole-gpt-ext4.img", "whole-ext2-no-table.img"})
  void seedBootsItsKernel(String seed) throws IOException {
    byte[] disk;
    try (InputStream in =
        getClass().getResourceAsStream("ResolverFuzzTestInputs/resolve/" + seed)) {
      disk = in.readAllBytes();
    }
    // fuzz/make-seeds.sh writes a 3000-byte kernel of 'k's.
    assertThat(ResolverFuzzTest.resolveDisk(disk))
        .isEqualTo("k".repeat(3000).getBytes(StandardCharsets.UTF_8));
  }
}
