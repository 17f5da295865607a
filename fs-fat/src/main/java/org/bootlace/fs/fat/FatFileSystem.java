package org.bootlace.fs.fat;

import static com.google.common.base.Preconditions.checkArgument;
import static org.bootlace.binary.Checks.hex;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bootlace.CorruptImageException;
import org.bootlace.Limits;
import org.bootlace.NotRecognizedException;
import org.bootlace.block.BlockDevice;
import org.bootlace.spi.DirEntry;
import org.bootlace.spi.DriverContext;
import org.bootlace.spi.FileSystem;
import org.bootlace.spi.FileType;
import org.bootlace.spi.FsNode;
import org.bootlace.spi.Warnings;

/**
 * An open FAT12, FAT16 or FAT32 volume. Names are looked up as GRUB and UEFI firmware look them up:
 * without regard to ASCII case, by long name, and (as firmware also does) by 8.3 name. The FSInfo
 * sector and the backup boot sector are never read: nothing read-only needs them. All state is
 * immutable or synchronized caches, so one volume may be read from many threads.
 */
final class FatFileSystem implements FileSystem {
  /** The root directory's id; every other node's id is the disk offset of its 8.3 record. */
  static final long ROOT_ID = 0;

  private static final int CACHED_DIRECTORIES = 64;

  /** Orphan and skipped-record warnings reported for at most this many directories. */
  private static final int MAX_WARNED_DIRECTORIES = 32;

