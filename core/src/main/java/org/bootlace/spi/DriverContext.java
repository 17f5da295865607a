package org.bootlace.spi;

import org.bootlace.Limits;

/**
 * What a driver may use while it opens something: the limits, a place for warnings and, for image
 * formats, the files the image may name ({@link ImageFiles}: backing files, parents, extents),
 * opened only under the caller's policy.
 */
public record DriverContext(Limits limits, Warnings warnings, ImageFiles files) {
  /** A context in which an image may name no other file. */
  public DriverContext(Limits limits, Warnings warnings) {
    this(limits, warnings, ImageFiles.none("no image directory was allowed"));
  }
}
