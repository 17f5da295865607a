package org.bootlace.image.qcow2;

import static org.bootlace.binary.Checks.hex;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bootlace.CorruptImageException;
import org.bootlace.UnsupportedFeatureException;
import org.bootlace.binary.Be;
import org.bootlace.block.BlockDevice;
import org.bootlace.image.support.Decompress;
import org.bootlace.image.support.LruCache;
import org.bootlace.image.support.NestedImages;
import org.bootlace.image.support.VirtualDisk;
import org.bootlace.spi.DriverContext;
import org.bootlace.spi.ImageFiles;

/**
 * The virtual disk of a qcow2 image: guest clusters mapped through the L1 table and L2 tables
 * (cached, least recently used first out), read from the image, from an external data file, from
 * the backing file, as zeros, or decompressed (deflate or zstd). Runs of clusters that are
 * contiguous in the file are read with one read.
 */
public final class Qcow2Disk extends VirtualDisk {
  /** Bytes of L2 tables kept decoded. */
  static final long L2_CACHE_BYTES = 32L << 20;

  /** Bytes of decompressed clusters kept. */
  static final long COMPRESSED_CACHE_BYTES = 8L << 20;

  /** At most this many bytes are read from the file at once. */
  static final int MAX_RUN = 4 << 20;

  private static final long L1_RESERVED = 0x7f00_0000_0000_01feL;
  private static final long OFFSET_MASK = 0x00ff_ffff_ffff_fe00L;
  private static final long COPIED = 1L << 63;
  private static final long COMPRESSED = 1L << 62;

  private final String name;
  private final BlockDevice file;
  private final BlockDevice data;
  private final BlockDevice backing;
  private final Qcow2Header h;
  private final long[] l1;
  private final int clusterBits;
  private final int unitBits;
  private final int l2Bits;
  private final boolean extended;
  private final boolean external;
  private final List<Qcow2Snapshot> snapshots;
  private final LruCache<Long, long[]> l2Cache;
  private final LruCache<Long, byte[]> clusterCache;

  private enum Kind {
    UNALLOCATED,
    ZERO,
    DATA,
    COMPRESSED
  }

  /** Where one unit (cluster, or subcluster with extended L2 entries) of the guest is. */
  private record Mapping(Kind kind, long host, int compressedLength) {}

  private Qcow2Disk(
      String name,
      BlockDevice file,
      BlockDevice data,
      BlockDevice backing,
      Qcow2Header h,
      long[] l1,
      List<Qcow2Snapshot> snapshots) {
    super(name + "[qcow2]", h.virtualSize());
    this.name = name;
    this.file = file;
    this.data = data;
    this.backing = backing;
    this.h = h;
    this.l1 = l1;
    this.clusterBits = h.clusterBits();
    this.extended = h.extendedL2();
    this.external = h.externalData();
    this.unitBits = extended ? clusterBits - 5 : clusterBits;
    this.l2Bits = clusterBits - (extended ? 4 : 3);
    this.snapshots = snapshots;
    this.l2Cache = new LruCache<>(L2_CACHE_BYTES, t -> t.length * 8L);
    this.clusterCache = new LruCache<>(COMPRESSED_CACHE_BYTES, c -> c.length);
  }

