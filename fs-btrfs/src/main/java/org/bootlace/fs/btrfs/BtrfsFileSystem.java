package org.bootlace.fs.btrfs;

import static com.google.common.base.Preconditions.checkArgument;
import static org.bootlace.binary.Checks.hex;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
import org.bootlace.spi.Subvolume;

/**
 * An open single-device btrfs filesystem, seen from one subvolume. Paths start at the default
 * subvolume ({@code btrfs subvolume set-default}), as openSUSE's GRUB reads them with {@code
 * btrfs_relative_path=y}; upstream GRUB starts at the top level (subvolume 5), which is the same
 * thing on every layout that never sets a default (Debian, Ubuntu, Fedora). Another subvolume is
 * chosen with {@link #atSubvolume(String)} or {@link #atSubvolumeId(long)} (GRUB's {@code
 * btrfs_subvol} and {@code btrfs_subvolid}). A directory entry naming a subvolume leads into that
 * subvolume's tree, as in GRUB, so {@code /@/.snapshots/2/snapshot/boot} works from the top level
 * and snapper's {@code /.snapshots/2/snapshot/boot} from a snapshot that holds {@code .snapshots}.
 *
 * <p>One tolerance, shown as a warning: a name missing from the root directory of a default
 * subvolume other than the top level is looked up in the top level's root directory, so a
 * configuration written for upstream GRUB's top-level paths ({@code /@/boot/vmlinuz}) still finds
 * its files.
 */
public final class BtrfsFileSystem implements FileSystem {
  static final long FS_TREE = 5;
  static final long ROOT_TREE_DIR = 6;
  static final long FIRST_CHUNK_TREE = 256;
  private static final long MAX_SUBVOLUME = (1L << 23) - 1;
  private static final long MAX_INODE = (1L << 40) - 1;

  private final Disk disk;
  private final Shared shared;
  private final long subvolume;

  /** Whether a name missing from the default subvolume's root is looked for in the top level. */
  private final boolean lenient;

  private final BtrfsNode root;

  /** What every view of one filesystem shares: root items and the last decompressed extent. */
  private static final class Shared {
    final Disk.Root rootTree;
    final long defaultSubvolume;
    final Map<Long, Items.Root> roots = new HashMap<>();
    final Map<String, Boolean> fellBack = new HashMap<>();
    Items.Extent cachedExtent;
    byte[] cachedData;

    Shared(Disk.Root rootTree, long defaultSubvolume) {
      this.rootTree = rootTree;
      this.defaultSubvolume = defaultSubvolume;
    }
  }

  private BtrfsFileSystem(Disk disk, Shared shared, long subvolume) throws IOException {
    this(disk, shared, subvolume, true);
  }

  private BtrfsFileSystem(Disk disk, Shared shared, long subvolume, boolean lenient)
      throws IOException {
    this.disk = disk;
    this.shared = shared;
    this.subvolume = subvolume;
    this.lenient = lenient;
    Items.Root r = rootItem(subvolume, "subvolume " + subvolume);
    this.root = node(subvolume, r.rootDirId());
    if (root.type() != FileType.DIRECTORY) {
      throw new CorruptImageException(
          "btrfs: subvolume "
              + subvolume
              + ": root directory inode "
              + r.rootDirId()
              + " has mode 0"
              + Integer.toOctalString(root.mode())
              + ", not a directory");
    }
  }

