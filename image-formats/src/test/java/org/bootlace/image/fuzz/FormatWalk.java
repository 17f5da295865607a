package org.bootlace.image.fuzz;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.bootlace.block.BlockDevice;
import org.bootlace.block.BlockDevices;
import org.bootlace.internal.Deadline;
import org.bootlace.spi.DriverContext;
import org.bootlace.spi.ImageFormat;
import org.bootlace.spi.Warnings;
import org.bootlace.testing.FuzzProperty;

/**
 * One fuzz input through one image format: probe (which must answer, never throw), open (even when
 * the probe says no: open must refuse by itself), then read the start of the virtual disk, its end
 * and 64 scattered ranges. Reads go through a deadline as bootlace's own do.
 */
final class FormatWalk {
  private FormatWalk() {}

  /** Bytes read from the virtual disk, or -1 when the input was refused. */
  static long walk(ImageFormat format, byte[] input) {
    Deadline deadline = new Deadline();
    deadline.arm(FuzzProperty.LIMITS.timeout());
    BlockDevice file = BlockDevices.withDeadline(BlockDevices.ofBytes(input, "fuzz.img"), deadline);
    try {
      format.probe(file);
    } catch (IOException e) {
      if (!(e instanceof org.bootlace.BootlaceException)) {
        throw new AssertionError("probe threw " + e, e);
      }
    }
    Long n =
        FuzzProperty.value(
            () -> {
              try (BlockDevice disk =
                  format.open(file, new DriverContext(FuzzProperty.LIMITS, new Warnings()))) {
                return readAround(disk);
              }
            });
    deadline.disarm();
    return n == null ? -1 : n;
  }

  /** The bytes {@link #walk} reads from a disk of {@code size} bytes that reads cleanly. */
  static long plannedBytes(long size) {
    long total = Math.min(size, 1 << 20) + Math.min(size, 65536);
    for (int i = 1; i <= 64 && size > 0; i++) {
      total += Math.min(4096, size - size / 65 * i);
    }
    return total;
  }

  private static long readAround(BlockDevice disk) throws IOException {
    long size = disk.size();
    long total = 0;
    ByteBuffer buf = ByteBuffer.allocate(64 << 10);
    total += read(disk, 0, buf, Math.min(size, 1 << 20));
    total += read(disk, Math.max(0, size - 65536), buf, Math.min(size, 65536));
    for (int i = 1; i <= 64 && size > 0; i++) {
      long at = size / 65 * i;
      total += read(disk, at, buf, Math.min(4096, size - at));
    }
    return total;
  }

  private static long read(BlockDevice disk, long at, ByteBuffer buf, long length)
      throws IOException {
    long done = 0;
    while (done < length) {
      buf.clear();
      buf.limit((int) Math.min(buf.capacity(), length - done));
      disk.read(at + done, buf);
      done += buf.limit();
    }
    return done;
  }
}
