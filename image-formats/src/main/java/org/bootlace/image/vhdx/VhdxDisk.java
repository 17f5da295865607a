package org.bootlace.image.vhdx;

import static org.bootlace.binary.Checks.hex;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bootlace.BootlaceException;
import org.bootlace.CorruptImageException;
import org.bootlace.Limits;
import org.bootlace.UnsupportedFeatureException;
import org.bootlace.binary.Le;
import org.bootlace.block.BlockDevice;
import org.bootlace.image.support.LruCache;
import org.bootlace.image.support.NestedImages;
import org.bootlace.image.support.VirtualDisk;
import org.bootlace.image.vhdx.VhdxStructures.Header;
import org.bootlace.image.vhdx.VhdxStructures.Item;
import org.bootlace.image.vhdx.VhdxStructures.Region;
import org.bootlace.spi.DriverContext;

/**
 * The virtual disk of a VHDX: the current header (the valid one with the higher sequence number),
 * the region table, the metadata (block size, virtual size, logical sector size, parent), and the
 * BAT of payload and sector-bitmap entries. A non-empty log is refused: replaying it would write.
 */
public final class VhdxDisk extends VirtualDisk {
  private static final int NOT_PRESENT = 0;
  private static final int UNDEFINED = 1;
  private static final int ZERO = 2;
  private static final int UNMAPPED = 3;
  private static final int FULLY_PRESENT = 6;
  private static final int PARTIALLY_PRESENT = 7;
  private static final long MIB = 1 << 20;

  private final String name;
  private final BlockDevice file;
  private final long[] bat;
  private final long blockSize;
  private final long chunkRatio;
  private final int sectorSize;
  private final BlockDevice parent;
  private final LruCache<Long, byte[]> bitmaps = new LruCache<>(8 * MIB, b -> b.length);

  private VhdxDisk(
      String name,
      long size,
      BlockDevice file,
      long[] bat,
      long blockSize,
      long chunkRatio,
      int sectorSize,
      BlockDevice parent) {
    super(name + "[vhdx]", size);
    this.name = name;
    this.file = file;
    this.bat = bat;
    this.blockSize = blockSize;
    this.chunkRatio = chunkRatio;
    this.sectorSize = sectorSize;
    this.parent = parent;
  }

  @Override
  public int logicalSectorSize() {
    return sectorSize;
  }

