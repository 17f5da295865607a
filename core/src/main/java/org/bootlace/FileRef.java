package org.bootlace;

import java.io.IOException;
import java.util.Objects;
import java.util.Optional;

/**
 * A path as a boot entry names it, on the volume the configuration placed it; optionally a byte
 * range inside that file (a section of a unified kernel image). No component may be null.
 *
 * @param volume the volume holding the file
 * @param path the file's path on the volume, as the entry names it
 * @param range the part of the file meant; empty for the whole file
 */
public record FileRef(Volume volume, String path, Optional<Range> range) {
  /**
   * Checks that no component is null.
   *
   * @param volume the volume holding the file
   * @param path the file's path on the volume, as the entry names it
   * @param range the part of the file meant; empty for the whole file
   * @throws NullPointerException if a component is null
   */
  public FileRef {
    Objects.requireNonNull(volume, "volume");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(range, "range");
  }

  /**
   * Refers to a whole file.
   *
   * @param volume the volume holding the file
   * @param path the file's path on the volume
   */
  public FileRef(Volume volume, String path) {
    this(volume, path, Optional.empty());
  }

  /**
   * A byte range of a file: {@code length} bytes from {@code offset}, called {@code name} in
   * locations ({@code :.linux}). {@link FileRef#open()} checks it against the file.
   *
   * @param offset the first byte's offset in the file
   * @param length the number of bytes
   * @param name the suffix naming the range in locations
   */
  public record Range(long offset, long length, String name) {}

  /**
   * Opens the file, or its range, to be read lazily.
   *
   * @return the file or the range
   * @throws GuestFileException if the path leads to no regular file
   * @throws CorruptImageException if the range lies outside the file, or the filesystem is corrupt
   * @throws IOException if the image cannot be read
   */
  public GuestFile open() throws IOException {
    GuestFile whole = volume.open(path);
    if (range.isEmpty()) {
      return whole;
    }
    Range r = range.get();
    if (r.offset() < 0
        || r.length() < 0
        || r.offset() > whole.size()
        || r.length() > whole.size() - r.offset()) {
      throw new CorruptImageException(
          whole.location()
              + r.name()
              + ": "
              + r.length()
              + " bytes at "
              + r.offset()
              + " lie outside the file ("
              + whole.size()
              + " bytes)");
    }
    return GuestFiles.slice(whole, r.offset(), r.length(), r.name());
  }

  @Override
  public String toString() {
    return volume.where(path) + range.map(Range::name).orElse("");
  }
}
