package org.bootlace.fs.iso9660;

import static org.bootlace.binary.Checks.hex;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.bootlace.CorruptImageException;
import org.bootlace.UnsupportedFeatureException;
import org.bootlace.binary.Le;

/**
 * Reads zisofs ("paged zlib") files: a 16-byte header, a table of block pointers, then one zlib
 * stream per block of 2^15..2^17 bytes; a zero-length block is a block of zeros. Each block is
 * inflated into a buffer of exactly its expected size, so output is bounded by the block size and
 * the declared file size whatever the compressed data says; inflated blocks are cached.
 */
final class Zisofs {
  static final byte[] MAGIC = {
    0x37, (byte) 0xE4, 0x53, (byte) 0x96, (byte) 0xC9, (byte) 0xDB, (byte) 0xD6, 0x07
  };
  static final int HEADER = 16;

  private Zisofs() {}

  /** Key of a cached inflated block. */
  record BlockKey(long node, long block) {}

  /** The file's geometry, checked against its ZF entry. */
  private record Layout(int blockSize, long blocks, int tableAt) {}

  static int read(IsoFileSystem fs, IsoNode node, long offset, ByteBuffer dst) throws IOException {
    Layout layout = layout(fs, node);
    int want = (int) Math.min(dst.remaining(), node.size() - offset);
    int done = 0;
    while (done < want) {
      long pos = offset + done;
      long block = pos / layout.blockSize;
      byte[] data = block(fs, node, layout, block);
      int in = (int) (pos - block * layout.blockSize);
      int n = Math.min(want - done, data.length - in);
      dst.put(data, in, n);
      done += n;
    }
    return done;
  }

  private static Layout layout(IsoFileSystem fs, IsoNode node) throws IOException {
    RockRidge.Zf zf = node.zf;
    String where = node.where + ": zisofs";
    if (!zf.algorithm().equals("pz")) {
      throw new UnsupportedFeatureException(
          "zisofs algorithm " + zf.algorithm(),
          String.format(
              Locale.ROOT,
              "%s: ZF at %s: algorithm \"%s\" is not \"pz\" (zisofs2 and others are not supported)",
              node.where,
              hex(zf.at()),
              zf.algorithm()));
    }
    if (zf.log2BlockSize() < 15 || zf.log2BlockSize() > 17) {
      throw new CorruptImageException(
          String.format(
              Locale.ROOT,
              "%s: ZF at %s: log2 block size %d not in 15..17",
              node.where,
              hex(zf.at()),
              zf.log2BlockSize()));
    }
    Runs raw = node.runs;
    if (raw.total < HEADER) {
      throw new CorruptImageException(
          String.format(
              Locale.ROOT,
              "%s: %d bytes cannot hold the %d-byte header",
              where,
              raw.total,
              HEADER));
    }
    byte[] h = rawBytes(fs, node, 0, HEADER);
    long at = raw.diskOffset(0);
    for (int i = 0; i < MAGIC.length; i++) {
      if (h[i] != MAGIC[i]) {
        throw new CorruptImageException(
            String.format(Locale.ROOT, "%s: header magic at %s is wrong", where, hex(at)));
      }
    }
    long size = Le.u32(h, 8);
    if (size != zf.size()) {
      throw new CorruptImageException(
          String.format(
              Locale.ROOT,
              "%s: header size at %s: %d != ZF uncompressed size %d",
              where,
              hex(at + 8),
              size,
              zf.size()));
    }
    int words = h[12] & 0xff;
    int log2 = h[13] & 0xff;
    if (words != zf.headerWords() || words * 4 < HEADER) {
      throw new CorruptImageException(
          String.format(
              Locale.ROOT,
              "%s: header size at %s: %d words (ZF says %d, at least %d)",
              where,
              hex(at + 12),
              words,
              zf.headerWords(),
              HEADER / 4));
    }
    if (log2 != zf.log2BlockSize()) {
      throw new CorruptImageException(
          String.format(
              Locale.ROOT,
              "%s: header log2 block size at %s: %d != ZF's %d",
              where,
              hex(at + 13),
              log2,
              zf.log2BlockSize()));
    }
    int blockSize = 1 << log2;
    long blocks = (size + blockSize - 1) / blockSize;
    long tableEnd = words * 4L + (blocks + 1) * 4;
    if (tableEnd > raw.total) {
      throw new CorruptImageException(
          String.format(
              Locale.ROOT,
              "%s: %d block pointers end at byte %d, beyond the %d stored bytes",
              where,
              blocks + 1,
              tableEnd,
              raw.total));
    }
    return new Layout(blockSize, blocks, words * 4);
  }