  /** Opens the qcow2 image in {@code file}, which stays owned by the caller. */
  static Qcow2Disk open(BlockDevice file, DriverContext ctx) throws IOException {
    String name = file.toString();
    // The header, then its whole first cluster (header extensions, backing file name): a remote
    // image fetches no more than that.
    byte[] head = java.util.Arrays.copyOf(file.read(0, (int) Math.min(file.size(), 112)), 112);
    Qcow2Header h = Qcow2Header.parse(head, file.size(), ctx.limits(), name);
    int cs = h.clusterSize();
    byte[] cluster = java.util.Arrays.copyOf(file.read(0, (int) Math.min(file.size(), cs)), cs);
    HeaderExtensions ext =
        HeaderExtensions.parse(cluster, h.version() == 2 ? 72 : h.headerLength(), name);
    long unknown = h.incompatible() & ~Qcow2Header.INCOMPAT_KNOWN;
    if (unknown != 0) {
      List<String> named = new ArrayList<>();
      for (Map.Entry<Long, String> e : ext.incompatibleNames().entrySet()) {
        if ((unknown & e.getKey()) != 0) {
          named.add(e.getValue());
        }
      }
      throw new UnsupportedFeatureException(
          "qcow2 incompatible features " + hex(unknown),
          name
              + ": qcow2 header incompatible_features at 0x48: unknown bits "
              + hex(unknown)
              + (named.isEmpty() ? "" : " " + named));
    }
    if ((h.incompatible() & Qcow2Header.INCOMPAT_DIRTY) != 0) {
      ctx.warnings()
          .add(
              name
                  + ": qcow2 dirty bit set (not closed cleanly; refcounts may be stale, data is read as it is)");
    }
    if ((h.incompatible() & Qcow2Header.INCOMPAT_CORRUPT) != 0) {
      ctx.warnings()
          .add(
              name
                  + ": qcow2 corrupt bit set (qemu found an inconsistency in this image; read anyway)");
    }
    long[] l1 = readL1(file, h);
    List<Qcow2Snapshot> snaps =
        Qcow2Snapshot.readTable(file, h.snapshotsOffset(), h.snapshotCount(), ctx.limits(), name);
    if (!snaps.isEmpty()) {
      List<String> names = new ArrayList<>();
      for (Qcow2Snapshot s : snaps) {
        names.add(org.bootlace.image.support.Names.printable(s.name()));
      }
      ctx.warnings()
          .add(
              name
                  + ": qcow2 has "
                  + snaps.size()
                  + " internal snapshot(s) "
                  + names
                  + "; the active state is read");
    }
    BlockDevice data = file;
    BlockDevice backing = null;
    List<AutoCloseable> opened = new ArrayList<>();
    try {
      if (h.externalData()) {
        if (ext.dataFile().isEmpty()) {
          throw new CorruptImageException(
              name + ": qcow2 uses an external data file but its header names none");
        }
        ImageFiles.Opened d = ctx.files().open(ext.dataFile().get(), "data file");
        data = d.device();
        opened.add(data);
      }
      if (h.backingFileOffset() != 0) {
        String backingName =
            new String(
                cluster, (int) h.backingFileOffset(), h.backingFileSize(), StandardCharsets.UTF_8);
        ImageFiles.Opened b = ctx.files().open(backingName, "backing file");
        backing = NestedImages.open(b, ext.backingFormat(), ctx);
        opened.add(backing);
      }
      Qcow2Disk disk = new Qcow2Disk(name, file, data, backing, h, l1, snaps);
      if (data != file) {
        disk.own(data);
      }
      if (backing != null) {
        disk.own(backing);
      }
      return disk;
    } catch (IOException | RuntimeException e) {
      for (AutoCloseable c : opened) {
        try {
          c.close();
        } catch (Exception ignored) {
          // the first failure is the one to report
        }
      }
      throw e;
    }
  }

  private static long[] readL1(BlockDevice file, Qcow2Header h) throws IOException {
    byte[] raw = file.read(h.l1TableOffset(), h.l1Size() * 8);
    long[] l1 = new long[h.l1Size()];
    for (int i = 0; i < l1.length; i++) {
      l1[i] = Be.u64(raw, i * 8);
    }
    return l1;
  }

  /**
   * The internal snapshots the image lists (bootlace reads the active state, not these).
   *
   * @return the snapshot table's entries, in table order
   */
  public List<Qcow2Snapshot> snapshots() {
    return snapshots;
  }

  /**
   * The qcow2 version, 2 or 3.
   *
   * @return the header's {@code version} field (offset 4)
   */
  public int version() {
    return h.version();
  }

  @Override
  protected void readSome(long offset, ByteBuffer dst) throws IOException {
    int unitSize = 1 << unitBits;
    long unit = offset >>> unitBits;
    int inUnit = (int) (offset & (unitSize - 1));
    Mapping m = map(unit);
    long want = Math.min(dst.remaining(), MAX_RUN);
    long n = Math.min(want, unitSize - inUnit);
    if (m.kind != Kind.COMPRESSED) {
      // Extend over following units of the same kind (and, for data, contiguous in the file).
      long next = unit + 1;
      while (n < want) {
        Mapping nm = map(next);
        boolean same =
            nm.kind == m.kind
                && (m.kind != Kind.DATA || nm.host == m.host + ((next - unit) << unitBits));
        if (!same) {
          break;
        }
        n = Math.min(want, n + unitSize);
        next++;
      }
    }
    int len = (int) n;
    switch (m.kind) {
      case ZERO -> putZeros(dst, len);
      case UNALLOCATED -> readParent(backing, offset, dst, len);
      case DATA -> {
        long at = m.host + inUnit;
        if (at > data.size() || len > data.size() - at) {
          throw new CorruptImageException(
              name
                  + ": qcow2 guest offset "
                  + hex(offset)
                  + ": data at "
                  + hex(m.host)
                  + " is beyond the end of the "
                  + (external ? "data file" : "file")
                  + " (size "
                  + data.size()
                  + ")");
        }
        readInto(data, at, dst, len);
      }
      case COMPRESSED -> {
        long cluster = offset >>> clusterBits;
        byte[] c = decompressed(cluster, m);
        int inCluster = (int) (offset & ((1L << clusterBits) - 1));
        dst.put(c, inCluster, len);
      }
    }
  }

