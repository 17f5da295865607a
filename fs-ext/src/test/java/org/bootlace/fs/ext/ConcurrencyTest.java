package org.bootlace.fs.ext;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bootlace.spi.FsNode;
import org.bootlace.testing.OpenedFs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Many threads reading one open filesystem must each get the right bytes. */
class ConcurrencyTest {
  @TempDir Path tmp;

  @Test
  void parallelReadsAndLookupsSeeConsistentData() throws Exception {
    Path src = Files.createDirectories(tmp.resolve("src"));
    Random rnd = new Random(5);
    byte[] big = Fixtures.bytes(rnd, 24 << 20);
    // Holes between data runs so that reads cross extents and holes.
    for (int off = 0; off < big.length; off += 3 << 20) {
      Arrays.fill(big, off, off + (256 << 10), (byte) 0);
    }
    Files.write(src.resolve("big"), big);
    for (int i = 0; i < 500; i++) {
      Files.writeString(src.resolve("n" + i), "v" + i);
    }
    Path image = Fixtures.mkfs(src, tmp.resolve("c.img"), "mkfs.ext4", "128M", List.of(), "");
    try (OpenedFs o = ExtImages.open(image)) {
      FsNode node = o.node("/big");
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        List<Future<?>> work = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
          int seed = t;
          work.add(
              pool.submit(
                  () -> {
                    Random r = new Random(seed);
                    for (int i = 0; i < 200; i++) {
                      int len = 1 + r.nextInt(200_000);
                      int at = r.nextInt(big.length - len);
                      ByteBuffer b =
                          r.nextBoolean()
                              ? ByteBuffer.allocate(len)
                              : ByteBuffer.allocateDirect(len);
                      while (b.hasRemaining()) {
                        o.fs.read(node, at + b.position(), b);
                      }
                      b.flip();
                      byte[] got = new byte[len];
                      b.get(got);
                      assertThat(got).isEqualTo(Arrays.copyOfRange(big, at, at + len));
                      int n = r.nextInt(500);
                      FsNode f = o.fs.lookup(o.fs.root(), "n" + n).orElseThrow();
                      assertThat(f.size()).isEqualTo(("v" + n).length());
                    }
                    return null;
                  }));
        }
        for (Future<?> f : work) {
          f.get();
        }
      } finally {
        pool.shutdown();
      }
    }
  }
}
