package org.bootlace.fs.iso9660;

import java.io.IOException;
import org.bootlace.CorruptImageException;
import org.bootlace.block.BlockDevice;
import org.bootlace.spi.DriverContext;
import org.bootlace.spi.FileSystem;
import org.bootlace.spi.FilesystemDriver;
import org.bootlace.spi.Probe;

/**
 * Reads ISO 9660 images read-only: levels 1 to 3 with multi-extent files, Rock Ridge (names, modes,
 * times, symbolic links, relocated directories, zisofs compression) and Joliet, names matched as
 * Linux mounts them. It runs before the ext driver (priority 50): the whole-disk view of an
 * ISO-hybrid image must be read as ISO 9660, not as whatever its partitions hold. The El Torito
 * boot catalog is read by {@link ElTorito}.
 */
public final class Iso9660FilesystemDriver implements FilesystemDriver {
  /**
   * Creates the driver; {@link java.util.ServiceLoader} calls it, as a {@link
   * org.bootlace.spi.FilesystemDriver} service.
   */
  public Iso9660FilesystemDriver() {}

  @Override
  public String name() {
    return "iso9660";
  }

  @Override
  public int priority() {
    return 50;
  }

  @Override
  public Probe probe(BlockDevice device) throws IOException {
    long at = DescriptorSet.FIRST_SECTOR * VolumeDescriptor.SIZE;
    if (device.size() < at + VolumeDescriptor.SIZE) {
      return Probe.no("too small for an ISO 9660 volume descriptor (" + device.size() + " bytes)");
    }
    byte[] raw;
    try {
      raw = device.read(at, VolumeDescriptor.SIZE);
    } catch (CorruptImageException e) {
      return Probe.no("cannot read sector 16: " + e.getMessage());
    }
    if (!DescriptorSet.hasStandardId(raw)) {
      return Probe.no("no \"CD001\" at 0x8001");
    }
    return Probe.yes(
        "ISO 9660 volume descriptor (type " + (raw[VolumeDescriptor.TYPE] & 0xff) + ") at 0x8000");
  }

  @Override
  public FileSystem open(BlockDevice device, DriverContext context) throws IOException {
    return IsoFileSystem.open(device, context);
  }
}
