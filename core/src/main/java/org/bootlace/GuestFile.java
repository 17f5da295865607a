package org.bootlace;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;

/**
 * A regular file inside the guest, read lazily: nothing is copied until asked. A ramdisk made of
 * several files is one {@code GuestFile} too, their concatenation.
 */
public interface GuestFile {
  /** Where it is, as {@code (hd0,msdos1)/boot/vmlinuz}; several such names for a concatenation. */
  String location();

  /** The path inside its volume as the configuration named it ({@code /boot/vmlinuz}). */
  String path();

  long size();

  /** Reads at {@code offset}; returns the count read, or -1 at the end. */
  int read(long offset, ByteBuffer dst) throws IOException;

  /** A stream over the whole content; the caller closes it. */
  InputStream openStream() throws IOException;

  /**
   * Copies the content to {@code target}, which must not exist yet; on failure the partial target
   * is removed.
   */
  void copyTo(Path target) throws IOException;

  /** Writes the whole content to {@code out} at its current position, at disk speed. */
  void writeTo(WritableByteChannel out) throws IOException;

  /** The whole content; for small files (configs), bounded by {@code maxBytes}. */
  byte[] readAllBytes(long maxBytes, String limitName) throws IOException;
}