  final BlockDevice device;
  final BootSector bs;
  final Fat fat;
  final Limits limits;
  private final Warnings warnings;
  private final FatNode root;
  private final Optional<String> label;
  private final Map<Long, Directory.Contents> directories =
      new LinkedHashMap<>(CACHED_DIRECTORIES, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Directory.Contents> eldest) {
          return size() > CACHED_DIRECTORIES;
        }
      };
  private final Set<Long> warned = new HashSet<>();

  private FatFileSystem(BlockDevice device, BootSector bs, DriverContext context)
      throws IOException {
    this.device = device;
    this.bs = bs;
    this.limits = context.limits();
    this.warnings = context.warnings();
    this.fat = new Fat(device, bs, limits);
    this.root =
        new FatNode(
            this, FileType.DIRECTORY, 0, ROOT_ID, bs.rootCluster(), 0, "fat: root directory");
    this.label = contents(root).label();
  }

  static FatFileSystem open(BlockDevice device, DriverContext context) throws IOException {
    if (device.size() < BootSector.SIZE) {
      throw new NotRecognizedException(
          String.format(
              Locale.ROOT,
              "fat: %s: %d bytes is too small for a boot sector",
              device,
              device.size()));
    }
    BootSector bs = BootSector.parse(device.read(0, BootSector.SIZE), device.size());
    bs.deviation().ifPresent(context.warnings()::add);
    if (bs.volumeBytes() > device.size()) {
      context
          .warnings()
          .add(
              String.format(
                  Locale.ROOT,
                  "fat: %s: the volume's %d bytes extend past the end of the device (%d bytes); the image is truncated",
                  device,
                  bs.volumeBytes(),
                  device.size()));
    }
    return new FatFileSystem(device, bs, context);
  }

  @Override
  public String type() {
    return bs.fatType().fsName();
  }

  /** The volume serial number as GRUB prints it: {@code 1234-ABCD}. */
  @Override
  public Optional<String> uuid() {
    return Optional.of(
        String.format(Locale.ROOT, "%04X-%04X", bs.serial() >>> 16, bs.serial() & 0xffff));
  }

  /**
   * The label of the root directory's volume-label record, as GRUB reads it (GRUB never reads the
   * boot sector's copy; blkid prefers the record too).
   */
  @Override
  public Optional<String> label() {
    return label;
  }

  /** The boot sector's own copy of the label, which GRUB ignores. */
  Optional<String> bootSectorLabel() {
    return bs.bpbLabel();
  }

  @Override
  public FsNode root() {
    return root;
  }

  @Override
  public Optional<FsNode> lookup(FsNode dir, String name) throws IOException {
    FatNode d = own(dir, FileType.DIRECTORY);
    Optional<Directory.Entry> e = contents(d).find(name);
    return e.isPresent() ? Optional.of(node(e.get())) : Optional.empty();
  }

  @Override
  public List<DirEntry> list(FsNode dir) throws IOException {
    FatNode d = own(dir, FileType.DIRECTORY);
    List<DirEntry> out = new ArrayList<>();
    for (Directory.Entry e : contents(d).entries()) {
      out.add(
          new DirEntry(e.name(), e.isDirectory() ? FileType.DIRECTORY : FileType.REGULAR, e.at()));
    }
    return out;
  }

  @Override
  public FsNode node(DirEntry entry) throws IOException {
    long at = entry.id();
    if (at == ROOT_ID) {
      return root;
    }
    checkArgument(
        at >= bs.rootDirOffset()
            && at % Directory.RECORD == 0
            && at <= device.size() - Directory.RECORD,
        "entry %s is not of this filesystem",
        entry);
    return node(
        Directory.single(
            device.read(at, Directory.RECORD), at, bs.fatType() == BootSector.FatType.FAT32));
  }

  private FatNode node(Directory.Entry e) throws CorruptImageException {
    boolean dir = e.isDirectory();
    String what =
        String.format(Locale.ROOT, "fat: %s record at %s", dir ? "directory" : "file", hex(e.at()));
    if (dir && e.firstCluster() == 0) {
      throw new CorruptImageException(what + ": a subdirectory with first cluster 0");
    }
    if (!dir && e.firstCluster() == 0 && e.size() != 0) {
      throw new CorruptImageException(what + ": " + e.size() + " bytes but no first cluster");
    }
    return new FatNode(
        this,
        dir ? FileType.DIRECTORY : FileType.REGULAR,
        dir ? 0 : e.size(),
        e.at(),
        e.firstCluster(),
        mtime(e.date(), e.time()),
        what);
  }

  /** A FAT date and time (local time, no zone recorded) read as UTC; 0 when not a real date. */
  static long mtime(int date, int time) {
    try {
      return LocalDateTime.of(
              1980 + (date >> 9),
              (date >> 5) & 0x0f,
              date & 0x1f,
              time >> 11,
              (time >> 5) & 0x3f,
              (time & 0x1f) * 2)
          .toEpochSecond(ZoneOffset.UTC);
    } catch (DateTimeException e) {
      return 0;
    }
  }

  /** Called by {@link FatNode#runs()}: the checked chain of a file or subdirectory. */
  Fat.Runs chainOf(FatNode n) throws IOException {
    if (n.type == FileType.DIRECTORY) {
      long max =
          (Directory.MAX_RECORDS * Directory.RECORD + bs.clusterBytes() - 1) / bs.clusterBytes();
      return fat.chain(n.firstCluster, max, true, n.what);
    }
    long needed = (n.size + bs.clusterBytes() - 1) / bs.clusterBytes();
    return needed == 0 ? null : fat.chain(n.firstCluster, needed, false, n.what);
  }

  /** The records of a directory, parsed once and cached. */
  private Directory.Contents contents(FatNode d) throws IOException {
    synchronized (directories) {
      Directory.Contents c = directories.get(d.id);
      if (c != null) {
        return c;
      }
    }
    byte[] data;
    Directory.Positions positions;
    boolean fixedRoot = d.id == ROOT_ID && bs.fatType() != BootSector.FatType.FAT32;
    if (fixedRoot) {
      data = device.read(bs.rootDirOffset(), (int) bs.rootDirBytes());
      positions = pos -> bs.rootDirOffset() + pos;
    } else {
      Fat.Runs runs = d.runs();
      long bytes = runs.clusters() * bs.clusterBytes();
      Limits.check(
          "maxMetadataBytes", limits.maxMetadataBytes(), bytes, d.what + ": directory size");
      data = new byte[(int) bytes];
      int pos = 0;
      while (pos < data.length) {
        long[] loc = runs.locate(pos);
        int n = (int) Math.min(loc[1], data.length - pos);
        device.read(loc[0], ByteBuffer.wrap(data, pos, n));
        pos += n;
      }
      positions = pos2 -> runs.locate(pos2)[0];
    }
    Directory.Contents c =
        Directory.parse(data, positions, bs.fatType() == BootSector.FatType.FAT32, limits, d.what);
    if (!c.skipped().isEmpty()) {
      synchronized (warned) {
        if (warned.size() < MAX_WARNED_DIRECTORIES && warned.add(d.id)) {
          warnings.add(d.what + ": " + String.join("; ", c.skipped()));
        }
      }
    }
    synchronized (directories) {
      directories.put(d.id, c);
    }
    return c;
  }

  @Override
  public String readLink(FsNode link) {
    throw new IllegalArgumentException(link + " is not a symbolic link: FAT has none");
  }

  @Override
  public int read(FsNode file, long offset, ByteBuffer dst) throws IOException {
    FatNode f = own(file, FileType.REGULAR);
    checkArgument(offset >= 0, "negative offset %s", offset);
    if (offset >= f.size) {
      return -1;
    }
    if (!dst.hasRemaining()) {
      return 0;
    }
    long[] loc = f.runs().locate(offset);
    int n = (int) Math.min(Math.min(dst.remaining(), f.size - offset), loc[1]);
    ByteBuffer part = dst.slice();
    part.limit(n);
    device.read(loc[0], part);
    dst.position(dst.position() + n);
    return n;
  }

  private FatNode own(FsNode node, FileType wanted) {
    checkArgument(
        node instanceof FatNode n && n.owner == this, "node %s is not of this filesystem", node);
    checkArgument(node.type() == wanted, "%s is a %s, not a %s", node, node.type(), wanted);
    return (FatNode) node;
  }

  @Override
  public String toString() {
    return "fat " + device;
  }
}
