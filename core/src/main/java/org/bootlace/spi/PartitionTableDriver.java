package org.bootlace.spi;

import java.io.IOException;
import java.util.List;
import org.bootlace.block.BlockDevice;

/** Reads one kind of partition table. */
public interface PartitionTableDriver extends Driver {
  /** Cheap and bounded; answers no on garbage instead of throwing. */
  Probe probe(BlockDevice disk) throws IOException;

  /**
   * The partitions, in table order. A driver may include the whole disk (number 0) when the disk is
   * also meant to be read whole, as an ISO-hybrid image is.
   */
  List<Partition> read(BlockDevice disk, DriverContext context) throws IOException;
}
