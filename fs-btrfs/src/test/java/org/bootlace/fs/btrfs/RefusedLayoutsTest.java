package org.bootlace.fs.btrfs;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.bootlace.UnsupportedFeatureException;
import org.bootlace.testing.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What mkfs.btrfs makes and bootlace refuses by name: several devices, RAID profiles. */
class RefusedLayoutsTest {
  @TempDir Path tmp;

  @Test
  void eachDeviceOfATwoDeviceFilesystemIsRefusedWithTheDeviceCount() throws Exception {
    Path a = Tools.sparseFile(tmp.resolve("a.img"), 256L << 20);
    Path b = Tools.sparseFile(tmp.resolve("b.img"), 256L << 20);
    Tools.run("mkfs.btrfs", "-q", "-f", a.toString(), b.toString());
    for (Path p : new Path[] {a, b}) {
      assertThatThrownBy(() -> BtrfsImages.open(p).close())
          .isInstanceOf(UnsupportedFeatureException.class)
          .hasMessage(
              "btrfs: superblock at 0x10000: a multi-device filesystem (num_devices 2); only single-device btrfs is read");
    }
  }

  @Test
  void aRaid0DataProfileOnOneDeviceIsRefusedByName() throws Exception {
    Path img =
        BtrfsImages.mkfs(tmp.resolve("r.img"), null, 256L << 20, "-d", "raid0", "-m", "single");
    String chunks =
        Tools.run("btrfs", "inspect-internal", "dump-tree", "-t", "chunk", img.toString());
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile(
                "item (\\d+) key \\(FIRST_CHUNK_TREE CHUNK_ITEM (\\d+)\\) itemoff \\d+ itemsize \\d+\\s+length \\d+ owner \\d+ stripe_len \\d+ type DATA\\|RAID0")
            .matcher(chunks);
    org.assertj.core.api.Assertions.assertThat(m.find()).as(chunks).isTrue();
    java.util.regex.Matcher leaf =
        java.util.regex.Pattern.compile("chunk tree\\s+leaf (\\d+) ").matcher(chunks);
    org.assertj.core.api.Assertions.assertThat(leaf.find()).as(chunks).isTrue();
    long logical = Long.parseLong(m.group(2));
    assertThatThrownBy(() -> BtrfsImages.open(img).close())
        .isInstanceOf(UnsupportedFeatureException.class)
        .hasMessage(
            "btrfs: chunk tree block at logical "
                + org.bootlace.binary.Checks.hex(Long.parseLong(leaf.group(1)))
                + ": item "
                + m.group(1)
                + " (256 228 "
                + logical
                + "): chunk at logical "
                + org.bootlace.binary.Checks.hex(logical)
                + ": the RAID0 profile (1 stripes) spans devices; only SINGLE and DUP are read");
  }
}
