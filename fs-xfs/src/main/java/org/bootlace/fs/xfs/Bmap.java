package org.bootlace.fs.xfs;

import static org.bootlace.binary.Checks.hex;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.bootlace.CorruptImageException;
import org.bootlace.Limits;
import org.bootlace.binary.Be;

/**
 * The block map of an inode's data fork: its extent records, read from the inode (extents format)
 * or from the bmap B+tree rooted in the inode (btree format), checked to be in file order without
 * overlap, inside the data device, and as many as di_nextents says.
 */
final class Bmap {
  /** One packed 128-bit extent record. */
  static final int RECORD_SIZE = 16;

  static final long MAGIC_V4 = 0x424d4150; // "BMAP"
  static final long MAGIC_V5 = 0x424d4133; // "BMA3"
  static final int HEADER_V4 = 24;
  static final int HEADER_V5 = 72;
  static final int BB_LEVEL = 4;
  static final int BB_NUMRECS = 6;
  static final int BB_BLKNO = 24;
  static final int BB_UUID = 40;
  static final int BB_OWNER = 56;
  static final int BB_CRC = 64;

  /** The in-inode root: bb_level and bb_numrecs, then keys and pointers. */
  static final int ROOT_HEADER = 4;

  private final XfsFileSystem fs;
  private final Dinode inode;
  private final List<Extent> out = new ArrayList<>();
  private long nextFileBlock;

  private Bmap(XfsFileSystem fs, Dinode inode) {
    this.fs = fs;
    this.inode = inode;
  }

  /** The data fork's extents in file order. Only for the extents and btree formats. */
  static List<Extent> extents(XfsFileSystem fs, Dinode inode) throws IOException {
    Limits.check(
        "maxMetadataBytes",
        fs.limits.maxMetadataBytes(),
        inode.extents() < 0 || inode.extents() > Long.MAX_VALUE / RECORD_SIZE
            ? Long.MAX_VALUE
            : inode.extents() * RECORD_SIZE,
        inode.where() + ": extent records of the data fork");
    Bmap m = new Bmap(fs, inode);
    if (inode.format() == Dinode.FMT_EXTENTS) {
      for (int i = 0; i < inode.extents(); i++) {
        int at = inode.dataForkOffset() + i * RECORD_SIZE;
        m.add(inode.raw(), at, inode.diskOffset() + at);
      }
    } else if (inode.format() == Dinode.FMT_BTREE) {
      m.root();
    } else {
      throw new IllegalStateException("format " + inode.format() + " has no block map");
    }
    if (m.out.size() != inode.extents()) {
      throw inode.fail(
          "di_nextents",
          Dinode.DI_NEXTENTS,
          inode.extents() + " but the bmap btree holds " + m.out.size() + " records");
    }
    return List.copyOf(m.out);
  }

  private void root() throws IOException {
    byte[] raw = inode.raw();
    int fork = inode.dataForkOffset();
    int forkSize = inode.dataForkSize();
    int level = Be.u16(raw, fork);
    int numrecs = Be.u16(raw, fork + 2);
    int maxrecs = (forkSize - ROOT_HEADER) / RECORD_SIZE;
    long at = inode.diskOffset() + fork;
    if (level < 1 || level > fs.limits.maxTreeDepth()) {
      if (level > fs.limits.maxTreeDepth()) {
        Limits.check(
            "maxTreeDepth", fs.limits.maxTreeDepth(), level, inode.where() + ": bmap btree depth");
      }
      throw new CorruptImageException(
          inode.where()
              + ": bmap btree root bb_level at "
              + hex(at)
              + ": 0 in a btree-format fork");
    }
    if (numrecs < 1 || numrecs > maxrecs) {
      throw new CorruptImageException(
          inode.where()
              + ": bmap btree root bb_numrecs at "
              + hex(at + 2)
              + ": "
              + numrecs
              + " outside 1.."
              + maxrecs);
    }
    int ptrs = fork + ROOT_HEADER + maxrecs * 8;
    for (int i = 0; i < numrecs; i++) {
      node(Be.u64(raw, ptrs + i * 8), level - 1, inode.diskOffset() + ptrs + i * 8);
    }
  }

