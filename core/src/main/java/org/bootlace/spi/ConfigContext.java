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
  /** The volume the configuration was found on. */
  Volume volume();

  /** The configuration's path on {@link #volume()}. */
  String path();

  /** The configuration's bytes, already bounded by {@code maxConfigBytes}. */
  byte[] content();

  /**
   * Every volume with a readable filesystem on the disk, in partition-table order, then the
   * assembled volumes (LVM logical volumes, md arrays) in the order they were assembled.
   */
  List<Volume> volumes() throws IOException;

  /**
   * The volume on partition {@code number} (1-based as GRUB 2 and Linux count; 0 is a whole-disk
   * filesystem), if that partition holds a readable filesystem.
   */
  Optional<Volume> partition(int number) throws IOException;

  Limits limits();

  /**
   * The caller's overrides of bootloader variables ({@link org.bootlace.BootOptions#variables()}).
   */
  Map<String, String> variables();

  /** The boot path the caller models ({@link org.bootlace.BootOptions#platform()}). */
  default org.bootlace.BootOptions.Platform platform() {
    return org.bootlace.BootOptions.Platform.XEN;
  }

  /** The operation's deadline; long-running evaluation checks it. */
  TimeBudget deadline();
}