  static BlockDevice open(BlockDevice file, DriverContext ctx) throws IOException {
    String name = file.toString();
    if (file.size() < 1 * MIB) {
      throw new CorruptImageException(
          name
              + ": vhdx file of "
              + file.size()
              + " bytes is shorter than its header area (1 MiB)");
    }
    Header h = currentHeader(file, ctx);
    if (!h.logGuid().isZero()) {
      throw new UnsupportedFeatureException(
          "vhdx log",
          name
              + ": vhdx log is not empty (log GUID "
              + h.logGuid()
              + "): replaying it would write to the image; let Hyper-V or qemu open it read-write once");
    }
    List<Region> regions;
    try {
      regions =
          VhdxStructures.regions(
              file.read(VhdxStructures.REGION_1, VhdxStructures.REGION_SIZE),
              name + ": vhdx region table at 0x30000");
    } catch (CorruptImageException e) {
      regions =
          VhdxStructures.regions(
              file.read(VhdxStructures.REGION_2, VhdxStructures.REGION_SIZE),
              name + ": vhdx region table at 0x40000");
      ctx.warnings().add(e.getMessage() + "; the second region table is used");
    }
    Region batRegion = null;
    Region metaRegion = null;
    for (Region r : regions) {
      if (r.guid().equals(VhdxStructures.BAT)) {
        batRegion = r;
      } else if (r.guid().equals(VhdxStructures.METADATA)) {
        metaRegion = r;
      } else if (r.required()) {
        throw new UnsupportedFeatureException(
            "vhdx region " + r.guid(),
            name + ": vhdx required region " + r.guid() + " is not known");
      }
    }
    if (batRegion == null || metaRegion == null) {
      throw new CorruptImageException(
          name
              + ": vhdx region table lacks the "
              + (batRegion == null ? "BAT" : "metadata")
              + " region");
    }
    checkRegion(file, metaRegion, "metadata", ctx.limits());
    byte[] meta = file.read(metaRegion.offset(), (int) metaRegion.length());
    String mwhere = name + ": vhdx metadata at " + hex(metaRegion.offset());
    Map<Guid, Item> items = VhdxStructures.metadataTable(meta, mwhere);
    List<Guid> known =
        List.of(
            VhdxStructures.FILE_PARAMETERS,
            VhdxStructures.VIRTUAL_DISK_SIZE,
            VhdxStructures.LOGICAL_SECTOR_SIZE,
            VhdxStructures.PHYSICAL_SECTOR_SIZE,
            VhdxStructures.PAGE_83,
            VhdxStructures.PARENT_LOCATOR);
    for (Map.Entry<Guid, Item> e : items.entrySet()) {
      if (e.getValue().required() && !known.contains(e.getKey())) {
        throw new UnsupportedFeatureException(
            "vhdx metadata " + e.getKey(),
            mwhere + ": required item " + e.getKey() + " is not known");
      }
    }
    byte[] params = item(meta, items, VhdxStructures.FILE_PARAMETERS, 8, mwhere, "file parameters");
    long blockSize = Le.u32(params, 0);
    boolean hasParent = (Le.u32(params, 4) & 2) != 0;
    long size =
        Le.u64(
            item(meta, items, VhdxStructures.VIRTUAL_DISK_SIZE, 8, mwhere, "virtual disk size"), 0);
    long lss =
        Le.u32(
            item(meta, items, VhdxStructures.LOGICAL_SECTOR_SIZE, 4, mwhere, "logical sector size"),
            0);
    if (blockSize < MIB || blockSize > 256 * MIB || Long.bitCount(blockSize) != 1) {
      throw new CorruptImageException(
          mwhere + ": block size " + blockSize + " (must be a power of two from 1 MiB to 256 MiB)");
    }
    if (lss != 512 && lss != 4096) {
      throw new CorruptImageException(
          mwhere + ": logical sector size " + lss + " (must be 512 or 4096)");
    }
    if (size <= 0 || size > (64L << 40) || size % lss != 0) {
      throw new CorruptImageException(
          mwhere
              + ": virtual disk size "
              + Long.toUnsignedString(size)
              + " (must be a multiple of "
              + lss
              + " up to 64 TiB)");
    }
    long chunkRatio = (1L << 23) * lss / blockSize;
    long dataBlocks = size / blockSize + (size % blockSize != 0 ? 1 : 0);
    long entries =
        hasParent
            ? (dataBlocks / chunkRatio + (dataBlocks % chunkRatio != 0 ? 1 : 0)) * (chunkRatio + 1)
            : dataBlocks + (dataBlocks - 1) / chunkRatio;
    Limits.check(
        "maxMetadataBytes",
        ctx.limits().maxMetadataBytes(),
        entries * 8,
        name + ": vhdx BAT of " + entries + " entries, in bytes");
    checkRegion(file, batRegion, "BAT", ctx.limits());
    if (batRegion.length() < entries * 8) {
      throw new CorruptImageException(
          name
              + ": vhdx BAT region of "
              + batRegion.length()
              + " bytes is smaller than its "
              + entries
              + " entries");
    }
    byte[] raw = file.read(batRegion.offset(), (int) (entries * 8));
    long[] bat = new long[(int) entries];
    for (int i = 0; i < bat.length; i++) {
      bat[i] = Le.u64(raw, i * 8);
    }
    BlockDevice parent = null;
    if (hasParent) {
      parent = openParent(meta, items, mwhere, ctx);
    }
    VhdxDisk disk = new VhdxDisk(name, size, file, bat, blockSize, chunkRatio, (int) lss, parent);
    if (parent != null) {
      disk.own(parent);
    }
    return disk;
  }

