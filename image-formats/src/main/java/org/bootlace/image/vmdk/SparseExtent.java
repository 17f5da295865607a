package org.bootlace.image.vmdk;

import static org.bootlace.binary.Checks.hex;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.bootlace.CorruptImageException;
import org.bootlace.binary.Le;
import org.bootlace.block.BlockDevice;
import org.bootlace.image.support.Decompress;
import org.bootlace.image.support.LruCache;
import org.bootlace.image.support.VirtualDisk;
import org.bootlace.spi.Warnings;

/**
 * One hosted sparse extent: grains found through the grain directory and grain tables, plain or
 * deflate-compressed with grain markers (streamOptimized). Unallocated grains read from the parent
 * disk (at the same disk offset) or as zeros.
 */
final class SparseExtent extends VirtualDisk {
  private static final long TABLE_CACHE_BYTES = 16L << 20;
  private static final long GRAIN_CACHE_BYTES = 8L << 20;
  private static final int MAX_RUN = 4 << 20;

  private final String name;
  private final BlockDevice file;
  private final SparseHeader h;
  private final long[] gd;
  private final BlockDevice parent;
  private final long parentBase;
  private final long metadataEnd;
  private final LruCache<Long, long[]> tables =
      new LruCache<>(TABLE_CACHE_BYTES, t -> t.length * 8L);
  private final LruCache<Long, byte[]> grains = new LruCache<>(GRAIN_CACHE_BYTES, g -> g.length);

  private SparseExtent(
      String name,
      BlockDevice file,
      SparseHeader h,
      long[] gd,
      long size,
      BlockDevice parent,
      long parentBase) {
    super(name, size);
    this.name = name;
    this.file = file;
    this.h = h;
    this.gd = gd;
    this.parent = parent;
    this.parentBase = parentBase;
    this.metadataEnd = Math.max(1, Math.min(h.overHead(), file.size() / 512));
  }

  /**
   * Opens the sparse extent in {@code file} whose header is {@code h}, exposing {@code size} bytes
   * (the capacity, or the descriptor's extent size); unallocated grains come from {@code parent} at
   * {@code parentBase} + offset, or are zeros when it is null.
   */
  static SparseExtent open(
      BlockDevice file,
      SparseHeader h,
      long size,
      BlockDevice parent,
      long parentBase,
      org.bootlace.Limits limits,
      Warnings warnings)
      throws IOException {
    String name = file.toString();
    SparseHeader header = h;
    if (h.gdOffset() == SparseHeader.GD_AT_END) {
      header = footer(file, name, limits);
    }
    if (size > header.capacity() * 512) {
      throw new CorruptImageException(
          name
              + ": vmdk sparse extent capacity "
              + header.capacity()
              + " sectors is smaller than its descriptor's "
              + size / 512);
    }
    long entries = header.gdEntries();
    String why = gdProblem(file, header.gdOffset(), entries);
    long gdOffset = header.gdOffset();
    if (why != null) {
      String rwhy =
          header.rgdOffset() == 0 ? "absent" : gdProblem(file, header.rgdOffset(), entries);
      if (rwhy != null) {
        throw new CorruptImageException(
            name + ": vmdk grain directory " + why + "; the redundant one is " + rwhy);
      }
      warnings.add(
          name + ": vmdk grain directory " + why + "; the redundant grain directory is used");
      gdOffset = header.rgdOffset();
    }
    byte[] raw = file.read(gdOffset * 512, (int) entries * 4);
    long[] gd = new long[(int) entries];
    for (int i = 0; i < gd.length; i++) {
      gd[i] = Le.u32(raw, i * 4);
    }
    return new SparseExtent(name + "[vmdk]", file, header, gd, size, parent, parentBase);
  }

  /** Why the directory at {@code sector} cannot be used, or null when it can. */
  private static String gdProblem(BlockDevice file, long sector, long entries) throws IOException {
    if (sector <= 0 || sector > file.size() / 512 || entries * 4 > file.size() - sector * 512) {
      return "at sector "
          + Long.toUnsignedString(sector)
          + " lies outside the file (size "
          + file.size()
          + ")";
    }
    byte[] raw = file.read(sector * 512, (int) entries * 4);
    for (int i = 0; i < entries; i++) {
      long t = Le.u32(raw, i * 4);
      if (t != 0 && t * 512 > file.size()) {
        return "entry "
            + i
            + " at sector "
            + sector
            + " points at sector "
            + t
            + " beyond the end of the file";
      }
    }
    return null;
  }

  /** A streamOptimized extent's footer: a copy of the header, with the real directory offset. */
  private static SparseHeader footer(BlockDevice file, String name, org.bootlace.Limits limits)
      throws IOException {
    if (file.size() < 1536 + 512) {
      throw new CorruptImageException(
          name + ": vmdk footer: file of " + file.size() + " bytes is too short for one");
    }
    long at = file.size() - 1024;
    byte[] f = file.read(at, 512);
    SparseHeader foot;
    try {
      foot = SparseHeader.parse(f, name + " (footer at " + hex(at) + ")", limits);
    } catch (CorruptImageException e) {
      throw new CorruptImageException(
          name + ": vmdk header has the grain directory at the end, but: " + e.getMessage());
    }
    if (foot.gdOffset() == SparseHeader.GD_AT_END) {
      throw new CorruptImageException(
          name + ": vmdk footer at " + hex(at) + " also places the grain directory at the end");
    }
    return foot;
  }

