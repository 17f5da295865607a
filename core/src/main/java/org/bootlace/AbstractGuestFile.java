package org.bootlace;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Streaming and copying shared by every {@link GuestFile}, on top of positional reads. */
abstract class AbstractGuestFile implements GuestFile {
  /** Large enough that a copy runs at disk speed, small enough to keep per-copy memory flat. */
  static final int COPY_BUFFER = 1 << 20;

  @Override
  public InputStream openStream() {
    return new InputStream() {
      private long position;

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n <= 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
          return 0;
        }
        int n = AbstractGuestFile.this.read(position, ByteBuffer.wrap(b, off, len));
        if (n > 0) {
          position += n;
        }
        return n;
      }
    };
  }

  @Override
  public void copyTo(Path target) throws IOException {
    boolean done = false;
    try (FileChannel out =
        FileChannel.open(target, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW)) {
      try {
        writeTo(out);
        done = true;
      } finally {
        if (!done) {
          Files.deleteIfExists(target);
        }
      }
    }
  }

  @Override
  public void writeTo(WritableByteChannel out) throws IOException {
    ByteBuffer buf = ByteBuffer.allocateDirect(COPY_BUFFER);
    long position = 0;
    long size = size();
    while (position < size) {
      buf.clear();
      if (size - position < buf.capacity()) {
        buf.limit((int) (size - position));
      }
      int n = read(position, buf);
      if (n <= 0) {
        throw new CorruptImageException(
            location() + ": file ended at " + position + " of its " + size + " bytes");
      }
      buf.flip();
      while (buf.hasRemaining()) {
        out.write(buf);
      }
      position += n;
    }
  }

  @Override
  public String toString() {
    return location();
  }
}
