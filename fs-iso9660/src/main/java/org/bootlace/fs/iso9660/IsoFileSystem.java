package org.bootlace.fs.iso9660;

import static com.google.common.base.Preconditions.checkArgument;
import static org.bootlace.binary.Checks.hex;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.bootlace.CorruptImageException;
import org.bootlace.Limits;
import org.bootlace.UnsupportedFeatureException;
import org.bootlace.block.BlockDevice;
import org.bootlace.spi.DirEntry;
import org.bootlace.spi.DriverContext;
import org.bootlace.spi.FileSystem;
import org.bootlace.spi.FileType;
import org.bootlace.spi.FsNode;
import org.bootlace.spi.NestedDevice;

/**
 * An open ISO 9660 image, read through one of its trees: Rock Ridge when the primary root announces
 * it, else Joliet when there is a Joliet descriptor, else the plain ISO 9660 names (the order Linux
 * prefers). All state is immutable or a synchronized cache.
 */
final class IsoFileSystem implements FileSystem {
  final Disk disk;
  final Names.Tree tree;

  /** SP's LEN_SKP: bytes before the SUSP entries of every record but the root's ".". */
  final int suspSkip;

  final SectorCache<Zisofs.BlockKey> zisofsCache = new SectorCache<>(8 << 20, 1 << 15);
  private final DescriptorSet descriptors;
  private final IsoNode root;

  private IsoFileSystem(
      Disk disk, DescriptorSet descriptors, Names.Tree tree, int suspSkip, DirRecord rootRecord)
      throws IOException {
    this.disk = disk;
    this.descriptors = descriptors;
    this.tree = tree;
    this.suspSkip = suspSkip;
    this.root = directory(rootRecord.extent(), rootRecord.xarLength(), true, rootRecord.at());
  }

  static IsoFileSystem open(BlockDevice device, DriverContext context) throws IOException {
    DescriptorSet set = DescriptorSet.read(device);
    VolumeDescriptor pvd = set.primary();
    if (pvd.volumeBytes() > device.size()) {
      context
          .warnings()
          .add(
              String.format(
                  Locale.ROOT,
                  "iso9660: %s: the volume space of %d blocks (%d bytes) extends past the end of the device (%d bytes); the image is truncated",
                  device,
                  pvd.volumeBlocks(),
                  pvd.volumeBytes(),
                  device.size()));
    }
    Disk primary =
        new Disk(
            device, context.limits(), pvd.blockSize(), pvd.volumeBytes(), set.firstDataSector());
    // The primary root's "." record says whether Rock Ridge is there (SP, then ER).
    IsoFileSystem probe = new IsoFileSystem(primary, set, Names.Tree.PLAIN, 0, pvd.root());
    RockRidge rootRr = probe.rootRockRidge(pvd.root());
    boolean rockRidge =
        rootRr.spSkip() >= 0 && (rootRr.announcesRockRidge() || set.joliet().isEmpty());
    if (rockRidge) {
      return new IsoFileSystem(primary, set, Names.Tree.ROCK_RIDGE, rootRr.spSkip(), pvd.root());
    }
    if (set.joliet().isPresent()) {
      VolumeDescriptor j = set.joliet().get();
      Disk jd =
          new Disk(device, context.limits(), j.blockSize(), j.volumeBytes(), set.firstDataSector());
      return new IsoFileSystem(jd, set, Names.Tree.JOLIET, 0, j.root());
    }
    return probe;
  }

  private RockRidge rootRockRidge(DirRecord rootRecord) throws IOException {
    DirRecord dot = dotRecord(rootRecord.extent(), rootRecord.xarLength(), rootRecord.at());
    return Susp.parse(disk, dot, 0, "iso9660: root directory");
  }

  /** The "." record at the start of the directory extent {@code lba} (+ {@code xar} blocks). */
  private DirRecord dotRecord(long lba, int xar, long foundAt) throws IOException {
    String where = "iso9660: directory at block " + lba;
    long at = disk.extent(lba, xar, DirRecord.MIN_LENGTH, where, foundAt);
    long sectorAt = at - at % Disk.SECTOR;
    byte[] sector = disk.sector(sectorAt);
    int in = (int) (at - sectorAt);
    DirRecord dot = DirRecord.parse(sector, in, Disk.SECTOR - in, at, where);
    if (!dot.isDot() || !dot.isDirectory() || dot.extent() != lba) {
      throw DirRecord.fail(
          where, at, String.format(Locale.ROOT, "first record is not \".\" for block %d", lba));
    }
    return dot;
  }

