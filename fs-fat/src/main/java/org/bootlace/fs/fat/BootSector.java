package org.bootlace.fs.fat;

import java.util.Locale;
import java.util.Optional;
import org.bootlace.CorruptImageException;
import org.bootlace.UnsupportedFeatureException;
import org.bootlace.binary.Le;

/**
 * The boot sector's BIOS parameter block, validated, with the geometry derived from it as
 * Microsoft's FAT specification does: the FAT type follows from the count of data clusters alone
 * (fewer than 4085: FAT12, fewer than 65525: FAT16, else FAT32), never from the type string.
 *
 * <p>One tolerance, as GRUB, UEFI firmware (EDK II) and Linux all read it: a boot sector shaped for
 * FAT32 (BPB_FATSz16 and BPB_RootEntCnt both 0) with fewer than 65525 clusters, which {@code
 * mkfs.vfat -F 32} makes for small volumes, is read as FAT32, with a warning.
 *
 * <p>Everything is in bytes or clusters; sector counts never leave this class.
 */
record BootSector(
    FatType fatType,
    int bytesPerSector,
    int clusterBytes,
    /** Byte offset of the FAT in use (the active one when mirroring is off). */
    long fatOffset,
    long fatBytes,
    /** FAT12/16: the fixed root directory region; FAT32: unused (0). */
    long rootDirOffset,
    long rootDirBytes,
    /** FAT32: the root directory's first cluster; FAT12/16: 0. */
    long rootCluster,
    long dataOffset,
    long clusterCount,
    long volumeBytes,
    long serial,
    Optional<String> bpbLabel,
    /** A tolerated deviation from the specification, for a warning. */
    Optional<String> deviation) {

  /** The three FAT widths. */
  enum FatType {
    FAT12(12, 0xFF7),
    FAT16(16, 0xFFF7),
    FAT32(32, 0x0FFF_FFF7);

    final int bits;

    /** The "bad cluster" mark; values above it end a chain. */
    final long bad;

    FatType(int bits, long bad) {
      this.bits = bits;
      this.bad = bad;
    }

    String fsName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** What is read of the boot sector; every sector size keeps the BPB in its first 512 bytes. */
  static final int SIZE = 512;

  static final int BS_JMP = 0x00;
  static final int BPB_BYTS_PER_SEC = 0x0B;
  static final int BPB_SEC_PER_CLUS = 0x0D;
  static final int BPB_RSVD_SEC_CNT = 0x0E;
  static final int BPB_NUM_FATS = 0x10;
  static final int BPB_ROOT_ENT_CNT = 0x11;
  static final int BPB_TOT_SEC16 = 0x13;
  static final int BPB_MEDIA = 0x15;
  static final int BPB_FAT_SZ16 = 0x16;
  static final int BPB_TOT_SEC32 = 0x20;

  /** FAT12/16 extended BPB. */
  static final int BS_BOOT_SIG16 = 0x26;

  static final int BS_VOL_ID16 = 0x27;
  static final int BS_VOL_LAB16 = 0x2B;

  /** FAT32 extended BPB. */
  static final int BPB_FAT_SZ32 = 0x24;

  static final int BPB_EXT_FLAGS = 0x28;
  static final int BPB_FS_VER = 0x2A;
  static final int BPB_ROOT_CLUS = 0x2C;
  static final int BS_BOOT_SIG32 = 0x42;
  static final int BS_VOL_ID32 = 0x43;
  static final int BS_VOL_LAB32 = 0x47;
  static final int SIGNATURE = 0x1FE;

  /** The largest cluster number a FAT32 entry's 28 bits can name below the reserved values. */
  static final long FAT32_MAX_CLUSTERS = 0x0FFF_FFF5L;

  /**
   * Whether {@code b} looks like a FAT boot sector at all: a jump instruction, the 0x55AA signature
   * and a plausible BPB. Cheap and never throws; the probe's answer.
   */
  static Optional<String> implausible(byte[] b) {
    int jmp = b[BS_JMP] & 0xff;
    if (jmp != 0xEB && jmp != 0xE9) {
      return Optional.of(String.format(Locale.ROOT, "no x86 jump at byte 0 (0x%02x)", jmp));
    }
    if (Le.u16(b, SIGNATURE) != 0xAA55) {
      return Optional.of(
          String.format(
              Locale.ROOT, "no boot signature 0x55aa at 0x1fe (0x%04x)", Le.u16(b, SIGNATURE)));
    }
    try {
      parse(b, Long.MAX_VALUE);
      return Optional.empty();
    } catch (CorruptImageException | UnsupportedFeatureException e) {
      return Optional.of(e.getMessage());
    }
  }

  /**
   * Parses and validates the BPB in {@code b} (at least 512 bytes from the volume's start).
   *
   * @param deviceBytes the device's size; the volume may not need more sectors of FAT and root
   *     directory than the device holds
   */
  static BootSector parse(byte[] b, long deviceBytes)
      throws CorruptImageException, UnsupportedFeatureException {
    int bps = Le.u16(b, BPB_BYTS_PER_SEC);
    if (bps != 512 && bps != 1024 && bps != 2048 && bps != 4096) {
      throw fail(BPB_BYTS_PER_SEC, "BPB_BytsPerSec " + bps + " is not 512, 1024, 2048 or 4096");
    }
    int spc = Le.u8(b, BPB_SEC_PER_CLUS);
    if (spc == 0 || Integer.bitCount(spc) != 1) {
      throw fail(
          BPB_SEC_PER_CLUS, "BPB_SecPerClus " + spc + " is not a power of two from 1 to 128");
    }
    int reserved = Le.u16(b, BPB_RSVD_SEC_CNT);
    if (reserved == 0) {
      throw fail(BPB_RSVD_SEC_CNT, "BPB_RsvdSecCnt 0: the boot sector itself is reserved");
    }
    int fats = Le.u8(b, BPB_NUM_FATS);
    if (fats == 0) {
      throw fail(BPB_NUM_FATS, "BPB_NumFATs 0");
    }
    int media = Le.u8(b, BPB_MEDIA);
    if (media != 0xF0 && media < 0xF8) {
      throw fail(
          BPB_MEDIA,
          String.format(Locale.ROOT, "BPB_Media 0x%02x is not 0xf0 or 0xf8 to 0xff", media));
    }
    int rootEntries = Le.u16(b, BPB_ROOT_ENT_CNT);
    long fatSz16 = Le.u16(b, BPB_FAT_SZ16);
    long fatSectors = fatSz16 != 0 ? fatSz16 : Le.u32(b, BPB_FAT_SZ32);
    if (fatSectors == 0) {
      throw fail(BPB_FAT_SZ16, "BPB_FATSz16 and BPB_FATSz32 are both 0");
    }
    long tot16 = Le.u16(b, BPB_TOT_SEC16);
    long totalSectors = tot16 != 0 ? tot16 : Le.u32(b, BPB_TOT_SEC32);
    if (totalSectors == 0) {
      throw fail(BPB_TOT_SEC16, "BPB_TotSec16 and BPB_TotSec32 are both 0");
    }
    // All of these fit in a long without overflow: 16- and 32-bit values times at most 4096.
    long rootDirSectors = ((long) rootEntries * 32 + bps - 1) / bps;
    long metaSectors = reserved + fats * fatSectors + rootDirSectors;
    if (metaSectors >= totalSectors) {
      throw fail(
          BPB_TOT_SEC16,
          String.format(
              Locale.ROOT,
              "%d total sectors leave no data region after %d reserved, %d FAT and %d root directory sectors",
              totalSectors,
              reserved,
              fats * fatSectors,
              rootDirSectors));
    }
    long clusters = (totalSectors - metaSectors) / spc;
    FatType type =
        clusters < 4085 ? FatType.FAT12 : clusters < 65525 ? FatType.FAT16 : FatType.FAT32;
    Optional<String> deviation = Optional.empty();
    if (type != FatType.FAT32 && fatSz16 == 0 && rootEntries == 0) {
      deviation =
          Optional.of(
              String.format(
                  Locale.ROOT,
                  "fat: boot sector: a FAT32 boot sector (BPB_FATSz16 and BPB_RootEntCnt 0) with %d clusters, "
                      + "fewer than FAT32's 65525: read as FAT32, as GRUB, UEFI firmware and Linux read it",
                  clusters));
      type = FatType.FAT32;
    }
    long fatOffset = (long) reserved * bps;
    long fatBytes = fatSectors * bps;
    long needed =
        switch (type) {
          case FAT12 -> ((clusters + 2) * 3 + 1) / 2;
          case FAT16 -> (clusters + 2) * 2;
          case FAT32 -> (clusters + 2) * 4;
        };
    if (fatBytes < needed) {
      throw fail(
          BPB_FAT_SZ16,
          String.format(
              Locale.ROOT,
              "a FAT of %d sectors (%d bytes) cannot hold the %d entries of %d clusters (%s, %d bytes)",
              fatSectors,
              fatBytes,
              clusters + 2,
              clusters,
              type,
              needed));
    }
    long rootCluster = 0;
    long serial;
    Optional<String> label;
    if (type == FatType.FAT32) {
      if (clusters > FAT32_MAX_CLUSTERS) {
        throw fail(
            BPB_TOT_SEC32,
            "FAT32 with " + clusters + " clusters: more than 28-bit entries can address");
      }
      if (rootEntries != 0) {
        throw fail(BPB_ROOT_ENT_CNT, "FAT32 with BPB_RootEntCnt " + rootEntries + " != 0");
      }
      if (fatSz16 != 0) {
        throw fail(BPB_FAT_SZ16, "FAT32 with BPB_FATSz16 " + fatSz16 + " != 0");
      }
      int version = Le.u16(b, BPB_FS_VER);
      if (version != 0) {
        throw new UnsupportedFeatureException(
            "FAT32 version " + (version >> 8) + "." + (version & 0xff),
            String.format(
                Locale.ROOT,
                "fat: boot sector: BPB_FSVer at 0x2a: FAT32 version %d.%d (only 0.0 is defined)",
                version >> 8,
                version & 0xff));
      }
      int flags = Le.u16(b, BPB_EXT_FLAGS);
      if ((flags & 0x80) != 0) { // mirroring off: only the active FAT is current
        int active = flags & 0x0f;
        if (active >= fats) {
          throw fail(
              BPB_EXT_FLAGS,
              String.format(
                  Locale.ROOT, "BPB_ExtFlags 0x%04x: active FAT %d of %d", flags, active, fats));
        }
        fatOffset += active * fatBytes;
      }
      rootCluster = Le.u32(b, BPB_ROOT_CLUS);
      if (rootCluster < 2 || rootCluster > clusters + 1) {
        throw fail(
            BPB_ROOT_CLUS,
            "BPB_RootClus " + rootCluster + " is not a cluster from 2 to " + (clusters + 1));
      }
      serial = Le.u32(b, BS_VOL_ID32);
      label = label(b, BS_BOOT_SIG32, BS_VOL_LAB32);
    } else {
      if (rootEntries == 0) {
        throw fail(BPB_ROOT_ENT_CNT, type + " with BPB_RootEntCnt 0: no root directory");
      }
      serial = Le.u32(b, BS_VOL_ID16);
      label = label(b, BS_BOOT_SIG16, BS_VOL_LAB16);
    }
    long rootDirOffset = (reserved + fats * fatSectors) * bps;
    long dataOffset = metaSectors * bps;
    if (dataOffset > deviceBytes) {
      throw fail(
          BPB_TOT_SEC16,
          String.format(
              Locale.ROOT,
              "the data region starts at %d, beyond the end of the device (%d bytes)",
              dataOffset,
              deviceBytes));
    }
    return new BootSector(
        type,
        bps,
        spc * bps,
        fatOffset,
        fatBytes,
        rootDirOffset,
        type == FatType.FAT32 ? 0 : (long) rootEntries * 32,
        rootCluster,
        dataOffset,
        clusters,
        totalSectors * bps,
        serial,
        label,
        deviation);
  }

  /** The BPB's 11-byte label where an extended boot signature (0x29) says it is there. */
  private static Optional<String> label(byte[] b, int sigAt, int labelAt) {
    if ((b[sigAt] & 0xff) != 0x29) {
      return Optional.empty();
    }
    String s = ShortName.decode(b, labelAt, 11).stripTrailing();
    return s.isEmpty() || s.equals("NO NAME") ? Optional.empty() : Optional.of(s);
  }

  /** The first byte of cluster {@code n} (2 or more). */
  long clusterOffset(long n) {
    return dataOffset + (n - 2) * clusterBytes;
  }

  /** The highest valid cluster number. */
  long maxCluster() {
    return clusterCount + 1;
  }

  private static CorruptImageException fail(int at, String detail) {
    return new CorruptImageException(
        String.format(Locale.ROOT, "fat: boot sector: at 0x%x: %s", at, detail));
  }
}
