package org.bootlace.fs.ext;

import static org.bootlace.binary.Checks.hex;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Locale;
import org.bootlace.CorruptImageException;
import org.bootlace.Limits;
import org.bootlace.block.BlockDevice;

/**
 * The device seen in filesystem blocks, with the geometry every reader needs. Shared by all
 * threads: it holds no cursor, only the immutable superblock and a synchronized cache.
 */
final class Disk {
  final BlockDevice device;
  final Superblock sb;
  final GroupDescriptorTable groups;
  final Limits limits;
  final int blockSize;
  private final BlockCache cache;

  Disk(BlockDevice device, Superblock sb, GroupDescriptorTable groups, Limits limits) {
    this.device = device;
    this.sb = sb;
    this.groups = groups;
    this.limits = limits;
    this.blockSize = sb.blockSize();
    this.cache = new BlockCache(blockSize);
  }

  /** {@code ext4}, ...: the first word of every message. */
  String type() {
    return sb.type();
  }

  /**
   * Whether {@code count} blocks from {@code block} lie inside the filesystem, past its superblock.
   */
  boolean validRange(long block, long count) {
    return block > sb.superblockBlock()
        && count >= 0
        && block < sb.blocksCount()
        && count <= sb.blocksCount() - block;
  }

  /**
   * Throws unless {@code block} is a valid block for metadata, naming {@code what} and where it was
   * found.
   */
  void checkBlock(long block, String what, long foundAt) throws CorruptImageException {
    if (!validRange(block, 1)) {
      throw new CorruptImageException(
          String.format(
              Locale.ROOT,
              "%s at %s: block %s outside %d..%d",
              what,
              hex(foundAt),
              Long.toUnsignedString(block),
              sb.superblockBlock() + 1,
              sb.blocksCount() - 1));
    }
  }

  /** One whole block through the cache; the caller must not modify the array. */
  byte[] block(long block) throws IOException {
    byte[] b = cache.get(block);
    if (b == null) {
      b = new byte[blockSize];
      device.read(block * blockSize, ByteBuffer.wrap(b));
      cache.put(block, b);
    }
    return b;
  }

  /** Reads {@code dst.remaining()} bytes at byte offset {@code offset}, uncached. */
  void read(long offset, ByteBuffer dst) throws IOException {
    device.read(offset, dst);
  }
}
