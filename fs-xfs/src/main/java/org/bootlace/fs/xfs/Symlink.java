package org.bootlace.fs.xfs;

import static org.bootlace.binary.Checks.hex;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.bootlace.CorruptImageException;
import org.bootlace.Limits;
import org.bootlace.binary.Be;

/**
 * A symbolic link's target: inside the inode (local format), or in blocks (remote), where v5 puts a
 * self-describing header in front of the bytes of each extent.
 */
final class Symlink {
  /** The longest target XFS stores (XFS_SYMLINK_MAXLEN is 1024, the target shorter). */
  static final int MAXLEN = 1023;

  static final long MAGIC = 0x58534c4d; // "XSLM"
  static final int HEADER = 56;
  static final int SL_OFFSET = 4;
  static final int SL_BYTES = 8;
  static final int SL_CRC = 12;
  static final int SL_UUID = 16;
  static final int SL_OWNER = 32;
  static final int SL_BLKNO = 40;

  private Symlink() {}

  static String read(XfsFileSystem fs, XfsNode node) throws IOException {
    Dinode inode = node.inode;
    long size = inode.size();
    Limits.check(
        "maxPathBytes", fs.limits.maxPathBytes(), size, inode.where() + ": symlink target length");
    if (size == 0 || size > MAXLEN) {
      throw inode.fail(
          "di_size", Dinode.DI_SIZE, size + " outside 1.." + MAXLEN + " for a symbolic link");
    }
    byte[] target = new byte[(int) size];
    if (inode.format() == Dinode.FMT_LOCAL) {
      System.arraycopy(inode.raw(), inode.dataForkOffset(), target, 0, target.length);
    } else {
      remote(fs, node, target);
    }
    for (byte c : target) {
      if (c == 0) {
        throw inode.fail("di_size", Dinode.DI_SIZE, size + " but the target holds a NUL byte");
      }
    }
    return new String(target, StandardCharsets.UTF_8);
  }

  private static void remote(XfsFileSystem fs, XfsNode node, byte[] target) throws IOException {
    Dinode inode = node.inode;
    Superblock sb = fs.sb;
    List<Bmap.Extent> extents = node.extents();
    int done = 0;
    long nextFileBlock = 0;
    for (Bmap.Extent e : extents) {
      if (done == target.length) {
        break;
      }
      String where = inode.where() + ": symlink block " + e.fileBlock();
      if (e.fileBlock() != nextFileBlock || e.unwritten()) {
        throw new CorruptImageException(
            where + ": the target's blocks are not contiguous from 0 and written");
      }
      // A target of at most 1 KiB needs at most two blocks of the smallest size.
      if (e.count() > 2) {
        throw new CorruptImageException(
            where
                + ": an extent of "
                + e.count()
                + " blocks for a target of "
                + target.length
                + " bytes");
      }
      nextFileBlock = e.end();
      long at = fs.fsbToByte(e.startFsb());
      byte[] b = fs.device.read(at, (int) e.count() << sb.blockLog());
      where = inode.where() + ": symlink block " + e.fileBlock() + " at " + hex(at);
      int from = 0;
      int n = Math.min(b.length, target.length - done);
      if (sb.crc()) {
        long magic = Be.u32(b, 0);
        if (magic != MAGIC) {
          throw new CorruptImageException(where + ": sl_magic " + hex(magic) + " != " + hex(MAGIC));
        }
        XfsFileSystem.checkSelfDescribing(
            b, b.length, SL_CRC, SL_BLKNO, SL_UUID, SL_OWNER, at, inode.ino(), sb, where);
        long offset = Be.u32(b, SL_OFFSET);
        long bytes = Be.u32(b, SL_BYTES);
        if (offset != done) {
          throw new CorruptImageException(where + ": sl_offset " + offset + " != " + done);
        }
        n = Math.min(b.length - HEADER, target.length - done);
        if (bytes != n) {
          throw new CorruptImageException(where + ": sl_bytes " + bytes + " != " + n);
        }
        from = HEADER;
      }
      System.arraycopy(b, from, target, done, n);
      done += n;
    }
    if (done != target.length) {
      throw inode.fail(
          "di_size",
          Dinode.DI_SIZE,
          target.length + " but the symlink's blocks hold " + done + " bytes");
    }
  }
}
