package org.bootlace.grub.bls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bootlace.grub.bls.Bls.DIR;
import static org.bootlace.grub.bls.Bls.ids;
import static org.bootlace.grub.bls.Bls.load;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.bootlace.CorruptImageException;
import org.bootlace.LimitExceededException;
import org.bootlace.Limits;
import org.bootlace.testing.MemFs;
import org.junit.jupiter.api.Test;

/** Entry directories built to hurt: every one ends in entries or in a bootlace exception. */
class HostileInputTest {
  private static final String ENTRY = "linux /vmlinuz\n";

  @Test
  void aFileOverMaxConfigBytesIsRefused() {
    byte[] big = new byte[1001];
    Arrays.fill(big, (byte) 'x');
    MemFs.Builder fs =
        MemFs.builder().file(DIR + "/a-1-1.conf", ENTRY).file(DIR + "/big.conf", big);
    assertThatThrownBy(() -> load(fs, Limits.builder().maxConfigBytes(1000).build()))
        .isInstanceOf(LimitExceededException.class)
        .hasMessage(
            "limit maxConfigBytes (1000) exceeded: (hd0)/loader/entries/big.conf (1001)"
                + " (raise it with Limits.builder().maxConfigBytes(...))");
  }

  @Test
  void aHugeFileIsRefusedWithDefaultLimits() {
    byte[] huge = new byte[4 * 1024 * 1024 + 1];
    Arrays.fill(huge, (byte) '#');
    MemFs.Builder fs = MemFs.builder().file(DIR + "/huge.conf", huge);
    assertThatThrownBy(() -> load(fs))
        .isInstanceOf(LimitExceededException.class)
        .hasMessage(
            "limit maxConfigBytes (4194304) exceeded: (hd0)/loader/entries/huge.conf (4194305)"
                + " (raise it with Limits.builder().maxConfigBytes(...))");
  }

  @Test
  void allFilesTogetherAreBoundedByMaxConfigBytes() {
    String text = "title " + "t".repeat(394) + "\n"; // 401 bytes
    MemFs.Builder fs =
        MemFs.builder()
            .file(DIR + "/a-1-1.conf", text)
            .file(DIR + "/b-1-1.conf", text)
            .file(DIR + "/c-1-1.conf", text);
    assertThatThrownBy(() -> load(fs, Limits.builder().maxConfigBytes(1000).build()))
        .isInstanceOf(LimitExceededException.class)
        .hasMessage(
            "limit maxConfigBytes (1000) exceeded: blscfg: (hd0)/loader/entries: *.conf files together"
                + " (1203) (raise it with Limits.builder().maxConfigBytes(...))");
  }

  @Test
  void twentyThousandEntriesAreRefused() {
    MemFs.Builder fs = MemFs.builder();
    for (int k = 0; k < 20_000; k++) {
      fs.file(DIR + "/m-1." + k + "-1.conf", ENTRY);
    }
    assertThatThrownBy(() -> load(fs))
        .isInstanceOf(LimitExceededException.class)
        .hasMessage(
            "limit maxMenuEntries (10000) exceeded: blscfg: (hd0)/loader/entries: *.conf files (20000)"
                + " (raise it with Limits.builder().maxMenuEntries(...))");
  }

  @Test
  void tenThousandEntriesLoadInOrder() throws Exception {
    MemFs.Builder fs = MemFs.builder();
    for (int k = 0; k < 10_000; k++) {
      fs.file(DIR + "/m-1." + k + "-1.conf", ENTRY);
    }
    List<BlsEntry> entries = load(fs);
    assertThat(entries).hasSize(10_000);
    assertThat(entries.get(0).id()).isEqualTo("m-1.9999-1");
    assertThat(entries.get(9_999).id()).isEqualTo("m-1.0-1");
  }

  @Test
  void theEntryBoundCountsConfNamesOnly() throws Exception {
    Limits limits = Limits.builder().maxMenuEntries(2).build();
    MemFs.Builder fs =
        MemFs.builder()
            .file(DIR + "/a-1-1.conf", ENTRY)
            .file(DIR + "/b-1-1.conf", ENTRY)
            .file(DIR + "/c-1-1.conf.rpmnew", ENTRY)
            .file(DIR + "/.d-1-1.conf", ENTRY);
    assertThat(load(fs, limits)).hasSize(2);
    fs.dir(DIR + "/e-1-1.conf");
    assertThatThrownBy(() -> load(fs, limits))
        .isInstanceOf(LimitExceededException.class)
        .hasMessageContaining("*.conf files (3)");
  }