  private enum Kind {
    UNALLOCATED,
    ZERO,
    PLAIN,
    COMPRESSED
  }

  private record Grain(Kind kind, long sector) {}

  private Grain grain(long g) throws IOException {
    long gdIndex = g / h.gtesPerGt();
    int gtIndex = (int) (g % h.gtesPerGt());
    if (gdIndex >= gd.length) {
      return new Grain(Kind.ZERO, 0);
    }
    long gt = gd[(int) gdIndex];
    if (gt == 0) {
      return new Grain(Kind.UNALLOCATED, 0);
    }
    long[] table = table(gt, gdIndex);
    long s = table[gtIndex];
    if (s == 0) {
      return new Grain(Kind.UNALLOCATED, 0);
    }
    if (s == 1 && (h.flags() & SparseHeader.FLAG_ZEROED_GTE) != 0) {
      return new Grain(Kind.ZERO, 0);
    }
    String where = name + ": vmdk grain table entry " + gtIndex + " of the table at sector " + gt;
    if (s < metadataEnd) {
      throw new CorruptImageException(
          where
              + ": grain at sector "
              + s
              + " lies in the header and metadata (sectors 0 to "
              + (metadataEnd - 1)
              + ")");
    }
    if (s * 512 >= file.size()) {
      throw new CorruptImageException(
          where
              + ": grain at sector "
              + s
              + " is beyond the end of the file (size "
              + file.size()
              + ")");
    }
    return new Grain(h.compressed() ? Kind.COMPRESSED : Kind.PLAIN, s);
  }

  private long[] table(long sector, long gdIndex) throws IOException {
    long[] t = tables.get(sector);
    if (t != null) {
      return t;
    }
    int bytes = h.gtesPerGt() * 4;
    if (sector < 1 || sector * 512 > file.size() - bytes) {
      throw new CorruptImageException(
          name
              + ": vmdk grain directory entry "
              + gdIndex
              + ": grain table at sector "
              + sector
              + " is outside the file (size "
              + file.size()
              + ")");
    }
    byte[] raw = file.read(sector * 512, bytes);
    t = new long[h.gtesPerGt()];
    for (int i = 0; i < t.length; i++) {
      t[i] = Le.u32(raw, i * 4);
    }
    tables.put(sector, t);
    return t;
  }

  @Override
  protected void readSome(long offset, ByteBuffer dst) throws IOException {
    long gb = h.grainBytes();
    long g = offset / gb;
    int inGrain = (int) (offset % gb);
    Grain m = grain(g);
    long want = Math.min(dst.remaining(), MAX_RUN);
    long n = Math.min(want, gb - inGrain);
    if (m.kind != Kind.COMPRESSED) {
      long next = g + 1;
      while (n < want) {
        Grain nm = grain(next);
        boolean same =
            nm.kind == m.kind
                && (m.kind != Kind.PLAIN || nm.sector == m.sector + (next - g) * h.grainSize());
        if (!same) {
          break;
        }
        n = Math.min(want, n + gb);
        next++;
      }
    }
    int len = (int) n;
    switch (m.kind) {
      case ZERO -> putZeros(dst, len);
      case UNALLOCATED -> readParent(parent, parentBase + offset, dst, len);
      case PLAIN -> {
        long at = m.sector * 512 + inGrain;
        if (len > file.size() - at) {
          throw new CorruptImageException(
              name
                  + ": vmdk grain at sector "
                  + m.sector
                  + " runs past the end of the file (size "
                  + file.size()
                  + ")");
        }
        readInto(file, at, dst, len);
      }
      case COMPRESSED -> dst.put(compressed(g, m.sector), inGrain, len);
    }
  }

  private byte[] compressed(long g, long sector) throws IOException {
    byte[] cached = grains.get(g);
    if (cached != null) {
      return cached;
    }
    String where = name + ": vmdk compressed grain " + g + " at sector " + sector;
    long at = sector * 512;
    if (file.size() - at < 12) {
      throw new CorruptImageException(where + ": marker runs past the end of the file");
    }
    byte[] marker = file.read(at, 12);
    long lba = Le.u64(marker, 0);
    long size = Le.u32(marker, 8);
    if (lba != g * h.grainSize()) {
      throw new CorruptImageException(
          where + ": marker lba " + Long.toUnsignedString(lba) + " != " + g * h.grainSize());
    }
    long max = 2 * h.grainBytes() + 4096;
    if (size == 0 || size > max || size > file.size() - at - 12) {
      throw new CorruptImageException(
          where + ": marker size " + size + " is not a compressed grain inside the file");
    }
    byte[] in = file.read(at + 12, (int) size);
    byte[] out = new byte[(int) h.grainBytes()];
    int n = Decompress.inflateUpTo(in, in.length, out, where);
    long needed = Math.min(h.grainBytes(), size() - g * h.grainBytes());
    if (n < needed) {
      throw new CorruptImageException(where + ": inflates to " + n + " bytes, not " + needed);
    }
    grains.put(g, out);
    return out;
  }
}
