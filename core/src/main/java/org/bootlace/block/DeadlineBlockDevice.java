package org.bootlace.block;

import java.io.IOException;
import java.nio.ByteBuffer;

/** Checks the operation's deadline before each read of the wrapped device. */
final class DeadlineBlockDevice implements BlockDevice {
  private final BlockDevice device;
  private final TimeBudget deadline;

  DeadlineBlockDevice(BlockDevice device, TimeBudget deadline) {
    this.device = device;
    this.deadline = deadline;
  }

  @Override
  public long size() {
    return device.size();
  }

  @Override
  public void read(long offset, ByteBuffer dst) throws IOException {
    deadline.check();
    device.read(offset, dst);
  }

  @Override
  public int logicalSectorSize() {
    return device.logicalSectorSize();
  }

  @Override
  public void close() throws IOException {
    device.close();
  }

  @Override
  public String toString() {
    return device.toString();
  }
}
