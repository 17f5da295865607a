package org.bootlace.fs.btrfs;

import java.io.IOException;
import org.bootlace.CorruptImageException;
import org.bootlace.binary.Le;
import org.bootlace.block.BlockDevice;
import org.bootlace.spi.DriverContext;
import org.bootlace.spi.FileSystem;
import org.bootlace.spi.FilesystemDriver;
import org.bootlace.spi.Probe;

/**
 * Reads single-device btrfs read-only: SINGLE and DUP chunks, every checksum type, subvolumes and
 * snapshots (paths start at the default subvolume, as GRUB's), inline, regular and prealloc
 * extents, holes, and zlib, lzo and zstd extents. Multi-device filesystems and RAID profiles are
 * refused by name; the log tree is never replayed.
 */
public final class BtrfsFilesystemDriver implements FilesystemDriver {
  /**
   * Creates the driver; {@link java.util.ServiceLoader} calls it, as a {@link
   * org.bootlace.spi.FilesystemDriver} service.
   */
  public BtrfsFilesystemDriver() {}

  @Override
  public String name() {
    return "btrfs";
  }

  @Override
  public Probe probe(BlockDevice device) throws IOException {
    if (device.size() < Superblock.OFFSET + Superblock.SIZE) {
      return Probe.no("too small for a btrfs superblock (" + device.size() + " bytes)");
    }
    byte[] b;
    try {
      b = device.read(Superblock.OFFSET, Superblock.SIZE);
    } catch (CorruptImageException e) {
      return Probe.no("cannot read the superblock: " + e.getMessage());
    }
    if (!Superblock.hasMagic(b)) {
      return Probe.no("no btrfs magic _BHRfS_M at 0x10040");
    }
    return Probe.yes(
        "btrfs superblock, "
            + Le.u32(b, Superblock.S_NODESIZE)
            + "-byte nodes, "
            + Le.u64(b, Superblock.S_NUM_DEVICES)
            + " device(s)");
  }

  @Override
  public FileSystem open(BlockDevice device, DriverContext context) throws IOException {
    return BtrfsFileSystem.open(device, context);
  }
}
