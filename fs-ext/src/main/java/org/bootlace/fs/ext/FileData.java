package org.bootlace.fs.ext;

import static org.bootlace.binary.Checks.hex;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Locale;
import org.bootlace.CorruptImageException;
import org.bootlace.UnsupportedFeatureException;

/**
 * Reads an inode's bytes: inline data, or runs of its block map. Each contiguous run goes to the
 * device as one read straight into the caller's buffer; holes and unwritten extents are zeros.
 */
final class FileData {
  private static final byte[] ZEROS = new byte[64 * 1024];

  private FileData() {}

  /** The block map of a non-inline inode. */
  static BlockMap map(Disk disk, Inode inode) throws CorruptImageException {
    if (inode.has(Inode.FL_EXTENTS)) {
      return new ExtentTree(disk, inode);
    }
    if (disk.sb.hasRo(Features.RO_COMPAT_BIGALLOC)) {
      throw new CorruptImageException(
          String.format(
              Locale.ROOT,
              "%s: i_flags at %s: 0x%x: a block-mapped inode on a bigalloc filesystem",
              inode.where(disk.sb),
              hex(inode.diskOffset() + Inode.I_FLAGS),
              inode.flags()));
    }
    return new IndirectBlockMap(disk, inode);
  }

  static void refuseEncrypted(Disk disk, Inode inode) throws UnsupportedFeatureException {
    if (inode.has(Inode.FL_ENCRYPT)) {
      throw new UnsupportedFeatureException(
          disk.type() + " encrypted inode",
          String.format(
              Locale.ROOT,
              "%s: i_flags at %s: 0x%x: encrypted files and directories are not supported",
              inode.where(disk.sb),
              hex(inode.diskOffset() + Inode.I_FLAGS),
              inode.flags()));
    }
  }

  /**
   * Reads from {@code offset} into {@code dst} until it is full or the file ends; returns the
   * count, or -1 at the end.
   */
  static int read(Disk disk, Inode inode, long offset, ByteBuffer dst) throws IOException {
    if (offset < 0) {
      throw new IllegalArgumentException("negative offset " + offset);
    }
    if (offset >= inode.size()) {
      return -1;
    }
    if (!dst.hasRemaining()) {
      return 0;
    }
    refuseEncrypted(disk, inode);
    int want = (int) Math.min(dst.remaining(), inode.size() - offset);
    if (inode.inline()) {
      readInline(inode, (int) offset, want, dst);
      return want;
    }
    BlockMap map = map(disk, inode);
    int bs = disk.blockSize;
    int done = 0;
    while (done < want) {
      long pos = offset + done;
      long logical = pos / bs;
      int inBlock = (int) (pos % bs);
      BlockMap.Run run = map.find(logical);
      int left = want - done;
      long blocksWanted = ((long) inBlock + left + bs - 1) / bs;
      long blocks = Math.min(run.length(), blocksWanted);
      int n = (int) Math.min(blocks * bs - inBlock, left);
      if (run.hole()) {
        zero(dst, n);
      } else {
        ByteBuffer part = dst.slice(dst.position(), n);
        disk.read(run.physical() * bs + inBlock, part);
        dst.position(dst.position() + n);
      }
      done += n;
    }
    return done;
  }

  private static void readInline(Inode inode, int offset, int n, ByteBuffer dst) {
    byte[] head = inode.iBlock();
    int fromHead = Math.max(0, Math.min(n, head.length - offset));
    if (fromHead > 0) {
      dst.put(head, offset, fromHead);
    }
    if (n > fromHead) {
      dst.put(inode.inlineTail(), offset + fromHead - head.length, n - fromHead);
    }
  }

  private static void zero(ByteBuffer dst, int n) {
    while (n > 0) {
      int k = Math.min(n, ZEROS.length);
      dst.put(ZEROS, 0, k);
      n -= k;
    }
  }

  /** The first {@code n} bytes of the inode, which must have at least that many. */
  static byte[] readPrefix(Disk disk, Inode inode, int n) throws IOException {
    byte[] out = new byte[n];
    ByteBuffer b = ByteBuffer.wrap(out);
    while (b.hasRemaining()) {
      int k = read(disk, inode, b.position(), b);
      if (k <= 0) {
        throw new CorruptImageException(
            String.format(
                Locale.ROOT, "%s: ended at %d of %d bytes", inode.where(disk.sb), b.position(), n));
      }
    }
    return out;
  }
}
