package org.bootlace.block;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import org.bootlace.CorruptImageException;
import org.bootlace.binary.Checks;

/**
 * A regular file or a block device, read with positional reads that any number of threads may make
 * at once.
 *
 * <p>A {@link FileChannel} closes itself when a thread reading it is interrupted (as {@code
 * Future.cancel(true)} does), which would end every other reader of the image. So the file is
 * opened twice when the device is made: the channel serves reads while it lives, and a {@link
 * RandomAccessFile}, whose reads interrupts do not touch, takes over for good once an interrupt has
 * closed the channel. Both were opened when the device was made, so the fallback reads the file
 * that was opened, never whatever the path names later. The interrupted reader itself gets an
 * {@link InterruptedIOException} and keeps its interrupt status.
 */
final class FileBlockDevice implements BlockDevice {
  private final RandomAccessFile fallback;
  private final long size;
  private final int sectorSize;
  private final String name;
  private volatile FileChannel channel;
  private volatile boolean closed;

  FileBlockDevice(
      FileChannel channel, RandomAccessFile fallback, long size, int sectorSize, String name) {
    this.channel = channel;
    this.fallback = fallback;
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
      int n = readSome(at, dst);
      if (n < 0) {
        // The file shrank under us: report it like any other short image.
        throw new CorruptImageException(
            String.format(
                java.util.Locale.ROOT,
                "%s: unexpected end of file at %s (size was %d when opened)",
                name,
                Checks.hex(at),
                size));
      }
      at += n;
    }
  }

  private int readSome(long at, ByteBuffer dst) throws IOException {
    FileChannel ch = channel;
    if (ch != null) {
      try {
        return ch.read(dst, at);
      } catch (ClosedByInterruptException e) {
        channel = null;
        InterruptedIOException interrupted =
            new InterruptedIOException(name + ": read at " + Checks.hex(at) + " interrupted");
        interrupted.initCause(e);
        throw interrupted;
      } catch (ClosedChannelException e) {
        // Another reader was interrupted, or the device was closed: the fallback says which.
        channel = null;
      }
    }
    return readFallback(at, dst);
  }

  /** One read through the file interrupts cannot close; the seek makes it one reader at a time. */
  private int readFallback(long at, ByteBuffer dst) throws IOException {
    synchronized (fallback) {
      if (closed) {
        throw new IOException(name + ": the image was closed");
      }
      int want = dst.remaining();
      fallback.seek(at);
      int n;
      if (dst.hasArray()) {
        n = fallback.read(dst.array(), dst.arrayOffset() + dst.position(), want);
        if (n > 0) {
          dst.position(dst.position() + n);
        }
      } else {
        byte[] tmp = new byte[Math.min(want, 1 << 20)];
        n = fallback.read(tmp, 0, tmp.length);
        if (n > 0) {
          dst.put(tmp, 0, n);
        }
      }
      return n;
    }
  }

  @Override
  public int logicalSectorSize() {
    return sectorSize;
  }

  @Override
  public void close() throws IOException {
    closed = true;
    FileChannel ch = channel;
    channel = null;
    try {
      if (ch != null) {
        ch.close();
      }
    } finally {
      synchronized (fallback) {
        fallback.close();
      }
    }
  }

  @Override
  public String toString() {
    return name;
  }
}
