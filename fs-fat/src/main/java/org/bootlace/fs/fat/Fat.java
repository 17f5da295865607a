package org.bootlace.fs.fat;

import static org.bootlace.binary.Checks.hex;

import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.bootlace.CorruptImageException;
import org.bootlace.Limits;
import org.bootlace.block.BlockDevice;
import org.bootlace.fs.fat.BootSector.FatType;

/**
 * The file allocation table in use, read in cached chunks, and the cluster chains it links. A chain
 * is checked as it is followed: every link names a cluster of the volume (2 to the last one), free
 * and bad clusters never appear inside a chain, and no cluster appears twice (a loop). The other
 * copies of the FAT are never read.
 */
final class Fat {
  private static final int CHUNK = 64 << 10;
  private static final int CACHED_CHUNKS = 16;

  private final BlockDevice device;
  private final BootSector bs;
  private final Limits limits;
  private final Map<Long, byte[]> chunks =
      new LinkedHashMap<>(CACHED_CHUNKS, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, byte[]> eldest) {
          return size() > CACHED_CHUNKS;
        }
      };

  Fat(BlockDevice device, BootSector bs, Limits limits) {
    this.device = device;
    this.bs = bs;
    this.limits = limits;
  }

  /** The FAT's byte at {@code index} within the table. */
  private int byteAt(long index) throws IOException {
    long chunk = index / CHUNK;
    byte[] data;
    synchronized (chunks) {
      data = chunks.get(chunk);
    }
    if (data == null) {
      long start = chunk * CHUNK;
      int len = (int) Math.min(CHUNK, bs.fatBytes() - start);
      data = device.read(bs.fatOffset() + start, len);
      synchronized (chunks) {
        chunks.put(chunk, data);
      }
    }
    return data[(int) (index % CHUNK)] & 0xff;
  }

  /** The raw FAT entry of cluster {@code n}, 2 to maxCluster (FAT32: the low 28 bits). */
  long entry(long n) throws IOException {
    switch (bs.fatType()) {
      case FAT12:
        {
          long at = n + n / 2;
          int v = byteAt(at) | byteAt(at + 1) << 8;
          return (n & 1) == 0 ? v & 0xfff : v >>> 4;
        }
      case FAT16:
        return byteAt(2 * n) | byteAt(2 * n + 1) << 8;
      default:
        {
          long at = 4 * n;
          long v =
              byteAt(at) | byteAt(at + 1) << 8 | byteAt(at + 2) << 16 | (long) byteAt(at + 3) << 24;
          return v & 0x0fff_ffffL;
        }
    }
  }

  /** Where on disk the FAT entry of cluster {@code n} is, for messages. */
  long entryOffset(long n) {
    long index =
        switch (bs.fatType()) {
          case FAT12 -> n + n / 2;
          case FAT16 -> 2 * n;
          case FAT32 -> 4 * n;
        };
    return bs.fatOffset() + index;
  }

  /**
   * The chain from cluster {@code first}, as runs of consecutive clusters.
   *
   * @param maxClusters clusters to follow at most; a chain that goes on ends there
   * @param untilEnd whether the chain must end (an end-of-chain mark) within {@code maxClusters};
   *     otherwise it must have at least {@code maxClusters} clusters
   * @param what the structure, for messages ({@code "fat: file /EFI/BOOT/BOOTX64.EFI"})
   */
  Runs chain(long first, long maxClusters, boolean untilEnd, String what) throws IOException {
    checkCluster(first, what + ": first cluster", -1);
    // Two longs per run; a run per cluster at worst.
    long[] starts = new long[16];
    long[] lengths = new long[16];
    int runs = 0;
    long cluster = first;
    long count = 0;
    while (true) {
      count++;
      if (runs > 0 && starts[runs - 1] + lengths[runs - 1] == cluster) {
        lengths[runs - 1]++;
      } else {
        if (runs == starts.length) {
          // A loop shows as overlapping runs; looking each time the arrays double keeps the whole
          // walk n log n and finds a loop before it can fill memory.
          new Runs(Arrays.copyOf(starts, runs), Arrays.copyOf(lengths, runs), bs)
              .checkNoOverlap(what, first, this);
          Limits.check(
              "maxMetadataBytes",
              limits.maxMetadataBytes(),
              32L * runs,
              what + ": cluster chain fragments");
          starts = Arrays.copyOf(starts, runs * 2);
          lengths = Arrays.copyOf(lengths, runs * 2);
        }
        starts[runs] = cluster;
        lengths[runs] = 1;
        runs++;
      }
      if (count == maxClusters && !untilEnd) {
        break;
      }
      long next = entry(cluster);
      if (next > bs.fatType().bad) {
        if (!untilEnd && count < maxClusters) {
          throw new CorruptImageException(
              String.format(
                  Locale.ROOT,
                  "%s: cluster chain from %d ends after %d clusters at cluster %d (FAT entry at %s), %d are needed",
                  what,
                  first,
                  count,
                  cluster,
                  hex(entryOffset(cluster)),
                  maxClusters));
        }
        break;
      }
      if (count == maxClusters) {
        new Runs(Arrays.copyOf(starts, runs), Arrays.copyOf(lengths, runs), bs)
            .checkNoOverlap(what, first, this);
        throw new CorruptImageException(
            String.format(
                Locale.ROOT,
                "%s: cluster chain from %d goes on past %d clusters (FAT entry of cluster %d at %s)",
                what,
                first,
                count,
                cluster,
                hex(entryOffset(cluster))));
      }
      checkCluster(next, what, cluster);
      cluster = next;
    }
    Runs r = new Runs(Arrays.copyOf(starts, runs), Arrays.copyOf(lengths, runs), bs);
    r.checkNoOverlap(what, first, this);
    return r;
  }

  private void checkCluster(long n, String what, long from) throws CorruptImageException {
    String where =
        from < 0
            ? what
            : String.format(
                Locale.ROOT,
                "%s: FAT entry of cluster %d at %s",
                what,
                from,
                hex(entryOffset(from)));
    if (n == 0) {
      throw new CorruptImageException(where + ": free cluster (0) inside a chain");
    }
    if (n == bs.fatType().bad) {
      throw new CorruptImageException(
          String.format(Locale.ROOT, "%s: bad-cluster mark 0x%x inside a chain", where, n));
    }
    if (n < 2 || n > bs.maxCluster()) {
      throw new CorruptImageException(
          String.format(
              Locale.ROOT, "%s: cluster %d is out of range (2 to %d)", where, n, bs.maxCluster()));
    }
  }

  /** Consecutive cluster runs of one chain, in chain order. */
  static final class Runs {
    private final long[] starts;
    private final long[] lengths;

    /** Clusters before each run, for a binary search by position. */
    private final long[] before;

    private final BootSector bs;

    Runs(long[] starts, long[] lengths, BootSector bs) {
      this.starts = starts;
      this.lengths = lengths;
      this.bs = bs;
      this.before = new long[starts.length];
      for (int i = 1; i < starts.length; i++) {
        before[i] = before[i - 1] + lengths[i - 1];
      }
    }

    long clusters() {
      return starts.length == 0 ? 0 : before[starts.length - 1] + lengths[starts.length - 1];
    }

    /**
     * The disk offset of byte {@code pos} of the chain and how many bytes of its run follow it;
     * null past the chain's end. A binary search over the runs, so reading a fragmented file stays
     * linear.
     */
    long[] locate(long pos) {
      long cluster = pos / bs.clusterBytes();
      int lo = 0;
      int hi = starts.length - 1;
      while (lo < hi) {
        int mid = (lo + hi + 1) >>> 1;
        if (before[mid] <= cluster) {
          lo = mid;
        } else {
          hi = mid - 1;
        }
      }
      if (starts.length == 0 || cluster - before[lo] >= lengths[lo]) {
        return null;
      }
      long in = (cluster - before[lo]) * bs.clusterBytes() + pos % bs.clusterBytes();
      return new long[] {bs.clusterOffset(starts[lo]) + in, lengths[lo] * bs.clusterBytes() - in};
    }

    /**
     * A cluster reached twice is a loop: the runs sorted by first cluster must not overlap. Cluster
     * numbers and run lengths fit in 32 bits, so each run packs into one long and a primitive sort
     * does it in n log n.
     */
    void checkNoOverlap(String what, long first, Fat fat) throws CorruptImageException {
      long[] packed = new long[starts.length];
      for (int i = 0; i < packed.length; i++) {
        packed[i] = starts[i] << 32 | lengths[i];
      }
      Arrays.sort(packed);
      for (int k = 1; k < packed.length; k++) {
        long prevStart = packed[k - 1] >>> 32;
        long prevLength = packed[k - 1] & 0xffff_ffffL;
        long start = packed[k] >>> 32;
        if (prevStart + prevLength > start) {
          throw new CorruptImageException(
              String.format(
                  Locale.ROOT,
                  "%s: cluster chain from %d loops: cluster %d is reached twice",
                  what,
                  first,
                  start));
        }
      }
    }
  }

  FatType type() {
    return bs.fatType();
  }
}
