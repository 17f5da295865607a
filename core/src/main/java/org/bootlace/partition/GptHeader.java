package org.bootlace.partition;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.zip.CRC32;
import org.bootlace.CorruptImageException;
import org.bootlace.LimitExceededException;
import org.bootlace.Limits;
import org.bootlace.binary.Checks;
import org.bootlace.binary.Le;

/**
 * A GPT header (UEFI specification, "GPT Header"), primary or backup, with every field checked:
 * signature, revision 1.0, header size, header CRC32, MyLBA, the usable range, the entry size (128
 * * 2^n) and where the entry array lies. The array's own CRC32 is {@link GptEntryArray}'s.
 *
 * @param what names the header in messages ({@code gpt: disk.img: primary header at LBA 1})
 * @param entryArrayOffset byte offset of the entry array
 * @param entryArrayBytes entry count times entry size, at most {@code maxMetadataBytes}
 */
record GptHeader(
    String what,
    int sectorSize,
    long myLba,
    long alternateLba,
    long firstUsableLba,
    long lastUsableLba,
    long entryLba,
    int entryCount,
    long entrySize,
    long entryArrayCrc,
    long entryArrayOffset,
    long entryArrayBytes) {

  static final int SIGNATURE = 0x00;
  static final int REVISION = 0x08;
  static final int HEADER_SIZE = 0x0c;
  static final int HEADER_CRC = 0x10;
  static final int MY_LBA = 0x18;
  static final int ALTERNATE_LBA = 0x20;
  static final int FIRST_USABLE_LBA = 0x28;
  static final int LAST_USABLE_LBA = 0x30;
  static final int ENTRY_LBA = 0x48;
  static final int ENTRY_COUNT = 0x50;
  static final int ENTRY_SIZE = 0x54;
  static final int ENTRY_ARRAY_CRC = 0x58;

  /** The size of the fields above; the rest of the sector is reserved. */
  static final int MIN_SIZE = 92;

  static final byte[] MAGIC = {'E', 'F', 'I', ' ', 'P', 'A', 'R', 'T'};
  static final long REVISION_1_0 = 0x0001_0000L;

  /**
   * @param sector the whole sector at {@code lba}
   * @param diskSectors the disk's size in sectors
   */
  static GptHeader parse(
      byte[] sector, long lba, int sectorSize, long diskSectors, Limits limits, String what)
      throws CorruptImageException, LimitExceededException {
    long at = lba * sectorSize;
    byte[] magic = Arrays.copyOfRange(sector, SIGNATURE, SIGNATURE + MAGIC.length);
    if (!Arrays.equals(magic, MAGIC)) {
      throw new CorruptImageException(
          String.format(
              Locale.ROOT,
              "%s: signature at %s: bytes %s != \"EFI PART\"",
              what,
              Checks.hex(at + SIGNATURE),
              HexFormat.of().formatHex(magic)));
    }
    long revision = Le.u32(sector, REVISION);
    Checks.require(
        revision == REVISION_1_0,
        "%s: revision at %s: 0x%08x != 0x00010000",
        what,
        Checks.hex(at + REVISION),
        revision);
    long headerSize = Le.u32(sector, HEADER_SIZE);
    Checks.require(
        headerSize >= MIN_SIZE && headerSize <= sectorSize,
        "%s: header size at %s: %d is outside %d..%d",
        what,
        Checks.hex(at + HEADER_SIZE),
        headerSize,
        MIN_SIZE,
        sectorSize);
    long storedCrc = Le.u32(sector, HEADER_CRC);
    long crc = headerCrc(sector, (int) headerSize);
    Checks.require(
        storedCrc == crc,
        "%s: header CRC32 at %s: 0x%08x != computed 0x%08x",
        what,
        Checks.hex(at + HEADER_CRC),
        storedCrc,
        crc);
    long myLba = Le.u64(sector, MY_LBA);
    Checks.require(
        myLba == lba,
        "%s: MyLBA at %s: %s != %d",
        what,
        Checks.hex(at + MY_LBA),
        Long.toUnsignedString(myLba),
        lba);
    long firstUsable = lbaField(sector, FIRST_USABLE_LBA, "FirstUsableLBA", at, what);
    long lastUsable = lbaField(sector, LAST_USABLE_LBA, "LastUsableLBA", at, what);
    Checks.require(
        firstUsable <= lastUsable,
        "%s: FirstUsableLBA at %s: %d > LastUsableLBA %d",
        what,
        Checks.hex(at + FIRST_USABLE_LBA),
        firstUsable,
        lastUsable);
    Checks.require(
        lba < firstUsable || lba > lastUsable,
        "%s: usable LBAs %d..%d (at %s) contain the header itself",
        what,
        firstUsable,
        lastUsable,
        Checks.hex(at + FIRST_USABLE_LBA));
    long entrySize = Le.u32(sector, ENTRY_SIZE);
    Checks.require(
        entrySize >= GptEntry.MIN_SIZE && Long.bitCount(entrySize) == 1,
        "%s: entry size at %s: %d is not 128 * 2^n",
        what,
        Checks.hex(at + ENTRY_SIZE),
        entrySize);
    long count = Le.u32(sector, ENTRY_COUNT);
    // At most (2^32 - 1) * 2^31 bytes, so the product cannot overflow.
    long arrayBytes = count * entrySize;
    Limits.check(
        "maxMetadataBytes",
        limits.maxMetadataBytes(),
        arrayBytes,
        what + ": entry array of " + count + " entries of " + entrySize + " bytes");
    Checks.require(
        count <= Integer.MAX_VALUE,
        "%s: entry count at %s: %d entries cannot be numbered",
        what,
        Checks.hex(at + ENTRY_COUNT),
        count);
    long entryLba = lbaField(sector, ENTRY_LBA, "PartitionEntryLBA", at, what);
    if (arrayBytes > 0) {
      checkArrayPlace(
          entryLba, arrayBytes, lba, sectorSize, diskSectors, firstUsable, lastUsable, what, at);
    }
    return new GptHeader(
        what,
        sectorSize,
        myLba,
        Le.u64(sector, ALTERNATE_LBA),
        firstUsable,
        lastUsable,
        entryLba,
        (int) count,
        entrySize,
        Le.u32(sector, ENTRY_ARRAY_CRC),
        entryLba * sectorSize,
        arrayBytes);
  }

  /** CRC32 of the first {@code size} bytes with the CRC field taken as zero. */
  static long headerCrc(byte[] sector, int size) {
    byte[] copy = Arrays.copyOf(sector, size);
    Arrays.fill(copy, HEADER_CRC, HEADER_CRC + 4, (byte) 0);
    CRC32 crc = new CRC32();
    crc.update(copy);
    return crc.getValue();
  }

  /** An LBA below 2^63, so later arithmetic on it is plain signed arithmetic. */
  private static long lbaField(byte[] sector, int field, String name, long at, String what)
      throws CorruptImageException {
    long v = Le.u64(sector, field);
    Checks.require(
        v >= 0,
        "%s: %s at %s: %s is beyond any disk",
        what,
        name,
        Checks.hex(at + field),
        Long.toUnsignedString(v));
    return v;
  }

  /**
   * The array must lie on the disk and clear of the protective MBR, this header and the usable
   * range (the primary's array sits before it, the backup's after it).
   */
  private static void checkArrayPlace(
      long entryLba,
      long arrayBytes,
      long lba,
      int sectorSize,
      long diskSectors,
      long firstUsable,
      long lastUsable,
      String what,
      long at)
      throws CorruptImageException {
    Checks.require(
        entryLba < diskSectors,
        "%s: PartitionEntryLBA at %s: %d is beyond the end of the disk (%d sectors)",
        what,
        Checks.hex(at + ENTRY_LBA),
        entryLba,
        diskSectors);
    long last = entryLba + (arrayBytes - 1) / sectorSize;
    String where = "entry array at LBA " + entryLba + ".." + last;
    Checks.require(
        last < diskSectors,
        "%s: %s extends beyond the end of the disk (%d sectors)",
        what,
        where,
        diskSectors);
    Checks.require(entryLba > 0, "%s: %s overlaps the protective MBR at LBA 0", what, where);
    Checks.require(
        lba < entryLba || lba > last, "%s: %s overlaps the header at LBA %d", what, where, lba);
    Checks.require(
        last < firstUsable || entryLba > lastUsable,
        "%s: %s overlaps the usable LBAs %d..%d",
        what,
        where,
        firstUsable,
        lastUsable);
  }
}
