package org.bootlace.fs.xfs;

import static org.bootlace.binary.Checks.hex;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.bootlace.CorruptImageException;
import org.bootlace.Limits;
import org.bootlace.binary.Be;
import org.bootlace.spi.DirEntry;
import org.bootlace.spi.FileType;

/**
 * One directory's entries in each of XFS's forms: shortform (inside the inode), block (one
 * directory block holding entries and their hash index), and leaf, node and btree forms, whose
 * entries all live in the data blocks below the 32 GiB leaf offset. The hash indexes above it are
 * not needed to list or to find a name, so names are found by reading the data blocks in order,
 * each verified (magic, v5 header and checksum, entry tags) as it is read.
 */
final class Directory {
  static final long BLOCK_MAGIC_V4 = 0x58443242; // "XD2B"
  static final long DATA_MAGIC_V4 = 0x58443244; // "XD2D"
  static final long BLOCK_MAGIC_V5 = 0x58444233; // "XDB3"
  static final long DATA_MAGIC_V5 = 0x58444433; // "XDD3"
  static final int HEADER_V4 = 16;
  static final int HEADER_V5 = 64;
  static final int DB_CRC = 4;
  static final int DB_BLKNO = 8;
  static final int DB_UUID = 24;
  static final int DB_OWNER = 40;

  /** Where the leaf (hash index) blocks start in a directory's file offsets. */
  static final long LEAF_OFFSET = 1L << 35;

  static final int FREE_TAG = 0xffff;

  /** Inode numbers are at most 56 bits. */
  static final long MAX_INO = (1L << 56) - 1;

  /** One entry as stored: raw name bytes. */
  record Entry(byte[] name, long ino, FileType type) {}

  private interface Visitor {
    /** Returns true to stop the walk. */
    boolean visit(Entry e) throws IOException;
  }

  private final XfsFileSystem fs;
  private final XfsNode dir;
  private final Dinode inode;

  Directory(XfsFileSystem fs, XfsNode dir) {
    this.fs = fs;
    this.dir = dir;
    this.inode = dir.inode;
  }

  List<DirEntry> list() throws IOException {
    List<DirEntry> out = new ArrayList<>();
    String what = inode.where() + ": directory entries"; // once, not for every entry
    walk(
        e -> {
          Limits.check(
              "maxDirectoryEntries", fs.limits.maxDirectoryEntries(), out.size() + 1L, what);
          out.add(new DirEntry(new String(e.name(), StandardCharsets.UTF_8), e.type(), e.ino()));
          return false;
        });
    return out;
  }

  /** The first entry named {@code name} (ASCII case folded on an ascii-ci filesystem), or null. */
  Entry lookup(byte[] name) throws IOException {
    Entry[] found = new Entry[1];
    long[] seen = new long[1];
    String what = inode.where() + ": directory entries"; // once, not for every entry
    walk(
        e -> {
          Limits.check("maxDirectoryEntries", fs.limits.maxDirectoryEntries(), ++seen[0], what);
          if (same(e.name(), name)) {
            found[0] = e;
            return true;
          }
          return false;
        });
    return found[0];
  }

  private boolean same(byte[] a, byte[] b) {
    if (a.length != b.length) {
      return false;
    }
    for (int i = 0; i < a.length; i++) {
      int x = a[i];
      int y = b[i];
      if (fs.sb.asciiCi()) {
        x = x >= 'A' && x <= 'Z' ? x + 32 : x;
        y = y >= 'A' && y <= 'Z' ? y + 32 : y;
      }
      if (x != y) {
        return false;
      }
    }
    return true;
  }

  private void walk(Visitor v) throws IOException {
    if (inode.format() == Dinode.FMT_LOCAL) {
      shortform(v);
    } else {
      blocks(v);
    }
  }

  // ---- shortform: a header, then packed entries, inside the inode

  private void shortform(Visitor v) throws IOException {
    byte[] raw = inode.raw();
    int base = inode.dataForkOffset();
    int size = (int) inode.size(); // at most the fork's size: checked by Dinode
    long at = inode.diskOffset() + base;
    String where = inode.where() + ": shortform directory at " + hex(at);
    if (size < 6) {
      throw new CorruptImageException(where + ": di_size " + size + " is smaller than its header");
    }
    int count = raw[base] & 0xff;
    int i8count = raw[base + 1] & 0xff;
    int inoSize = i8count > 0 ? 8 : 4;
    int pos = 2 + inoSize;
    if (pos > size) {
      throw new CorruptImageException(where + ": di_size " + size + " is smaller than its header");
    }
    long parent = ino(raw, base + 2, inoSize);
    checkIno(parent, () -> where + ": parent");
    int ftype = fs.sb.ftype() ? 1 : 0;
    for (int i = 0; i < count; i++) {
      int entryIndex = i;
      int entryPos = pos;
      Supplier<String> entryWhere =
          () -> where + ": entry " + entryIndex + " at " + hex(at + entryPos);
      if (pos + 3 > size) {
        throw new CorruptImageException(entryWhere.get() + ": runs past di_size " + size);
      }
      int namelen = raw[base + pos] & 0xff;
      if (namelen == 0) {
        throw new CorruptImageException(entryWhere.get() + ": namelen 0");
      }
      int len = 3 + namelen + ftype + inoSize;
      if (pos + len > size) {
        throw new CorruptImageException(
            entryWhere.get() + ": " + len + " bytes run past di_size " + size);
      }
      byte[] name = new byte[namelen];
      System.arraycopy(raw, base + pos + 3, name, 0, namelen);
      FileType type =
          ftype == 0
              ? FileType.UNKNOWN
              : fileType(raw[base + pos + 3 + namelen] & 0xff, entryWhere);
      long ino = ino(raw, base + pos + 3 + namelen + ftype, inoSize);
      checkName(name, entryWhere);
      checkIno(ino, entryWhere);
      pos += len;
      if (v.visit(new Entry(name, ino, type))) {
        return;
      }
    }
  }

