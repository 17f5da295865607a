package org.bootlace.fs.xfs;

import static com.google.common.base.Preconditions.checkArgument;
import static org.bootlace.binary.Checks.hex;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.bootlace.CorruptImageException;
import org.bootlace.Limits;
import org.bootlace.binary.Be;
import org.bootlace.block.BlockDevice;
import org.bootlace.spi.DirEntry;
import org.bootlace.spi.DriverContext;
import org.bootlace.spi.FileSystem;
import org.bootlace.spi.FileType;
import org.bootlace.spi.FsNode;

/** An open XFS filesystem. All state is immutable or a synchronized cache. */
final class XfsFileSystem implements FileSystem {
  /** Longest name a directory entry can hold. */
  static final int MAX_NAME = 255;

  final BlockDevice device;
  final Superblock sb;
  final Limits limits;
  private final Lru<Long, byte[]> cache;

  /** Verified directory blocks by (inode, directory block). */
  final Lru<DirBlockKey, DirBlock> dirBlocks;

  private final XfsNode root;

  private XfsFileSystem(BlockDevice device, Superblock sb, Limits limits) throws IOException {
    this.device = device;
    this.sb = sb;
    this.limits = limits;
    this.cache = new Lru<>(Math.max(16, (4 << 20) / sb.blockSize()));
    this.dirBlocks = new Lru<>(Math.max(16, (4 << 20) / sb.dirBlockSize()));
    Dinode r = inode(sb.rootIno());
    if (r.fileType() != FileType.DIRECTORY) {
      throw r.fail(
          "di_mode",
          Dinode.DI_MODE,
          String.format(
              java.util.Locale.ROOT, "0%o: the root (sb_rootino) is not a directory", r.mode()));
    }
    this.root = new XfsNode(this, r);
  }

  static XfsFileSystem open(BlockDevice device, DriverContext context) throws IOException {
    if (device.size() < Superblock.SIZE) {
      throw new CorruptImageException(
          String.format(
              java.util.Locale.ROOT,
              "xfs: %s: %d bytes, too small for a superblock",
              device,
              device.size()));
    }
    byte[] first = device.read(0, Superblock.SIZE);
    int sectSize = Be.u16(first, Superblock.SB_SECTSIZE);
    byte[] sector = first;
    if (Be.u32(first, 0) == Superblock.MAGIC
        && Superblock.crcOf(first)
        && sectSize > Superblock.SIZE
        && sectSize <= 32768
        && Integer.bitCount(sectSize) == 1) {
      if (device.size() < sectSize) {
        throw new CorruptImageException(
            String.format(
                java.util.Locale.ROOT,
                "xfs: %s: %d bytes, too small for a superblock sector of %d",
                device,
                device.size(),
                sectSize));
      }
      sector = device.read(0, sectSize);
    }
    Superblock sb = Superblock.parse(sector, device.size());
    AgHeaders.check(device, sb);
    if (sb.logIncompat() != 0) {
      // The kernel sets these while the log holds such items and clears them on a clean unmount.
      context
          .warnings()
          .add(
              "xfs: "
                  + device
                  + ": sb_features_log_incompat "
                  + hex(sb.logIncompat())
                  + ": the filesystem was not cleanly unmounted; read without replaying its log, so the most recent"
                  + " changes may be missing");
    }
    return new XfsFileSystem(device, sb, context.limits());
  }

  // ---- geometry

  /** The byte offset of filesystem block {@code fsb} (AG number in the high bits). */
  long fsbToByte(long fsb) {
    long agno = fsb >>> sb.agBlockLog();
    long agbno = fsb & ((1L << sb.agBlockLog()) - 1);
    return (agno * sb.agBlocks() + agbno) << sb.blockLog();
  }

  /**
   * Throws unless {@code count} blocks from {@code fsb} lie inside one allocation group of the data
   * device.
   */
  void checkExtent(long fsb, long count, String where) throws CorruptImageException {
    long agno = fsb >>> sb.agBlockLog();
    long agbno = fsb & ((1L << sb.agBlockLog()) - 1);
    if (fsb < 0
        || agno >= sb.agCount()
        || count > sb.agBlocks()
        || agbno > sb.agBlocks() - count
        || agno * sb.agBlocks() + agbno + count > sb.dataBlocks()) {
      throw new CorruptImageException(
          where
              + ": block "
              + Long.toUnsignedString(fsb)
              + " (AG "
              + Long.toUnsignedString(agno)
              + " block "
              + agbno
              + ") + "
              + count
              + " outside the data device ("
              + sb.agCount()
              + " AGs of "
              + sb.agBlocks()
              + " blocks, "
              + sb.dataBlocks()
              + " in all)");
    }
  }

  /**
   * One filesystem block of metadata (a bmap btree node), through the cache; not to be modified.
   */
  byte[] metaBlock(long fsb) throws IOException {
    byte[] b = cache.get(fsb);
    if (b == null) {
      b = device.read(fsbToByte(fsb), sb.blockSize());
      cache.put(fsb, b);
    }
    return b;
  }