  static BtrfsFileSystem open(BlockDevice device, DriverContext context) throws IOException {
    long end = Superblock.OFFSET + Superblock.SIZE;
    if (device.size() < end) {
      throw new CorruptImageException(
          "btrfs: "
              + device
              + ": "
              + device.size()
              + " bytes, too small for a superblock ending at "
              + hex(end));
    }
    Superblock sb = Superblock.parse(device.read(Superblock.OFFSET, Superblock.SIZE));
    ChunkMap chunks = ChunkMap.bootstrap(sb);
    Disk boot = new Disk(device, sb, chunks, context.limits(), context.warnings());
    Disk.Root chunkTree = new Disk.Root("chunk tree", sb.chunkRoot(), sb.chunkRootLevel());
    ChunkMap full = ChunkMap.bootstrap(sb);
    List<Chunk> found = new ArrayList<>();
    boot.scan(
        chunkTree,
        new Key(FIRST_CHUNK_TREE, Key.CHUNK_ITEM, 0),
        new Key(FIRST_CHUNK_TREE, Key.CHUNK_ITEM, Key.MAX),
        (leaf, i) -> {
          String where = leaf.item(i);
          int size =
              Chunk.itemSize(
                  leaf.data,
                  leaf.dataOff[i],
                  leaf.dataOff[i] + leaf.dataSize[i],
                  leaf.logical + leaf.dataOff[i],
                  where);
          if (size != leaf.dataSize[i]) {
            throw new CorruptImageException(
                where + ": item size " + leaf.dataSize[i] + " != " + size + " for its stripes");
          }
          found.add(
              Chunk.parse(
                  leaf.data,
                  leaf.dataOff[i],
                  size,
                  leaf.keys[i].offset(),
                  sb.devId(),
                  sb.sectorSize(),
                  leaf.logical + leaf.dataOff[i],
                  where));
          return true;
        });
    for (Chunk c : found) {
      full.add(c, "btrfs: chunk tree");
    }
    Disk disk = new Disk(device, sb, full, context.limits(), context.warnings());
    if (sb.logRoot() != 0) {
      context
          .warnings()
          .add(
              "btrfs: "
                  + device
                  + ": the log tree at "
                  + hex(sb.logRoot())
                  + " is not replayed, so the most recent fsyncs may be missing");
    }
    Disk.Root rootTree = new Disk.Root("root tree", sb.root(), sb.rootLevel());
    long def = FS_TREE;
    byte[] name = "default".getBytes(StandardCharsets.US_ASCII);
    Disk.Found f =
        disk.first(
            rootTree,
            new Key(ROOT_TREE_DIR, Key.DIR_ITEM, Crc32c.nameHash(name)),
            new Key(ROOT_TREE_DIR, Key.DIR_ITEM, Crc32c.nameHash(name)));
    if (f != null) {
      for (Items.Dir d : Items.Dir.parseAll(f)) {
        if (Arrays.equals(d.name(), name)) {
          if (d.location().type() != Key.ROOT_ITEM) {
            throw new CorruptImageException(
                f.leaf().item(f.index())
                    + ": the default subvolume's location "
                    + d.location()
                    + " is not a root item");
          }
          def = d.location().objectId();
        }
      }
    }
    Shared shared = new Shared(rootTree, def);
    return new BtrfsFileSystem(disk, shared, def);
  }

  /**
   * The id of the default subvolume ({@code btrfs subvolume get-default}); 5 is the top level.
   *
   * @return the subvolume id the {@code default} entry of the root tree's directory names, or 5
   */
  public long defaultSubvolumeId() {
    return shared.defaultSubvolume;
  }

  /**
   * The id of the subvolume this view starts at.
   *
   * @return 5 for the top level, else 256 or more
   */
  public long subvolumeId() {
    return subvolume;
  }

  /**
   * A view starting at subvolume {@code id} (GRUB's {@code subvolid=}); 5 is the top level.
   *
   * <p>The view shares this one's device and caches.
   *
   * @param id 5, or 256 to 2^23 - 1
   * @return the view
   * @throws IllegalArgumentException if {@code id} is not a subvolume id bootlace can read
   * @throws CorruptImageException if the root tree has no root item for {@code id}, or its root
   *     directory is not a directory
   * @throws IOException if reading the image fails
   */
  public BtrfsFileSystem atSubvolumeId(long id) throws IOException {
    checkArgument(
        id == FS_TREE || (id >= FIRST_CHUNK_TREE && id <= MAX_SUBVOLUME),
        "not a subvolume id: %s",
        id);
    return new BtrfsFileSystem(disk, shared, id);
  }

  /**
   * A view starting at the subvolume at {@code path}, taken from the top level as {@code subvol=}
   * takes it ({@code @}, {@code @/.snapshots/1/snapshot}, {@code root}); empty when that path is
   * not a subvolume.
   *
   * @param path {@code /}-separated names from the top level; {@code .} and empty names are
   *     skipped, {@code ..} finds nothing
   * @return the view, or empty
   * @throws IOException if the image is corrupt or exceeds a limit on the way
   */
  public Optional<BtrfsFileSystem> atSubvolume(String path) throws IOException {
    BtrfsFileSystem top = subvolume == FS_TREE ? this : atSubvolumeId(FS_TREE);
    FsNode n = top.root;
    int parts = 0;
    for (String part : path.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (++parts > disk.limits.maxPathBytes()) {
        return Optional.empty();
      }
      if (part.equals("..") || n.type() != FileType.DIRECTORY) {
        return Optional.empty();
      }
      Optional<FsNode> next = top.lookupIn((BtrfsNode) n, part, false);
      if (next.isEmpty()) {
        return Optional.empty();
      }
      n = next.get();
    }
    BtrfsNode b = (BtrfsNode) n;
    if (b.ino() != rootItem(b.subvolume(), "subvolume " + b.subvolume()).rootDirId()) {
      return Optional.empty();
    }
    return Optional.of(new BtrfsFileSystem(disk, shared, b.subvolume()));
  }

