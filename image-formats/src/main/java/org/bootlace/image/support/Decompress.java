package org.bootlace.image.support;

import io.airlift.compress.MalformedInputException;
import io.airlift.compress.zstd.ZstdDecompressor;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.bootlace.CorruptImageException;
import org.bootlace.binary.Le;

/**
 * Decompression of one compressed cluster or grain into a buffer of exactly its declared size:
 * output is bounded by that size, never by the data.
 */
public final class Decompress {
  private Decompress() {}

  /**
   * Inflates {@code in} (raw deflate when {@code zlibHeader} is false, zlib otherwise) into exactly
   * {@code out.length} bytes; input after the stream (sector padding) is ignored. Fewer bytes is
   * corrupt, {@code what} names the structure.
   *
   * @param in the compressed bytes
   * @param inLength how many bytes of {@code in} to read, from its start
   * @param out receives exactly {@code out.length} bytes
   * @param zlibHeader whether the stream has zlib's header and checksum (RFC 1950) around the
   *     deflate data (RFC 1951)
   * @param what the structure, for messages ({@code qcow2: compressed cluster at 0x50000})
   * @throws CorruptImageException if the data is not valid deflate or ends before {@code out} is
   *     full
   */
  public static void inflate(byte[] in, int inLength, byte[] out, boolean zlibHeader, String what)
      throws CorruptImageException {
    Inflater inf = new Inflater(!zlibHeader);
    try {
      inf.setInput(in, 0, inLength);
      int n = 0;
      // Each round either fills output, finishes, or needs input it will not get: bounded.
      while (n < out.length && !inf.finished()) {
        int got = inf.inflate(out, n, out.length - n);
        if (got == 0 && (inf.needsInput() || inf.needsDictionary())) {
          break;
        }
        n += got;
      }
      if (n != out.length) {
        throw new CorruptImageException(
            what + ": deflate data ends after " + n + " bytes, not " + out.length);
      }
    } catch (DataFormatException e) {
      throw new CorruptImageException(what + ": bad deflate data: " + e.getMessage());
    } finally {
      inf.end();
    }
  }

  /**
   * Inflates a zlib stream from {@code in} into at most {@code out.length} bytes and returns how
   * many it produced (the last grain of a disk may be short).
   *
   * @param in the compressed bytes
   * @param inLength how many bytes of {@code in} to read, from its start
   * @param out receives at most {@code out.length} bytes, from its start
   * @param what the structure, for messages
   * @return the bytes produced, 0 to {@code out.length}
   * @throws CorruptImageException if the data is not valid zlib
   */
  public static int inflateUpTo(byte[] in, int inLength, byte[] out, String what)
      throws CorruptImageException {
    Inflater inf = new Inflater(false);
    try {
      inf.setInput(in, 0, inLength);
      int n = 0;
      while (n < out.length && !inf.finished()) {
        int got = inf.inflate(out, n, out.length - n);
        if (got == 0 && (inf.needsInput() || inf.needsDictionary())) {
          break;
        }
        n += got;
      }
      return n;
    } catch (DataFormatException e) {
      throw new CorruptImageException(what + ": bad deflate data: " + e.getMessage());
    } finally {
      inf.end();
    }
  }

  /**
   * Decompresses zstd frames from {@code in} until {@code out} is full; bytes after the last frame
   * needed (sector padding) are ignored.
   *
   * <p>Skippable frames are stepped over.
   *
   * @param in the compressed bytes
   * @param inLength how many bytes of {@code in} to read, from its start
   * @param out receives exactly {@code out.length} bytes
   * @param what the structure, for messages
   * @throws CorruptImageException if a frame is malformed, runs past {@code inLength}, or the
   *     frames end before {@code out} is full
   */
  public static void zstd(byte[] in, int inLength, byte[] out, String what)
      throws CorruptImageException {
    ZstdDecompressor z = new ZstdDecompressor();
    int pos = 0;
    int n = 0;
    while (n < out.length) {
      int frame = zstdFrameLength(in, pos, inLength, what);
      if (frame < 0) {
        // A skippable frame: its length is encoded as the negative value.
        pos += -frame;
        continue;
      }
      int got;
      try {
        got = z.decompress(in, pos, frame, out, n, out.length - n);
      } catch (MalformedInputException | IllegalArgumentException | IndexOutOfBoundsException e) {
        throw new CorruptImageException(what + ": bad zstd data: " + e.getMessage());
      }
      if (got <= 0) {
        throw new CorruptImageException(what + ": zstd frame at " + pos + " holds no data");
      }
      n += got;
      pos += frame;
    }
  }

  /**
   * The length of the zstd frame at {@code pos}, walking its block headers; a skippable frame's
   * length comes back negated.
   */
  static int zstdFrameLength(byte[] in, int pos, int end, String what)
      throws CorruptImageException {
    if (end - pos < 8) {
      throw new CorruptImageException(
          what + ": zstd data ends at byte " + pos + " before the cluster is full");
    }
    long magic = Le.u32(in, pos);
    if ((magic & 0xffff_fff0L) == 0x184d_2a50L) {
      long len = Le.u32(in, pos + 4);
      if (len > end - pos - 8) {
        throw new CorruptImageException(
            what + ": zstd skippable frame at byte " + pos + " runs past the data");
      }
      return -(int) (len + 8);
    }
    if (magic != 0xfd2f_b528L) {
      throw new CorruptImageException(
          what
              + ": zstd frame magic at byte "
              + pos
              + ": 0x"
              + Long.toHexString(magic)
              + " != 0xfd2fb528");
    }
    int d = in[pos + 4] & 0xff;
    int fcsFlag = d >>> 6;
    boolean single = (d & 0x20) != 0;
    boolean checksum = (d & 0x04) != 0;
    int dictFlag = d & 3;
    int p = pos + 5 + (single ? 0 : 1) + new int[] {0, 1, 2, 4}[dictFlag];
    p +=
        switch (fcsFlag) {
          case 0 -> single ? 1 : 0;
          case 1 -> 2;
          case 2 -> 4;
          default -> 8;
        };
    // Every block header moves p forward by at least 3 bytes, so the loop ends.
    while (true) {
      if (end - p < 3) {
        throw new CorruptImageException(
            what + ": zstd frame at byte " + pos + " runs past the data");
      }
      int h = (in[p] & 0xff) | (in[p + 1] & 0xff) << 8 | (in[p + 2] & 0xff) << 16;
      boolean last = (h & 1) != 0;
      int type = (h >>> 1) & 3;
      int size = h >>> 3;
      if (type == 3) {
        throw new CorruptImageException(
            what + ": zstd block at byte " + p + " has the reserved type");
      }
      int content = type == 1 ? 1 : size;
      if (content > end - p - 3) {
        throw new CorruptImageException(
            what + ": zstd frame at byte " + pos + " runs past the data");
      }
      p += 3 + content;
      if (last) {
        break;
      }
    }
    if (checksum) {
      if (end - p < 4) {
        throw new CorruptImageException(
            what + ": zstd frame at byte " + pos + " runs past the data");
      }
      p += 4;
    }
    return p - pos;
  }
}