  private static long ino(byte[] b, int off, int size) {
    return size == 8 ? Be.u64(b, off) & MAX_INO : Be.u32(b, off);
  }

  // ---- block, leaf, node and btree forms: entries in directory data blocks

  private void blocks(Visitor v) throws IOException {
    List<Bmap.Extent> extents = dir.extents();
    Superblock sb = fs.sb;
    int dirLog = sb.dirBlockLog();
    int perDirBlock = 1 << dirLog;
    String where = inode.where() + ": directory";
    if (extents.isEmpty()) {
      throw new CorruptImageException(
          where + ": " + Dinode.formatName(inode.format()) + " format with no extents");
    }
    // Block form: the whole directory is one directory block at offset 0.
    boolean blockForm = extents.get(extents.size() - 1).end() == perDirBlock;
    long leafBlock = LEAF_OFFSET >>> sb.blockLog();
    long sizeBlocks = (inode.size() + sb.blockSize() - 1) >>> sb.blockLog();
    long dataEnd = Math.min(leafBlock, sizeBlocks);
    long lastDirBlock = -1;
    long bytes = 0;
    for (Bmap.Extent e : extents) {
      if (e.fileBlock() >= dataEnd) {
        break;
      }
      long first = e.fileBlock() >>> dirLog;
      long last = (Math.min(e.end(), dataEnd) - 1) >>> dirLog;
      for (long db = Math.max(first, lastDirBlock + 1); db <= last; db++) {
        bytes += sb.dirBlockSize();
        Limits.check(
            "maxMetadataBytes", fs.limits.maxMetadataBytes(), bytes, where + ": data blocks read");
        lastDirBlock = db;
        if (dataBlock(extents, db, blockForm, v)) {
          return;
        }
      }
    }
  }

  private boolean dataBlock(List<Bmap.Extent> extents, long db, boolean blockForm, Visitor v)
      throws IOException {
    Superblock sb = fs.sb;
    int size = sb.dirBlockSize();
    XfsFileSystem.DirBlockKey key = new XfsFileSystem.DirBlockKey(inode.ino(), db);
    XfsFileSystem.DirBlock cached = fs.dirBlocks.get(key);
    if (cached == null) {
      cached = readDataBlock(extents, db, blockForm);
      fs.dirBlocks.put(key, cached);
    }
    byte[] b = cached.bytes();
    long diskOffset = cached.diskOffset();
    String where = inode.where() + ": directory block " + db + " at " + hex(diskOffset);
    boolean v5 = sb.crc();
    int header = v5 ? HEADER_V5 : HEADER_V4;
    int end = size;
    if (blockForm) {
      long count = Be.u32(b, size - 8);
      if (count > (size - 8 - header) / 8) {
        throw new CorruptImageException(
            where + ": block tail count " + count + " leaves no room for entries");
      }
      end = size - 8 - (int) count * 8;
    }
    int ftype = sb.ftype() ? 1 : 0;
    int pos = header;
    while (pos < end) {
      int entryPos = pos;
      Supplier<String> entryWhere = () -> where + ": entry at " + hex(diskOffset + entryPos);
      if (end - pos < 8) {
        throw new CorruptImageException(
            entryWhere.get() + ": " + (end - pos) + " bytes left, less than an entry");
      }
      if (Be.u16(b, pos) == FREE_TAG) {
        int len = Be.u16(b, pos + 2);
        if (len < 8 || len % 8 != 0 || len > end - pos) {
          throw new CorruptImageException(
              entryWhere.get()
                  + ": free length "
                  + len
                  + " is not a multiple of 8 in 8.."
                  + (end - pos));
        }
        checkTag(b, pos, len, entryWhere);
        pos += len;
        continue;
      }
      if (end - pos < 16) { // the smallest entry: inode, namelen, one byte of name, tag, padded
        throw new CorruptImageException(
            entryWhere.get() + ": " + (end - pos) + " bytes left, less than an entry");
      }
      long ino = Be.u64(b, pos);
      int namelen = b[pos + 8] & 0xff;
      if (namelen == 0) {
        throw new CorruptImageException(entryWhere.get() + ": namelen 0");
      }
      int len = (8 + 1 + namelen + ftype + 2 + 7) & ~7;
      if (len > end - pos) {
        throw new CorruptImageException(
            entryWhere.get()
                + ": "
                + len
                + " bytes run past the entries' end at "
                + hex(diskOffset + end));
      }
      checkTag(b, pos, len, entryWhere);
      byte[] name = new byte[namelen];
      System.arraycopy(b, pos + 9, name, 0, namelen);
      pos += len;
      if (isDot(name)) {
        continue;
      }
      FileType type =
          ftype == 0 ? FileType.UNKNOWN : fileType(b[pos - len + 9 + namelen] & 0xff, entryWhere);
      checkName(name, entryWhere);
      checkIno(ino, entryWhere);
      if (v.visit(new Entry(name, ino, type))) {
        return true;
      }
    }
    return false;
  }

