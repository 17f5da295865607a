package org.bootlace.image.vmdk;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bootlace.CorruptImageException;
import org.bootlace.binary.Checks;
import org.bootlace.binary.Le;
import org.bootlace.block.BlockDevice;
import org.bootlace.image.support.ExtentDisk;
import org.bootlace.image.support.NestedImages;
import org.bootlace.spi.DriverContext;
import org.bootlace.spi.ImageFiles;

/**
 * Opens a VMDK: a sparse extent with its embedded descriptor, or a text descriptor and its extents.
 */
final class Vmdk {
  static final String DESCRIPTOR_SIGNATURE = "# Disk DescriptorFile";

  /** A descriptor file larger than this is not one. */
  static final int MAX_DESCRIPTOR_FILE = 1 << 20;

  private Vmdk() {}

  static boolean isDescriptor(BlockDevice file) throws IOException {
    if (file.size() < DESCRIPTOR_SIGNATURE.length() || file.size() > MAX_DESCRIPTOR_FILE) {
      return false;
    }
    byte[] b = file.read(0, DESCRIPTOR_SIGNATURE.length());
    return new String(b, StandardCharsets.US_ASCII).equals(DESCRIPTOR_SIGNATURE);
  }

  static boolean isSparse(BlockDevice file) throws IOException {
    return file.size() >= 512 && Le.u32(file.read(0, 4), 0) == SparseHeader.MAGIC;
  }

  static BlockDevice open(BlockDevice file, DriverContext ctx) throws IOException {
    if (isSparse(file)) {
      return openSparseFile(file, ctx);
    }
    if (!isDescriptor(file)) {
      throw new org.bootlace.NotRecognizedException(
          file
              + ": not a VMDK (no KDMV header, no descriptor of at most "
              + MAX_DESCRIPTOR_FILE
              + " bytes)");
    }
    byte[] text = file.read(0, (int) file.size());
    Descriptor d = Descriptor.parse(text, text.length, file.toString());
    return openDescriptor(d, file.toString(), ctx);
  }

  /** A monolithicSparse or streamOptimized file: one extent, maybe a child of a parent disk. */
  private static BlockDevice openSparseFile(BlockDevice file, DriverContext ctx)
      throws IOException {
    String name = file.toString();
    SparseHeader h = SparseHeader.parse(file.read(0, 512), name, ctx.limits());
    Optional<String> parentName = Optional.empty();
    if (h.descriptorOffset() != 0 && h.descriptorSize() != 0) {
      // Bounded in sectors first: the size is a 64-bit field and sectors * 512 could overflow.
      if (h.descriptorSize() < 0 || h.descriptorSize() > ctx.limits().maxMetadataBytes() / 512) {
        throw new org.bootlace.LimitExceededException(
            "maxMetadataBytes",
            ctx.limits().maxMetadataBytes(),
            name
                + ": vmdk embedded descriptor of "
                + Long.toUnsignedString(h.descriptorSize())
                + " sectors");
      }
      long bytes = h.descriptorSize() * 512;
      if (h.descriptorOffset() > file.size() / 512
          || bytes > file.size() - h.descriptorOffset() * 512) {
        throw new CorruptImageException(
            name
                + ": vmdk sparse header descriptorOffset at 0x1c: sectors "
                + h.descriptorOffset()
                + " + "
                + h.descriptorSize()
                + " lie outside the file (size "
                + file.size()
                + ")");
      }
      byte[] text = file.read(h.descriptorOffset() * 512, (int) bytes);
      parentName = Descriptor.parse(text, text.length, name).parentFileNameHint();
    }
    BlockDevice parent = null;
    if (parentName.isPresent()) {
      parent =
          NestedImages.open(ctx.files().open(parentName.get(), "parent"), Optional.of("vmdk"), ctx);
    }
    try {
      SparseExtent e =
          SparseExtent.open(file, h, h.capacity() * 512, parent, 0, ctx.limits(), ctx.warnings());
      if (parent != null) {
        ExtentDisk disk = new ExtentDisk(name + "[vmdk]", List.of(e));
        disk.owns(parent);
        return disk;
      }
      return e;
    } catch (IOException | RuntimeException ex) {
      if (parent != null) {
        parent.close();
      }
      throw ex;
    }
  }

  /** A descriptor file: its extents, opened under the caller's policy, end to end. */
  private static BlockDevice openDescriptor(Descriptor d, String name, DriverContext ctx)
      throws IOException {
    if (d.extents().isEmpty()) {
      throw new CorruptImageException(name + ": vmdk descriptor lists no extents");
    }
    List<BlockDevice> owned = new ArrayList<>();
    try {
      BlockDevice parent = null;
      if (d.parentFileNameHint().isPresent()) {
        parent =
            NestedImages.open(
                ctx.files().open(d.parentFileNameHint().get(), "parent"), Optional.of("vmdk"), ctx);
        owned.add(parent);
      }
      List<BlockDevice> extents = new ArrayList<>();
      long at = 0;
      for (Descriptor.Extent x : d.extents()) {
        String where = name + ": vmdk descriptor line " + x.line();
        long bytes = x.sectors() * 512;
        if (bytes == 0) {
          continue;
        }
        switch (x.type()) {
          case "ZERO" -> extents.add(ExtentDisk.zeros(bytes, name + "[zero extent]"));
          case "FLAT", "VMFS" -> {
            ImageFiles.Opened f = ctx.files().open(x.file().get(), "extent");
            owned.add(f.device());
            long start = Checks.multiply(x.offset(), 512, where + ": extent offset");
            if (start > f.device().size() || bytes > f.device().size() - start) {
              throw new CorruptImageException(
                  where
                      + ": flat extent "
                      + f.name()
                      + " holds "
                      + f.device().size()
                      + " bytes, fewer than sectors "
                      + x.offset()
                      + " + "
                      + x.sectors());
            }
            extents.add(f.device().slice(start, bytes, "extent"));
          }
          default -> { // SPARSE
            ImageFiles.Opened f = ctx.files().open(x.file().get(), "extent");
            owned.add(f.device());
            if (!isSparse(f.device())) {
              throw new CorruptImageException(
                  where + ": sparse extent " + f.name() + " has no KDMV header");
            }
            SparseHeader h = SparseHeader.parse(f.device().read(0, 512), f.name(), ctx.limits());
            extents.add(
                SparseExtent.open(f.device(), h, bytes, parent, at, ctx.limits(), ctx.warnings()));
          }
        }
        at = Checks.add(at, bytes, where + ": disk size");
      }
      if (extents.isEmpty()) {
        throw new CorruptImageException(name + ": vmdk descriptor lists only empty extents");
      }
      ExtentDisk disk = new ExtentDisk(name + "[vmdk]", extents);
      for (BlockDevice o : owned) {
        disk.owns(o);
      }
      return disk;
    } catch (IOException | RuntimeException e) {
      for (BlockDevice o : owned) {
        try {
          o.close();
        } catch (IOException ignored) {
          // the first failure is the one to report
        }
      }
      throw e;
    }
  }
}
