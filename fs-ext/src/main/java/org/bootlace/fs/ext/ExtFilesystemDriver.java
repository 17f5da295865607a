package org.bootlace.fs.ext;

import java.io.IOException;
import org.bootlace.CorruptImageException;
import org.bootlace.binary.Le;
import org.bootlace.block.BlockDevice;
import org.bootlace.spi.DriverContext;
import org.bootlace.spi.FileSystem;
import org.bootlace.spi.FilesystemDriver;
import org.bootlace.spi.Probe;

/**
 * Reads ext2, ext3 and ext4 read-only: extents and indirect blocks, htree and linear directories,
 * inline data, flex_bg, meta_bg, bigalloc, 64bit and metadata_csum verification. The journal is
 * never replayed; a filesystem that needs recovery is read as it is, with a warning.
 */
public final class ExtFilesystemDriver implements FilesystemDriver {
  /**
   * Creates the driver; {@link java.util.ServiceLoader} calls it, as a {@link
   * org.bootlace.spi.FilesystemDriver} service.
   */
  public ExtFilesystemDriver() {}

  @Override
  public String name() {
    return "ext";
  }

  @Override
  public int priority() {
    return 100;
  }

  @Override
  public Probe probe(BlockDevice device) throws IOException {
    if (device.size() < Superblock.OFFSET + Superblock.SIZE) {
      return Probe.no("too small for an ext superblock (" + device.size() + " bytes)");
    }
    byte[] b;
    try {
      b = device.read(Superblock.OFFSET, Superblock.SIZE);
    } catch (CorruptImageException e) {
      return Probe.no("cannot read the superblock: " + e.getMessage());
    }
    if (Le.u16(b, Superblock.S_MAGIC) != Superblock.MAGIC) {
      return Probe.no("no ext magic 0xef53 at 0x438");
    }
    if (!Superblock.looksLikeSuperblock(b)) {
      return Probe.no("ext magic at 0x438 but the superblock's geometry is implausible");
    }
    String type =
        Features.type(
            Le.u32(b, Superblock.S_FEATURE_COMPAT),
            Le.u32(b, Superblock.S_FEATURE_INCOMPAT),
            Le.u32(b, Superblock.S_FEATURE_RO_COMPAT));
    return Probe.yes(
        type + " superblock, " + (1024 << Le.u32(b, Superblock.S_LOG_BLOCK_SIZE)) + "-byte blocks");
  }

  @Override
  public FileSystem open(BlockDevice device, DriverContext context) throws IOException {
    return ExtFileSystem.open(device, context);
  }
}
