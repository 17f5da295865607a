package org.bootlace.fs.iso9660;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.bootlace.spi.FsNode;
import org.bootlace.testing.OpenedFs;
import org.bootlace.testing.Tools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * zisofs files written by both tools that write them (mkzftree + genisoimage -z, and xorriso's
 * zisofs filter at 32 KiB and 128 KiB blocks) read back as their sources.
 */
class ZisofsTest {
  @TempDir static Path shared;
  static Path src;

  @TempDir Path tmp;

  @BeforeAll
  static void tree() throws Exception {
    src = Files.createDirectories(shared.resolve("src"));
    Random rnd = new Random(3);
    Tools.write(src, "random.bin", Fixtures.bytes(rnd, 300_000)); // incompressible: stored as is
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 40_000; i++) {
      text.append("line ").append(i).append(" of a compressible text\n");
    }
    Tools.write(src, "dir/text.txt", text.toString()); // about 1.1 MiB: many blocks
    Tools.write(src, "zeros.bin", new byte[200_000]); // all blocks zero-length
    byte[] mixed = new byte[5 << 17];
    for (int i = 0; i < mixed.length; i++) {
      mixed[i] = (byte) ((i / 100) % 7); // compressible runs
    }
    Arrays.fill(mixed, 1 << 17, 3 << 17, (byte) 0); // whole zero blocks between data blocks
    Tools.write(src, "mixed.bin", mixed);
    Tools.write(src, "tiny.txt", "tiny\n");
    Tools.write(src, "empty", new byte[0]);
  }

  @Test
  void mkzftreeAndGenisoimage() throws Exception {
    Path z = tmp.resolve("z");
    Tools.run("mkzftree", src.toString(), z.toString());
    Path image = IsoImages.genisoimage(z, tmp.resolve("g.iso"), "-R", "-z");
    compare(image);
  }

  @Test
  void xorrisoFilter32k() throws Exception {
    compare(xorriso("32k"));
  }

  @Test
  void xorrisoFilter128k() throws Exception {
    compare(xorriso("128k"));
  }

  private Path xorriso(String blockSize) {
    Path image = tmp.resolve("x.iso");
    Tools.run(
        "xorriso",
        "-report_about",
        "FAILURE",
        "-outdev",
        image.toString(),
        "-zisofs",
        "level=6:block_size=" + blockSize,
        "-map",
        src.toString(),
        "/",
        "-set_filter_r",
        "--zisofs",
        "/",
        "--",
        "-commit");
    return image;
  }

  private void compare(Path image) throws Exception {
    try (OpenedFs o = IsoImages.open(image)) {
      Map<String, FsNode> all = o.walk();
      int files = 0;
      for (Map.Entry<String, FsNode> e : all.entrySet()) {
        if (e.getKey().endsWith("/")) {
          continue;
        }
        files++;
        Path p = src.resolve(e.getKey());
        FsNode n = e.getValue();
        assertThat(n.size()).as(e.getKey()).isEqualTo(Files.size(p));
        assertThat(IsoImages.sha256(o.fs, n)).as(e.getKey()).isEqualTo(IsoImages.sha256(p));
      }
      assertThat(files).isEqualTo(6);
      // Reads that start inside a block and cross into the next.
      byte[] text = Files.readAllBytes(src.resolve("dir/text.txt"));
      FsNode n = o.node("/dir/text.txt");
      for (int at : new int[] {0, 32767, 65530, 131071, text.length - 10}) {
        ByteBuffer b = ByteBuffer.allocate(Math.min(70_000, text.length - at));
        while (b.hasRemaining()) {
          assertThat(o.fs.read(n, at + b.position(), b)).isPositive();
        }
        assertThat(b.array()).isEqualTo(Arrays.copyOfRange(text, at, at + b.capacity()));
      }
      assertThat(o.fs.read(n, text.length, ByteBuffer.allocate(1))).isEqualTo(-1);
    }
  }
}
