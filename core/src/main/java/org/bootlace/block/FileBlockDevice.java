package org.bootlace.block;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import org.bootlace.CorruptImageException;
import org.bootlace.binary.Checks;

/** A regular file or a block device read with positional reads, which are thread-safe. */
final class FileBlockDevice implements BlockDevice {
  private final FileChannel channel;
  private final long size;
  private final int sectorSize;
  private final String name;

  FileBlockDevice(FileChannel channel, long size, int sectorSize, String name) {
    this.channel = channel;
    this.size = size;
    this.sectorSize = sectorSize;
    this.name = name;
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public void read(long offset, ByteBuffer dst) throws IOException {
    Ranges.checkRead(this, offset, dst.remaining());
    long at = offset;
    while (dst.hasRemaining()) {
      int n = channel.read(dst, at);
      if (n < 0) {
        // The file shrank under us: report it like any other short image.
        throw new CorruptImageException(
            String.format(
                "%s: unexpected end of file at %s (size was %d when opened)",
                name, Checks.hex(at), size));
      }
      at += n;
    }
  }

  @Override
  public int logicalSectorSize() {
    return sectorSize;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }

  @Override
  public String toString() {
    return name;
  }
}
