package org.bootlace.fs.iso9660;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
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
import org.bootlace.testing.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Many threads reading one open image, plain and zisofs files, must each get the right bytes. */
class ConcurrencyTest {
  @TempDir Path tmp;

  @Test
  void parallelReadsAndLookupsSeeConsistentData() throws Exception {
    Path src = Files.createDirectories(tmp.resolve("src"));
    Random rnd = new Random(5);
    byte[] big = Fixtures.bytes(rnd, 12 << 20);
    byte[] text = new byte[6 << 20];
    for (int i = 0; i < text.length; i++) {
      text[i] = (byte) ('a' + (i / 97) % 26);
    }
    Tools.write(src, "big", big);
    Tools.write(src, "text", text);
    for (int i = 0; i < 300; i++) {
      Tools.write(src, "n/" + i, "v" + i);
    }
    Path image = tmp.resolve("c.iso");
    Tools.run(
        "xorriso",
        "-report_about",
        "FAILURE",
        "-outdev",
        image.toString(),
        "-map",
        src.toString(),
        "/",
        "-zisofs",
        "block_size=32k",
        "-set_filter",
        "--zisofs",
        "/text",
        "--",
        "-commit");
    try (OpenedFs o = IsoImages.open(image)) {
      FsNode bigNode = o.node("/big");
      FsNode textNode = o.node("/text");
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        List<Future<?>> work = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
          int seed = t;
          work.add(
              pool.submit(
                  () -> {
                    Random r = new Random(seed);
                    for (int i = 0; i < 150; i++) {
                      boolean compressed = r.nextBoolean();
                      byte[] expected = compressed ? text : big;
                      FsNode node = compressed ? textNode : bigNode;
                      int len = 1 + r.nextInt(150_000);
                      int at = r.nextInt(expected.length - len);
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
                      assertThat(got).isEqualTo(Arrays.copyOfRange(expected, at, at + len));
                      int n = r.nextInt(300);
                      FsNode f = o.fs.lookup(o.node("/n"), Integer.toString(n)).orElseThrow();
                      assertThat(o.read(f)).isEqualTo(("v" + n).getBytes(StandardCharsets.UTF_8));
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