  private Disk.Root tree(long subvol) throws IOException {
    Items.Root r = rootItem(subvol, "subvolume " + subvol);
    return new Disk.Root("fs tree " + subvol, r.bytenr(), r.level());
  }

  private Items.Root rootItem(long id, String what) throws IOException {
    synchronized (shared) {
      Items.Root r = shared.roots.get(id);
      if (r != null) {
        return r;
      }
    }
    Disk.Found f =
        disk.first(
            shared.rootTree, new Key(id, Key.ROOT_ITEM, 0), new Key(id, Key.ROOT_ITEM, Key.MAX));
    if (f == null) {
      throw new CorruptImageException(
          "btrfs: "
              + what
              + ": no root item for tree "
              + Long.toUnsignedString(id)
              + " in the root tree");
    }
    Items.Root r = Items.Root.parse(f);
    synchronized (shared) {
      shared.roots.put(id, r);
    }
    return r;
  }

  private static long id(long subvol, long ino) throws UnsupportedFeatureException {
    if (subvol < 0 || subvol > MAX_SUBVOLUME || ino < 0 || ino > MAX_INODE) {
      throw new UnsupportedFeatureException(
          "btrfs large ids",
          "btrfs: subvolume "
              + Long.toUnsignedString(subvol)
              + " inode "
              + Long.toUnsignedString(ino)
              + ": ids beyond 2^23 subvolumes and 2^40 inodes are not read");
    }
    return subvol << 40 | ino;
  }

  private BtrfsNode node(long subvol, long ino) throws IOException {
    long id = id(subvol, ino);
    Disk.Root t = tree(subvol);
    Disk.Found f =
        disk.first(t, new Key(ino, Key.INODE_ITEM, 0), new Key(ino, Key.INODE_ITEM, Key.MAX));
    if (f == null) {
      throw new CorruptImageException(
          "btrfs: " + t.name() + ": inode " + Long.toUnsignedString(ino) + " has no inode item");
    }
    return new BtrfsNode(disk, subvol, ino, Items.Inode.parse(f), id);
  }

  /** The node a directory entry's location key names: an inode, or a subvolume's root directory. */
  private BtrfsNode resolve(long subvol, Items.Dir d, String where) throws IOException {
    Key loc = d.location();
    if (loc.type() == Key.INODE_ITEM) {
      return node(subvol, loc.objectId());
    }
    if (loc.type() == Key.ROOT_ITEM) {
      long child = loc.objectId();
      if (child != FS_TREE && (child < FIRST_CHUNK_TREE || child > MAX_SUBVOLUME)) {
        throw new CorruptImageException(where + ": location " + loc + " is not a subvolume");
      }
      return node(child, rootItem(child, where).rootDirId());
    }
    throw new CorruptImageException(
        where + ": location " + loc + " is neither an inode nor a subvolume");
  }

  private long entryId(long subvol, Items.Dir d, String where) throws IOException {
    Key loc = d.location();
    if (loc.type() == Key.INODE_ITEM) {
      return id(subvol, loc.objectId());
    }
    if (loc.type() == Key.ROOT_ITEM) {
      return id(loc.objectId(), rootItem(loc.objectId(), where).rootDirId());
    }
    throw new CorruptImageException(
        where + ": location " + loc + " is neither an inode nor a subvolume");
  }

  private BtrfsNode own(FsNode node, FileType wanted) {
    checkArgument(
        node instanceof BtrfsNode n && n.disk() == disk, "node %s is not of this filesystem", node);
    BtrfsNode n = (BtrfsNode) node;
    checkArgument(
        wanted == null || n.type() == wanted, "%s is a %s, not a %s", node, n.type(), wanted);
    return n;
  }

  @Override
  public boolean hasSubvolumes() {
    return true;
  }

