package org.bootlace.partition;

import com.google.common.collect.ImmutableMap;
import java.util.Map;
import java.util.Optional;

/** Readable names of common MBR type bytes, as util-linux's fdisk and sfdisk print them. */
final class MbrTypes {
  private static final Map<Integer, String> NAMES =
      ImmutableMap.<Integer, String>builder()
          .put(0x01, "FAT12")
          .put(0x04, "FAT16 <32M")
          .put(0x05, "Extended")
          .put(0x06, "FAT16")
          .put(0x07, "HPFS/NTFS/exFAT")
          .put(0x0b, "W95 FAT32")
          .put(0x0c, "W95 FAT32 (LBA)")
          .put(0x0e, "W95 FAT16 (LBA)")
          .put(0x0f, "W95 Ext'd (LBA)")
          .put(0x11, "Hidden FAT12")
          .put(0x14, "Hidden FAT16 <32M")
          .put(0x16, "Hidden FAT16")
          .put(0x17, "Hidden HPFS/NTFS")
          .put(0x1b, "Hidden W95 FAT32")
          .put(0x1c, "Hidden W95 FAT32 (LBA)")
          .put(0x1e, "Hidden W95 FAT16 (LBA)")
          .put(0x27, "Hidden NTFS WinRE")
          .put(0x41, "PPC PReP Boot")
          .put(0x82, "Linux swap / Solaris")
          .put(0x83, "Linux")
          .put(0x85, "Linux extended")
          .put(0x8e, "Linux LVM")
          .put(0xa5, "FreeBSD")
          .put(0xa6, "OpenBSD")
          .put(0xa9, "NetBSD")
          .put(0xaf, "HFS / HFS+")
          .put(0xbf, "Solaris")
          .put(0xea, "Linux extended boot")
          .put(0xee, "GPT")
          .put(0xef, "EFI (FAT-12/16/32)")
          .put(0xfd, "Linux raid autodetect")
          .build();

  private MbrTypes() {}

  static Optional<String> name(int type) {
    return Optional.ofNullable(NAMES.get(type));
  }

  /** Every named type, for tests that compare with the real tools. */
  static Map<Integer, String> all() {
    return NAMES;
  }
}
