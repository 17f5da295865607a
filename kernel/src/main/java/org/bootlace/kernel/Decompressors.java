package org.bootlace.kernel;

import io.airlift.compress.lz4.Lz4Decompressor;
import io.airlift.compress.lzo.LzoDecompressor;
import io.airlift.compress.zstd.ZstdInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.lz4.FramedLZ4CompressorInputStream;
import org.bootlace.CorruptImageException;
import org.bootlace.GuestFile;
import org.bootlace.LimitExceededException;
import org.bootlace.Limits;
import org.bootlace.binary.Be;
import org.bootlace.binary.Checks;
import org.bootlace.binary.Le;
import org.tukaani.xz.LZMAInputStream;
import org.tukaani.xz.MemoryLimitException;
import org.tukaani.xz.SingleXZInputStream;

/**
 * Streams that decompress a byte range of a guest file. Output is bounded by {@code
 * maxDecompressedKernelBytes}, which also bounds the decoders' dictionaries; every decoder error,
 * including a library's runtime exception on hostile input, is a {@link CorruptImageException}
 * naming the compression and the range.
 */
final class Decompressors {
  /** LZ4's legacy frame (lz4 -l, what Linux uses): 8 MiB blocks. */
  static final int LZ4_LEGACY_BLOCK = 8 << 20;

  static final long LZ4_LEGACY_MAGIC = 0x184C2102L;

  /** lzop allows blocks of at most 64 MiB. */
  static final int LZO_MAX_BLOCK = 64 << 20;

  private Decompressors() {}

  /** The decompressed content of {@code length} bytes of {@code file} from {@code offset}. */
  static InputStream open(Compression c, GuestFile file, long offset, long length, Limits limits)
      throws IOException {
    String what = file.location() + ": " + c.label() + " data at " + Checks.hex(offset);
    InputStream raw = new RangeStream(file, offset, length);
    long max = limits.maxDecompressedKernelBytes();
    InputStream decoded;
    try {
      decoded =
          switch (c) {
            case GZIP -> new GZIPInputStream(raw, 1 << 16);
            case XZ -> new SingleXZInputStream(raw, memoryKiB(max));
            case LZMA -> new LZMAInputStream(raw, memoryKiB(max));
            case BZIP2 -> new BZip2CompressorInputStream(raw, false);
            case LZO -> new LzopStream(raw, what);
            case LZ4 -> lz4(raw, file, offset, length, what);
            case ZSTD -> new ZstdInputStream(raw);
          };
    } catch (MemoryLimitException e) {
      throw new LimitExceededException(
          "maxDecompressedKernelBytes",
          max,
          what + ": the decoder needs " + e.getMemoryNeeded() + " KiB");
    } catch (CorruptImageException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new CorruptImageException(what + ": " + describe(e), e);
    }
    return new Guarded(decoded, max, what);
  }

  private static InputStream lz4(
      InputStream raw, GuestFile file, long offset, long length, String what) throws IOException {
    byte[] magic = new byte[4];
    ByteBuffer b = ByteBuffer.wrap(magic);
    while (b.hasRemaining() && file.read(offset + b.position(), b) > 0) {}
    if (Le.u32(magic, 0) == LZ4_LEGACY_MAGIC) {
      return new Lz4LegacyStream(raw, length, what);
    }
    return new FramedLZ4CompressorInputStream(raw, true);
  }

  private static int memoryKiB(long max) {
    return (int) Math.min(Integer.MAX_VALUE, Math.max(1, max / 1024));
  }

  static String describe(Throwable e) {
    String m = e.getMessage();
    return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
  }

  /** A byte range of a guest file as a stream. */
  static final class RangeStream extends InputStream {
    private final GuestFile file;
    private final long end;
    private long position;

