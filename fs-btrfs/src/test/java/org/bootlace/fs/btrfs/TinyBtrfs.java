package org.bootlace.fs.btrfs;

import java.nio.charset.StandardCharsets;

/**
 * Hand-built btrfs bytes: a valid superblock whose sys_chunk_array maps logical 1 MiB to physical 1
 * MiB (one SINGLE system chunk of 4 MiB) and whose chunk tree root is at 1 MiB, which is left zero,
 * so every superblock check can be tripped alone.
 */
final class TinyBtrfs {
  static final long CHUNK_LOGICAL = 0x100000;

  private TinyBtrfs() {}

  static byte[] superblock() {
    byte[] b = new byte[Superblock.SIZE];
    for (int i = 0; i < 16; i++) {
      b[Superblock.S_FSID + i] = (byte) (0xa0 + i);
    }
    put64(b, Superblock.S_BYTENR, Superblock.OFFSET);
    System.arraycopy("_BHRfS_M".getBytes(StandardCharsets.US_ASCII), 0, b, Superblock.S_MAGIC, 8);
    put64(b, Superblock.S_GENERATION, 5);
    put64(b, Superblock.S_ROOT, CHUNK_LOGICAL + 0x4000);
    put64(b, Superblock.S_CHUNK_ROOT, CHUNK_LOGICAL);
    put64(b, Superblock.S_NUM_DEVICES, 1);
    put32(b, Superblock.S_SECTORSIZE, 4096);
    put32(b, Superblock.S_NODESIZE, 16384);
    put64(b, Superblock.S_DEV_ITEM_DEVID, 1);
    int a = Superblock.S_SYS_CHUNK_ARRAY;
    put64(b, a, 256);
    b[a + 8] = (byte) Key.CHUNK_ITEM;
    put64(b, a + 9, CHUNK_LOGICAL);
    int c = a + Key.SIZE;
    put64(b, c + Chunk.C_LENGTH, 4 << 20);
    put64(b, c + 8, 2);
    put64(b, c + 16, 65536);
    put64(b, c + Chunk.C_TYPE, 2);
    put32(b, c + 32, 4096);
    put32(b, c + 36, 4096);
    put32(b, c + 40, 4096);
    b[c + Chunk.C_NUM_STRIPES] = 1;
    put64(b, c + Chunk.FIXED + Chunk.STRIPE_DEVID, 1);
    put64(b, c + Chunk.FIXED + Chunk.STRIPE_OFFSET, CHUNK_LOGICAL);
    put32(b, Superblock.S_SYS_CHUNK_ARRAY_SIZE, Key.SIZE + Chunk.FIXED + Chunk.STRIPE);
    return seal(b);
  }

  /** Recomputes the superblock's crc32c. */
  static byte[] seal(byte[] sb) {
    System.arraycopy(CsumType.CRC32C.compute(sb, 0x20, sb.length), 0, sb, 0, 4);
    return sb;
  }

  /** An 8 MiB image holding the superblock. */
  static byte[] image(byte[] sb) {
    byte[] img = new byte[8 << 20];
    System.arraycopy(sb, 0, img, (int) Superblock.OFFSET, sb.length);
    return img;
  }

  static void put32(byte[] b, int off, long v) {
    org.bootlace.binary.Le.putU32(b, off, v);
  }

  static void put64(byte[] b, int off, long v) {
    put32(b, off, v);
    put32(b, off + 4, v >>> 32);
  }
}
