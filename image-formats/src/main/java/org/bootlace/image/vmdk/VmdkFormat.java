package org.bootlace.image.vmdk;

import java.io.IOException;
import org.bootlace.block.BlockDevice;
import org.bootlace.spi.DriverContext;
import org.bootlace.spi.ImageFormat;
import org.bootlace.spi.Probe;

/**
 * VMDK: a hosted sparse extent ({@code KDMV}: monolithicSparse, streamOptimized), or a text
 * descriptor ({@code # Disk DescriptorFile}: monolithicFlat, twoGbMaxExtentSparse/Flat) whose
 * extents are opened only under the caller's backing-file policy.
 */
public final class VmdkFormat implements ImageFormat {
  /**
   * Creates the driver; {@link java.util.ServiceLoader} calls it, as an {@link
   * org.bootlace.spi.ImageFormat} service.
   */
  public VmdkFormat() {}

  @Override
  public String name() {
    return "vmdk";
  }

  @Override
  public int priority() {
    return 40;
  }

  @Override
  public Probe probe(BlockDevice file) throws IOException {
    if (Vmdk.isSparse(file)) {
      return Probe.yes("KDMV sparse extent");
    }
    if (Vmdk.isDescriptor(file)) {
      return Probe.yes("VMDK descriptor file");
    }
    return Probe.no("no KDMV magic or descriptor signature");
  }

  @Override
  public BlockDevice open(BlockDevice file, DriverContext context) throws IOException {
    return Vmdk.open(file, context);
  }
}