    RangeStream(GuestFile file, long offset, long length) {
      this.file = file;
      this.position = offset;
      this.end = offset + length;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) <= 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      if (position >= end) {
        return -1;
      }
      int want = (int) Math.min(len, end - position);
      int n = file.read(position, ByteBuffer.wrap(b, off, want));
      if (n < 0) {
        throw new CorruptImageException(
            file.location() + ": ended at " + position + ", before " + end);
      }
      position += n;
      return n;
    }
  }

  /** Bounds the output and turns decoder failures into bootlace's exceptions. */
  static final class Guarded extends InputStream {
    private final InputStream in;
    private final long max;
    private final String what;
    private long count;

    Guarded(InputStream in, long max, String what) {
      this.in = in;
      this.max = max;
      this.what = what;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) <= 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n;
      try {
        n = in.read(b, off, len);
      } catch (MemoryLimitException e) {
        throw new LimitExceededException(
            "maxDecompressedKernelBytes",
            max,
            what + ": the decoder needs " + e.getMemoryNeeded() + " KiB");
      } catch (org.bootlace.BootlaceException e) {
        throw e;
      } catch (IOException | RuntimeException e) {
        throw new CorruptImageException(
            what + ": after " + count + " bytes out: " + describe(e), e);
      }
      if (n > 0) {
        count += n;
        if (count > max) {
          throw new LimitExceededException(
              "maxDecompressedKernelBytes",
              max,
              what + " decompresses to more than " + max + " bytes");
        }
      }
      return n;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }

  /**
   * LZ4's legacy frame: the magic, then blocks each preceded by its compressed size (little
   * endian); another magic may start a new frame. Linux appends the decompressed size, 4 bytes,
   * after the last block; fewer than 5 bytes left end the stream.
   */
  static final class Lz4LegacyStream extends BlockStream {
    private final InputStream in;
    private long left;
    private final Lz4Decompressor lz4 = new Lz4Decompressor();
    private static final int MAX_COMPRESSED = LZ4_LEGACY_BLOCK + LZ4_LEGACY_BLOCK / 255 + 16;
    private byte[] compressed = new byte[4];

    Lz4LegacyStream(InputStream in, long length, String what) throws IOException {
      super(what, LZ4_LEGACY_BLOCK);
      this.in = in;
      this.left = length;
      readFully(in, compressed, 4, "magic");
      left -= 4;
    }

    @Override
    int nextBlock(byte[] out) throws IOException {
      while (true) {
        if (left < 5) {
          return -1;
        }
        readFully(in, compressed, 4, "block size");
        left -= 4;
        long size = Le.u32(compressed, 0);
        if (size == LZ4_LEGACY_MAGIC) {
          continue;
        }
        Checks.require(
            size <= MAX_COMPRESSED && size <= left,
            "%s: lz4 legacy block size %d is larger than %d or than the %d bytes left",
            what,
            size,
            MAX_COMPRESSED,
            left);
        if (compressed.length < size) {
          compressed = new byte[(int) size];
        }
        readFully(in, compressed, (int) size, "block");
        left -= size;
        try {
          return lz4.decompress(compressed, 0, (int) size, out, 0, out.length);
        } catch (RuntimeException e) {
          throw new CorruptImageException(what + ": lz4 block: " + describe(e), e);
        }
      }
    }
  }

  /**
   * lzop's container (lzop's own format: a header, then blocks each with its sizes and checksums,
   * ending with a zero size) around LZO1X blocks.
   */
  static final class LzopStream extends BlockStream {
    private static final int F_ADLER32_D = 0x1;
    private static final int F_ADLER32_C = 0x2;
    private static final int F_H_EXTRA_FIELD = 0x40;
    private static final int F_CRC32_D = 0x100;
    private static final int F_CRC32_C = 0x200;
    private static final int F_H_FILTER = 0x800;
    private final InputStream in;
    private final long flags;
    private final LzoDecompressor lzo = new LzoDecompressor();
    private byte[] compressed = new byte[0];

    LzopStream(InputStream in, String what) throws IOException {
      super(what, 256 << 10);
      this.in = in;
      byte[] b = new byte[16];
      readFully(in, b, 9, "magic");
      readFully(in, b, 4, "version and library version");
      int version = Be.u16(b, 0);
      int extra = version >= 0x0940 ? 1 : 0;
      if (extra == 1) {
        readFully(in, b, 2, "version_needed");
      }
      readFully(in, b, 1 + extra + 4, "method and flags");
      flags = Be.u32(b, 1 + extra);
      if ((flags & F_H_FILTER) != 0) {
        readFully(in, b, 4, "filter");
      }
      readFully(in, b, 8 + (version >= 0x0940 ? 4 : 0), "mode and mtime");
      readFully(in, b, 1, "name length");
      int nameLength = b[0] & 0xff;
      skip(in, nameLength, "name");
      readFully(in, b, 4, "header checksum");
      if ((flags & F_H_EXTRA_FIELD) != 0) {
        readFully(in, b, 4, "extra field length");
        long extraLength = Be.u32(b, 0);
        Checks.require(
            extraLength <= LZO_MAX_BLOCK,
            "%s: lzop extra field length %d is more than %d",
            what,
            extraLength,
            LZO_MAX_BLOCK);
        skip(in, extraLength + 4, "extra field");
      }
    }

    @Override
    int nextBlock(byte[] ignored) throws IOException {
      byte[] b = new byte[8];
      readFully(in, b, 4, "block size");
      long dst = Be.u32(b, 0);
      if (dst == 0) {
        return -1;
      }
      readFully(in, b, 4, "compressed block size");
      long src = Be.u32(b, 0);
      Checks.require(
          dst <= LZO_MAX_BLOCK && src <= dst,
          "%s: lzop block of %d bytes from %d compressed: more than %d, or larger compressed",
          what,
          dst,
          src,
          LZO_MAX_BLOCK);
      int checks =
          ((flags & (F_ADLER32_D | F_CRC32_D)) != 0 ? 4 : 0)
              + (src < dst && (flags & (F_ADLER32_C | F_CRC32_C)) != 0 ? 4 : 0);
      skip(in, checks, "block checksums");
      ensure((int) dst);
      if (compressed.length < src) {
        compressed = new byte[(int) src];
      }
      readFully(in, compressed, (int) src, "block");
      if (src == dst) {
        System.arraycopy(compressed, 0, buffer, 0, (int) src);
        return (int) src;
      }
      try {
        int n = lzo.decompress(compressed, 0, (int) src, buffer, 0, (int) dst);
        Checks.require(n == dst, "%s: lzop block decompressed to %d bytes, not %d", what, n, dst);
        return n;
      } catch (RuntimeException e) {
        throw new CorruptImageException(what + ": lzo block: " + describe(e), e);
      }
    }
  }

  /** A stream made of independently decoded blocks. */
  abstract static class BlockStream extends InputStream {
    final String what;
    byte[] buffer;
    private int position;
    private int limit;
    private boolean done;

    BlockStream(String what, int blockSize) {
      this.what = what;
      this.buffer = new byte[blockSize];
    }

    /**
     * Decodes the next block into {@link #buffer} (passed in); returns its size or -1 at the end.
     */
    abstract int nextBlock(byte[] out) throws IOException;

    void ensure(int size) {
      if (buffer.length < size) {
        buffer = new byte[size];
      }
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) <= 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      while (position == limit) {
        if (done) {
          return -1;
        }
        int n = nextBlock(buffer);
        if (n < 0) {
          done = true;
          return -1;
        }
        position = 0;
        limit = n;
      }
      int n = Math.min(len, limit - position);
      System.arraycopy(buffer, position, b, off, n);
      position += n;
      return n;
    }

    void readFully(InputStream in, byte[] b, int n, String field) throws IOException {
      int got = in.readNBytes(b, 0, n);
      if (got != n) {
        throw new CorruptImageException(
            what + ": ends inside the " + field + " (" + got + " of " + n + " bytes)");
      }
    }

    void skip(InputStream in, long n, String field) throws IOException {
      byte[] scratch = new byte[(int) Math.min(n, 8192)];
      long left = n;
      while (left > 0) {
        int got = in.read(scratch, 0, (int) Math.min(scratch.length, left));
        if (got < 0) {
          throw new CorruptImageException(what + ": ends inside the " + field);
        }
        left -= got;
      }
    }
  }
}
