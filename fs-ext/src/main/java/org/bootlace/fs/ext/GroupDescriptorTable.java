package org.bootlace.fs.ext;

import static org.bootlace.binary.Checks.hex;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Locale;
import org.bootlace.CorruptImageException;
import org.bootlace.Limits;
import org.bootlace.binary.Checks;
import org.bootlace.block.BlockDevice;

/**
 * Every group's inode table location, read once at open. Without meta_bg the descriptors follow the
 * block that holds the superblock; with meta_bg, descriptor blocks from s_first_meta_bg on sit at
 * the start of the first group of their meta group (after its superblock backup, if any).
 */
final class GroupDescriptorTable {
  private final long[] inodeTables;

  private GroupDescriptorTable(long[] inodeTables) {
    this.inodeTables = inodeTables;
  }

  static GroupDescriptorTable read(BlockDevice device, Superblock sb, Limits limits)
      throws IOException {
    int groups = sb.groupCount();
    long bytes = (long) groups * sb.descSize();
    Limits.check(
        "maxMetadataBytes",
        limits.maxMetadataBytes(),
        bytes,
        sb.type() + ": group descriptor table");
    int bs = sb.blockSize();
    int perBlock = bs / sb.descSize();
    int descBlocks = (groups + perBlock - 1) / perBlock;
    long[] tables = new long[groups];
    boolean metaBg = sb.has(Features.INCOMPAT_META_BG);
    long firstMeta = metaBg ? sb.firstMetaBg() : descBlocks;
    // The leading blocks are contiguous after the superblock: one read.
    int leading = (int) Math.min(firstMeta, descBlocks);
    if (leading > 0) {
      long start = sb.superblockBlock() + 1;
      checkInside(sb, start, leading, 0);
      byte[] buf =
          new byte[Checks.toInt((long) leading * bs, sb.type() + ": group descriptor table")];
      long at = start * bs;
      device.read(at, ByteBuffer.wrap(buf));
      parseBlocks(buf, at, 0, leading, perBlock, sb, tables);
    }
    byte[] one = new byte[bs];
    for (int i = leading; i < descBlocks; i++) {
      long firstGroup = (long) i * perBlock;
      long block =
          sb.firstDataBlock()
              + firstGroup * sb.blocksPerGroup()
              + (sb.groupHasSuper(firstGroup) ? 1 : 0)
              // 1 KiB blocks without a first data block (bigalloc): block 1 is the superblock's.
              + (i == 0 && sb.blockSize() == 1024 && sb.firstDataBlock() == 0 ? 1 : 0);
      checkInside(sb, block, 1, i);
      long at = block * bs;
      device.read(at, ByteBuffer.wrap(one));
      parseBlocks(one, at, i, 1, perBlock, sb, tables);
    }
    return new GroupDescriptorTable(tables);
  }

  private static void checkInside(Superblock sb, long block, long count, int descBlock)
      throws CorruptImageException {
    if (block + count > sb.blocksCount()) {
      throw new CorruptImageException(
          String.format(
              Locale.ROOT,
              "%s: group descriptor block %d at %s: beyond the filesystem's %d blocks",
              sb.type(),
              descBlock,
              hex(block * sb.blockSize()),
              sb.blocksCount()));
    }
  }

  private static void parseBlocks(
      byte[] buf, long at, int firstBlock, int count, int perBlock, Superblock sb, long[] tables)
      throws CorruptImageException {
    for (int k = 0; k < count; k++) {
      for (int j = 0; j < perBlock; j++) {
        long g = (long) (firstBlock + k) * perBlock + j;
        if (g >= tables.length) {
          return;
        }
        int off = k * sb.blockSize() + j * sb.descSize();
        tables[(int) g] = GroupDescriptor.parse(buf, off, at + off, g, sb).inodeTable();
      }
    }
  }

  long inodeTable(int group) {
    return inodeTables[group];
  }
}