  private static Header currentHeader(BlockDevice file, DriverContext ctx) throws IOException {
    String name = file.toString();
    Header a = null;
    Header b = null;
    String whyA = null;
    String whyB = null;
    try {
      a =
          Header.parse(
              file.read(VhdxStructures.HEADER_1, VhdxStructures.HEADER_SIZE),
              name + ": vhdx header 1 at 0x10000");
    } catch (CorruptImageException e) {
      whyA = e.getMessage();
    }
    try {
      b =
          Header.parse(
              file.read(VhdxStructures.HEADER_2, VhdxStructures.HEADER_SIZE),
              name + ": vhdx header 2 at 0x20000");
    } catch (CorruptImageException e) {
      whyB = e.getMessage();
    }
    if (a == null && b == null) {
      throw new CorruptImageException(whyA + "; " + whyB);
    }
    if (a == null || b == null) {
      ctx.warnings().add((a == null ? whyA : whyB) + "; the other header is used");
      return a == null ? b : a;
    }
    return Long.compareUnsigned(a.sequence(), b.sequence()) >= 0 ? a : b;
  }

  private static void checkRegion(BlockDevice file, Region r, String what, Limits limits)
      throws BootlaceException {
    String where = file + ": vhdx " + what + " region";
    Limits.check("maxMetadataBytes", limits.maxMetadataBytes(), r.length(), where + " bytes");
    if (r.offset() < MIB
        || r.offset() % MIB != 0
        || r.offset() > file.size()
        || r.length() > file.size() - r.offset()) {
      throw new CorruptImageException(
          where
              + " at "
              + hex(r.offset())
              + " + "
              + r.length()
              + " bytes is not inside the file (size "
              + file.size()
              + ") past its first MiB");
    }
  }

  private static byte[] item(
      byte[] meta, Map<Guid, Item> items, Guid id, int min, String where, String what)
      throws CorruptImageException {
    Item it = items.get(id);
    if (it == null) {
      throw new CorruptImageException(where + ": no " + what + " item");
    }
    if (it.length() < min
        || it.offset() < 64 * 1024
        || it.offset() > meta.length
        || it.length() > meta.length - it.offset()) {
      throw new CorruptImageException(
          where
              + ": "
              + what
              + " item at "
              + hex(it.offset())
              + " + "
              + it.length()
              + " bytes is outside the metadata region");
    }
    byte[] b = new byte[(int) it.length()];
    System.arraycopy(meta, (int) it.offset(), b, 0, b.length);
    return b;
  }

  /** The parent named by the parent locator (relative path first), under the caller's policy. */
  private static BlockDevice openParent(
      byte[] meta, Map<Guid, Item> items, String where, DriverContext ctx) throws IOException {
    byte[] loc = item(meta, items, VhdxStructures.PARENT_LOCATOR, 20, where, "parent locator");
    int count = Le.u16(loc, 18);
    if (20L + count * 12L > loc.length) {
      throw new CorruptImageException(
          where + ": parent locator of " + count + " entries runs past its item");
    }
    java.util.Map<String, String> kv = new java.util.HashMap<>();
    for (int i = 0; i < count; i++) {
      int e = 20 + i * 12;
      long ko = Le.u32(loc, e);
      long vo = Le.u32(loc, e + 4);
      int kl = Le.u16(loc, e + 8);
      int vl = Le.u16(loc, e + 10);
      if (ko > loc.length || kl > loc.length - ko || vo > loc.length || vl > loc.length - vo) {
        throw new CorruptImageException(
            where + ": parent locator entry " + i + " runs past its item");
      }
      kv.put(
          new String(loc, (int) ko, kl, StandardCharsets.UTF_16LE),
          new String(loc, (int) vo, vl, StandardCharsets.UTF_16LE));
    }
    List<String> candidates = new ArrayList<>();
    for (String key : List.of("relative_path", "absolute_win32_path")) {
      String v = kv.get(key);
      if (v != null && !(v.length() >= 2 && v.charAt(1) == ':') && !v.startsWith("\\\\")) {
        candidates.add(v.replace('\\', '/'));
      }
    }
    if (candidates.isEmpty()) {
      throw new CorruptImageException(
          where
              + ": differencing disk has no usable parent path (keys "
              + new java.util.TreeSet<>(kv.keySet())
              + ")");
    }
    return NestedImages.firstParent(candidates, "vhdx", ctx);
  }

