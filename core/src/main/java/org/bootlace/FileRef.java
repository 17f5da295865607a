package org.bootlace;

import java.util.Objects;

/** A path as a boot entry names it, on the volume the configuration placed it. */
public record FileRef(Volume volume, String path) {
  public FileRef {
    Objects.requireNonNull(volume, "volume");
    Objects.requireNonNull(path, "path");
  }

  @Override
  public String toString() {
    return "(" + volume.grubDevice() + ")" + path;
  }
}