  /**
   * A view at the chosen subvolume. Unlike the view {@link #open} gives, these never fall back to
   * the top level: GRUB's explicit choices ({@code btrfs_subvol}, {@code btrfs_subvolid}, {@code
   * btrfs_relative_path}) do not either.
   */
  @Override
  public Optional<FileSystem> subvolume(Subvolume which) throws IOException {
    long id;
    if (which instanceof Subvolume.TopLevel) {
      id = FS_TREE;
    } else if (which instanceof Subvolume.Default) {
      id = shared.defaultSubvolume;
    } else if (which instanceof Subvolume.ById byId) {
      id = byId.id();
      if (id != FS_TREE && (id < FIRST_CHUNK_TREE || id > MAX_SUBVOLUME)) {
        return Optional.empty();
      }
      if (disk.first(
              shared.rootTree, new Key(id, Key.ROOT_ITEM, 0), new Key(id, Key.ROOT_ITEM, Key.MAX))
          == null) {
        return Optional.empty();
      }
    } else {
      Optional<BtrfsFileSystem> at = atSubvolume(((Subvolume.ByPath) which).path());
      if (at.isEmpty()) {
        return Optional.empty();
      }
      id = at.get().subvolume;
    }
    return Optional.of(new BtrfsFileSystem(disk, shared, id, false));
  }

  @Override
  public String type() {
    return "btrfs";
  }

  @Override
  public Optional<String> uuid() {
    return Optional.of(Superblock.uuidString(disk.sb.fsid()));
  }

  @Override
  public Optional<String> label() {
    return disk.sb.label();
  }

  @Override
  public FsNode root() {
    return root;
  }

  @Override
  public Optional<FsNode> lookup(FsNode dir, String name) throws IOException {
    return lookupIn(own(dir, FileType.DIRECTORY), name, true);
  }

  private Optional<FsNode> lookupIn(BtrfsNode d, String name, boolean fallBack) throws IOException {
    byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
    if (bytes.length == 0
        || bytes.length > Items.Dir.NAME_MAX
        || name.indexOf('/') >= 0
        || name.indexOf('\0') >= 0) {
      return Optional.empty();
    }
    long hash = Crc32c.nameHash(bytes);
    Disk.Root t = tree(d.subvolume());
    Disk.Found f =
        disk.first(t, new Key(d.ino(), Key.DIR_ITEM, hash), new Key(d.ino(), Key.DIR_ITEM, hash));
    if (f != null) {
      for (Items.Dir e : Items.Dir.parseAll(f)) {
        if (Arrays.equals(e.name(), bytes)) {
          return Optional.of(resolve(d.subvolume(), e, f.leaf().item(f.index())));
        }
      }
    }
    if (fallBack
        && lenient
        && d.equals(root)
        && subvolume == shared.defaultSubvolume
        && subvolume != FS_TREE) {
      BtrfsFileSystem top = atSubvolumeId(FS_TREE);
      Optional<FsNode> there = top.lookupIn(top.root, name, false);
      if (there.isPresent()) {
        synchronized (shared) {
          if (shared.fellBack.size() < 16 && shared.fellBack.put(name, Boolean.TRUE) == null) {
            disk.warnings.add(
                "btrfs: "
                    + disk.device
                    + ": '/"
                    + name
                    + "' is not in the default subvolume "
                    + subvolume
                    + "; found it in the top level (subvolume 5) instead");
          }
        }
      }
      return there;
    }
    return Optional.empty();
  }

  @Override
  public List<DirEntry> list(FsNode dir) throws IOException {
    BtrfsNode d = own(dir, FileType.DIRECTORY);
    Disk.Root t = tree(d.subvolume());
    List<DirEntry> out = new ArrayList<>();
    long max = disk.limits.maxDirectoryEntries();
    disk.scan(
        t,
        new Key(d.ino(), Key.DIR_INDEX, 0),
        new Key(d.ino(), Key.DIR_INDEX, Key.MAX),
        (leaf, i) -> {
          Disk.Found f = new Disk.Found(leaf, i);
          List<Items.Dir> all = Items.Dir.parseAll(f);
          String where = leaf.item(i);
          if (all.size() != 1) {
            throw new CorruptImageException(
                where + ": a dir index item holds " + all.size() + " entries, not 1");
          }
          Items.Dir e = all.get(0);
          Limits.check(
              "maxDirectoryEntries",
              max,
              out.size() + 1L,
              "btrfs: " + t.name() + ": directory " + d.ino() + " entries");
          out.add(new DirEntry(e.nameString(), e.fileType(), entryId(d.subvolume(), e, where)));
          return true;
        });
    return out;
  }

  @Override
  public FsNode node(DirEntry entry) throws IOException {
    long id = entry.id();
    checkArgument(id >= 0, "not an id of this filesystem: %s", id);
    return node(id >>> 40, id & MAX_INODE);
  }

  @Override
  public String readLink(FsNode link) throws IOException {
    BtrfsNode n = own(link, FileType.SYMLINK);
    String where = "btrfs: fs tree " + n.subvolume() + ": symlink inode " + n.ino();
    Limits.check("maxPathBytes", disk.limits.maxPathBytes(), n.size(), where + ": target length");
    if (n.size() == 0) {
      throw new CorruptImageException(where + ": target length 0");
    }
    ByteBuffer b = ByteBuffer.allocate((int) n.size());
    while (b.hasRemaining()) {
      if (read(n, b.position(), b) < 0) {
        break;
      }
    }
    return new String(b.array(), 0, b.position(), StandardCharsets.UTF_8);
  }