  /** The directory whose extent is {@code lba}: its "." record says its size and attributes. */
  private IsoNode directory(long lba, int xar, boolean isRoot, long foundAt) throws IOException {
    DirRecord dot = dotRecord(lba, xar, foundAt);
    String where = "iso9660: directory at block " + lba;
    Limits.check(
        "maxMetadataBytes",
        disk.limits.maxMetadataBytes(),
        dot.dataLength(),
        where + ": data length");
    long at = disk.extent(lba, xar, dot.dataLength(), where, dot.at());
    if (dot.dataLength() == 0) {
      throw DirRecord.fail(where, dot.at(), "data length 0");
    }
    RockRidge rr =
        tree == Names.Tree.ROCK_RIDGE
            ? Susp.parse(disk, dot, isRoot ? 0 : suspSkip, where)
            : RockRidge.NONE;
    int mode = 0;
    if (rr.mode() >= 0) {
      mode = rr.mode() & 0xffff;
      if ((mode & 0170000) != 0040000) {
        throw new CorruptImageException(
            String.format(
                Locale.ROOT,
                "%s: record at %s: PX file mode 0%o is not a directory",
                where,
                hex(dot.at()),
                mode));
      }
    }
    long mtime = rr.mtime() != Long.MIN_VALUE ? rr.mtime() : dot.mtime();
    return new IsoNode(
        this,
        where,
        FileType.DIRECTORY,
        dot.dataLength(),
        at,
        mode,
        mtime,
        lba,
        Runs.single(at, dot.dataLength()),
        null,
        null,
        null);
  }

  /** The node a directory entry stands for. */
  private IsoNode node(Directory.Entry e) throws IOException {
    DirRecord first = e.first();
    RockRidge rr = e.rr();
    if (rr.childLink() >= 0) {
      return directory(rr.childLink(), 0, false, first.at());
    }
    if (first.isDirectory()) {
      if (rr.mode() >= 0 && (rr.mode() & 0170000) != 0040000) {
        throw new CorruptImageException(
            String.format(
                Locale.ROOT,
                "iso9660: record at %s: PX file mode 0%o for a directory record",
                hex(first.at()),
                rr.mode() & 0xffff));
      }
      return directory(first.extent(), first.xarLength(), false, first.at());
    }
    return file(e.sections(), rr);
  }

  private IsoNode file(List<DirRecord> sections, RockRidge rr) throws IOException {
    DirRecord first = sections.get(0);
    String where = "iso9660: file record at " + hex(first.at());
    FileType type = FileType.REGULAR;
    int mode = 0;
    if (rr.mode() >= 0) {
      mode = rr.mode() & 0xffff;
      type = typeOf(mode, where);
      if (type == FileType.DIRECTORY) {
        throw new CorruptImageException(
            String.format(Locale.ROOT, "%s: PX file mode 0%o for a file record", where, mode));
      }
    }
    long[] at = new long[sections.size()];
    long[] len = new long[sections.size()];
    IsoNode.Unsupported unsupported = null;
    for (int i = 0; i < at.length; i++) {
      DirRecord r = sections.get(i);
      at[i] =
          disk.extent(
              r.extent(), r.xarLength(), r.dataLength(), where + ": extent " + (i + 1), r.at());
      len[i] = r.dataLength();
      if (r.interleaved() && unsupported == null) {
        unsupported =
            new IsoNode.Unsupported(
                "iso9660 interleaved file",
                String.format(
                    Locale.ROOT,
                    "record at %s: interleaved files (file unit size %d, interleave gap size %d) are not supported",
                    hex(r.at()),
                    r.unitSize(),
                    r.gapSize()));
      }
    }
    Runs runs = Runs.of(at, len, where);
    if (rr.sparse() && unsupported == null) {
      unsupported =
          new IsoNode.Unsupported(
              "Rock Ridge sparse file", "Rock Ridge sparse files (SF) are not supported");
    }
    long size = runs.total;
    RockRidge.Zf zf = null;
    if (rr.zf() != null && type == FileType.REGULAR) {
      zf = rr.zf();
      if (sections.size() > 1) {
        throw new CorruptImageException(
            String.format(
                Locale.ROOT,
                "%s: ZF at %s: a zisofs file has %d extents, ZF allows one",
                where,
                hex(zf.at()),
                sections.size()));
      }
      size = zf.size();
    }
    String target = null;
    if (type == FileType.SYMLINK) {
      target = rr.symlink();
      size = target == null ? 0 : target.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    } else if (type != FileType.REGULAR) {
      size = 0;
    }
    long mtime = rr.mtime() != Long.MIN_VALUE ? rr.mtime() : first.mtime();
    return new IsoNode(
        this, where, type, size, first.at(), mode, mtime, -1, runs, zf, unsupported, target);
  }