  private void node(long fsb, int level, long pointerAt) throws IOException {
    String what = inode.where() + ": bmap btree pointer at " + hex(pointerAt);
    fs.checkExtent(fsb, 1, what);
    byte[] b = fs.metaBlock(fsb);
    long diskOffset = fs.fsbToByte(fsb);
    String where = inode.where() + ": bmap btree block " + fsb + " at " + hex(diskOffset);
    boolean v5 = fs.sb.crc();
    long magic = Be.u32(b, 0);
    long want = v5 ? MAGIC_V5 : MAGIC_V4;
    if (magic != want) {
      throw new CorruptImageException(where + ": bb_magic " + hex(magic) + " != " + hex(want));
    }
    int header = v5 ? HEADER_V5 : HEADER_V4;
    if (v5) {
      XfsFileSystem.checkSelfDescribing(
          b, b.length, BB_CRC, BB_BLKNO, BB_UUID, BB_OWNER, diskOffset, inode.ino(), fs.sb, where);
    }
    int gotLevel = Be.u16(b, BB_LEVEL);
    if (gotLevel != level) {
      throw new CorruptImageException(
          where + ": bb_level " + gotLevel + " != " + level + " below its parent");
    }
    int numrecs = Be.u16(b, BB_NUMRECS);
    int maxrecs = (b.length - header) / RECORD_SIZE;
    if (numrecs < 1 || numrecs > maxrecs) {
      throw new CorruptImageException(where + ": bb_numrecs " + numrecs + " outside 1.." + maxrecs);
    }
    if (level == 0) {
      for (int i = 0; i < numrecs; i++) {
        add(b, header + i * RECORD_SIZE, diskOffset + header + (long) i * RECORD_SIZE);
      }
      return;
    }
    int ptrs = header + maxrecs * 8;
    for (int i = 0; i < numrecs; i++) {
      node(Be.u64(b, ptrs + i * 8), level - 1, diskOffset + ptrs + (long) i * 8);
    }
  }

  private void add(byte[] b, int off, long diskOffset) throws CorruptImageException {
    if (out.size() >= inode.extents()) {
      throw inode.fail(
          "di_nextents",
          Dinode.DI_NEXTENTS,
          inode.extents()
              + " but the bmap btree holds more records (one at "
              + hex(diskOffset)
              + ")");
    }
    Extent e = Extent.decode(b, off);
    String where = inode.where() + ": extent record at " + hex(diskOffset);
    if (e.count() == 0) {
      throw new CorruptImageException(where + ": br_blockcount 0");
    }
    if (e.fileBlock() < nextFileBlock) {
      throw new CorruptImageException(
          where
              + ": br_startoff "
              + e.fileBlock()
              + " overlaps or precedes the previous extent ending at "
              + nextFileBlock);
    }
    fs.checkExtent(e.startFsb(), e.count(), where);
    nextFileBlock = e.fileBlock() + e.count();
    out.add(e);
  }

  /** The index of the extent holding {@code fileBlock}, or {@code -(insertion point) - 1}. */
  static int find(List<Extent> extents, long fileBlock) {
    int lo = 0;
    int hi = extents.size() - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      Extent e = extents.get(mid);
      if (fileBlock < e.fileBlock()) {
        hi = mid - 1;
      } else if (fileBlock >= e.fileBlock() + e.count()) {
        lo = mid + 1;
      } else {
        return mid;
      }
    }
    return -lo - 1;
  }

  /** One mapping from file blocks to filesystem blocks. */
  record Extent(long fileBlock, long startFsb, long count, boolean unwritten) {
    static Extent decode(byte[] b, int off) {
      long l0 = Be.u64(b, off);
      long l1 = Be.u64(b, off + 8);
      return new Extent(
          (l0 >>> 9) & ((1L << 54) - 1), ((l0 & 0x1ff) << 43) | (l1 >>> 21), l1 & 0x1fffff, l0 < 0);
    }

    long end() {
      return fileBlock + count;
    }
  }
}
