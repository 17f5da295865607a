package org.bootlace.grub.legacy;

import java.io.IOException;
import java.util.Optional;
import org.bootlace.Volume;
import org.bootlace.spi.ConfigContext;

/**
 * Maps GRUB legacy devices onto the image's volumes: {@code (hd0)} is the whole disk, {@code
 * (hd0,n)} partition n+1 as Linux counts. When that names nothing bootlace can read (a bare
 * filesystem image, where the guest's {@code (hd0,0)} is the whole image; another disk; a BSD
 * sub-partition), the file's own volume stands in, as pygrub reads everything from the volume it
 * found the configuration on, and a warning says so.
 */
final class DeviceMap {
  /** A device an entry reads files from, named as the configuration named it. */
  record Root(Volume volume, String name) {}

  /** The result of mapping a device: the root, and why it was substituted if it was. */
  record Mapped(Root root, Optional<String> substitution) {}

  private final ConfigContext context;
  private final Diagnostics diagnostics;

  DeviceMap(ConfigContext context, Diagnostics diagnostics) {
    this.context = context;
    this.diagnostics = diagnostics;
  }

  /**
   * @param current the root the device is relative to ({@code (hd0,)} means its partition)
   * @param own the volume of the file being evaluated, which stands in for unreadable devices
   * @param ownPath that file's path, for the warning
   */
  Mapped map(DeviceName device, Root current, Volume own, String ownPath) throws IOException {
    Optional<Volume> volume;
    String missing;
    if (!device.isHardDisk() || device.disk() != 0) {
      volume = Optional.empty();
      missing = "only the image's own disk, (hd0), is readable";
    } else if (device.currentPartition()) {
      return new Mapped(new Root(current.volume(), device.text()), Optional.empty());
    } else if (device.bsd() >= 0) {
      volume = Optional.empty();
      missing = "BSD sub-partitions are not read";
    } else if (device.slice() < 0) {
      volume = context.partition(0);
      missing = "the whole disk holds no filesystem bootlace reads";
    } else {
      int number = device.slice() + 1;
      volume = context.partition(number);
      missing = "no filesystem bootlace reads on partition " + number + " of this disk";
    }
    if (volume.isPresent()) {
      return new Mapped(new Root(volume.get(), device.text()), Optional.empty());
    }
    String why =
        device.text()
            + ": "
            + missing
            + "; using ("
            + own.grubDevice()
            + "), where "
            + ownPath
            + " is, as pygrub does";
    diagnostics.warn(why);
    return new Mapped(new Root(own, device.text()), Optional.of(why));
  }
}
