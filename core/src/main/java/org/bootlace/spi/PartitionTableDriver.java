package org.bootlace.spi;

import java.io.IOException;
import java.util.List;
import org.bootlace.block.BlockDevice;

/** Reads one kind of partition table. */
public interface PartitionTableDriver extends Driver {
  /**
   * Tells whether {@code disk} has this driver's partition table. Cheap and bounded; answers no on
   * garbage instead of throwing.
   *
   * @param disk the disk
   * @return the answer, with a short reason
   * @throws IOException only if the disk cannot be read, or a read finds the time budget spent
   */
  Probe probe(BlockDevice disk) throws IOException;

  /**
   * The partitions, in table order. A driver may include the whole disk (number 0) when the disk is
   * also meant to be read whole, as an ISO-hybrid image is.
   *
   * @param disk the disk whose probe said yes
   * @param context the limits and the warnings of the operation
   * @return the partitions
   * @throws org.bootlace.CorruptImageException if the table breaks its format
   * @throws org.bootlace.LimitExceededException if it has more than {@code maxPartitions}
   *     partitions, or another bound is reached
   * @throws IOException if the disk cannot be read
   */
  List<Partition> read(BlockDevice disk, DriverContext context) throws IOException;
}