  private static FileType typeOf(int mode, String where) throws CorruptImageException {
    switch (mode & 0170000) {
      case 0100000:
        return FileType.REGULAR;
      case 0040000:
        return FileType.DIRECTORY;
      case 0120000:
        return FileType.SYMLINK;
      case 0020000:
        return FileType.CHARACTER_DEVICE;
      case 0060000:
        return FileType.BLOCK_DEVICE;
      case 0010000:
        return FileType.FIFO;
      case 0140000:
        return FileType.SOCKET;
      default:
        throw new CorruptImageException(
            String.format(Locale.ROOT, "%s: PX file mode 0%o has no file type", where, mode));
    }
  }

  private IsoNode own(FsNode node, FileType wanted) {
    checkArgument(
        node instanceof IsoNode n && n.owner == this, "node %s is not of this filesystem", node);
    checkArgument(
        wanted == null || node.type() == wanted, "%s is a %s, not a %s", node, node.type(), wanted);
    return (IsoNode) node;
  }

  @Override
  public String type() {
    return "iso9660";
  }

  @Override
  public Optional<String> uuid() {
    return VolumeIds.uuid(descriptors.primary().raw());
  }

  @Override
  public Optional<String> label() {
    return VolumeIds.label(
        descriptors.primary().raw(), descriptors.joliet().map(VolumeDescriptor::raw));
  }

  @Override
  public FsNode root() {
    return root;
  }

  @Override
  public Optional<FsNode> lookup(FsNode dir, String name) throws IOException {
    IsoNode d = own(dir, FileType.DIRECTORY);
    if (name.isEmpty()
        || name.indexOf('/') >= 0
        || name.indexOf('\0') >= 0
        || name.length() > Susp.MAX_NAME) {
      return Optional.empty();
    }
    Directory.Entry[] found = {null};
    new Directory(this, d)
        .scan(
            e -> {
              if (Names.matches(tree, e.name(), name)) {
                found[0] = e;
                return false;
              }
              return true;
            });
    return found[0] == null ? Optional.empty() : Optional.of(node(found[0]));
  }

  @Override
  public List<DirEntry> list(FsNode dir) throws IOException {
    IsoNode d = own(dir, FileType.DIRECTORY);
    List<DirEntry> out = new ArrayList<>();
    new Directory(this, d)
        .scan(
            e -> {
              out.add(new DirEntry(e.name(), entryType(e), entryId(e)));
              return true;
            });
    return out;
  }

  private FileType entryType(Directory.Entry e) throws CorruptImageException {
    if (e.rr().childLink() >= 0 || e.first().isDirectory()) {
      return FileType.DIRECTORY;
    }
    return e.rr().mode() >= 0
        ? typeOf(e.rr().mode() & 0xffff, "iso9660: file record at " + hex(e.first().at()))
        : FileType.REGULAR;
  }

  /** A directory's first byte, or the disk offset of a file's first record. */
  private long entryId(Directory.Entry e) throws CorruptImageException {
    DirRecord first = e.first();
    if (e.rr().childLink() >= 0) {
      return disk.extent(
          e.rr().childLink(),
          0,
          disk.blockSize,
          "iso9660: Rock Ridge CL of the record",
          first.at());
    }
    if (first.isDirectory()) {
      return disk.extent(
          first.extent(),
          first.xarLength(),
          first.dataLength(),
          "iso9660: directory record",
          first.at());
    }
    return first.at();
  }

