package org.bootlace;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import org.bootlace.binary.WholeFile;

/**
 * A regular file inside the guest, read lazily: nothing is copied until asked. A ramdisk made of
 * several files is one {@code GuestFile} too, their concatenation.
 *
 * <p>bootlace makes these ({@link Volume#open(String)}, {@link BootRecord}, {@link GuestFiles});
 * applications and drivers use them but do not implement this interface, which may gain methods.
 */
public interface GuestFile {
  /**
   * Where it is, for people and errors.
   *
   * @return the location, as {@code (hd0,msdos1)/boot/vmlinuz}; several such names, separated by
   *     spaces, for a concatenation
   */
  String location();

  /**
   * The path inside its volume as the configuration named it.
   *
   * @return the path, as {@code /boot/vmlinuz}
   */
  String path();

  /**
   * The file's length.
   *
   * @return the length in bytes
   */
  long size();

  /**
   * Reads from {@code offset} into {@code dst}'s remaining space, advancing its position.
   *
   * @param offset where to read from, 0-based
   * @param dst where the bytes go
   * @return the count read, or -1 at the end of the file
   * @throws IOException when reading fails; a file that ends before its size is a {@link
   *     CorruptImageException}
   */
  int read(long offset, ByteBuffer dst) throws IOException;

  /**
   * A stream over the whole content; the caller closes it.
   *
   * @return a new stream from the start of the file
   * @throws IOException when the stream cannot be opened
   */
  InputStream openStream() throws IOException;

  /**
   * Copies the content to {@code target}, which must not exist yet; on failure the partial target
   * is removed.
   *
   * @param target the file to create
   * @throws IOException when the target exists or cannot be written, or reading fails
   */
  void copyTo(Path target) throws IOException;

  /**
   * Writes the whole content to {@code out} at its current position, at disk speed.
   *
   * @param out where the content goes; not closed
   * @throws IOException when writing or reading fails
   */
  void writeTo(WritableByteChannel out) throws IOException;

  /**
   * The whole content in one array, for small files. Files a {@link BootRecord} names are already
   * bounded by the source's {@link Limits} ({@code maxKernelBytes}, {@code maxRamdiskBytes}); for
   * another file, check {@link #size()} first, or read a configuration with {@link
   * Volume#readConfig(String)}, which {@code maxConfigBytes} bounds.
   *
   * @return the content
   * @throws UnsupportedFeatureException when the file is larger than one array holds ({@link
   *     Limits#MAX_IN_MEMORY}); {@link #openStream()}, {@link #copyTo} and {@link #writeTo} read it
   * @throws CorruptImageException when the file ends before its size
   * @throws IOException when reading fails
   */
  default byte[] readAllBytes() throws IOException {
    long size = size();
    if (size > Limits.MAX_IN_MEMORY) {
      throw new UnsupportedFeatureException(
          "a file larger than one array",
          location()
              + ": "
              + size
              + " bytes do not fit in one array (at most "
              + Limits.MAX_IN_MEMORY
              + "); read it with openStream(), copyTo or writeTo");
    }
    return WholeFile.read(this, size, "maxInMemory");
  }
}
