package org.bootlace.block;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A read-only, positional, thread-safe view of bytes: a disk image, a partition, a decoded virtual
 * disk. {@code toString()} names the source and composes through slices ({@code disk.img[msdos2]})
 * so every error can say where it happened.
 */
public interface BlockDevice extends Closeable {
  /** {@return the size in bytes} */
  long size();

  /**
   * Fills {@code dst} from {@code offset} exactly ({@code dst.remaining()} bytes) or throws: a read
   * past the end is a {@link org.bootlace.CorruptImageException} naming this device and the range.
   *
   * @param offset the first byte's offset on the device, not negative
   * @param dst where the bytes go; filled from its position to its limit
   * @throws org.bootlace.CorruptImageException if the range does not lie inside the device
   * @throws org.bootlace.LimitExceededException if the device checks a deadline and it is spent
   * @throws IOException if the underlying file or device cannot be read
   */
  void read(long offset, ByteBuffer dst) throws IOException;

  /**
   * Reads {@code length} bytes at {@code offset} into a new array. Callers check a length read from
   * the image against a {@link org.bootlace.Limits} bound before asking for it.
   *
   * @param offset the first byte's offset on the device, not negative
   * @param length the count of bytes, not negative
   * @return the bytes
   * @throws org.bootlace.CorruptImageException if the range does not lie inside the device
   * @throws org.bootlace.LimitExceededException if the device checks a deadline and it is spent
   * @throws IOException if the underlying file or device cannot be read
   */
  default byte[] read(long offset, int length) throws IOException {
    byte[] out = new byte[length];
    read(offset, ByteBuffer.wrap(out));
    return out;
  }

  /**
   * {@return the logical sector size in bytes the device reports; 512 unless the device says
   * otherwise}
   */
  default int logicalSectorSize() {
    return 512;
  }

  /**
   * A view of {@code length} bytes at {@code offset}, named {@code this[label]}. Closing a slice
   * does not close its parent.
   *
   * @param offset the view's first byte on this device
   * @param length the view's size in bytes
   * @param label the view's name inside this device's ({@code msdos2})
   * @return the view, with this device's sector size
   * @throws IllegalArgumentException if the range does not lie inside this device
   */
  default BlockDevice slice(long offset, long length, String label) {
    return new SliceBlockDevice(this, offset, length, label);
  }

  /**
   * Releases resources; slices and views release nothing.
   *
   * @throws IOException if releasing fails
   */
  @Override
  default void close() throws IOException {}
}
