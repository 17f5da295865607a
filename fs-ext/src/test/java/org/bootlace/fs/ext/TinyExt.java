package org.bootlace.fs.ext;

import org.bootlace.block.BlockDevice;
import org.bootlace.block.BlockDevices;

/**
 * A minimal ext4 built byte by byte: 64 blocks of 1 KiB, one group, 16 inodes of 128 bytes, a root
 * directory holding {@code file} (inode 12, 3000 bytes in one extent). Tests break one field and
 * open it through the driver.
 *
 * <pre>
 * block 0 boot, 1 superblock, 2 group descriptors, 3-4 inode table, 5 root directory, 6-8 file,
 * 9.. free for extent blocks
 * </pre>
 */
final class TinyExt {
  static final int BS = 1024;
  static final int SB = 1024;
  static final int ROOT_DIR_BLOCK = 5;
  static final int FILE_BLOCK = 6;
  static final int FILE_SIZE = 3000;

  final byte[] image = new byte[64 * BS];

  TinyExt() {
    put32(SB, 16); // s_inodes_count
    put32(SB + 0x4, 64); // s_blocks_count_lo
    put32(SB + 0x14, 1); // s_first_data_block
    put32(SB + 0x20, 8192); // s_blocks_per_group
    put32(SB + 0x24, 8192); // s_clusters_per_group
    put32(SB + 0x28, 16); // s_inodes_per_group
    put16(SB + 0x38, 0xEF53);
    put16(SB + 0x3A, 1); // clean
    put32(SB + 0x4C, 1); // dynamic revision
    put32(SB + 0x54, 11);
    put16(SB + 0x58, 128);
    put32(SB + 0x60, 0x42); // filetype, extent
    for (int i = 0; i < 16; i++) {
      image[SB + 0x68 + i] = (byte) (i + 1);
    }
    put32(2 * BS + 0x8, 3); // bg_inode_table_lo

    int root = inode(2);
    put16(root, 0x41ED);
    put32(root + 0x4, BS);
    put16(root + 0x1A, 2);
    put32(root + 0x20, 0x80000);
    extentHeader(root + 0x28, 1, 4, 0);
    extent(root + 0x28 + 12, 0, 1, ROOT_DIR_BLOCK);
    int d = ROOT_DIR_BLOCK * BS;
    dirEntry(d, 2, 12, ".", 2);
    dirEntry(d + 12, 2, 12, "..", 2);
    dirEntry(d + 24, 12, BS - 24, "file", 1);

    int file = inode(12);
    put16(file, 0x81A4);
    put32(file + 0x4, FILE_SIZE);
    put16(file + 0x1A, 1);
    put32(file + 0x20, 0x80000);
    extentHeader(file + 0x28, 1, 4, 0);
    extent(file + 0x28 + 12, 0, 3, FILE_BLOCK);
    for (int i = 0; i < FILE_SIZE; i++) {
      image[FILE_BLOCK * BS + i] = (byte) (i * 7);
    }
  }

  /** Byte offset of inode {@code n}. */
  static int inode(int n) {
    return 3 * BS + (n - 1) * 128;
  }

  void put16(int off, int v) {
    image[off] = (byte) v;
    image[off + 1] = (byte) (v >>> 8);
  }

  void put32(int off, long v) {
    put16(off, (int) v);
    put16(off + 2, (int) (v >>> 16));
  }

  void extentHeader(int off, int entries, int max, int depth) {
    put16(off, 0xF30A);
    put16(off + 2, entries);
    put16(off + 4, max);
    put16(off + 6, depth);
  }

  void extent(int off, long logical, int length, long start) {
    put32(off, logical);
    put16(off + 4, length);
    put16(off + 6, 0);
    put32(off + 8, start);
  }

  void index(int off, long logical, long child) {
    put32(off, logical);
    put32(off + 4, child);
    put16(off + 8, 0);
  }

  void dirEntry(int off, long inode, int recLen, String name, int type) {
    put32(off, inode);
    put16(off + 4, recLen);
    image[off + 6] = (byte) name.length();
    image[off + 7] = (byte) type;
    for (int i = 0; i < name.length(); i++) {
      image[off + 8 + i] = (byte) name.charAt(i);
    }
  }

  BlockDevice device() {
    return BlockDevices.ofBytes(image, "tiny.img");
  }

  byte[] superblock() {
    byte[] b = new byte[1024];
    System.arraycopy(image, SB, b, 0, 1024);
    return b;
  }
}