  private static byte[] block(IsoFileSystem fs, IsoNode node, Layout layout, long block)
      throws IOException {
    BlockKey key = new BlockKey(node.id(), block);
    byte[] cached = fs.zisofsCache.get(key);
    if (cached != null) {
      return cached;
    }
    String where = node.where + ": zisofs block " + block;
    long ptrAt = layout.tableAt + block * 4;
    byte[] p = rawBytes(fs, node, ptrAt, 8);
    long start = Le.u32(p, 0);
    long end = Le.u32(p, 4);
    long tableEnd = layout.tableAt + (layout.blocks + 1) * 4;
    if (start < tableEnd || end < start || end > node.runs.total) {
      throw new CorruptImageException(
          String.format(
              Locale.ROOT,
              "%s: pointers at %s: %d..%d outside %d..%d",
              where,
              hex(node.runs.diskOffset(ptrAt)),
              start,
              end,
              tableEnd,
              node.runs.total));
    }
    int expected = (int) Math.min(layout.blockSize, node.size() - block * layout.blockSize);
    byte[] out = new byte[expected];
    long stored = end - start;
    if (stored > 0) {
      // zlib never grows a block by more than a few bytes; anything larger is not zisofs.
      if (stored > 2L * layout.blockSize) {
        throw new CorruptImageException(
            String.format(
                Locale.ROOT,
                "%s: %d compressed bytes for a block of %d",
                where,
                stored,
                layout.blockSize));
      }
      byte[] in = rawBytes(fs, node, start, (int) stored);
      inflate(in, out, where, node.runs.diskOffset(start));
    }
    fs.zisofsCache.put(key, out);
    return out;
  }

  private static void inflate(byte[] in, byte[] out, String where, long at)
      throws CorruptImageException {
    Inflater inf = new Inflater();
    try {
      inf.setInput(in);
      int n = 0;
      int stalls = 0;
      byte[] extra = new byte[1];
      while (n < out.length && !inf.finished()) {
        int k = inf.inflate(out, n, out.length - n);
        if (k == 0 && (inf.needsInput() || inf.needsDictionary() || ++stalls > 2)) {
          break;
        }
        n += k;
      }
      if (n == out.length && !inf.finished() && inf.inflate(extra) > 0) {
        throw new CorruptImageException(
            String.format(
                Locale.ROOT,
                "%s at %s: inflates to more than %d bytes",
                where,
                hex(at),
                out.length));
      }
      if (n != out.length || !inf.finished()) {
        throw new CorruptImageException(
            String.format(
                Locale.ROOT,
                "%s at %s: zlib stream ends after %d of %d bytes",
                where,
                hex(at),
                n,
                out.length));
      }
    } catch (DataFormatException e) {
      throw new CorruptImageException(
          String.format(
              Locale.ROOT, "%s at %s: bad zlib data: %s", where, hex(at), e.getMessage()));
    } finally {
      inf.end();
    }
  }

  /** {@code n} stored bytes of the file from {@code offset}. */
  private static byte[] rawBytes(IsoFileSystem fs, IsoNode node, long offset, int n)
      throws IOException {
    if (offset < 0 || n > node.runs.total - offset) {
      throw new IllegalStateException("read outside the stored bytes");
    }
    byte[] b = new byte[n];
    ByteBuffer buf = ByteBuffer.wrap(b);
    while (buf.hasRemaining()) {
      node.runs.read(fs.disk, offset + buf.position(), buf);
    }
    return b;
  }
}
