package org.bootlace.block;

import static com.google.common.base.Preconditions.checkArgument;

import java.io.IOException;
import java.nio.ByteBuffer;

/** A window onto a parent device; its name is {@code parent[label]}. */
final class SliceBlockDevice implements BlockDevice {
  private final BlockDevice parent;
  private final long offset;
  private final long length;
  private final String name;

  SliceBlockDevice(BlockDevice parent, long offset, long length, String label) {
    checkArgument(
        offset >= 0 && length >= 0 && offset <= parent.size() && length <= parent.size() - offset,
        "slice %s+%s outside %s (size %s)",
        offset,
        length,
        parent,
        parent.size());
    this.parent = parent;
    this.offset = offset;
    this.length = length;
    this.name = parent + "[" + label + "]";
  }

  @Override
  public long size() {
    return length;
  }

  @Override
  public void read(long at, ByteBuffer dst) throws IOException {
    Ranges.checkRead(this, at, dst.remaining());
    parent.read(offset + at, dst);
  }

  @Override
  public int logicalSectorSize() {
    return parent.logicalSectorSize();
  }

  @Override
  public String toString() {
    return name;
  }
}
