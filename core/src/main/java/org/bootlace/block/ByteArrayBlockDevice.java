package org.bootlace.block;

import java.nio.ByteBuffer;
import org.bootlace.CorruptImageException;

/** An in-memory device; the array is not copied, so callers must not change it afterwards. */
final class ByteArrayBlockDevice implements BlockDevice {
  private final byte[] data;
  private final String name;
  private final int sectorSize;

  ByteArrayBlockDevice(byte[] data, String name, int sectorSize) {
    this.data = data;
    this.name = name;
    this.sectorSize = sectorSize;
  }

  @Override
  public long size() {
    return data.length;
  }

  @Override
  public void read(long offset, ByteBuffer dst) throws CorruptImageException {
    Ranges.checkRead(this, offset, dst.remaining());
    dst.put(data, (int) offset, dst.remaining());
  }

  @Override
  public int logicalSectorSize() {
    return sectorSize;
  }

  @Override
  public String toString() {
    return name;
  }
}
