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
   * A cursor at {@code data[start]} that may read up to {@code data[end]} (exclusive).
   *
   * @param data the bytes (not copied)
   * @param start the first byte to read
   * @param end the end of the readable range (exclusive)
   * @param diskOffset the disk offset of {@code data[start]}, for messages
   * @param what the format and structure, for messages ({@code "grubenv"})
   * @throws IllegalArgumentException when {@code start..end} is not a range of {@code data}
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

  /**
   * The index in the array of the next byte to read.
   *
   * @return the position
   */
  public int position() {
    return pos;
  }

  /**
   * How many bytes are left before the end of the range.
   *
   * @return the count
   */
  public int remaining() {
    return end - pos;
  }

  /**
   * The absolute disk offset of the next byte.
   *
   * @return the offset
   */
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

  /**
   * Reads an unsigned byte.
   *
   * @param field the field's name, for the message
   * @return the value
   * @throws CorruptImageException when fewer bytes remain than the field needs
   */
  public int u8(String field) throws CorruptImageException {
    return Le.u8(data, take(1, field));
  }

  /**
   * Reads an unsigned little-endian 16-bit value.
   *
   * @param field the field's name, for the message
   * @return the value
   * @throws CorruptImageException when fewer bytes remain than the field needs
   */
  public int u16(String field) throws CorruptImageException {
    return Le.u16(data, take(2, field));
  }

  /**
   * Reads an unsigned little-endian 32-bit value.
   *
   * @param field the field's name, for the message
   * @return the value
   * @throws CorruptImageException when fewer bytes remain than the field needs
   */
  public long u32(String field) throws CorruptImageException {
    return Le.u32(data, take(4, field));
  }

  /**
   * Reads a raw little-endian 64-bit value (negative when its top bit is set).
   *
   * @param field the field's name, for the message
   * @return the value
   * @throws CorruptImageException when fewer bytes remain than the field needs
   */
  public long u64(String field) throws CorruptImageException {
    return Le.u64(data, take(8, field));
  }

  /**
   * Reads {@code n} bytes into a new array.
   *
   * @param n how many
   * @param field the field's name, for the message
   * @return a copy of the bytes
   * @throws CorruptImageException when fewer than {@code n} bytes remain, or {@code n} is negative
   */
  public byte[] bytes(int n, String field) throws CorruptImageException {
    int at = take(n, field);
    byte[] out = new byte[n];
    System.arraycopy(data, at, out, 0, n);
    return out;
  }

  /**
   * Skips {@code n} bytes.
   *
   * @param n how many
   * @param field the field's name, for the message
   * @throws CorruptImageException when fewer than {@code n} bytes remain, or {@code n} is negative
   */
  public void skip(int n, String field) throws CorruptImageException {
    take(n, field);
  }
}
