package org.bootlace.fs.iso9660;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.bootlace.spi.DirEntry;
import org.bootlace.spi.FsNode;
import org.bootlace.testing.OpenedFs;
import org.bootlace.testing.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file above 4 GiB needs several extents (ISO level 3): xorriso writes sections of 4 GiB - 2048
 * bytes as consecutive records of one name. The source is sparse and the image is written through
 * {@code dd conv=sparse}, so both stay small on disk. The file is holes but for four runs of data
 * (at its start, on both sides of the section boundary and at its end): every run with 64 KiB
 * around it and 32 windows spread over the rest are compared with what the source holds, reads
 * crossing the boundary with the source file itself. A full pass would compare 4 GiB of zeros that
 * read as zeros whatever the extent mapping, and take longer than the rest of the module's tests
 * together.
 */
class MultiExtentTest {
  static final long SIZE = (4L << 30) + (1 << 20) + 123;
  static final long SECTION = (4L << 30) - 2048;

  @TempDir Path tmp;

  @Test
  void aFileOfTwoExtentsReadsAsItsSource() throws Exception {
    Path src = Files.createDirectories(tmp.resolve("src"));
    Path big = src.resolve("big.bin");
    long[] runs = {0, SECTION - 1500, SECTION + 700, SIZE - 1000};
    Fixtures.writeRuns(big, SIZE, new Random(9), runs, 3000);
    Tools.write(src, "after.txt", "after\n");
    Path image = tmp.resolve("me.iso");
    Tools.run(
        "sh",
        "-c",
        "xorriso -as mkisofs -quiet -R -iso-level 3 -o - '"
            + src
            + "' | dd of='"
            + image
            + "' bs=1M conv=sparse status=none");
    // isoinfo sees the two records.
    String listing = Tools.run("isoinfo", "-R", "-l", "-i", image.toString());
    List<String> records = listing.lines().filter(l -> l.endsWith("big.bin ")).toList();
    assertThat(records).hasSize(2);
    assertThat(records.get(0)).contains(" " + SECTION + " ");
    try (OpenedFs o = IsoImages.open(image)) {
      List<DirEntry> root = o.fs.list(o.fs.root());
      assertThat(root.stream().map(DirEntry::name).toList())
          .containsExactly("after.txt", "big.bin");
      FsNode n = o.node("/big.bin");
      assertThat(n.size()).isEqualTo(SIZE);
      assertThat(o.fs.node(root.get(1)).size()).isEqualTo(SIZE);
      assertThat(new String(o.read("/after.txt"), StandardCharsets.UTF_8)).isEqualTo("after\n");
      for (long at : new long[] {SECTION - 2000, SECTION - 1, SIZE - 5000}) {
        ByteBuffer expected = ByteBuffer.allocate(5000);
        try (FileChannel ch = FileChannel.open(big)) {
          while (expected.hasRemaining()) {
            ch.read(expected, at + expected.position());
          }
        }
        ByteBuffer actual = ByteBuffer.allocate(5000);
        while (actual.hasRemaining()) {
          assertThat(o.fs.read(n, at + actual.position(), actual)).isPositive();
        }
        assertThat(actual.array()).as("bytes at " + at).isEqualTo(expected.array());
      }
      byte[][] data = new byte[runs.length][];
      for (int r = 0; r < runs.length; r++) {
        data[r] = Tools.read(big, runs[r], (int) Math.min(3000, SIZE - runs[r]));
      }
      List<long[]> windows = new java.util.ArrayList<>();
      for (long r : runs) {
        windows.add(
            new long[] {Math.max(0, r - (64 << 10)), Math.min(SIZE, r + 3000 + (64 << 10))});
      }
      Random where = new Random(10);
      for (int w = 0; w < 32; w++) {
        long at = (long) (where.nextDouble() * (SIZE - (64 << 10)));
        windows.add(new long[] {at, at + (64 << 10)});
      }
      long compared = 0;
      for (long[] w : windows) {
        int len = (int) (w[1] - w[0]);
        byte[] expected = new byte[len];
        for (int r = 0; r < runs.length; r++) {
          long from = Math.max(w[0], runs[r]);
          long to = Math.min(w[1], runs[r] + data[r].length);
          if (from < to) {
            System.arraycopy(
                data[r], (int) (from - runs[r]), expected, (int) (from - w[0]), (int) (to - from));
          }
        }
        ByteBuffer ours = ByteBuffer.allocate(len);
        while (ours.hasRemaining()) {
          assertThat(o.fs.read(n, w[0] + ours.position(), ours)).isPositive();
        }
        assertThat(java.util.Arrays.mismatch(ours.array(), expected))
            .as("first difference in the window at " + w[0])
            .isEqualTo(-1);
        compared += len;
      }
      assertThat(compared).isGreaterThan(2L << 20);
      assertThat(o.fs.read(n, SIZE, ByteBuffer.allocate(1))).isEqualTo(-1);
    }
  }
}
