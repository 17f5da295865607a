package org.bootlace.image.qcow2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bootlace.image.Images.qemuImg;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.bootlace.Limits;
import org.bootlace.block.BlockDevice;
import org.bootlace.block.BlockDevices;
import org.bootlace.spi.DriverContext;
import org.bootlace.spi.Warnings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A read spanning clusters that lie end to end in the file is one read of the file. */
class Qcow2ReadAheadTest {
  @TempDir Path dir;

  /** Counts the reads that reach the file. */
  static final class Counting implements BlockDevice {
    final BlockDevice inner;
    final AtomicInteger reads = new AtomicInteger();

    Counting(BlockDevice inner) {
      this.inner = inner;
    }

    @Override
    public long size() {
      return inner.size();
    }

    @Override
    public void read(long offset, ByteBuffer dst) throws IOException {
      reads.incrementAndGet();
      inner.read(offset, dst);
    }

    @Override
    public String toString() {
      return inner.toString();
    }
  }

  @Test
  void contiguousClustersAreReadTogether() throws IOException {
    byte[] data = new byte[4 << 20];
    new Random(3).nextBytes(data);
    Path raw = Files.write(dir.resolve("r.raw"), data);
    Path q = dir.resolve("r.qcow2");
    qemuImg(
        "convert",
        "-f",
        "raw",
        "-O",
        "qcow2",
        "-o",
        "cluster_size=4096",
        raw.toString(),
        q.toString());
    Counting file = new Counting(BlockDevices.ofBytes(Files.readAllBytes(q), "r.qcow2"));
    try (BlockDevice disk =
        new Qcow2Format().open(file, new DriverContext(Limits.defaults(), new Warnings()))) {
      int before = file.reads.get();
      byte[] got = disk.read(12345, 3 << 20);
      assertThat(got).isEqualTo(java.util.Arrays.copyOfRange(data, 12345, 12345 + (3 << 20)));
      // 769 clusters of 4 KiB, one read each without read-ahead: instead their two L2 tables (512
      // entries each) and the data in two runs (qemu-img places the second L2 table between them).
      assertThat(file.reads.get() - before).isEqualTo(4);
    }
  }
}
