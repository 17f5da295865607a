package org.bootlace.fs.btrfs;

import io.airlift.compress.lzo.LzoDecompressor;
import io.airlift.compress.zstd.ZstdDecompressor;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.bootlace.CorruptImageException;
import org.bootlace.binary.Le;

/**
 * btrfs's per-extent compression. Every extent decompresses to at most {@link #MAX} bytes (btrfs's
 * own bound on a compressed extent), so a hostile extent cannot allocate more.
 */
final class Decompress {
  /** BTRFS_MAX_UNCOMPRESSED and BTRFS_MAX_COMPRESSED: 128 KiB. */
  static final int MAX = 128 * 1024;

  static final int ZLIB = 1;
  static final int LZO = 2;
  static final int ZSTD = 3;

  private Decompress() {}

  static String name(int compression) {
    return switch (compression) {
      case ZLIB -> "zlib";
      case LZO -> "lzo";
      case ZSTD -> "zstd";
      default -> "none";
    };
  }

  /**
   * Decompresses {@code in[off..off+len)} to exactly {@code ramBytes} bytes; output the stream does
   * not produce reads as zeros, as the kernel zero-fills it.
   */
  static byte[] decompress(
      int compression, byte[] in, int off, int len, long ramBytes, int sectorSize, String where)
      throws CorruptImageException {
    if (ramBytes > MAX) {
      throw new CorruptImageException(
          where + ": ram_bytes " + ramBytes + " > " + MAX + ", btrfs's largest compressed extent");
    }
    if (len > MAX) {
      throw new CorruptImageException(
          where
              + ": "
              + len
              + " compressed bytes > "
              + MAX
              + ", btrfs's largest compressed extent");
    }
    byte[] out = new byte[(int) ramBytes];
    String what = where + ": " + name(compression) + " data";
    switch (compression) {
      case ZLIB -> zlib(in, off, len, out, what);
      case LZO -> lzo(in, off, len, out, sectorSize, what);
      case ZSTD -> zstd(in, off, len, out, what);
      default -> throw new CorruptImageException(where + ": compression " + compression);
    }
    return out;
  }

  private static void zlib(byte[] in, int off, int len, byte[] out, String what)
      throws CorruptImageException {
    Inflater inf = new Inflater();
    try {
      inf.setInput(in, off, len);
      int n = 0;
      while (n < out.length && !inf.finished()) {
        int got = inf.inflate(out, n, out.length - n);
        if (got == 0 && (inf.needsInput() || inf.needsDictionary())) {
          break;
        }
        n += got;
      }
    } catch (DataFormatException e) {
      throw new CorruptImageException(what + ": " + e.getMessage());
    } finally {
      inf.end();
    }
  }

  /**
   * btrfs's lzo framing: a 4-byte total length (itself included), then segments of a 4-byte length
   * and LZO1X data decompressing to at most one sector; a segment header never straddles a sector
   * boundary (the bytes before it are padding).
   */
  private static void lzo(byte[] in, int off, int len, byte[] out, int sectorSize, String what)
      throws CorruptImageException {
    if (len < 4) {
      throw new CorruptImageException(what + ": " + len + " bytes, too short for the total length");
    }
    long total = Le.u32(in, off);
    if (total < 4 || total > len) {
      throw new CorruptImageException(what + ": total length " + total + " outside 4.." + len);
    }
    int worst = sectorSize + sectorSize / 16 + 64 + 3;
    LzoDecompressor lzo = new LzoDecompressor();
    byte[] sector = new byte[sectorSize];
    int p = 4;
    int n = 0;
    while (p < total && n < out.length) {
      int left = sectorSize - p % sectorSize;
      if (left < 4) {
        p += left;
        if (p >= total) {
          break;
        }
      }
      if (total - p < 4) {
        throw new CorruptImageException(
            what + ": segment header at +" + p + " runs past the total length " + total);
      }
      long seg = Le.u32(in, off + p);
      p += 4;
      if (seg == 0 || seg > worst || seg > total - p) {
        throw new CorruptImageException(
            what
                + ": segment at +"
                + (p - 4)
                + ": length "
                + seg
                + " outside 1.."
                + Math.min(worst, total - p));
      }
      byte[] input = new byte[(int) seg];
      System.arraycopy(in, off + p, input, 0, input.length);
      int got;
      try {
        got = lzo.decompress(input, 0, input.length, sector, 0, sector.length);
      } catch (RuntimeException e) {
        throw new CorruptImageException(what + ": segment at +" + (p - 4) + ": " + e.getMessage());
      }
      int copy = Math.min(got, out.length - n);
      System.arraycopy(sector, 0, out, n, copy);
      n += copy;
      p += (int) seg;
    }
  }

  private static void zstd(byte[] in, int off, int len, byte[] out, String what)
      throws CorruptImageException {
    int frame = zstdFrameSize(in, off, len, what);
    byte[] input = new byte[frame];
    System.arraycopy(in, off, input, 0, frame);
    try {
      new ZstdDecompressor().decompress(input, 0, frame, out, 0, out.length);
    } catch (RuntimeException e) {
      throw new CorruptImageException(what + ": " + e.getMessage());
    }
  }

  /**
   * The length of the zstd frame at {@code off}: btrfs stores one frame followed by padding to the
   * sector, which is not a frame and must not be handed to the decoder.
   */
  static int zstdFrameSize(byte[] in, int off, int len, String what) throws CorruptImageException {
    if (len < 6 || Le.u32(in, off) != 0xFD2FB528L) {
      throw new CorruptImageException(what + ": no zstd frame magic 0xfd2fb528");
    }
    int fhd = Le.u8(in, off + 4);
    if ((fhd & 0x08) != 0) {
      throw new CorruptImageException(
          what
              + ": zstd frame header descriptor 0x"
              + Integer.toHexString(fhd)
              + " has the reserved bit set");
    }
    int fcsFlag = fhd >>> 6;
    boolean single = (fhd & 0x20) != 0;
    boolean checksum = (fhd & 0x04) != 0;
    int dictFlag = fhd & 3;
    int p =
        5
            + (single ? 0 : 1)
            + new int[] {0, 1, 2, 4}[dictFlag]
            + new int[] {single ? 1 : 0, 2, 4, 8}[fcsFlag];
    while (true) {
      if (len - p < 3) {
        throw new CorruptImageException(
            what + ": zstd block header at +" + p + " runs past the extent (" + len + " bytes)");
      }
      int h = Le.u8(in, off + p) | Le.u8(in, off + p + 1) << 8 | Le.u8(in, off + p + 2) << 16;
      p += 3;
      boolean last = (h & 1) != 0;
      int type = (h >>> 1) & 3;
      int size = h >>> 3;
      int body =
          switch (type) {
            case 0, 2 -> size;
            case 1 -> 1;
            default ->
                throw new CorruptImageException(
                    what + ": zstd block at +" + (p - 3) + " has the reserved type 3");
          };
      if (body > len - p) {
        throw new CorruptImageException(
            what
                + ": zstd block at +"
                + (p - 3)
                + " of "
                + body
                + " bytes runs past the extent ("
                + len
                + " bytes)");
      }
      p += body;
      if (last) {
        break;
      }
    }
    if (checksum) {
      if (len - p < 4) {
        throw new CorruptImageException(what + ": zstd content checksum runs past the extent");
      }
      p += 4;
    }
    return p;
  }
}
