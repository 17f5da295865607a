package org.bootlace.image.support;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import org.bootlace.block.BlockDevice;

/**
 * A virtual disk made of extents laid end to end (a VMDK descriptor's extent list): each read is
 * passed to the extent holding it. Extents are devices of their own (a slice of a flat file, a
 * sparse extent, zeros); closing the disk closes those it was given to own.
 */
public final class ExtentDisk extends VirtualDisk {
  private final List<BlockDevice> extents;
  private final long[] starts;

  /**
   * {@code extents} in disk order; none may be empty.
   *
   * @param name names the disk in messages
   * @param extents the extents, copied; the disk's size is the sum of theirs
   */
  public ExtentDisk(String name, List<BlockDevice> extents) {
    super(name, total(extents));
    this.extents = List.copyOf(extents);
    this.starts = new long[extents.size()];
    long at = 0;
    for (int i = 0; i < extents.size(); i++) {
      starts[i] = at;
      at += extents.get(i).size();
    }
  }

  private static long total(List<BlockDevice> extents) {
    long t = 0;
    for (BlockDevice e : extents) {
      t += e.size();
    }
    return t;
  }

  /**
   * Closes {@code dev} with this disk.
   *
   * @param dev an extent or the file it is read from
   */
  public void owns(BlockDevice dev) {
    own(dev);
  }

  @Override
  protected void readSome(long offset, ByteBuffer dst) throws IOException {
    int lo = 0;
    int hi = starts.length - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (starts[mid] <= offset) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    BlockDevice e = extents.get(lo);
    long in = offset - starts[lo];
    int n = (int) Math.min(dst.remaining(), e.size() - in);
    readInto(e, in, dst, n);
  }

  /**
   * An extent of {@code size} zero bytes.
   *
   * @param size the extent's size in bytes
   * @param name names the extent in messages
   * @return a device reading as zeros
   */
  public static BlockDevice zeros(long size, String name) {
    return new VirtualDisk(name, size) {
      @Override
      protected void readSome(long offset, ByteBuffer dst) {
        putZeros(dst, dst.remaining());
      }
    };
  }
}
