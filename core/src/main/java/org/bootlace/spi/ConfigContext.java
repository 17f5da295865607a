package org.bootlace.spi;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bootlace.Limits;
import org.bootlace.Volume;
import org.bootlace.block.TimeBudget;

/**
 * What a configuration parser may see: the file it parses, the volume it came from, and the other
 * volumes of the same disk (for {@code root (hd0,1)}, {@code search}, ...), read by path only.
 */
public interface ConfigContext {
  /** {@return the volume the configuration was found on} */
  Volume volume();

  /** {@return the configuration's path on {@link #volume()}} */
  String path();

  /**
   * {@return the configuration's bytes, already bounded by {@code maxConfigBytes}} Empty for a
   * {@linkplain ConfigLocation#presenceOnly() presence-only} location.
   */
  byte[] content();

  /**
   * Every volume with a readable filesystem on the disk, in partition-table order, then the
   * assembled volumes (LVM logical volumes, md arrays) in the order they were assembled. The first
   * call may open filesystems and assemble volumes; later calls return the same volumes.
   *
   * @return the volumes
   * @throws org.bootlace.LimitExceededException if a bound or the deadline is reached
   * @throws IOException if the image cannot be read
   */
  List<Volume> volumes() throws IOException;

  /**
   * The volume on partition {@code number} (1-based as GRUB 2 and Linux count; 0 is a whole-disk
   * filesystem), if that partition holds a readable filesystem.
   *
   * @param number the partition's number
   * @return its volume; empty when there is no such partition or no filesystem is read on it
   * @throws org.bootlace.LimitExceededException if a bound or the deadline is reached
   * @throws IOException if the image cannot be read
   */
  Optional<Volume> partition(int number) throws IOException;

  /** {@return the bounds on the evaluation} */
  Limits limits();

  /**
   * {@return the caller's overrides of bootloader variables ({@link
   * org.bootlace.BootOptions#variables()})}
   */
  Map<String, String> variables();

  /**
   * {@return the boot path the caller models ({@link org.bootlace.BootOptions#platform()})} {@code
   * XEN} by default.
   */
  default org.bootlace.BootOptions.Platform platform() {
    return org.bootlace.BootOptions.Platform.XEN;
  }

  /** {@return the operation's deadline; long-running evaluation checks it} */
  TimeBudget deadline();
}
