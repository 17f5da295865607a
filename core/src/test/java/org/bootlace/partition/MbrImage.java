package org.bootlace.partition;

import org.bootlace.binary.Le;

/** Builds MBR disks byte by byte, for the hand-built half of the corruption tests. */
final class MbrImage {
  final byte[] bytes;

  /** A zeroed disk of {@code sectors} 512-byte sectors. */
  MbrImage(int sectors) {
    bytes = new byte[sectors * 512];
  }

  /**
   * Writes table entry {@code slot} (0..3) of the MBR or EBR at {@code sectorLba} and its
   * signature.
   */
  MbrImage entry(long sectorLba, int slot, int status, int type, long first, long count) {
    int at = (int) (sectorLba * 512) + 0x1be + slot * 16;
    bytes[at] = (byte) status;
    bytes[at + 4] = (byte) type;
    Le.putU32(bytes, at + 8, first);
    Le.putU32(bytes, at + 12, count);
    return signature(sectorLba);
  }

  MbrImage signature(long sectorLba) {
    int at = (int) (sectorLba * 512) + 0x1fe;
    bytes[at] = 0x55;
    bytes[at + 1] = (byte) 0xaa;
    return this;
  }

  /**
   * The layout the tests share: partition 1 active (0x83), 2 empty, 3 extended over sectors
   * 256..1279 with logical partitions 5 (EBR 256), 6 (EBR 512) and 7 (EBR 768), 4 a FAT32.
   */
  static MbrImage standard() {
    return new MbrImage(2048)
        .entry(0, 0, 0x80, 0x83, 64, 128)
        .entry(0, 2, 0, 0x05, 256, 1024)
        .entry(0, 3, 0, 0x0c, 1536, 256)
        .entry(256, 0, 0, 0x83, 32, 64)
        .entry(256, 1, 0, 0x05, 256, 256)
        .entry(512, 0, 0, 0x82, 32, 128)
        .entry(512, 1, 0, 0x05, 512, 512)
        .entry(768, 0, 0, 0x8e, 32, 200);
  }
}
