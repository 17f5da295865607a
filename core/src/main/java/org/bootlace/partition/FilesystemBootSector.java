package org.bootlace.partition;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import org.bootlace.binary.Le;

/**
 * Recognizes the boot sector of a whole-disk FAT, NTFS or exFAT filesystem, which ends in the same
 * 0xaa55 signature as an MBR. A disk that starts with one has no partition table; libblkid makes
 * the same call before it reads a DOS table.
 */
final class FilesystemBootSector {
  /** The OEM name, where NTFS and exFAT put their magic. */
  private static final int OEM_NAME = 0x03;

  /** BPB fields shared by FAT12/16/32. */
  private static final int BYTES_PER_SECTOR = 0x0b;

  private static final int SECTORS_PER_CLUSTER = 0x0d;
  private static final int RESERVED_SECTORS = 0x0e;
  private static final int FAT_COUNT = 0x10;
  private static final int MEDIA = 0x15;

  /** The file system type label of FAT12/16 and of FAT32. */
  private static final int FAT16_TYPE = 0x36;

  private static final int FAT32_TYPE = 0x52;

  private FilesystemBootSector() {}

  /** Describes the filesystem whose boot sector {@code sector} (at least 512 bytes) is, if any. */
  static Optional<String> describe(byte[] sector) {
    if (text(sector, OEM_NAME).equals("NTFS    ")) {
      return Optional.of("NTFS boot sector (OEM name \"NTFS    \" at 0x3)");
    }
    if (text(sector, OEM_NAME).equals("EXFAT   ")) {
      return Optional.of("exFAT boot sector (OEM name \"EXFAT   \" at 0x3)");
    }
    String fat16 = text(sector, FAT16_TYPE);
    String fat32 = text(sector, FAT32_TYPE);
    String label;
    int at;
    if (fat16.equals("FAT12   ") || fat16.equals("FAT16   ") || fat16.equals("FAT     ")) {
      label = fat16;
      at = FAT16_TYPE;
    } else if (fat32.equals("FAT32   ")) {
      label = fat32;
      at = FAT32_TYPE;
    } else {
      return Optional.empty();
    }
    // The label alone could be chance; a sane BPB next to it is not.
    if (!saneBpb(sector)) {
      return Optional.empty();
    }
    return Optional.of(
        label.trim()
            + " boot sector (file system type \""
            + label
            + "\" at 0x"
            + Integer.toHexString(at)
            + ")");
  }

  private static boolean saneBpb(byte[] s) {
    int bytesPerSector = Le.u16(s, BYTES_PER_SECTOR);
    int perCluster = Le.u8(s, SECTORS_PER_CLUSTER);
    int media = Le.u8(s, MEDIA);
    return bytesPerSector >= 512
        && bytesPerSector <= 4096
        && Integer.bitCount(bytesPerSector) == 1
        && perCluster > 0
        && Integer.bitCount(perCluster) == 1
        && Le.u16(s, RESERVED_SECTORS) > 0
        && Le.u8(s, FAT_COUNT) > 0
        && (media == 0xf0 || media >= 0xf8);
  }

  private static String text(byte[] s, int at) {
    return new String(Arrays.copyOfRange(s, at, at + 8), StandardCharsets.ISO_8859_1);
  }
}
