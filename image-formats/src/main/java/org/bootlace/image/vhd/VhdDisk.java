package org.bootlace.image.vhd;

import static org.bootlace.binary.Checks.hex;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.bootlace.BootlaceException;
import org.bootlace.CorruptImageException;
import org.bootlace.Limits;
import org.bootlace.binary.Be;
import org.bootlace.block.BlockDevice;
import org.bootlace.image.support.LruCache;
import org.bootlace.image.support.NestedImages;
import org.bootlace.image.support.VirtualDisk;
import org.bootlace.spi.DriverContext;

/**
 * The virtual disk of a VHD: fixed (the file less its footer), dynamic (blocks found through the
 * BAT; unallocated blocks read as zeros; an allocated block is read whole, its sector bitmap not
 * consulted, as qemu reads it) or differencing (the sector bitmap of each block says which sectors
 * are here; the others, and unallocated blocks, come from the parent disk).
 */
public final class VhdDisk extends VirtualDisk {
  private static final long BITMAP_CACHE_BYTES = 4L << 20;

  private final String name;
  private final BlockDevice file;
  private final long[] bat;
  private final long blockSize;
  private final int bitmapBytes;
  private final BlockDevice parent;
  private final LruCache<Long, byte[]> bitmaps = new LruCache<>(BITMAP_CACHE_BYTES, b -> b.length);

  private VhdDisk(
      String name, long size, BlockDevice file, long[] bat, long blockSize, BlockDevice parent) {
    super(name + "[vhd]", size);
    this.name = name;
    this.file = file;
    this.bat = bat;
    this.blockSize = blockSize;
    long bits = blockSize / 512;
    this.bitmapBytes = (int) (((bits + 7) / 8 + 511) / 512 * 512);
    this.parent = parent;
  }

  static BlockDevice open(BlockDevice file, DriverContext ctx) throws IOException {
    String name = file.toString();
    VhdFooter footer = footer(file, ctx);
    long size = footer.virtualSize();
    if (footer.diskType() == VhdFooter.FIXED) {
      if (size > file.size() - 512) {
        throw new CorruptImageException(
            name
                + ": vhd fixed disk of "
                + size
                + " bytes is larger than the file less its footer ("
                + (file.size() - 512)
                + ")");
      }
      return file.slice(0, size, "vhd");
    }
    long hdr = footer.dataOffset();
    if (hdr < 512 || hdr > file.size() - VhdDynamicHeader.SIZE) {
      throw new CorruptImageException(
          name
              + ": vhd footer data offset at 0x10: "
              + hex(hdr)
              + " does not leave a dynamic header inside the file (size "
              + file.size()
              + ")");
    }
    VhdDynamicHeader h =
        VhdDynamicHeader.parse(
            file.read(hdr, VhdDynamicHeader.SIZE), name + ": vhd dynamic header at " + hex(hdr));
    long blocks = size / h.blockSize() + (size % h.blockSize() != 0 ? 1 : 0);
    if (h.maxTableEntries() < blocks) {
      throw new CorruptImageException(
          name
              + ": vhd dynamic header max table entries at "
              + hex(hdr + 28)
              + ": "
              + h.maxTableEntries()
              + " cannot map "
              + size
              + " bytes in blocks of "
              + h.blockSize()
              + " (needs "
              + blocks
              + ")");
    }
    long batBytes = h.maxTableEntries() * 4;
    Limits.check(
        "maxMetadataBytes",
        ctx.limits().maxMetadataBytes(),
        batBytes,
        name + ": vhd BAT of " + h.maxTableEntries() + " entries, in bytes");
    if (h.tableOffset() < 0
        || h.tableOffset() > file.size()
        || batBytes > file.size() - h.tableOffset()) {
      throw new CorruptImageException(
          name
              + ": vhd dynamic header table offset at "
              + hex(hdr + 16)
              + ": "
              + hex(h.tableOffset())
              + " + "
              + batBytes
              + " bytes is beyond the end of the file (size "
              + file.size()
              + ")");
    }
    byte[] raw = file.read(h.tableOffset(), (int) (blocks * 4));
    long[] bat = new long[(int) blocks];
    for (int i = 0; i < bat.length; i++) {
      bat[i] = Be.u32(raw, i * 4);
    }
    BlockDevice parent = null;
    if (footer.diskType() == VhdFooter.DIFFERENCING) {
      parent = openParent(file, h, ctx);
    }
    VhdDisk disk = new VhdDisk(name, size, file, bat, h.blockSize(), parent);
    if (parent != null) {
      disk.own(parent);
    }
    return disk;
  }

