package org.bootlace.fs.btrfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.airlift.compress.lzo.LzoCompressor;
import io.airlift.compress.zstd.ZstdCompressor;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.zip.Deflater;
import org.bootlace.CorruptImageException;
import org.bootlace.binary.Le;
import org.junit.jupiter.api.Test;

/** btrfs's compressed extent formats, on hand-built extents. */
class DecompressTest {
  private static final int SECTOR = 4096;

  private static byte[] text(int n) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; s.length() < n; i++) {
      s.append("compressible line ").append(i % 50).append('\n');
    }
    return s.substring(0, n).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }

  /** btrfs's lzo framing, one segment per sector, segment headers never crossing a sector. */
  static byte[] lzoExtent(byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(new byte[4], 0, 4);
    LzoCompressor c = new LzoCompressor();
    for (int at = 0; at < data.length; at += SECTOR) {
      int n = Math.min(SECTOR, data.length - at);
      byte[] seg = new byte[c.maxCompressedLength(n)];
      int len = c.compress(data, at, n, seg, 0, seg.length);
      int left = SECTOR - out.size() % SECTOR;
      if (left < 4) {
        out.write(new byte[left], 0, left);
      }
      byte[] h = new byte[4];
      Le.putU32(h, 0, len);
      out.write(h, 0, 4);
      out.write(seg, 0, len);
    }
    byte[] b = out.toByteArray();
    Le.putU32(b, 0, b.length);
    return b;
  }

  @Test
  void zlib() throws Exception {
    byte[] data = text(100_000);
    Deflater d = new Deflater();
    d.setInput(data);
    d.finish();
    byte[] z = new byte[200_000];
    int n = d.deflate(z);
    d.end();
    assertThat(Decompress.decompress(Decompress.ZLIB, z, 0, n + 300, data.length, SECTOR, "test"))
        .isEqualTo(data);
    byte[] longer =
        Decompress.decompress(Decompress.ZLIB, z, 0, n, data.length + 5000, SECTOR, "test");
    assertThat(Arrays.copyOf(longer, data.length)).isEqualTo(data);
    assertThat(Arrays.copyOfRange(longer, data.length, longer.length)).containsOnly(0);
    assertThatThrownBy(
            () ->
                Decompress.decompress(
                    Decompress.ZLIB, new byte[] {1, 2, 3, 4}, 0, 4, 10, SECTOR, "test"))
        .isInstanceOf(CorruptImageException.class)
        .hasMessage("test: zlib data: incorrect header check");
  }

  @Test
  void lzoSegmentsAndTheirSectorPadding() throws Exception {
    byte[] data = text(128 * 1024);
    byte[] e = lzoExtent(data);
    assertThat(Decompress.decompress(Decompress.LZO, e, 0, e.length, data.length, SECTOR, "test"))
        .isEqualTo(data);
    // A segment header that would straddle a sector boundary is pushed to the next sector: find
    // one by growing the data until the padding happens.
    boolean padded = false;
    for (int n = 5000; n < 60_000 && !padded; n += 97) {
      byte[] d2 = new byte[n];
      new java.util.Random(n).nextBytes(d2);
      System.arraycopy(data, 0, d2, 0, n / 2);
      byte[] e2 = lzoExtent(d2);
      padded = hasPadding(e2);
      assertThat(Decompress.decompress(Decompress.LZO, e2, 0, e2.length, n, SECTOR, "test"))
          .isEqualTo(d2);
    }
    assertThat(padded).isTrue();
  }

  private static boolean hasPadding(byte[] e) {
    int p = 4;
    while (p < e.length) {
      if (SECTOR - p % SECTOR < 4) {
        return true;
      }
      p += 4 + (int) Le.u32(e, p);
    }
    return false;
  }

  @Test
  void lzoFramingErrors() {
    byte[] e = lzoExtent(text(10_000));
    byte[] shortTotal = e.clone();
    Le.putU32(shortTotal, 0, 2);
    assertThatThrownBy(
            () ->
                Decompress.decompress(
                    Decompress.LZO, shortTotal, 0, e.length, 10_000, SECTOR, "test"))
        .isInstanceOf(CorruptImageException.class)
        .hasMessage("test: lzo data: total length 2 outside 4.." + e.length);
    byte[] bigSegment = e.clone();
    Le.putU32(bigSegment, 4, 5000);
    assertThatThrownBy(
            () ->
                Decompress.decompress(
                    Decompress.LZO, bigSegment, 0, e.length, 10_000, SECTOR, "test"))
        .isInstanceOf(CorruptImageException.class)
        .hasMessage(
            "test: lzo data: segment at +4: length 5000 outside 1.."
                + Math.min(4096 + 256 + 67, e.length - 8));
    byte[] garbage = e.clone();
    Arrays.fill(garbage, 8, 40, (byte) 0xff);
    assertThatThrownBy(
            () ->
                Decompress.decompress(Decompress.LZO, garbage, 0, e.length, 10_000, SECTOR, "test"))
        .isInstanceOf(CorruptImageException.class)
        .hasMessageStartingWith("test: lzo data: segment at +4: ");
  }

  @Test
  void zstdFrameFollowedBySectorPadding() throws Exception {
    byte[] data = text(128 * 1024);
    ZstdCompressor c = new ZstdCompressor();
    byte[] z = new byte[c.maxCompressedLength(data.length) + SECTOR];
    int n = c.compress(data, 0, data.length, z, 0, z.length);
    int padded = (n + SECTOR - 1) / SECTOR * SECTOR;
    assertThat(Decompress.zstdFrameSize(z, 0, padded, "test")).isEqualTo(n);
    assertThat(Decompress.decompress(Decompress.ZSTD, z, 0, padded, data.length, SECTOR, "test"))
        .isEqualTo(data);
    assertThatThrownBy(
            () ->
                Decompress.decompress(
                    Decompress.ZSTD, z, 0, padded, data.length - 1, SECTOR, "test"))
        .isInstanceOf(CorruptImageException.class)
        .hasMessageStartingWith("test: zstd data: ");
    assertThatThrownBy(
            () ->
                Decompress.decompress(
                    Decompress.ZSTD, new byte[SECTOR], 0, SECTOR, 10, SECTOR, "test"))
        .isInstanceOf(CorruptImageException.class)
        .hasMessage("test: zstd data: no zstd frame magic 0xfd2fb528");
    assertThatThrownBy(
            () -> Decompress.decompress(Decompress.ZSTD, z, 0, n - 1, data.length, SECTOR, "test"))
        .isInstanceOf(CorruptImageException.class)
        .hasMessageMatching(
            "test: zstd data: zstd (block .* runs past the extent \\("
                + (n - 1)
                + " bytes\\)|content checksum runs past the extent)");
  }

  @Test
  void decompressedSizesAreBounded() {
    assertThatThrownBy(
            () ->
                Decompress.decompress(
                    Decompress.ZLIB, new byte[10], 0, 10, 128 * 1024 + 1, SECTOR, "test"))
        .isInstanceOf(CorruptImageException.class)
        .hasMessage("test: ram_bytes 131073 > 131072, btrfs's largest compressed extent");
    assertThatThrownBy(
            () ->
                Decompress.decompress(
                    Decompress.ZLIB, new byte[200_000], 0, 200_000, 10, SECTOR, "test"))
        .isInstanceOf(CorruptImageException.class)
        .hasMessage("test: 200000 compressed bytes > 131072, btrfs's largest compressed extent");
  }

  @Test
  void nameHashIsTheRawCrc32cSeededWithNotOne() {
    // btrfs inspect-internal dump-tree shows the root tree's "default" entry under this key offset.
    assertThat(Crc32c.nameHash("default".getBytes(java.nio.charset.StandardCharsets.US_ASCII)))
        .isEqualTo(2378154706L);
  }

  @Test
  void checksumVectors() {
    assertThat(XxHash64.hash(new byte[0], 0, 0)).isEqualTo(0xEF46DB3751D8E999L);
    assertThat(
            java.util.HexFormat.of()
                .formatHex(
                    Blake2b.digest256(
                        "abc".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, 3)))
        .isEqualTo("bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319");
  }
}