  @Override
  protected void readSome(long offset, ByteBuffer dst) throws IOException {
    long block = offset / blockSize;
    long inBlock = offset % blockSize;
    int n = (int) Math.min(dst.remaining(), blockSize - inBlock);
    long index = block + block / chunkRatio;
    long e = bat[(int) index];
    int state = (int) (e & 7);
    long at = (e >>> 20) * MIB;
    String where = name + ": vhdx BAT entry " + index;
    switch (state) {
      case NOT_PRESENT, UNDEFINED, UNMAPPED -> readParent(parent, offset, dst, n);
      case ZERO -> putZeros(dst, n);
      case FULLY_PRESENT -> readData(at, inBlock, dst, n, where);
      case PARTIALLY_PRESENT -> {
        if (parent == null) {
          throw new CorruptImageException(
              where + ": partially present block in a disk without a parent");
        }
        partial(block, at, inBlock, offset, dst, n, where);
      }
      default ->
          throw new CorruptImageException(
              where + ": state " + state + " is not a payload block state");
    }
  }

  private void readData(long at, long inBlock, ByteBuffer dst, int n, String where)
      throws IOException {
    if (at < MIB || at > file.size() || inBlock + n > file.size() - at) {
      throw new CorruptImageException(
          where
              + ": block at "
              + hex(at)
              + " is not inside the file (size "
              + file.size()
              + ") past its first MiB");
    }
    readInto(file, at + inBlock, dst, n);
  }

  private void partial(
      long block, long at, long inBlock, long offset, ByteBuffer dst, int n, String where)
      throws IOException {
    long chunk = block / chunkRatio;
    byte[] bitmap = bitmaps.get(chunk);
    if (bitmap == null) {
      long bi = chunk * (chunkRatio + 1) + chunkRatio;
      long be = bat[(int) bi];
      if ((be & 7) != FULLY_PRESENT) {
        throw new CorruptImageException(
            name
                + ": vhdx BAT entry "
                + bi
                + ": sector bitmap of a partially present block is not present");
      }
      long bat0 = (be >>> 20) * MIB;
      if (bat0 < MIB || bat0 > file.size() - MIB) {
        throw new CorruptImageException(
            name
                + ": vhdx BAT entry "
                + bi
                + ": sector bitmap at "
                + hex(bat0)
                + " is not inside the file");
      }
      bitmap = file.read(bat0, (int) MIB);
      bitmaps.put(chunk, bitmap);
    }
    long first = (offset - chunk * chunkRatio * blockSize) / sectorSize;
    boolean here = bit(bitmap, first);
    int len = (int) Math.min(n, sectorSize - offset % sectorSize);
    for (long s = first + 1; len < n && bit(bitmap, s) == here; s++) {
      len = Math.min(n, len + sectorSize);
    }
    if (here) {
      readData(at, inBlock, dst, len, where);
    } else {
      readParent(parent, offset, dst, len);
    }
  }

  private static boolean bit(byte[] bitmap, long sector) {
    return (bitmap[(int) (sector >>> 3)] >>> (sector & 7) & 1) != 0;
  }
}