  @Override
  public FsNode node(DirEntry entry) throws IOException {
    long at = entry.id();
    checkArgument(
        at >= disk.firstDataBlock * disk.blockSize && at < disk.end,
        "entry %s is not of this filesystem",
        entry);
    long sectorAt = at - at % Disk.SECTOR;
    int in = (int) (at - sectorAt);
    String where = "iso9660: record at " + hex(at);
    DirRecord r = DirRecord.parse(disk.sector(sectorAt), in, Disk.SECTOR - in, at, where);
    if (r.isDot()) {
      return directory(r.extent(), r.xarLength(), r.extent() == root.extentLba, at);
    }
    // The sections of a multi-extent file follow their first record.
    List<DirRecord> sections = new ArrayList<>();
    sections.add(r);
    long pos = at + r.length();
    long max = disk.limits.maxDirectoryEntries();
    while ((r.flags() & DirRecord.FLAG_MULTI_EXTENT) != 0) {
      long s = pos - pos % Disk.SECTOR;
      byte[] sector = disk.sector(s);
      int i = (int) (pos - s);
      if (i >= Disk.SECTOR || sector[i] == 0) {
        pos = s + Disk.SECTOR;
        if (pos >= disk.end) {
          throw DirRecord.fail(where, at, "multi-extent file has no final extent");
        }
        continue;
      }
      DirRecord next = DirRecord.parse(sector, i, Disk.SECTOR - i, pos, where);
      if (!next.sameName(r)) {
        throw DirRecord.fail(where, at, "the multi-extent file has no final extent");
      }
      Limits.check(
          "maxDirectoryEntries", max, sections.size() + 1L, where + ": extents of one file");
      sections.add(next);
      pos += next.length();
      r = next;
    }
    RockRidge rr =
        tree == Names.Tree.ROCK_RIDGE
            ? Susp.parse(disk, sections.get(0), suspSkip, where)
            : RockRidge.NONE;
    if (rr.childLink() >= 0) {
      return directory(rr.childLink(), 0, false, at);
    }
    if (sections.get(0).isDirectory()) {
      return directory(sections.get(0).extent(), sections.get(0).xarLength(), false, at);
    }
    return file(sections, rr);
  }

  @Override
  public String readLink(FsNode link) throws IOException {
    IsoNode n = own(link, FileType.SYMLINK);
    if (n.target == null) {
      throw new CorruptImageException(n.where + ": a symbolic link (PX) without an SL entry");
    }
    return n.target;
  }

  @Override
  public int read(FsNode file, long offset, ByteBuffer dst) throws IOException {
    IsoNode n = own(file, FileType.REGULAR);
    if (offset < 0) {
      throw new IllegalArgumentException("negative offset " + offset);
    }
    if (offset >= n.size()) {
      return -1;
    }
    if (!dst.hasRemaining()) {
      return 0;
    }
    if (n.unsupported != null) {
      throw new UnsupportedFeatureException(
          n.unsupported.feature(), n.where + ": " + n.unsupported.detail());
    }
    if (n.zf != null) {
      return Zisofs.read(this, n, offset, dst);
    }
    return n.runs.read(disk, offset, dst);
  }

  /**
   * The El Torito boot images for UEFI (platform 0xEF, no emulation), which firmware reads as FAT
   * volumes: {@code (hd0,eltorito1)}, ... in catalog order.
   */
  @Override
  public List<NestedDevice> nestedDevices() throws IOException {
    List<NestedDevice> out = new ArrayList<>();
    for (ElTorito.BootEntry e : ElTorito.read(disk.device)) {
      if (e.platformId() == ElTorito.PLATFORM_EFI && e.emulation() == ElTorito.Emulation.NONE) {
        out.add(
            new NestedDevice(
                "eltorito",
                "El Torito EFI boot image",
                e.imageLba() * ElTorito.SECTOR,
                e.image(disk.device)));
      }
    }
    return out;
  }

  @Override
  public String toString() {
    return "iso9660 on " + disk.device;
  }
}
