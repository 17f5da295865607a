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
  /** Size in bytes. */
  long size();

  /**
   * Fills {@code dst} from {@code offset} exactly ({@code dst.remaining()} bytes) or throws: a read
   * past the end is a {@link org.bootlace.CorruptImageException} naming this device and the range.
   */
  void read(long offset, ByteBuffer dst) throws IOException;

  /** Reads {@code length} bytes at {@code offset} into a new array. */
  default byte[] read(long offset, int length) throws IOException {
    byte[] out = new byte[length];
    read(offset, ByteBuffer.wrap(out));
    return out;
  }

  /** The logical sector size the device reports; 512 unless the device says otherwise. */
  default int logicalSectorSize() {
    return 512;
  }

  /**
   * A view of {@code length} bytes at {@code offset}, named {@code this[label]}. Closing a slice
   * does not close its parent.
   */
  default BlockDevice slice(long offset, long length, String label) {
    return new SliceBlockDevice(this, offset, length, label);
  }

  /** Releases resources; slices and views release nothing. */
  @Override
  default void close() throws IOException {}
}
