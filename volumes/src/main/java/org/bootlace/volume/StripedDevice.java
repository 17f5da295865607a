package org.bootlace.volume;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import org.bootlace.CorruptImageException;
import org.bootlace.binary.Checks;
import org.bootlace.block.BlockDevice;

/**
 * Areas of equal size interleaved in chunks, as device-mapper's {@code striped} target and md RAID
 * 0 lay them out: chunk {@code c} of the volume is chunk {@code c / n} of area {@code c % n}. Each
 * area's size is a whole number of chunks.
 */
public final class StripedDevice implements BlockDevice {
  private final BlockDevice[] areas;
  private final long chunk;
  private final long size;
  private final String name;

  /**
   * A striped device of {@code areas.size()} times the areas' size.
   *
   * @param areas the areas in stripe order, copied; all of one size
   * @param chunkBytes the chunk size in bytes, positive
   * @param name names the device in messages
   * @throws CorruptImageException if the areas differ in size, an area is not a whole number of
   *     chunks, or the total size overflows
   */
  public StripedDevice(List<BlockDevice> areas, long chunkBytes, String name)
      throws CorruptImageException {
    this.areas = areas.toArray(new BlockDevice[0]);
    this.chunk = chunkBytes;
    this.name = name;
    long areaSize = this.areas.length == 0 ? 0 : this.areas[0].size();
    for (BlockDevice a : this.areas) {
      Checks.require(a.size() == areaSize, "%s: stripe areas differ in size", name);
    }
    Checks.require(
        chunkBytes > 0 && areaSize % chunkBytes == 0,
        "%s: stripe area of %d bytes is not a whole number of %d-byte chunks",
        name,
        areaSize,
        chunkBytes);
    this.size = Checks.multiply(areaSize, this.areas.length, name + ": size");
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
    long at = offset;
    while (dst.hasRemaining()) {
      long c = at / chunk;
      long within = at % chunk;
      int area = (int) (c % areas.length);
      long row = c / areas.length;
      int n = (int) Math.min(dst.remaining(), chunk - within);
      ByteBuffer part = dst.slice();
      part.limit(n);
      areas[area].read(row * chunk + within, part);
      dst.position(dst.position() + n);
      at += n;
    }
  }

  @Override
  public int logicalSectorSize() {
    return areas.length == 0 ? 512 : areas[0].logicalSectorSize();
  }

  @Override
  public String toString() {
    return name;
  }
}
