package org.bootlace.fs.ext;

import static com.google.common.base.Preconditions.checkArgument;
import static org.bootlace.binary.Checks.hex;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import org.bootlace.CorruptImageException;
import org.bootlace.Limits;
import org.bootlace.block.BlockDevice;
import org.bootlace.spi.DirEntry;
import org.bootlace.spi.DriverContext;
import org.bootlace.spi.FileSystem;
import org.bootlace.spi.FileType;
import org.bootlace.spi.FsNode;

/** An open ext2/ext3/ext4 filesystem. All state is immutable or a synchronized cache. */
final class ExtFileSystem implements FileSystem {
  static final long ROOT_INODE = 2;

  /** Longest name a directory entry can hold. */
  private static final int MAX_NAME = 255;

  private final Disk disk;
  private final ExtNode root;

  private ExtFileSystem(Disk disk) throws IOException {
    this.disk = disk;
    Inode r = inode(ROOT_INODE);
    if (r.fileType() != FileType.DIRECTORY) {
      throw new CorruptImageException(
          String.format(
              Locale.ROOT,
              "%s: inode 2 (root) at %s: i_mode 0%o is not a directory",
              disk.type(),
              hex(r.diskOffset()),
              r.mode()));
    }
    this.root = new ExtNode(this, r);
  }

  static ExtFileSystem open(BlockDevice device, DriverContext context) throws IOException {
    long end = Superblock.OFFSET + Superblock.SIZE;
    if (device.size() < end) {
      throw new CorruptImageException(
          String.format(
              Locale.ROOT,
              "ext: %s: %d bytes, too small for a superblock ending at %s",
              device,
              device.size(),
              hex(end)));
    }
    byte[] raw = device.read(Superblock.OFFSET, Superblock.SIZE);
    Superblock sb = Superblock.parse(raw, device.size());
    if (sb.has(Features.INCOMPAT_RECOVER)) {
      context
          .warnings()
          .add(
              sb.type()
                  + ": "
                  + device
                  + ": the journal needs recovery; read without replaying it, so"
                  + " the most recent changes may be missing");
    }
    if ((sb.state() & Superblock.STATE_ERROR_FS) != 0) {
      context
          .warnings()
          .add(sb.type() + ": " + device + ": the filesystem recorded errors (s_state)");
    }
    GroupDescriptorTable groups = GroupDescriptorTable.read(device, sb, context.limits());
    return new ExtFileSystem(new Disk(device, sb, groups, context.limits()));
  }

  /** Reads and validates inode {@code number}. */
  Inode inode(long number) throws IOException {
    Superblock sb = disk.sb;
    if (number < 1 || number > sb.inodesCount()) {
      throw new CorruptImageException(
          String.format(
              Locale.ROOT, "%s: inode %d outside 1..%d", sb.type(), number, sb.inodesCount()));
    }
    long index = (number - 1) % sb.inodesPerGroup();
    int group = (int) ((number - 1) / sb.inodesPerGroup());
    long byteInTable = index * sb.inodeSize();
    long block = disk.groups.inodeTable(group) + byteInTable / disk.blockSize;
    int inBlock = (int) (byteInTable % disk.blockSize);
    byte[] b = disk.block(block);
    byte[] raw = new byte[sb.inodeSize()];
    System.arraycopy(b, inBlock, raw, 0, raw.length);
    return Inode.parse(raw, block * disk.blockSize + inBlock, number, sb);
  }

  private Inode own(FsNode node, FileType wanted) {
    checkArgument(
        node instanceof ExtNode n && n.owner == this, "node %s is not of this filesystem", node);
    Inode inode = ((ExtNode) node).inode;
    checkArgument(
        wanted == null || inode.fileType() == wanted,
        "%s is a %s, not a %s",
        node,
        inode.fileType(),
        wanted);
    return inode;
  }

  @Override
  public String type() {
    return disk.type();
  }

  @Override
  public Optional<String> uuid() {
    return disk.sb.uuidString();
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
    Inode d = own(dir, FileType.DIRECTORY);
    byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
    if (bytes.length == 0
        || bytes.length > MAX_NAME
        || name.indexOf('/') >= 0
        || name.indexOf('\0') >= 0) {
      return Optional.empty();
    }
    OptionalLong found = new Directory(disk, d).lookup(bytes);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new ExtNode(this, inode(found.getAsLong())));
  }

  @Override
  public List<DirEntry> list(FsNode dir) throws IOException {
    return new Directory(disk, own(dir, FileType.DIRECTORY)).list();
  }

  @Override
  public FsNode node(DirEntry entry) throws IOException {
    return new ExtNode(this, inode(entry.id()));
  }

  @Override
  public String readLink(FsNode link) throws IOException {
    Inode inode = own(link, FileType.SYMLINK);
    FileData.refuseEncrypted(disk, inode);
    String where = inode.where(disk.sb);
    long size = inode.size();
    Limits.check(
        "maxPathBytes", disk.limits.maxPathBytes(), size, where + ": symlink target length");
    long sizeAt = inode.diskOffset() + Inode.I_SIZE_LO;
    if (size == 0) {
      throw Inode.fail(where, "i_size", sizeAt, "0 for a symbolic link");
    }
    byte[] target;
    long eaBlocks = inode.fileAcl() != 0 ? disk.sb.clusterSize() / 512 : 0;
    if (inode.inline()) {
      target = FileData.readPrefix(disk, inode, (int) size);
    } else if (inode.blocks512() - eaBlocks == 0) { // fast symlink: the target is in i_block
      if (size >= Inode.I_BLOCK_SIZE) {
        throw Inode.fail(
            where,
            "i_size",
            sizeAt,
            size + " too long for a fast symlink (< " + Inode.I_BLOCK_SIZE + ")");
      }
      target = new byte[(int) size];
      System.arraycopy(inode.iBlock(), 0, target, 0, target.length);
    } else {
      if (size >= disk.blockSize) {
        throw Inode.fail(
            where, "i_size", sizeAt, size + " too long for a symlink block of " + disk.blockSize);
      }
      target = FileData.readPrefix(disk, inode, (int) size);
    }
    int n = 0;
    while (n < target.length && target[n] != 0) {
      n++;
    }
    return new String(target, 0, n, StandardCharsets.UTF_8);
  }

  @Override
  public int read(FsNode file, long offset, ByteBuffer dst) throws IOException {
    return FileData.read(disk, own(file, FileType.REGULAR), offset, dst);
  }

  @Override
  public String toString() {
    return disk.type() + " on " + disk.device;
  }
}
