package org.bootlace.fs.ext;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bootlace.testing.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The name hashes against debugfs's dx_hash, which uses e2fsprogs' own implementation. */
class DirHashTest {
  private static final String SEED = "5f3a0c1e-9b2d-4c7e-8a61-0d2e4f6a8b9c";
  private static final Pattern LINE =
      Pattern.compile("Hash of (.*) is 0x([0-9a-f]+) \\(minor 0x[0-9a-f]+\\)");

  @TempDir Path tmp;

  @Test
  void signedHashesMatchDebugfs() throws Exception {
    Path image = tmp.resolve("h.img");
    Tools.run("mkfs.ext2", "-q", "-F", image.toString(), "1M");
    List<String> names =
        new ArrayList<>(
            List.of(
                "a", "hello", "lost+found", "h\u00e9llo", "\u65e5\u672c\u8a9e\u306e\u540d\u524d"));
    for (int len : new int[] {3, 4, 15, 16, 17, 31, 32, 33, 64, 100, 255}) {
      names.add("n".repeat(len - 1) + "z");
    }
    names.add("x".repeat(40) + "\u00e4\u00f6\u00fc" + "y".repeat(20));
    String[] algorithms = {"legacy", "half_md4", "tea"};
    StringBuilder script = new StringBuilder();
    for (String alg : algorithms) {
      for (String n : names) {
        script
            .append("dx_hash -h ")
            .append(alg)
            .append(" -s ")
            .append(SEED)
            .append(' ')
            .append(n)
            .append('\n');
        script.append("dx_hash -h ").append(alg).append(' ').append(n).append('\n');
      }
    }
    Path cmds = Files.writeString(tmp.resolve("cmds"), script, StandardCharsets.UTF_8);
    String out = Tools.run("debugfs", "-f", cmds.toString(), image.toString());
    String text = new String(out.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    List<Long> expected = new ArrayList<>();
    Matcher m = LINE.matcher(text);
    while (m.find()) {
      expected.add(Long.parseLong(m.group(2), 16));
    }
    assertThat(expected).hasSize(algorithms.length * names.size() * 2);

    int[] seed = seedWords(SEED);
    List<Long> actual = new ArrayList<>();
    for (int version = 0; version < algorithms.length; version++) {
      for (String n : names) {
        byte[] b = n.getBytes(StandardCharsets.UTF_8);
        actual.add(DirHash.hash(version, seed, b) & 0xffff_ffffL);
        actual.add(DirHash.hash(version, new int[4], b) & 0xffff_ffffL);
      }
    }
    assertThat(actual).isEqualTo(expected);
  }

  @Test
  void unsignedHashesDifferOnlyForHighBytes() {
    int[] seed = seedWords(SEED);
    byte[] ascii = "plain-ascii-name".getBytes(StandardCharsets.UTF_8);
    byte[] high = "h\u00e9llo".getBytes(StandardCharsets.UTF_8);
    for (int v = 0; v < 3; v++) {
      assertThat(DirHash.hash(v + 3, seed, ascii)).isEqualTo(DirHash.hash(v, seed, ascii));
      assertThat(DirHash.hash(v + 3, seed, high)).isNotEqualTo(DirHash.hash(v, seed, high));
    }
  }

  /** s_hash_seed as the superblock stores it: the UUID's bytes read as little-endian words. */
  static int[] seedWords(String uuid) {
    UUID u = UUID.fromString(uuid);
    byte[] b = new byte[16];
    for (int i = 0; i < 8; i++) {
      b[i] = (byte) (u.getMostSignificantBits() >>> (56 - 8 * i));
      b[8 + i] = (byte) (u.getLeastSignificantBits() >>> (56 - 8 * i));
    }
    int[] w = new int[4];
    for (int i = 0; i < 4; i++) {
      w[i] =
          (b[4 * i] & 0xff)
              | (b[4 * i + 1] & 0xff) << 8
              | (b[4 * i + 2] & 0xff) << 16
              | (b[4 * i + 3] & 0xff) << 24;
    }
    return w;
  }
}
