package org.bootlace.fs.iso9660;

import static org.bootlace.binary.Checks.hex;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.bootlace.CorruptImageException;
import org.bootlace.binary.Checks;

/**
 * The bytes of a file as runs on disk, in file order: one per extent, with physically adjacent
 * extents of a multi-extent file merged so that each contiguous stretch is one device read.
 */
final class Runs {
  private final long[] logical;
  private final long[] disk;
  private final long[] length;
  final long total;

  private Runs(long[] logical, long[] disk, long[] length, long total) {
    this.logical = logical;
    this.disk = disk;
    this.length = length;
    this.total = total;
  }

  /** One extent of {@code len} bytes at disk offset {@code at}. */
  static Runs single(long at, long len) {
    return new Runs(new long[] {0}, new long[] {at}, new long[] {len}, len);
  }

  /**
   * The extents {@code at[i]}, {@code len[i]} in file order. Extents of one file must not overlap:
   * that would make two parts of the file the same bytes.
   */
  static Runs of(long[] at, long[] len, String where) throws CorruptImageException {
    int n = at.length;
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, Comparator.comparingLong(i -> at[i]));
    for (int k = 1; k < n; k++) {
      int a = order[k - 1];
      int b = order[k];
      if (len[a] > 0 && len[b] > 0 && at[a] + len[a] > at[b]) {
        throw new CorruptImageException(
            String.format(
                Locale.ROOT,
                "%s: extent %d (%d bytes at %s) overlaps extent %d (at %s)",
                where,
                a + 1,
                len[a],
                hex(at[a]),
                b + 1,
                hex(at[b])));
      }
    }
    List<long[]> merged = new ArrayList<>();
    long total = 0;
    for (int i = 0; i < n; i++) {
      if (len[i] == 0) {
        continue;
      }
      long[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
      if (last != null && last[1] + last[2] == at[i]) {
        last[2] += len[i];
      } else {
        merged.add(new long[] {total, at[i], len[i]});
      }
      total = Checks.add(total, len[i], where + ": file size");
    }
    long[] l = new long[merged.size()];
    long[] d = new long[merged.size()];
    long[] s = new long[merged.size()];
    for (int i = 0; i < l.length; i++) {
      l[i] = merged.get(i)[0];
      d[i] = merged.get(i)[1];
      s[i] = merged.get(i)[2];
    }
    return new Runs(l, d, s, total);
  }

  int count() {
    return logical.length;
  }

  /**
   * Reads from byte {@code offset} of the runs into {@code dst} until it is full or the runs end;
   * each run is one device read straight into the caller's buffer. Returns the count.
   */
  int read(Disk d, long offset, ByteBuffer dst) throws IOException {
    int want = (int) Math.min(dst.remaining(), total - offset);
    if (want <= 0) {
      return 0;
    }
    int done = 0;
    int i = find(offset);
    while (done < want) {
      long pos = offset + done;
      while (pos >= logical[i] + length[i]) {
        i++;
      }
      long inRun = pos - logical[i];
      int n = (int) Math.min(want - done, length[i] - inRun);
      ByteBuffer part = dst.slice(dst.position(), n);
      d.read(disk[i] + inRun, part);
      dst.position(dst.position() + n);
      done += n;
    }
    return done;
  }

  /** The disk offset of byte {@code offset} (which must be inside the runs). */
  long diskOffset(long offset) {
    int i = find(offset);
    return disk[i] + offset - logical[i];
  }

  /** The bytes from {@code offset} that lie contiguously on disk. */
  long contiguous(long offset) {
    int i = find(offset);
    return logical[i] + length[i] - offset;
  }

  private int find(long offset) {
    int lo = 0;
    int hi = logical.length - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (logical[mid] <= offset) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }
}
