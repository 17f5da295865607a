package org.bootlace.partition;

import java.util.Locale;
import java.util.Optional;

/**
 * The MBR in front of a GPT: an entry of type 0xee, alone (protective) or next to other primary
 * entries (hybrid, as {@code sgdisk -h} writes). Either way the GPT is the table that counts.
 *
 * @param protectiveEntry the 0-based slot of the 0xee entry
 * @param others the other non-empty entries
 */
record ProtectiveMbr(int protectiveEntry, int others) {

  /** The protective MBR in {@code sector}, or why there is none. */
  static Optional<ProtectiveMbr> find(byte[] sector) {
    if (MbrSector.signature(sector) != MbrSector.BOOT_SIGNATURE) {
      return Optional.empty();
    }
    int protective = -1;
    int others = 0;
    for (int i = 0; i < 4; i++) {
      MbrEntry e = MbrEntry.raw(sector, i, 0);
      if (e.isProtectiveGpt() && protective < 0) {
        protective = i;
      } else if (!e.isEmpty()) {
        others++;
      }
    }
    return protective < 0 ? Optional.empty() : Optional.of(new ProtectiveMbr(protective, others));
  }

  /** Why {@link #find} found nothing. */
  static String absence(byte[] sector) {
    int sig = MbrSector.signature(sector);
    return sig != MbrSector.BOOT_SIGNATURE
        ? String.format(Locale.ROOT, "no MBR boot signature at 0x1fe: 0x%04x != 0xaa55", sig)
        : "no protective MBR entry (type 0xee)";
  }

  @Override
  public String toString() {
    String where = "type 0xee in entry " + (protectiveEntry + 1);
    return others == 0
        ? "protective MBR (" + where + ")"
        : "hybrid MBR ("
            + where
            + " and "
            + others
            + (others == 1 ? " other entry)" : " other entries)");
  }
}
