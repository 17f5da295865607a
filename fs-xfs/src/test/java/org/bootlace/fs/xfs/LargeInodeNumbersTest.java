package org.bootlace.fs.xfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bootlace.spi.DirEntry;
import org.bootlace.testing.OpenedFs;
import org.bootlace.testing.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inode numbers above 32 bits, as every filesystem of more than a terabyte or so has: a sparse 1100
 * GiB v4 image whose first AG has the largest size (2^28 - 1 blocks) and 256-byte inodes, so that
 * the second AG's inode numbers start at 2^32. mkfs.xfs places directories in both AGs, so the
 * root's shortform entries hold 8-byte inode numbers (i8count) and directories live at byte offsets
 * past 1 TiB. About 60 MB of the file is written.
 */
class LargeInodeNumbersTest {
  @Test
  void inodeNumbersAbove32Bits(@TempDir Path tmp) throws IOException {
    Path src = Files.createDirectories(tmp.resolve("src"));
    for (int d = 0; d < 4; d++) {
      for (int i = 0; i < 30; i++) {
        Tools.write(src, "dir" + d + "/file-" + i, "d" + d + "f" + i);
      }
    }
    Tools.write(src, "top.txt", "top\n");
    Path image =
        XfsImages.mkfs(
            src,
            tmp.resolve("big.img"),
            1100L << 30,
            "-m",
            "crc=0",
            "-i",
            "size=256",
            "-d",
            "agsize=268435455b",
            "-l",
            "size=32m");
    try (OpenedFs o = XfsImages.open(image)) {
      XfsNode root = (XfsNode) o.fs.root();
      assertThat(root.inode.format()).isEqualTo(Dinode.FMT_LOCAL);
      assertThat(root.inode.raw()[root.inode.dataForkOffset() + 1]).as("i8count").isNotZero();
      Map<String, Long> ours = new LinkedHashMap<>();
      for (DirEntry e : o.fs.list(root)) {
        ours.put(e.name(), e.id());
      }
      assertThat(ours).isEqualTo(XfsDb.ls(image, "/"));
      assertThat(ours.values()).anyMatch(ino -> ino > 0xffff_ffffL);
      TreeCompare.assertSameTree(o, src);
    }
  }
}
