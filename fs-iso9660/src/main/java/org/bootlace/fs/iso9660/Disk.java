package org.bootlace.fs.iso9660;

import static org.bootlace.binary.Checks.hex;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Locale;
import org.bootlace.CorruptImageException;
import org.bootlace.Limits;
import org.bootlace.block.BlockDevice;

/**
 * The device seen in logical blocks, with the geometry every reader needs. Shared by all threads:
 * it holds no cursor, only immutable geometry and synchronized caches.
 */
final class Disk {
  /** ECMA-119's logical sector: directory records never cross one. */
  static final int SECTOR = 2048;

  final BlockDevice device;
  final Limits limits;
  final int blockSize;

  /** Where extents may end: the volume space or the device, whichever is smaller. */
  final long end;

  /** The first block after the volume descriptor set, where the tree may start. */
  final long firstDataBlock;

  private final SectorCache<Long> sectors = new SectorCache<>(4 << 20, SECTOR);

  Disk(BlockDevice device, Limits limits, int blockSize, long volumeBytes, long firstDataSector) {
    this.device = device;
    this.limits = limits;
    this.blockSize = blockSize;
    this.end = Math.min(volumeBytes, device.size());
    this.firstDataBlock = firstDataSector * SECTOR / blockSize;
  }

  /**
   * Throws unless {@code length} bytes from block {@code lba} (plus {@code skipBlocks}) lie inside
   * the volume and the device and after the descriptors. Returns the disk offset of the data.
   */
  long extent(long lba, int skipBlocks, long length, String what, long foundAt)
      throws CorruptImageException {
    if (length == 0) {
      return 0; // an empty file's extent location means nothing
    }
    long first = lba + skipBlocks;
    if (first < firstDataBlock) {
      throw new CorruptImageException(
          String.format(
              Locale.ROOT,
              "%s at %s: extent at block %d lies in the system area or volume descriptors (before block %d)",
              what,
              hex(foundAt),
              first,
              firstDataBlock));
    }
    long offset = first * blockSize;
    if (offset > end || length > end - offset) {
      throw new CorruptImageException(
          String.format(
              Locale.ROOT,
              "%s at %s: extent of %d bytes at block %d ends beyond the %s (%d bytes)",
              what,
              hex(foundAt),
              length,
              first,
              end == device.size() ? "device " + device : "volume space",
              end));
    }
    return offset;
  }

  /**
   * The 2048 bytes at {@code offset} through the cache, zero-padded where the device ends; the
   * caller must not modify the array.
   */
  byte[] sector(long offset) throws IOException {
    byte[] b = sectors.get(offset);
    if (b == null) {
      b = new byte[SECTOR];
      int n = (int) Math.max(0, Math.min(SECTOR, device.size() - offset));
      device.read(offset, ByteBuffer.wrap(b, 0, n));
      sectors.put(offset, b);
    }
    return b;
  }

  /** Reads {@code dst.remaining()} bytes at {@code offset}, uncached. */
  void read(long offset, ByteBuffer dst) throws IOException {
    device.read(offset, dst);
  }
}
