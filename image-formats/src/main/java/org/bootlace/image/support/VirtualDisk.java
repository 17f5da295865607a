package org.bootlace.image.support;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.bootlace.CorruptImageException;
import org.bootlace.binary.Checks;
import org.bootlace.block.BlockDevice;

/**
 * The virtual disk an image file holds. Subclasses map a run of guest bytes at a time ({@link
 * #readSome}); this class checks the range, loops until the buffer is full and releases the files
 * the disk holds open (backing files, extents) when closed.
 */
public abstract class VirtualDisk implements BlockDevice {
  private final String name;
  private final long size;
  private final List<Closeable> owned = new ArrayList<>();

  /**
   * A disk of {@code size} bytes.
   *
   * @param name what {@link #toString()} returns, naming the disk in messages
   * @param size the guest-visible size in bytes, not negative
   */
  protected VirtualDisk(String name, long size) {
    this.name = name;
    this.size = size;
  }

  /**
   * Makes {@link #close()} close {@code c} too.
   *
   * <p>Closed in the reverse order of being owned.
   *
   * @param c a file or device this disk reads through
   */
  protected final synchronized void own(Closeable c) {
    owned.add(c);
  }

  @Override
  public final long size() {
    return size;
  }

  @Override
  public final void read(long offset, ByteBuffer dst) throws IOException {
    int length = dst.remaining();
    if (offset < 0 || offset > size || length > size - offset) {
      throw new CorruptImageException(
          String.format(
              java.util.Locale.ROOT,
              "%s: read of %d bytes at %s is outside the device (size %d)",
              this,
              length,
              Checks.hex(offset),
              size));
    }
    long at = offset;
    while (dst.hasRemaining()) {
      int before = dst.remaining();
      readSome(at, dst);
      int done = before - dst.remaining();
      if (done <= 0) {
        throw new IllegalStateException(this + ": no progress reading at " + Checks.hex(at));
      }
      at += done;
    }
  }

  /**
   * Fills at least one and at most {@code dst.remaining()} bytes of guest data at {@code offset},
   * which lies inside the disk, advancing {@code dst}'s position.
   *
   * @param offset the guest byte offset, at least 0 and less than {@link #size()}
   * @param dst receives the bytes; at least one remains
   * @throws IOException if the image is corrupt there or reading the file fails
   */
  protected abstract void readSome(long offset, ByteBuffer dst) throws IOException;

  /**
   * Puts {@code n} zero bytes.
   *
   * @param dst receives the zeros at its position, which advances by {@code n}
   * @param n at most {@code dst.remaining()}
   */
  protected static void putZeros(ByteBuffer dst, int n) {
    if (dst.hasArray()) {
      int p = dst.position();
      java.util.Arrays.fill(
          dst.array(), dst.arrayOffset() + p, dst.arrayOffset() + p + n, (byte) 0);
      dst.position(p + n);
    } else {
      for (int i = 0; i < n; i++) {
        dst.put((byte) 0);
      }
    }
  }

  /**
   * Reads {@code n} bytes of {@code dev} at {@code at} into {@code dst}.
   *
   * @param dev the device read
   * @param at the byte offset in {@code dev}
   * @param dst receives the bytes at its position, which advances by {@code n}
   * @param n at most {@code dst.remaining()}
   * @throws IOException if {@code dev} fails or the range lies outside it
   */
  protected static void readInto(BlockDevice dev, long at, ByteBuffer dst, int n)
      throws IOException {
    ByteBuffer part = dst.slice();
    part.limit(n);
    dev.read(at, part);
    dst.position(dst.position() + n);
  }

  /**
   * Reads {@code n} guest bytes of {@code parent} at {@code at}, or zeros past the parent's end (a
   * backing file smaller than the disk reads as zeros beyond its end).
   *
   * @param parent the parent or backing disk, or null for none (all zeros)
   * @param at the guest byte offset
   * @param dst receives the bytes at its position, which advances by {@code n}
   * @param n at most {@code dst.remaining()}
   * @throws IOException if reading the parent fails
   */
  protected static void readParent(BlockDevice parent, long at, ByteBuffer dst, int n)
      throws IOException {
    if (parent == null || at >= parent.size()) {
      putZeros(dst, n);
      return;
    }
    int inside = (int) Math.min(n, parent.size() - at);
    readInto(parent, at, dst, inside);
    putZeros(dst, n - inside);
  }

  @Override
  public void close() throws IOException {
    IOException first = null;
    List<Closeable> copy;
    synchronized (this) {
      copy = new ArrayList<>(owned);
      owned.clear();
    }
    for (int i = copy.size() - 1; i >= 0; i--) {
      try {
        copy.get(i).close();
      } catch (IOException e) {
        first = first == null ? e : first;
      }
    }
    if (first != null) {
      throw first;
    }
  }

  @Override
  public String toString() {
    return name;
  }
}