  /** The footer at the end, or the copy at the start when the end one is damaged (a warning). */
  private static VhdFooter footer(BlockDevice file, DriverContext ctx) throws IOException {
    String name = file.toString();
    if (file.size() < 512) {
      throw new CorruptImageException(
          name + ": vhd file of " + file.size() + " bytes has no footer");
    }
    long end = file.size() - 512;
    try {
      return VhdFooter.parse(file.read(end, 512), name + ": vhd footer at " + hex(end));
    } catch (BootlaceException e) {
      if (end == 0) {
        throw e;
      }
      byte[] copy = file.read(0, 512);
      if (!VhdFooter.hasCookie(copy)) {
        throw e;
      }
      VhdFooter f;
      try {
        f = VhdFooter.parse(copy, name + ": vhd footer copy at 0x0");
      } catch (BootlaceException e2) {
        throw new CorruptImageException(e.getMessage() + "; and " + e2.getMessage());
      }
      ctx.warnings().add(e.getMessage() + "; the copy at 0x0 is used");
      return f;
    }
  }

  /** The parent named by the locators (relative ones first), opened under the caller's policy. */
  private static BlockDevice openParent(BlockDevice file, VhdDynamicHeader h, DriverContext ctx)
      throws IOException {
    String name = file.toString();
    List<String> candidates = new ArrayList<>();
    for (String code : List.of("W2ru", "MacX", "W2ku")) {
      for (VhdDynamicHeader.Locator l : h.locators()) {
        if (!l.code().equals(code)) {
          continue;
        }
        if (l.length() > 4096
            || l.offset() < 0
            || l.offset() > file.size()
            || l.length() > file.size() - l.offset()) {
          throw new CorruptImageException(
              name
                  + ": vhd parent locator "
                  + code
                  + " at "
                  + hex(l.offset())
                  + " + "
                  + l.length()
                  + " bytes is outside the file");
        }
        byte[] b = file.read(l.offset(), (int) l.length());
        String path =
            code.equals("MacX")
                ? new String(b, StandardCharsets.UTF_8)
                : new String(b, StandardCharsets.UTF_16LE);
        path = path.replace("\0", "");
        if (code.equals("MacX")) {
          path = path.startsWith("file://") ? path.substring(7) : path;
        } else {
          if (path.length() >= 2 && path.charAt(1) == ':') {
            continue; // a Windows drive path means nothing here
          }
          path = path.replace('\\', '/');
        }
        candidates.add(path);
      }
    }
    if (candidates.isEmpty()) {
      throw new CorruptImageException(
          name + ": vhd differencing disk has no usable parent locator");
    }
    return NestedImages.firstParent(candidates, "vpc", ctx);
  }

  @Override
  protected void readSome(long offset, ByteBuffer dst) throws IOException {
    long block = offset / blockSize;
    long inBlock = offset % blockSize;
    int n = (int) Math.min(dst.remaining(), blockSize - inBlock);
    long sector = bat[(int) block];
    if (sector == 0xffff_ffffL) {
      readParent(parent, offset, dst, n);
      return;
    }
    long data = sector * 512 + bitmapBytes;
    if (data > file.size() || inBlock + n > file.size() - data) {
      throw new CorruptImageException(
          name
              + ": vhd BAT entry "
              + block
              + ": block at sector "
              + sector
              + " is beyond the end of the file (size "
              + file.size()
              + ")");
    }
    if (parent == null) {
      readInto(file, data + inBlock, dst, n);
      return;
    }
    // Differencing: runs of sectors present here or in the parent, by the block's bitmap.
    byte[] bitmap = bitmap(block, sector);
    int s = (int) (inBlock / 512);
    boolean here = (bitmap[s >>> 3] >>> (7 - (s & 7)) & 1) != 0;
    int len = (int) Math.min(n, 512 - inBlock % 512);
    for (int t = s + 1; len < n && ((bitmap[t >>> 3] >>> (7 - (t & 7)) & 1) != 0) == here; t++) {
      len = Math.min(n, len + 512);
    }
    if (here) {
      readInto(file, data + inBlock, dst, len);
    } else {
      readParent(parent, offset, dst, len);
    }
  }

  private byte[] bitmap(long block, long sector) throws IOException {
    byte[] b = bitmaps.get(block);
    if (b == null) {
      b = file.read(sector * 512, bitmapBytes);
      bitmaps.put(block, b);
    }
    return b;
  }
}