  @Override
  public int read(FsNode file, long offset, ByteBuffer dst) throws IOException {
    BtrfsNode n =
        file instanceof BtrfsNode b && b.type() == FileType.SYMLINK
            ? own(file, FileType.SYMLINK)
            : own(file, FileType.REGULAR);
    checkArgument(offset >= 0, "negative offset %s", offset);
    long size = n.size();
    if (offset >= size) {
      return -1;
    }
    if (!dst.hasRemaining()) {
      return 0;
    }
    int want = (int) Math.min(dst.remaining(), size - offset);
    Disk.Root t = tree(n.subvolume());
    Disk.Found f = disk.floor(t, new Key(n.ino(), Key.EXTENT_DATA, offset));
    Items.Extent e = null;
    if (f != null && f.key().objectId() == n.ino() && f.key().type() == Key.EXTENT_DATA) {
      e = Items.Extent.parse(f);
      if (offset - e.fileOffset() >= e.length()) {
        e = null;
      }
    }
    if (e == null) {
      Disk.Found next =
          disk.first(
              t,
              new Key(n.ino(), Key.EXTENT_DATA, offset + 1),
              new Key(n.ino(), Key.EXTENT_DATA, Key.MAX));
      long holeEnd = next == null ? size : Math.min(size, next.key().offset());
      int len = (int) Math.min(want, holeEnd - offset);
      zero(dst, len);
      return len;
    }
    String where = f.leaf().item(f.index());
    long inExtent = offset - e.fileOffset();
    int len = (int) Math.min(want, e.length() - inExtent);
    if (e.type() == Items.Extent.INLINE) {
      byte[] data;
      int base;
      if (e.compression() == 0) {
        data = f.data();
        base = e.inlineOff();
      } else {
        data =
            Decompress.decompress(
                e.compression(),
                f.data(),
                e.inlineOff(),
                e.inlineLen(),
                e.ramBytes(),
                disk.sb.sectorSize(),
                where);
        base = 0;
      }
      dst.put(data, base + (int) inExtent, len);
      return len;
    }
    if (e.type() == Items.Extent.PREALLOC || e.diskBytenr() == 0) {
      zero(dst, len);
      return len;
    }
    if (e.compression() == 0) {
      long logical = e.diskBytenr() + e.offset() + inExtent;
      len = (int) Math.min(len, disk.chunks.remainingInChunk(logical, where));
      ByteBuffer part = dst.slice(dst.position(), len);
      disk.readLogical(logical, part, where);
      dst.position(dst.position() + len);
      return len;
    }
    byte[] data = extent(e, where);
    dst.put(data, (int) (e.offset() + inExtent), len);
    return len;
  }

  private byte[] extent(Items.Extent e, String where) throws IOException {
    synchronized (shared) {
      Items.Extent c = shared.cachedExtent;
      if (c != null
          && c.diskBytenr() == e.diskBytenr()
          && c.diskNumBytes() == e.diskNumBytes()
          && c.ramBytes() == e.ramBytes()
          && c.compression() == e.compression()) {
        return shared.cachedData;
      }
    }
    if (e.diskNumBytes() > Decompress.MAX || e.ramBytes() > Decompress.MAX) {
      throw new CorruptImageException(
          where
              + ": compressed extent disk_num_bytes "
              + e.diskNumBytes()
              + " ram_bytes "
              + e.ramBytes()
              + " > "
              + Decompress.MAX
              + ", btrfs's largest");
    }
    byte[] raw = disk.readLogical(e.diskBytenr(), (int) e.diskNumBytes(), where);
    byte[] data =
        Decompress.decompress(
            e.compression(), raw, 0, raw.length, e.ramBytes(), disk.sb.sectorSize(), where);
    synchronized (shared) {
      shared.cachedExtent = e;
      shared.cachedData = data;
    }
    return data;
  }

  private static final byte[] ZEROS = new byte[64 * 1024];

  private static void zero(ByteBuffer dst, int len) {
    int left = len;
    while (left > 0) {
      int n = Math.min(left, ZEROS.length);
      dst.put(ZEROS, 0, n);
      left -= n;
    }
  }

  @Override
  public String toString() {
    return "btrfs on " + disk.device + " (subvolume " + subvolume + ")";
  }
}
