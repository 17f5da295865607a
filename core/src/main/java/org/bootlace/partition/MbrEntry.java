package org.bootlace.partition;

import org.bootlace.CorruptImageException;
import org.bootlace.binary.Checks;
import org.bootlace.binary.Le;

/**
 * One 16-byte entry of an MBR or EBR partition table. The CHS fields are not read: every tool since
 * the 1990s writes the LBA fields, and they are the ones Linux and GRUB use.
 *
 * @param index 0..3, the entry's slot in its sector
 * @param diskOffset where the entry is on the disk, for messages
 * @param status 0x00 or 0x80 (active)
 * @param type the partition type byte
 * @param firstLba the first sector, relative to whatever the table's rules say
 * @param sectors the number of sectors
 */
record MbrEntry(int index, long diskOffset, int status, int type, long firstLba, long sectors) {
  static final int SIZE = 16;
  static final int PROTECTIVE_GPT = 0xee;

  private static final int STATUS = 0x0;
  private static final int TYPE = 0x4;
  private static final int FIRST_LBA = 0x8;
  private static final int SECTORS = 0xc;
  private static final int ACTIVE = 0x80;

  /**
   * Reads entry {@code index} of the table in {@code sector} without judging it; the GPT probe uses
   * this to look for a protective entry whatever the other bytes hold.
   */
  static MbrEntry raw(byte[] sector, int index, long sectorOffset) {
    int at = MbrSector.TABLE + index * SIZE;
    return new MbrEntry(
        index,
        sectorOffset + at,
        Le.u8(sector, at + STATUS),
        Le.u8(sector, at + TYPE),
        Le.u32(sector, at + FIRST_LBA),
        Le.u32(sector, at + SECTORS));
  }

  /**
   * Reads and validates entry {@code index}.
   *
   * @param what names the sector in messages ({@code msdos: disk.img: MBR})
   * @param inEbr whether the sector is an EBR, which names its entries differently
   */
  static MbrEntry parse(byte[] sector, int index, long sectorOffset, String what, boolean inEbr)
      throws CorruptImageException {
    MbrEntry e = raw(sector, index, sectorOffset);
    Checks.require(
        e.status == 0 || e.status == ACTIVE,
        "%s: %s: status 0x%02x is not 0x00 or 0x80",
        what,
        inEbr ? e.ebrName() : e.primaryName(),
        e.status);
    return e;
  }

  /** {@code partition 2 (entry at 0x1ce)}: a primary entry's slot is its partition number. */
  String primaryName() {
    return "partition " + (index + 1) + " (entry at " + Checks.hex(diskOffset) + ")";
  }

  /** {@code entry 2 at 0x7001ce}. */
  String ebrName() {
    return "entry " + (index + 1) + " at " + Checks.hex(diskOffset);
  }

  /** Type 0, or no sectors: Linux and sfdisk skip such entries too. */
  boolean isEmpty() {
    return type == 0 || sectors == 0;
  }

  /** A DOS (0x05), Windows LBA (0x0f) or Linux (0x85) extended partition. */
  boolean isExtended() {
    return type == 0x05 || type == 0x0f || type == 0x85;
  }

  boolean isProtectiveGpt() {
    return type == PROTECTIVE_GPT;
  }

  boolean isActive() {
    return status == ACTIVE;
  }

  /** The last sector, inclusive; meaningful only for a non-empty entry. */
  long lastLba() {
    return firstLba + sectors - 1;
  }

  String typeHex() {
    // Not String.format: this runs for every partition on the success path.
    return "0x" + Character.forDigit(type >> 4 & 0xf, 16) + Character.forDigit(type & 0xf, 16);
  }
}
