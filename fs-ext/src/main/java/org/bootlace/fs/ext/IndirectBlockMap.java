package org.bootlace.fs.ext;

import java.io.IOException;
import org.bootlace.Limits;
import org.bootlace.binary.Le;

/**
 * The ext2/ext3 block map: twelve direct pointers, then single, double and triple indirect blocks.
 * A zero pointer is a hole, at whatever level it appears.
 */
final class IndirectBlockMap implements BlockMap {
  static final int DIRECT = 12;

  private final Disk disk;
  private final Inode inode;
  private final String where;
  private final long perBlock;

  IndirectBlockMap(Disk disk, Inode inode) {
    this.disk = disk;
    this.inode = inode;
    this.where = inode.where(disk.sb);
    this.perBlock = disk.blockSize / 4;
  }

  @Override
  public Run find(long logical) throws IOException {
    byte[] root = inode.iBlock();
    long rootAt = inode.diskOffset() + Inode.I_BLOCK;
    if (logical < DIRECT) {
      return run(root, rootAt, (int) logical, DIRECT, logical);
    }
    long rel = logical - DIRECT;
    long span = 1; // logical blocks under one pointer at the level being entered
    for (int level = 1; level <= 3; level++) {
      span *= perBlock;
      if (rel < span) {
        return descend(level, rel, span, logical);
      }
      rel -= span;
    }
    // Beyond 12 + p + p^2 + p^3 blocks nothing can be mapped.
    return new Run(logical, Long.MAX_VALUE - logical, Run.HOLE);
  }

  /**
   * Walks the {@code level}-deep tree (single, double, triple) to {@code rel}, its offset inside
   * it.
   */
  private Run descend(int level, long rel, long span, long logical) throws IOException {
    Limits.check(
        "maxTreeDepth", disk.limits.maxTreeDepth(), level, where + ": indirect block depth");
    int slot = DIRECT + level - 1;
    long pointerAt = inode.diskOffset() + Inode.I_BLOCK + 4L * slot;
    long block = Le.u32(inode.iBlock(), 4 * slot);
    for (int depth = level; ; depth--) {
      if (block == 0) { // the whole subtree under this pointer is a hole
        return new Run(logical, span - rel, Run.HOLE);
      }
      disk.checkBlock(block, where + ": indirect block pointer", pointerAt);
      byte[] b = disk.block(block);
      long blockAt = block * disk.blockSize;
      span /= perBlock; // logical blocks under one pointer of this block
      int index = (int) (rel / span);
      if (depth == 1) {
        return run(b, blockAt, index, (int) perBlock, logical);
      }
      rel %= span;
      pointerAt = blockAt + 4L * index;
      block = Le.u32(b, 4 * index);
    }
  }

  /**
   * The run starting at pointer {@code index} of a pointer array: consecutive device blocks, or
   * consecutive zero pointers.
   */
  private Run run(byte[] pointers, long at, int index, int count, long logical) throws IOException {
    long first = Le.u32(pointers, 4 * index);
    int n = 1;
    if (first == 0) {
      while (index + n < count && Le.u32(pointers, 4 * (index + n)) == 0) {
        n++;
      }
      return new Run(logical, n, Run.HOLE);
    }
    while (index + n < count && Le.u32(pointers, 4 * (index + n)) == first + n) {
      n++;
    }
    if (!disk.validRange(first, n)) {
      disk.checkBlock(first, where + ": data block pointer", at + 4L * index);
      disk.checkBlock(first + n - 1, where + ": data block pointer", at + 4L * (index + n - 1));
    }
    return new Run(logical, n, first);
  }
}
