package org.bootlace.spi;

import org.bootlace.Limits;

/**
 * What a driver may use while it opens something: the limits, a place for warnings and, for image
 * formats, the files the image may name ({@link ImageFiles}: backing files, parents, extents),
 * opened only under the caller's policy.
 *
 * @param limits the bounds on what the driver reads and allocates
 * @param warnings where the driver records deviations it tolerates
 * @param files the host files an image format may open
 */
public record DriverContext(Limits limits, Warnings warnings, ImageFiles files) {
  /**
   * A context in which an image may name no other file.
   *
   * @param limits the bounds on what the driver reads and allocates
   * @param warnings where the driver records deviations it tolerates
   */
  public DriverContext(Limits limits, Warnings warnings) {
    this(limits, warnings, ImageFiles.none("no image directory was allowed"));
  }
}
