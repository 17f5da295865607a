package org.bootlace.grub.bls;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.bootlace.testing.MemFs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Entry files and directories at the sizes the limits allow, in shapes that would expose work
 * growing with the square of the input. The timeouts only stop a hang.
 */
class LargeEntriesTest {
  private static final int MIB = 1 << 20;

  @Test
  @Timeout(60)
  void oneOptionsLineOfFourMebibytes() throws Exception {
    BlsEntry e = Bls.one("title t\nlinux /vmlinuz\noptions " + "x".repeat(4 * MIB - 64) + "\n");
    assertThat(e.options()).hasSize(4 * MIB - 64);
  }

  @Test
  @Timeout(60)
  void millionsOfLinesInOneEntry() throws Exception {
    BlsEntry e = Bls.one("title t\nlinux /vmlinuz\n" + "initrd /i\n#\n\n".repeat(250_000));
    assertThat(e.title()).isEqualTo("t");
  }

  @Test
  @Timeout(60)
  void thousandsOfEntriesSortInOrder() throws Exception {
    MemFs.Builder fs = MemFs.builder();
    for (int i = 0; i < 5000; i++) {
      fs.file(
          Bls.DIR + "/m-5." + i + "-1.conf", "title " + i + "\nversion 5." + i + "\nlinux /v\n");
    }
    List<BlsEntry> entries = Bls.load(fs);
    assertThat(entries).hasSize(5000);
    assertThat(entries.get(0).id()).isEqualTo("m-5.4999-1");
    assertThat(entries.get(4999).id()).isEqualTo("m-5.0-1");
  }
}
