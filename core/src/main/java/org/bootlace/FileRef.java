package org.bootlace;

import java.io.IOException;
import java.util.Objects;
import java.util.Optional;

/**
 * A path as a boot entry names it, on the volume the configuration placed it; optionally a byte
 * range inside that file (a section of a unified kernel image).
 */
public record FileRef(Volume volume, String path, Optional<Range> range) {
  public FileRef {
    Objects.requireNonNull(volume, "volume");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(range, "range");
  }

  public FileRef(Volume volume, String path) {
    this(volume, path, Optional.empty());
  }

  /**
   * A byte range of a file: {@code length} bytes from {@code offset}, called {@code name} in
   * locations ({@code :.linux}).
   */
  public record Range(long offset, long length, String name) {}

  /** The file, or its range, read lazily; a range outside the file is a corrupt image. */
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
