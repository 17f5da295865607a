package org.bootlace.spi;

import java.io.IOException;
import java.util.List;
import org.bootlace.block.BlockDevice;

/**
 * Assembles volumes that live on other block devices: LVM2 logical volumes from their physical
 * volumes, Linux md arrays from their members. Each volume it returns is one more partition-like
 * {@link Partition} whose {@link Partition#deviceNames()} are GRUB 2's names for it ({@code
 * lvm/vg-root}, {@code md/boot}); bootlace then looks for a filesystem on it as on any partition.
 *
 * <p>bootlace assembles in rounds: the first round offers the disk's partitions (in search order),
 * the next round offers the volumes the previous one made (LVM on md), up to a fixed number of
 * rounds. Within a round, drivers run in their order and a device one driver's probe claimed is not
 * offered to the next (an md 1.0 member carries its array's LVM label too).
 */
public interface VolumeManagerDriver extends Driver {
  /**
   * Tells whether {@code device} is a member. Cheap and bounded (a label or superblock read);
   * answers no on garbage instead of throwing.
   *
   * @param device a partition or an assembled volume
   * @return the answer, with a short reason
   * @throws IOException only if the device cannot be read, or a read finds the time budget spent
   */
  Probe probe(BlockDevice device) throws IOException;

  /**
   * The volumes whose members are among {@code members} (every device of this round whose probe
   * said yes, in search order), in the order they should be searched. A volume that cannot be
   * assembled (a member missing, a layout not handled, an encrypted volume) is left out with a
   * warning in {@code context}; an exception fails this driver's whole round, which bootlace
   * reports as a warning while it goes on with the partitions.
   *
   * @param members the devices whose probe said yes
   * @param context the limits and the warnings of the operation
   * @return the assembled volumes
   * @throws org.bootlace.CorruptImageException if a member's metadata breaks its format
   * @throws org.bootlace.LimitExceededException if a bound is reached
   * @throws IOException if a member cannot be read
   */
  List<Partition> assemble(List<Partition> members, DriverContext context) throws IOException;
}
