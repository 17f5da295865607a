package org.bootlace.fs.fat;

import java.io.IOException;
import java.util.Locale;
import java.util.Optional;
import org.bootlace.CorruptImageException;
import org.bootlace.UnsupportedFeatureException;
import org.bootlace.block.BlockDevice;
import org.bootlace.spi.DriverContext;
import org.bootlace.spi.FileSystem;
import org.bootlace.spi.FilesystemDriver;
import org.bootlace.spi.Probe;

/**
 * Reads FAT12, FAT16 and FAT32 read-only, with VFAT long names, on 512- to 4096-byte sectors.
 * Probed after the other filesystems (priority 150): a FAT boot sector has no magic number, only a
 * jump instruction, the 0x55AA signature and a plausible BIOS parameter block.
 */
public final class FatFilesystemDriver implements FilesystemDriver {
  /**
   * Creates the driver; {@link java.util.ServiceLoader} calls it, as a {@link
   * org.bootlace.spi.FilesystemDriver} service.
   */
  public FatFilesystemDriver() {}

  @Override
  public String name() {
    return "fat";
  }

  @Override
  public int priority() {
    return 150;
  }

  @Override
  public Probe probe(BlockDevice device) throws IOException {
    if (device.size() < BootSector.SIZE) {
      return Probe.no("too small for a FAT boot sector (" + device.size() + " bytes)");
    }
    byte[] b;
    try {
      b = device.read(0, BootSector.SIZE);
    } catch (CorruptImageException e) {
      return Probe.no("cannot read the boot sector: " + e.getMessage());
    }
    Optional<String> why = BootSector.implausible(b);
    if (why.isPresent()) {
      return Probe.no(why.get());
    }
    try {
      BootSector bs = BootSector.parse(b, device.size());
      return Probe.yes(
          String.format(
              Locale.ROOT,
              "%s, %d clusters of %d bytes, %d-byte sectors",
              bs.fatType(),
              bs.clusterCount(),
              bs.clusterBytes(),
              bs.bytesPerSector()));
    } catch (CorruptImageException | UnsupportedFeatureException e) {
      return Probe.no(e.getMessage());
    }
  }

  @Override
  public FileSystem open(BlockDevice device, DriverContext context) throws IOException {
    return FatFileSystem.open(device, context);
  }
}
