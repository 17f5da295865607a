package org.bootlace.volume;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import org.bootlace.CorruptImageException;
import org.bootlace.binary.Checks;
import org.bootlace.block.BlockDevice;

/**
 * A device made of pieces laid end to end (an LV's segments, a linear array's members), each piece
 * itself a device: a slice of a member, or a {@link StripedDevice}. Reads find their first piece by
 * binary search and go on piece by piece, so a read costs its pieces, not the volume's.
 */
public final class MappedDevice implements BlockDevice {
  private final BlockDevice[] pieces;
  private final long[] starts;
  private final long size;
  private final String name;

  /**
   * The pieces in order; {@code name} is what errors call the device.
   *
   * @param pieces the pieces in order, copied; the device's size is the sum of theirs
   * @param name names the device in messages
   * @throws CorruptImageException if the sizes add up past {@code Long.MAX_VALUE}
   */
  public MappedDevice(List<BlockDevice> pieces, String name) throws CorruptImageException {
    this.pieces = pieces.toArray(new BlockDevice[0]);
    this.starts = new long[this.pieces.length];
    long at = 0;
    for (int i = 0; i < this.pieces.length; i++) {
      starts[i] = at;
      at = Checks.add(at, this.pieces[i].size(), name + ": size");
    }
    this.size = at;
    this.name = name;
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public void read(long offset, ByteBuffer dst) throws IOException {
    int length = dst.remaining();
    if (offset < 0 || offset > size || length > size - offset) {
      throw new CorruptImageException(
          String.format(
              java.util.Locale.ROOT,
              "%s: read of %d bytes at %s is outside the device (size %d)",
              name,
              length,
              Checks.hex(offset),
              size));
    }
    int i = pieceAt(offset);
    long at = offset;
    while (dst.hasRemaining()) {
      long within = at - starts[i];
      int n = (int) Math.min(dst.remaining(), pieces[i].size() - within);
      if (n > 0) {
        ByteBuffer part = dst.slice();
        part.limit(n);
        pieces[i].read(within, part);
        dst.position(dst.position() + n);
        at += n;
      }
      i++;
    }
  }

  private int pieceAt(long offset) {
    int lo = 0;
    int hi = pieces.length - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (starts[mid] <= offset) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }

  @Override
  public int logicalSectorSize() {
    int s = 512;
    for (BlockDevice p : pieces) {
      s = Math.max(s, p.logicalSectorSize());
    }
    return s;
  }

  @Override
  public String toString() {
    return name;
  }
}