  record DirBlockKey(long ino, long block) {}

  /** A directory block whose header (and v5 checksum) passed, with its disk offset for messages. */
  record DirBlock(byte[] bytes, long diskOffset) {}

  /**
   * Checks the header every v5 metadata block carries: its checksum over {@code length} bytes, its
   * own disk address (in 512-byte units), the filesystem's UUID and its owner.
   */
  static void checkSelfDescribing(
      byte[] b,
      int length,
      int crcAt,
      int blknoAt,
      int uuidAt,
      int ownerAt,
      long diskOffset,
      long owner,
      Superblock sb,
      String where)
      throws CorruptImageException {
    long want = Crc.compute(b, 0, length, crcAt);
    long got = Crc.stored(b, 0, crcAt);
    if (want != got) {
      throw new CorruptImageException(where + ": crc " + hex(got) + " != computed " + hex(want));
    }
    long blkno = Be.u64(b, blknoAt);
    if (blkno != diskOffset / 512) {
      throw new CorruptImageException(
          where
              + ": blkno "
              + Long.toUnsignedString(blkno)
              + " != its own address "
              + diskOffset / 512);
    }
    if (!Arrays.equals(b, uuidAt, uuidAt + 16, sb.metaUuid(), 0, 16)) {
      throw new CorruptImageException(where + ": uuid is not the filesystem's UUID");
    }
    long gotOwner = Be.u64(b, ownerAt);
    if (gotOwner != owner) {
      throw new CorruptImageException(
          where
              + ": owner "
              + Long.toUnsignedString(gotOwner)
              + " != inode "
              + Long.toUnsignedString(owner));
    }
  }

  /** Reads and validates inode {@code ino}. */
  Dinode inode(long ino) throws IOException {
    int inoShift = sb.agBlockLog() + sb.inodesPerBlockLog();
    long agno = inoShift >= 64 ? 0 : ino >>> inoShift;
    long agbno = (ino >>> sb.inodesPerBlockLog()) & ((1L << sb.agBlockLog()) - 1);
    long index = ino & ((1L << sb.inodesPerBlockLog()) - 1);
    if (ino <= 0
        || agno >= sb.agCount()
        || agbno >= sb.agBlocks()
        || agno * sb.agBlocks() + agbno >= sb.dataBlocks()) {
      throw new CorruptImageException(
          "xfs: inode number "
              + Long.toUnsignedString(ino)
              + " (AG "
              + Long.toUnsignedString(agno)
              + " block "
              + agbno
              + ") outside the filesystem");
    }
    long at = ((agno * sb.agBlocks() + agbno) << sb.blockLog()) + index * sb.inodeSize();
    byte[] raw = device.read(at, sb.inodeSize());
    return Dinode.parse(raw, at, ino, sb);
  }

  private Dinode own(FsNode node, FileType wanted) {
    checkArgument(
        node instanceof XfsNode n && n.owner == this, "node %s is not of this filesystem", node);
    Dinode inode = ((XfsNode) node).inode;
    checkArgument(
        wanted == null || inode.fileType() == wanted,
        "%s is a %s, not a %s",
        node,
        inode.fileType(),
        wanted);
    return inode;
  }

  /** The node of {@code ino}, with its block map read once. */
  XfsNode node(long ino) throws IOException {
    return new XfsNode(this, inode(ino));
  }

  @Override
  public String type() {
    return "xfs";
  }

  @Override
  public Optional<String> uuid() {
    return sb.uuidString();
  }

  @Override
  public Optional<String> label() {
    return sb.labelString();
  }

  @Override
  public FsNode root() {
    return root;
  }

  @Override
  public Optional<FsNode> lookup(FsNode dir, String name) throws IOException {
    own(dir, FileType.DIRECTORY);
    XfsNode d = (XfsNode) dir;
    byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
    if (bytes.length == 0
        || bytes.length > MAX_NAME
        || name.indexOf('/') >= 0
        || name.indexOf('\0') >= 0) {
      return Optional.empty();
    }
    Directory.Entry found = new Directory(this, d).lookup(bytes);
    return found == null ? Optional.empty() : Optional.of(node(found.ino()));
  }

  @Override
  public List<DirEntry> list(FsNode dir) throws IOException {
    own(dir, FileType.DIRECTORY);
    return new Directory(this, (XfsNode) dir).list();
  }

  @Override
  public FsNode node(DirEntry entry) throws IOException {
    return node(entry.id());
  }

  @Override
  public String readLink(FsNode link) throws IOException {
    own(link, FileType.SYMLINK);
    return Symlink.read(this, (XfsNode) link);
  }

  @Override
  public int read(FsNode file, long offset, ByteBuffer dst) throws IOException {
    own(file, FileType.REGULAR);
    return FileData.read(this, (XfsNode) file, offset, dst);
  }

  @Override
  public String toString() {
    return "xfs on " + device;
  }
}
