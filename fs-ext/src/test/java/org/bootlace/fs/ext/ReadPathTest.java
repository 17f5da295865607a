package org.bootlace.fs.ext;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.bootlace.Limits;
import org.bootlace.block.BlockDevice;
import org.bootlace.block.BlockDevices;
import org.bootlace.spi.DriverContext;
import org.bootlace.spi.FileSystem;
import org.bootlace.spi.FsNode;
import org.bootlace.spi.Warnings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How many device reads the reader makes: one per extent, none for repeated lookups. */
class ReadPathTest {
  @TempDir Path tmp;

  /** Records the length of every read. */
  static final class Counting implements BlockDevice {
    final BlockDevice inner;
    final List<Integer> reads = Collections.synchronizedList(new ArrayList<>());

    Counting(BlockDevice inner) {
      this.inner = inner;
    }

    @Override
    public long size() {
      return inner.size();
    }

    @Override
    public void read(long offset, ByteBuffer dst) throws IOException {
      reads.add(dst.remaining());
      inner.read(offset, dst);
    }

    @Override
    public void close() throws IOException {
      inner.close();
    }
  }

  @Test
  void aContiguousExtentIsOneDeviceReadAndLookupsAreCached() throws IOException {
    Path src = Files.createDirectories(tmp.resolve("src"));
    byte[] data = Fixtures.bytes(new Random(9), 4 << 20);
    Files.write(src.resolve("kernel"), data);
    Files.writeString(src.resolve("config"), "x");
    Path image = Fixtures.mkfs(src, tmp.resolve("r.img"), "mkfs.ext4", "64M", List.of(), "");
    try (BlockDevice file = BlockDevices.open(image)) {
      Counting dev = new Counting(file);
      FileSystem fs =
          new ExtFilesystemDriver().open(dev, new DriverContext(Limits.defaults(), new Warnings()));
      FsNode kernel = fs.lookup(fs.root(), "kernel").orElseThrow();
      fs.lookup(fs.root(), "config").orElseThrow();

      dev.reads.clear();
      ByteBuffer all = ByteBuffer.allocateDirect(data.length);
      assertThat(fs.read(kernel, 0, all)).isEqualTo(data.length);
      // One read per extent (mkfs may split the file around metadata); the sum is the file.
      String extents =
          org.bootlace.testing.Tools.run("debugfs", "-R", "ex /kernel", image.toString());
      long leaves = extents.lines().filter(l -> l.matches("\\s*0/\\s*0\\s.*")).count();
      assertThat(dev.reads).hasSize((int) leaves);
      assertThat(dev.reads.stream().mapToInt(Integer::intValue).sum()).isEqualTo(data.length);

      dev.reads.clear();
      for (int i = 0; i < 100; i++) {
        assertThat(fs.lookup(fs.root(), "config")).isPresent();
        assertThat(fs.lookup(fs.root(), "absent")).isEmpty();
      }
      assertThat(dev.reads).isEmpty();
    }
  }
}
