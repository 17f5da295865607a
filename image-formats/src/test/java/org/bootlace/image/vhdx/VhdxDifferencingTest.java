package org.bootlace.image.vhdx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bootlace.image.Images.qemuImg;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.bootlace.UnsupportedFeatureException;
import org.bootlace.image.Images;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A differencing VHDX (qemu writes none, so one is built from qemu-img's dynamic VHDX): a parent
 * locator item, the HasParent flag, one partially present block with its sector bitmap. It reads
 * its own sectors where the bitmap says so and the parent's everywhere else.
 */
class VhdxDifferencingTest {
  @TempDir Path dir;

  @Test
  void partiallyPresentBlockAndParent() throws IOException {
    Path source = Images.sourceDisk(dir, "source.raw", 3, 5);
    Path parent = dir.resolve("parent.vhdx");
    qemuImg(
        "convert",
        "-f",
        "raw",
        "-O",
        "vhdx",
        "-o",
        "block_size=1M",
        source.toString(),
        parent.toString());
    Path child = dir.resolve("child.vhdx");
    Files.write(child, differencing(3 << 20, ".\\parent.vhdx"));
    byte[] want = Files.readAllBytes(source);
    Arrays.fill(want, 0, 4096, (byte) 0xcd);
    try (Images.Opened o = Images.open(child, dir)) {
      assertThat(Images.sha256(o.disk())).isEqualTo(Images.sha256(want));
      assertThat(o.disk().read(4000, 200)).isEqualTo(Arrays.copyOfRange(want, 4000, 4200));
    }
  }

  @Test
  void parentOutsideTheAllowedDirectoryIsRefused() throws IOException {
    Path child = dir.resolve("escape.vhdx");
    Files.write(child, differencing(3 << 20, "..\\..\\..\\etc\\shadow"));
    assertThatThrownBy(() -> Images.open(child, dir).close())
        .isInstanceOf(UnsupportedFeatureException.class)
        .hasMessage(
            "escape.vhdx: parent '../../../etc/shadow' refused: /etc/shadow is outside the allowed directories");
  }

  private byte[] differencing(long size, String relativePath) throws IOException {
    Path empty = dir.resolve("empty.vhdx");
    Files.deleteIfExists(empty);
    qemuImg(
        "create", "-q", "-f", "vhdx", "-o", "block_size=1M", empty.toString(), Long.toString(size));
    byte[] b = Files.readAllBytes(empty);
    ByteBuffer le = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    long meta = -1;
    long bat = -1;
    int regions = le.getInt(0x30000 + 8);
    for (int i = 0; i < regions; i++) {
      int e = 0x30000 + 16 + i * 32;
      Guid g = Guid.at(b, e);
      if (g.equals(VhdxStructures.METADATA)) {
        meta = le.getLong(e + 16);
      } else if (g.equals(VhdxStructures.BAT)) {
        bat = le.getLong(e + 16);
      }
    }
    int m = (int) meta;
    int count = le.getShort(m + 10);
    int free = 0;
    for (int i = 0; i < count; i++) {
      int e = m + 32 + i * 32;
      free = Math.max(free, le.getInt(e + 16) + le.getInt(e + 20));
      if (Guid.at(b, e).equals(VhdxStructures.FILE_PARAMETERS)) {
        int params = m + le.getInt(e + 16);
        le.putInt(params + 4, le.getInt(params + 4) | 2); // HasParent
      }
    }
    free = (free + 7) & ~7;
    byte[] item = locator(relativePath);
    System.arraycopy(item, 0, b, m + free, item.length);
    int e = m + 32 + count * 32;
    System.arraycopy(VhdxStructures.PARENT_LOCATOR.bytes(), 0, b, e, 16);
    le.putInt(e + 16, free).putInt(e + 20, item.length).putInt(e + 24, 4 | 2);
    le.putShort(m + 10, (short) (count + 1));
    // Block 0 partially present (0xcd), its chunk's sector bitmap saying sectors 0-7 are here.
    long chunkRatio = (1L << 23) * 512 / (1 << 20);
    int blockAt = b.length;
    int bitmapAt = blockAt + (1 << 20);
    byte[] out = Arrays.copyOf(b, bitmapAt + (1 << 20));
    Arrays.fill(out, blockAt, blockAt + (1 << 20), (byte) 0xcd);
    out[bitmapAt] = (byte) 0xff;
    ByteBuffer o = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
    // qemu marks unwritten blocks zero; in a differencing disk they are not present (the parent's).
    Arrays.fill(out, (int) bat, (int) (bat + (chunkRatio + 1) * 8), (byte) 0);
    o.putLong((int) bat, ((long) blockAt >>> 20 << 20) | 7);
    o.putLong((int) (bat + chunkRatio * 8), ((long) bitmapAt >>> 20 << 20) | 6);
    return out;
  }

  /** A parent locator item: the VHDX locator type and parent_linkage and relative_path keys. */
  private static byte[] locator(String relativePath) {
    String[][] kv = {
      {"parent_linkage", "{00000000-0000-0000-0000-000000000000}"}, {"relative_path", relativePath}
    };
    ByteBuffer it = ByteBuffer.allocate(1024).order(ByteOrder.LITTLE_ENDIAN);
    it.put(0, Guid.of("B04AEFB7-D19E-4A81-B789-25B8E9445913").bytes());
    it.putShort(18, (short) kv.length);
    int strings = 20 + kv.length * 12;
    for (int i = 0; i < kv.length; i++) {
      byte[] k = kv[i][0].getBytes(StandardCharsets.UTF_16LE);
      byte[] v = kv[i][1].getBytes(StandardCharsets.UTF_16LE);
      it.putInt(20 + i * 12, strings).putShort(20 + i * 12 + 8, (short) k.length);
      it.put(strings, k);
      strings += k.length;
      it.putInt(20 + i * 12 + 4, strings).putShort(20 + i * 12 + 10, (short) v.length);
      it.put(strings, v);
      strings += v.length;
    }
    return Arrays.copyOf(it.array(), strings);
  }
}
