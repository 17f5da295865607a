package org.bootlace.partition;

import com.google.common.collect.ImmutableList;
import java.util.List;
import org.bootlace.CorruptImageException;
import org.bootlace.binary.Checks;
import org.bootlace.binary.Le;

/**
 * The partition table of an MBR or EBR: the entries at 0x1be and the boot signature 0xaa55 at
 * 0x1fe. The table sits in the first 512 bytes of its sector whatever the sector size.
 */
record MbrSector(long diskOffset, List<MbrEntry> entries) {
  static final int SIZE = 512;
  static final int TABLE = 0x1be;
  static final int SIGNATURE = 0x1fe;
  static final int BOOT_SIGNATURE = 0xaa55;

  static int signature(byte[] sector) {
    return Le.u16(sector, SIGNATURE);
  }

  /** The MBR at the start of the disk, all four entries validated. */
  static MbrSector parseMbr(byte[] sector, String what) throws CorruptImageException {
    checkSignature(sector, 0, what);
    ImmutableList.Builder<MbrEntry> entries = ImmutableList.builder();
    for (int i = 0; i < 4; i++) {
      entries.add(MbrEntry.parse(sector, i, 0, what, false));
    }
    return new MbrSector(0, entries.build());
  }

  /**
   * An EBR: only its first two entries (the logical partition and the link to the next EBR) mean
   * anything; the other two are ignored, as Linux ignores them, since tools leave junk there.
   */
  static MbrSector parseEbr(byte[] sector, long diskOffset, String what)
      throws CorruptImageException {
    checkSignature(sector, diskOffset, what);
    ImmutableList.Builder<MbrEntry> entries = ImmutableList.builder();
    for (int i = 0; i < 2; i++) {
      entries.add(MbrEntry.parse(sector, i, diskOffset, what, true));
    }
    return new MbrSector(diskOffset, entries.build());
  }

  private static void checkSignature(byte[] sector, long diskOffset, String what)
      throws CorruptImageException {
    int sig = signature(sector);
    Checks.require(
        sig == BOOT_SIGNATURE,
        "%s: boot signature at %s: 0x%04x != 0xaa55",
        what,
        Checks.hex(diskOffset + SIGNATURE),
        sig);
  }
}