  private byte[] decompressed(long cluster, Mapping m) throws IOException {
    byte[] cached = clusterCache.get(cluster);
    if (cached != null) {
      return cached;
    }
    String what =
        name + ": qcow2 compressed cluster for guest cluster " + cluster + " at " + hex(m.host);
    long avail = file.size() - m.host;
    if (m.host >= file.size()) {
      throw new CorruptImageException(
          what + " is beyond the end of the file (size " + file.size() + ")");
    }
    int inLen = (int) Math.min(m.compressedLength, avail);
    byte[] in = file.read(m.host, inLen);
    byte[] out = new byte[1 << clusterBits];
    if (h.compressionType() == 1) {
      Decompress.zstd(in, inLen, out, what);
    } else {
      Decompress.inflate(in, inLen, out, false, what);
    }
    clusterCache.put(cluster, out);
    return out;
  }

  /** Maps guest unit {@code unit} (a cluster, or a subcluster with extended L2 entries). */
  private Mapping map(long unit) throws IOException {
    int sub = extended ? (int) (unit & 31) : 0;
    long cluster = extended ? unit >>> 5 : unit;
    long l1Index = cluster >>> l2Bits;
    if (l1Index >= l1.length) {
      // Only reachable past the virtual size, when a run is extended beyond the end.
      return new Mapping(Kind.ZERO, 0, 0);
    }
    long l1e = l1[(int) l1Index];
    String where = name + ": qcow2 L1 entry " + l1Index;
    if ((l1e & L1_RESERVED) != 0) {
      throw new CorruptImageException(where + ": reserved bits set in " + hex(l1e));
    }
    long l2Offset = l1e & OFFSET_MASK;
    if (l2Offset == 0) {
      return new Mapping(Kind.UNALLOCATED, 0, 0);
    }
    long[] l2 = l2Table(l2Offset, where);
    int index = (int) (cluster & ((1L << l2Bits) - 1));
    long e = l2[extended ? index * 2 : index];
    String at = name + ": qcow2 L2 entry " + index + " of the table at " + hex(l2Offset);
    if ((e & COMPRESSED) != 0) {
      if (external) {
        throw new CorruptImageException(
            at + ": compressed cluster in an image with an external data file");
      }
      int x = 62 - (clusterBits - 8);
      long host = e & ((1L << x) - 1);
      long sectors = (e >>> x) & ((1L << (clusterBits - 8)) - 1);
      long length = (sectors + 1) * 512 - (host & 511);
      if (host < (1L << clusterBits)) {
        throw new CorruptImageException(
            at + ": compressed data at " + hex(host) + " overlaps the header");
      }
      return new Mapping(Kind.COMPRESSED, host, (int) length);
    }
    long host = e & OFFSET_MASK;
    if ((e & 0x3f00_0000_0000_01feL) != 0) {
      throw new CorruptImageException(at + ": reserved bits set in " + hex(e));
    }
    if (host != 0 && (host & ((1L << clusterBits) - 1)) != 0) {
      throw new CorruptImageException(
          at + ": cluster offset " + hex(host) + " is not cluster aligned");
    }
    // Offset 0 means unallocated, except in an external data file where the copied bit marks
    // guest cluster 0's data at host offset 0. An aligned non-zero offset is past the header.
    boolean allocated = host != 0 || (external && (e & COPIED) != 0);
    if (!extended) {
      if ((e & 1) != 0 && h.version() >= 3) {
        return new Mapping(Kind.ZERO, 0, 0);
      }
      return allocated ? new Mapping(Kind.DATA, host, 0) : new Mapping(Kind.UNALLOCATED, 0, 0);
    }
    if ((e & 1) != 0) {
      throw new CorruptImageException(
          at + ": bit 0 is reserved with extended L2 entries: " + hex(e));
    }
    long bitmap = l2[index * 2 + 1];
    boolean alloc = (bitmap >>> sub & 1) != 0;
    boolean zero = (bitmap >>> (32 + sub) & 1) != 0;
    if (alloc && zero) {
      throw new CorruptImageException(
          at + ": subcluster " + sub + " is both allocated and zero in bitmap " + hex(bitmap));
    }
    if (zero) {
      return new Mapping(Kind.ZERO, 0, 0);
    }
    if (alloc) {
      if (!allocated) {
        throw new CorruptImageException(
            at + ": subcluster " + sub + " is allocated in a cluster without an offset");
      }
      return new Mapping(Kind.DATA, host + ((long) sub << unitBits), 0);
    }
    return new Mapping(Kind.UNALLOCATED, 0, 0);
  }

  private long[] l2Table(long offset, String where) throws IOException {
    long[] cached = l2Cache.get(offset);
    if (cached != null) {
      return cached;
    }
    int cs = 1 << clusterBits;
    if ((offset & (cs - 1)) != 0) {
      throw new CorruptImageException(
          where + ": L2 table offset " + hex(offset) + " is not cluster aligned");
    }
    if (offset > file.size() || cs > file.size() - offset) {
      throw new CorruptImageException(
          where
              + ": L2 table at "
              + hex(offset)
              + " is beyond the end of the file (size "
              + file.size()
              + ")");
    }
    byte[] raw = file.read(offset, cs);
    long[] t = new long[cs / 8];
    for (int i = 0; i < t.length; i++) {
      t[i] = Be.u64(raw, i * 8);
    }
    l2Cache.put(offset, t);
    return t;
  }
}
