package org.bootlace.partition;

import java.util.Optional;
import org.bootlace.CorruptImageException;
import org.bootlace.binary.Checks;
import org.bootlace.block.BlockDevice;
import org.bootlace.spi.Partition;

/**
 * Builds the {@link Partition} both drivers return, from a sector range already checked to lie on
 * the disk.
 */
final class Partitions {
  private Partitions() {}

  static Partition of(
      BlockDevice disk,
      int sectorSize,
      int number,
      String scheme,
      String type,
      Optional<String> typeName,
      long firstLba,
      long sectors,
      boolean bootable,
      Optional<String> label,
      Optional<String> uuid)
      throws CorruptImageException {
    String what = scheme + ": " + disk + ": partition " + number;
    long offset = Checks.multiply(firstLba, sectorSize, what + " offset");
    long length = Checks.multiply(sectors, sectorSize, what + " length");
    return Partition.builder()
        .number(number)
        .scheme(scheme)
        .type(type)
        .typeName(typeName)
        .offset(offset)
        .length(length)
        .bootable(bootable)
        .label(label)
        .uuid(uuid)
        .device(disk.slice(offset, length, scheme + number))
        .build();
  }
}
