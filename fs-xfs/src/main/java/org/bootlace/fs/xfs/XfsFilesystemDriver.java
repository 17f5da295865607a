package org.bootlace.fs.xfs;

import java.io.IOException;
import org.bootlace.CorruptImageException;
import org.bootlace.binary.Be;
import org.bootlace.block.BlockDevice;
import org.bootlace.spi.DriverContext;
import org.bootlace.spi.FileSystem;
import org.bootlace.spi.FilesystemDriver;
import org.bootlace.spi.Probe;

/**
 * Reads XFS read-only: v4 and v5 superblocks (v5 metadata checksums verified), inodes in local,
 * extents and btree format, every directory form and local and remote symbolic links. The log is
 * never replayed. Real-time devices and external logs are refused.
 */
public final class XfsFilesystemDriver implements FilesystemDriver {
  /**
   * Creates the driver; {@link java.util.ServiceLoader} calls it, as a {@link
   * org.bootlace.spi.FilesystemDriver} service.
   */
  public XfsFilesystemDriver() {}

  @Override
  public String name() {
    return "xfs";
  }

  @Override
  public int priority() {
    return 100;
  }

  @Override
  public Probe probe(BlockDevice device) throws IOException {
    if (device.size() < Superblock.SIZE) {
      return Probe.no("too small for an xfs superblock (" + device.size() + " bytes)");
    }
    byte[] b;
    try {
      b = device.read(0, Superblock.SIZE);
    } catch (CorruptImageException e) {
      return Probe.no("cannot read the superblock: " + e.getMessage());
    }
    if (Be.u32(b, Superblock.SB_MAGICNUM) != Superblock.MAGIC) {
      return Probe.no("no xfs magic XFSB at 0x0");
    }
    long blockSize = Be.u32(b, Superblock.SB_BLOCKSIZE);
    int version = Be.u16(b, Superblock.SB_VERSIONNUM) & Superblock.VERSION_NUMBITS;
    if (blockSize < 512 || blockSize > 65536 || Long.bitCount(blockSize) != 1) {
      return Probe.no("xfs magic at 0x0 but an implausible block size " + blockSize);
    }
    return Probe.yes("xfs v" + version + " superblock, " + blockSize + "-byte blocks");
  }

  @Override
  public FileSystem open(BlockDevice device, DriverContext context) throws IOException {
    return XfsFileSystem.open(device, context);
  }
}