  /** Reads directory block {@code db} and checks its magic and, on v5, its header and checksum. */
  private XfsFileSystem.DirBlock readDataBlock(
      List<Bmap.Extent> extents, long db, boolean blockForm) throws IOException {
    Superblock sb = fs.sb;
    int size = sb.dirBlockSize();
    int perDirBlock = 1 << sb.dirBlockLog();
    byte[] b = new byte[size];
    long diskOffset = -1;
    for (int j = 0; j < perDirBlock; j++) {
      long fileBlock = db * perDirBlock + j;
      int i = Bmap.find(extents, fileBlock);
      if (i < 0 || extents.get(i).unwritten()) {
        throw new CorruptImageException(
            inode.where()
                + ": directory block "
                + db
                + ": file block "
                + fileBlock
                + (i < 0 ? " is not mapped" : " is unwritten"));
      }
      Bmap.Extent e = extents.get(i);
      long at = fs.fsbToByte(e.startFsb() + (fileBlock - e.fileBlock()));
      if (j == 0) {
        diskOffset = at;
      }
      fs.device.read(at, ByteBuffer.wrap(b, j * sb.blockSize(), sb.blockSize()));
    }
    String where = inode.where() + ": directory block " + db + " at " + hex(diskOffset);
    boolean v5 = sb.crc();
    long magic = Be.u32(b, 0);
    long want =
        blockForm ? (v5 ? BLOCK_MAGIC_V5 : BLOCK_MAGIC_V4) : (v5 ? DATA_MAGIC_V5 : DATA_MAGIC_V4);
    if (magic != want) {
      throw new CorruptImageException(where + ": magic " + hex(magic) + " != " + hex(want));
    }
    if (v5) {
      XfsFileSystem.checkSelfDescribing(
          b, size, DB_CRC, DB_BLKNO, DB_UUID, DB_OWNER, diskOffset, inode.ino(), sb, where);
    }
    return new XfsFileSystem.DirBlock(b, diskOffset);
  }

  private static void checkTag(byte[] b, int pos, int len, Supplier<String> where)
      throws CorruptImageException {
    int tag = Be.u16(b, pos + len - 2);
    if (tag != pos) {
      throw new CorruptImageException(
          where.get() + ": tag " + hex(tag) + " != the entry's offset " + hex(pos));
    }
  }

  private static boolean isDot(byte[] name) {
    return (name.length == 1 && name[0] == '.')
        || (name.length == 2 && name[0] == '.' && name[1] == '.');
  }

  private static void checkName(byte[] name, Supplier<String> where) throws CorruptImageException {
    if (isDot(name)) {
      throw new CorruptImageException(
          where.get()
              + ": the name '"
              + new String(name, StandardCharsets.UTF_8)
              + "' in a shortform directory");
    }
    for (byte c : name) {
      if (c == '/' || c == 0) {
        throw new CorruptImageException(
            where.get() + ": name contains " + (c == 0 ? "a NUL byte" : "'/'"));
      }
    }
  }

  private static void checkIno(long ino, Supplier<String> where) throws CorruptImageException {
    if (ino <= 0 || ino > MAX_INO) {
      throw new CorruptImageException(
          where.get() + ": inode number " + Long.toUnsignedString(ino) + " outside 1.." + MAX_INO);
    }
  }

  private static FileType fileType(int ftype, Supplier<String> where) throws CorruptImageException {
    return switch (ftype) {
      case 0 -> FileType.UNKNOWN;
      case 1 -> FileType.REGULAR;
      case 2 -> FileType.DIRECTORY;
      case 3 -> FileType.CHARACTER_DEVICE;
      case 4 -> FileType.BLOCK_DEVICE;
      case 5 -> FileType.FIFO;
      case 6 -> FileType.SOCKET;
      case 7 -> FileType.SYMLINK;
      default ->
          throw new CorruptImageException(where.get() + ": ftype " + ftype + " outside 0..7");
    };
  }
}
