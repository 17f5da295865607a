package org.bootlace.fs.btrfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.bootlace.testing.OpenedFs;
import org.bootlace.testing.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two names with the same directory hash share one DIR_ITEM; both must be found. */
class HashCollisionTest {
  @TempDir Path tmp;

  static String[] collidingNames() {
    // Same-length names differing in at most 4 bytes never collide (the CRC is a bijection on
    // them), so the names are random: a birthday search finds a pair after about 2^16 of them.
    Map<Long, String> seen = new HashMap<>();
    java.util.Random r = new java.util.Random(1);
    for (int i = 0; i < 2_000_000; i++) {
      char[] c = new char[12];
      for (int k = 0; k < c.length; k++) {
        c[k] = (char) ('a' + r.nextInt(26));
      }
      String name = "vmlinuz-" + new String(c);
      String other =
          seen.putIfAbsent(Crc32c.nameHash(name.getBytes(StandardCharsets.US_ASCII)), name);
      if (other != null) {
        return new String[] {other, name};
      }
    }
    throw new AssertionError("no collision");
  }

  @Test
  void bothNamesOfOneHashAreFoundAndListed() throws Exception {
    String[] names = collidingNames();
    Path src = Files.createDirectories(tmp.resolve("src"));
    Tools.write(src, "boot/" + names[0], "first\n");
    Tools.write(src, "boot/" + names[1], "second\n");
    Path image = BtrfsImages.mkfs(tmp.resolve("c.img"), src, 128L << 20);
    String dump = Tools.run("btrfs", "inspect-internal", "dump-tree", "-t", "5", image.toString());
    long hash = Crc32c.nameHash(names[0].getBytes(StandardCharsets.US_ASCII));
    assertThat(dump)
        .containsPattern(
            "key \\(\\d+ DIR_ITEM "
                + hash
                + "\\) itemoff \\d+ itemsize "
                + 2 * (30 + names[0].length()));
    try (OpenedFs fs = BtrfsImages.open(image)) {
      BtrfsImages.assertSameTree(fs, src);
      assertThat(fs.read("boot/" + names[0]))
          .isEqualTo("first\n".getBytes(StandardCharsets.US_ASCII));
      assertThat(fs.read("boot/" + names[1]))
          .isEqualTo("second\n".getBytes(StandardCharsets.US_ASCII));
      assertThat(fs.fs.lookup(fs.node("boot"), "vmlinuz-" + "zzzzzzz")).isEmpty();
    }
  }
}