  @Test
  void nulBytesEverywhere() throws Exception {
    MemFs.Builder fs =
        MemFs.builder()
            .file(DIR + "/a-1-1.conf", new byte[4096])
            .file(
                DIR + "/b-1-1.conf",
                "linux /vm\0linuz\0\0\ninitrd \0/x\n\0\0".getBytes(StandardCharsets.ISO_8859_1));
    List<BlsEntry> entries = load(fs);
    assertThat(ids(entries)).containsExactly("b-1-1", "a-1-1");
    assertThat(entries.get(0).linux()).contains("/vm");
    assertThat(entries.get(0).initrds())
        .isEmpty(); // "initrd " then NUL: the separator ends the text
    assertThat(entries.get(1).linux()).isEmpty();
  }

  @Test
  void aDirectoryNamedLikeAnEntryIsSkipped() throws Exception {
    MemFs.Builder fs =
        MemFs.builder()
            .file(DIR + "/a-1-1.conf", ENTRY)
            .dir(DIR + "/x.conf")
            .file(DIR + "/x.conf/y", "z");
    assertThat(ids(load(fs))).containsExactly("a-1-1");
  }

  @Test
  void aSymlinkLoopNamedLikeAnEntryIsSkipped() throws Exception {
    MemFs.Builder fs =
        MemFs.builder().file(DIR + "/a-1-1.conf", ENTRY).symlink(DIR + "/x.conf", "x.conf");
    assertThat(ids(load(fs))).containsExactly("a-1-1");
  }

  @Test
  void anIdWithConfBeforeItsEndHangsGrubAndIsRefused() {
    // blscfg's search for ".conf" to strip from the id never advances past the first match.
    MemFs.Builder fs = MemFs.builder().file(DIR + "/a.conf.x.conf", ENTRY);
    assertThatThrownBy(() -> load(fs))
        .isInstanceOf(CorruptImageException.class)
        .hasMessage(
            "(hd0)/loader/entries/a.conf.x.conf: id 'a.conf.x' has '.conf' before its end:"
                + " GRUB's blscfg loops forever on this entry");
  }

  @Test
  void anIdWithConfInsideIsHarmlessWithoutAKernel() throws Exception {
    // blscfg skips an entry without linux before it looks at the id.
    MemFs.Builder fs =
        MemFs.builder().file(DIR + "/a.conf.x.conf", "title x\n").file(DIR + "/b-1-1.conf", ENTRY);
    assertThat(ids(load(fs))).containsExactly("b-1-1", "a.conf.x");
  }

  @Test
  void aDroppedDuplicateWithConfInsideIsHarmless() throws Exception {
    // "m-1,conf-1" and "m-1.conf-1" are the same version; the first listed is kept, and the
    // other, which would hang GRUB, never becomes a menu entry.
    MemFs.Builder fs =
        MemFs.builder().file(DIR + "/m-1,conf-1.conf", ENTRY).file(DIR + "/m-1.conf-1.conf", ENTRY);
    assertThat(ids(load(fs))).containsExactly("m-1,conf-1");
  }

  @Test
  void oneLongLine() throws Exception {
    String options = "x".repeat(3 * 1024 * 1024);
    MemFs.Builder fs =
        MemFs.builder().file(DIR + "/a-1-1.conf", ENTRY + "options " + options + "\n");
    assertThat(load(fs).get(0).options()).hasSize(options.length());
  }

  @Test
  void randomBytesNeverEscapeAsAnythingButEntries() throws Exception {
    Random random = new Random(42);
    byte[] alphabet =
        " \t\n\r\0#abcdefilnoprstuvx_-$/\u00c3\u00a9\u00ff".getBytes(StandardCharsets.ISO_8859_1);
    for (int round = 0; round < 200; round++) {
      byte[] content = new byte[random.nextInt(300)];
      for (int k = 0; k < content.length; k++) {
        content[k] = alphabet[random.nextInt(alphabet.length)];
      }
      List<BlsEntry> entries = load(MemFs.builder().file(DIR + "/r-1-1.conf", content));
      assertThat(entries).hasSize(1);
      BlsEntry e = entries.get(0);
      assertThat(e.title()).doesNotContain("\n", "\r", "\0");
      assertThat(e.options()).doesNotContain("\n", "\r", "\0");
    }
  }
}
