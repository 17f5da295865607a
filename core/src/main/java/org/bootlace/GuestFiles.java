package org.bootlace;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * {@link GuestFile}s made from other content: a byte range of another guest file (a section of a
 * unified kernel image, a kernel's compressed payload), or bytes already in memory.
 */
public final class GuestFiles {
  private GuestFiles() {}

  /**
   * The {@code length} bytes of {@code whole} from {@code offset}, read lazily through it. The
   * range must lie inside {@code whole}: callers check offsets read from an image first and report
   * a range outside as a corrupt image.
   *
   * @param whole the file the range is part of
   * @param offset the range's first byte in {@code whole}
   * @param length the range's size in bytes
   * @param name what the range is, appended to the file's location and path ({@code :.linux} gives
   *     {@code (hd0,gpt1)/EFI/Linux/a.efi:.linux})
   * @return the range, as a file of {@code length} bytes
   * @throws IllegalArgumentException if the range does not lie inside {@code whole}
   */
  public static GuestFile slice(GuestFile whole, long offset, long length, String name) {
    Objects.requireNonNull(whole, "whole");
    Objects.requireNonNull(name, "name");
    if (offset < 0 || length < 0 || offset > whole.size() || length > whole.size() - offset) {
      throw new IllegalArgumentException(
          "range "
              + offset
              + "+"
              + length
              + " outside "
              + whole.location()
              + " ("
              + whole.size()
              + " bytes)");
    }
    return new SliceFile(whole, offset, length, name);
  }

  /**
   * Makes a guest file of bytes in memory.
   *
   * @param content the file's bytes; the array is copied
   * @param location how messages name the file; also its path
   * @return the file
   */
  public static GuestFile ofBytes(byte[] content, String location) {
    return new BytesFile(content.clone(), location);
  }

  private static final class SliceFile extends AbstractGuestFile {
    private final GuestFile whole;
    private final long offset;
    private final long length;
    private final String name;

    SliceFile(GuestFile whole, long offset, long length, String name) {
      this.whole = whole;
      this.offset = offset;
      this.length = length;
      this.name = name;
    }

    @Override
    public String location() {
      return whole.location() + name;
    }

    @Override
    public String path() {
      return whole.path() + name;
    }

    @Override
    public long size() {
      return length;
    }

    @Override
    public int read(long at, ByteBuffer dst) throws IOException {
      if (at < 0) {
        throw new IllegalArgumentException("negative offset " + at);
      }
      if (at >= length) {
        return -1;
      }
      if (!dst.hasRemaining()) {
        return 0;
      }
      long left = length - at;
      ByteBuffer view = dst.remaining() > left ? dst.slice().limit((int) left) : dst;
      int n = whole.read(offset + at, view);
      if (view != dst && n > 0) {
        dst.position(dst.position() + n);
      }
      if (n < 0) {
        throw new CorruptImageException(
            location()
                + ": "
                + whole.location()
                + " ended at "
                + (offset + at)
                + ", inside the range of "
                + length
                + " bytes from "
                + offset);
      }
      return n;
    }
  }

  private static final class BytesFile extends AbstractGuestFile {
    private final byte[] content;
    private final String location;

    BytesFile(byte[] content, String location) {
      this.content = content;
      this.location = location;
    }

    @Override
    public String location() {
      return location;
    }

    @Override
    public String path() {
      return location;
    }

    @Override
    public long size() {
      return content.length;
    }

    @Override
    public int read(long at, ByteBuffer dst) {
      if (at < 0) {
        throw new IllegalArgumentException("negative offset " + at);
      }
      if (at >= content.length) {
        return -1;
      }
      int n = (int) Math.min(dst.remaining(), content.length - at);
      dst.put(content, (int) at, n);
      return n;
    }
  }
}
