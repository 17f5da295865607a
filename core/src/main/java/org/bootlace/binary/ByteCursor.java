package org.bootlace.binary;

import java.util.Locale;
import org.bootlace.CorruptImageException;

/**
 * A bounds-checked little-endian reader over part of a byte array, for variable-length records.
 * Every read first checks what remains and fails with a message naming {@code what} and the
 * absolute disk offset, so a short record cannot turn into an {@link IndexOutOfBoundsException}.
 */
public final class ByteCursor {
  private final byte[] data;
  private final int end;
  private final long diskOffset;
  private final String what;
  private int pos;

  /**
   * @param diskOffset the disk offset of {@code data[start]}, for messages
   * @param what the format and structure, for messages ({@code "grubenv"})
   */
  public ByteCursor(byte[] data, int start, int end, long diskOffset, String what) {
    if (start < 0 || end > data.length || start > end) {
      throw new IllegalArgumentException("bad range " + start + ".." + end + " of " + data.length);
    }
    this.data = data;
    this.pos = start;
    this.end = end;
    this.diskOffset = diskOffset - start;
    this.what = what;
  }

  public int position() {
    return pos;
  }

  public int remaining() {
    return end - pos;
  }

  /** The absolute disk offset of the next byte. */
  public long diskOffset() {
    return diskOffset + pos;
  }

  private int take(int n, String field) throws CorruptImageException {
    if (n < 0 || n > end - pos) {
      throw new CorruptImageException(
          String.format(
              Locale.ROOT,
              "%s: %s at %s: needs %d bytes, %d remain",
              what,
              field,
              Checks.hex(diskOffset()),
              n,
              end - pos));
    }
    int at = pos;
    pos += n;
    return at;
  }

  public int u8(String field) throws CorruptImageException {
    return Le.u8(data, take(1, field));
  }

  public int u16(String field) throws CorruptImageException {
    return Le.u16(data, take(2, field));
  }

  public long u32(String field) throws CorruptImageException {
    return Le.u32(data, take(4, field));
  }

  public long u64(String field) throws CorruptImageException {
    return Le.u64(data, take(8, field));
  }

  public byte[] bytes(int n, String field) throws CorruptImageException {
    int at = take(n, field);
    byte[] out = new byte[n];
    System.arraycopy(data, at, out, 0, n);
    return out;
  }

  public void skip(int n, String field) throws CorruptImageException {
    take(n, field);
  }
}
