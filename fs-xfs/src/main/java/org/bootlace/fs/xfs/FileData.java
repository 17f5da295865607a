package org.bootlace.fs.xfs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Reads a regular file's bytes through its block map; holes and unwritten extents read as zeros.
 */
final class FileData {
  private static final byte[] ZEROS = new byte[64 << 10];

  private FileData() {}

  static int read(XfsFileSystem fs, XfsNode node, long offset, ByteBuffer dst) throws IOException {
    long size = node.inode.size();
    if (offset < 0) {
      throw new IllegalArgumentException("offset " + offset);
    }
    if (offset >= size) {
      return -1;
    }
    int want = (int) Math.min(dst.remaining(), size - offset);
    if (want == 0) {
      return 0;
    }
    List<Bmap.Extent> extents = node.extents();
    int blockLog = fs.sb.blockLog();
    long blockMask = fs.sb.blockSize() - 1L;
    int done = 0;
    while (done < want) {
      long pos = offset + done;
      long fileBlock = pos >>> blockLog;
      int i = Bmap.find(extents, fileBlock);
      int n;
      if (i >= 0) {
        Bmap.Extent e = extents.get(i);
        long left = ((e.end() - fileBlock) << blockLog) - (pos & blockMask);
        n = (int) Math.min(want - done, left);
        if (e.unwritten()) {
          zeros(dst, n);
        } else {
          long at = fs.fsbToByte(e.startFsb() + (fileBlock - e.fileBlock())) + (pos & blockMask);
          ByteBuffer part = dst.duplicate();
          part.limit(part.position() + n);
          fs.device.read(at, part);
          dst.position(dst.position() + n);
        }
      } else {
        int next = -i - 1;
        long holeEnd =
            next < extents.size() && extents.get(next).fileBlock() <= Long.MAX_VALUE >>> blockLog
                ? extents.get(next).fileBlock() << blockLog
                : Long.MAX_VALUE;
        n = (int) Math.min(want - done, holeEnd - pos);
        zeros(dst, n);
      }
      done += n;
    }
    return done;
  }

  private static void zeros(ByteBuffer dst, int n) {
    while (n > 0) {
      int k = Math.min(n, ZEROS.length);
      dst.put(ZEROS, 0, k);
      n -= k;
    }
  }
}
