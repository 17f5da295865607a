package org.bootlace.partition;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.bootlace.CorruptImageException;
import org.bootlace.binary.Checks;
import org.bootlace.binary.Le;

/**
 * One used GPT partition entry (UEFI specification, "GPT Partition Entry"). Only the first 128
 * bytes are defined; a larger entry size leaves the rest reserved.
 *
 * @param number the entry's index + 1, so unused slots keep the numbering
 * @param type the partition type GUID, lowercase
 * @param uuid the unique partition GUID, lowercase
 * @param firstLba first sector, inclusive
 * @param lastLba last sector, inclusive
 * @param attributes the attribute bits; only bit 2 (legacy BIOS bootable) is interpreted
 * @param name the partition name up to its first NUL; empty when there is none
 */
record GptEntry(
    int number,
    String type,
    String uuid,
    long firstLba,
    long lastLba,
    long attributes,
    Optional<String> name) {

  static final int MIN_SIZE = 128;

  private static final int TYPE_GUID = 0x00;
  private static final int UNIQUE_GUID = 0x10;
  private static final int FIRST_LBA = 0x20;
  private static final int LAST_LBA = 0x28;
  private static final int ATTRIBUTES = 0x30;
  private static final int NAME = 0x38;
  private static final int NAME_UNITS = 36;
  private static final long LEGACY_BIOS_BOOTABLE = 1L << 2;

  /** A zero type GUID marks an unused entry. */
  static boolean isUnused(byte[] b, int off) {
    return Guids.isZero(b, off + TYPE_GUID);
  }

  /**
   * Parses a used entry whose range must lie on the disk and in the header's usable range.
   *
   * @param prefix the format and disk, for messages ({@code gpt: disk.img})
   */
  static GptEntry parse(
      byte[] b,
      int off,
      long diskOffset,
      int number,
      GptHeader header,
      long diskSectors,
      String prefix)
      throws CorruptImageException {
    String what = prefix + ": partition " + number + " (entry at " + Checks.hex(diskOffset) + ")";
    long first = Le.u64(b, off + FIRST_LBA);
    long last = Le.u64(b, off + LAST_LBA);
    Checks.require(
        Long.compareUnsigned(first, last) <= 0,
        "%s: first LBA %s > last LBA %s",
        what,
        Long.toUnsignedString(first),
        Long.toUnsignedString(last));
    Checks.require(
        Long.compareUnsigned(last, diskSectors) < 0,
        "%s: LBAs %s..%s extend beyond the end of the disk (%d sectors of %d bytes);"
            + " the image may be truncated",
        what,
        Long.toUnsignedString(first),
        Long.toUnsignedString(last),
        diskSectors,
        header.sectorSize());
    Checks.require(
        first >= header.firstUsableLba() && last <= header.lastUsableLba(),
        "%s: LBAs %d..%d are outside the usable LBAs %d..%d",
        what,
        first,
        last,
        header.firstUsableLba(),
        header.lastUsableLba());
    return new GptEntry(
        number,
        Guids.format(b, off + TYPE_GUID),
        Guids.format(b, off + UNIQUE_GUID),
        first,
        last,
        Le.u64(b, off + ATTRIBUTES),
        name(b, off + NAME));
  }

  /** UTF-16LE, up to the first NUL code unit. */
  private static Optional<String> name(byte[] b, int off) {
    int units = 0;
    while (units < NAME_UNITS && Le.u16(b, off + 2 * units) != 0) {
      units++;
    }
    return units == 0
        ? Optional.empty()
        : Optional.of(new String(b, off, 2 * units, StandardCharsets.UTF_16LE));
  }

  boolean legacyBiosBootable() {
    return (attributes & LEGACY_BIOS_BOOTABLE) != 0;
  }

  long sectors() {
    return lastLba - firstLba + 1;
  }
}
