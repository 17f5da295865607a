package org.bootlace.volume.md;

import java.io.IOException;
import java.util.HexFormat;
import java.util.Locale;
import org.bootlace.CorruptImageException;
import org.bootlace.UnsupportedFeatureException;
import org.bootlace.binary.Checks;
import org.bootlace.binary.Le;
import org.bootlace.block.BlockDevice;

/**
 * A Linux md version-1 superblock ({@code mdp_superblock_1}, little-endian): 256 bytes of fields
 * then a 16-bit role per device slot ({@code max_dev} of them), checksummed as the kernel does
 * (32-bit little-endian words summed in 64 bits with {@code sb_csum} taken as zero, folded once).
 * Version 1.0 keeps it near the end of the member (8 KiB before the end, 4 KiB aligned), 1.1 at the
 * start, 1.2 4 KiB from the start; its {@code super_offset} must say where it was found.
 *
 * @param minor 0, 1 or 2: which version-1 placement it was found at; 90 for a 0.90 superblock
 * @param uuid the array's {@code set_uuid}
 * @param name {@code set_name} ({@code host:name} or {@code name})
 * @param level -1 linear, 0, 1, 4, 5, 6, 10
 * @param size sectors of each member the array uses (RAID1)
 * @param dataOffset where the member's data starts, sectors
 * @param dataSize sectors of data on this member
 * @param role this member's role: 0.. for an active slot, or {@link #SPARE}/{@link #FAULTY}/{@link
 *     #JOURNAL}
 */
record MdSuperblock(
    int minor,
    long offset,
    byte[] uuid,
    String name,
    int level,
    long size,
    long raidDisks,
    long dataOffset,
    long dataSize,
    long events,
    int role,
    long featureMap,
    long recoveryOffset) {
  static final long MAGIC = 0xa92b4efcL;
  static final int HEADER = 256;
  static final int SPARE = 0xffff;
  static final int FAULTY = 0xfffe;
  static final int JOURNAL = 0xfffd;
  static final int MAX_DEV = 1920;
  static final int S_MAGIC = 0;
  static final int S_MAJOR = 4;
  static final int S_FEATURE = 8;
  static final int S_UUID = 16;
  static final int S_NAME = 32;
  static final int S_LEVEL = 72;
  static final int S_SIZE = 80;
  static final int S_RAID_DISKS = 92;
  static final int S_DATA_OFFSET = 128;
  static final int S_DATA_SIZE = 136;
  static final int S_SUPER_OFFSET = 144;
  static final int S_RECOVERY_OFFSET = 152;
  static final int S_DEV_NUMBER = 160;
  static final int S_EVENTS = 200;
  static final int S_CSUM = 216;
  static final int S_MAX_DEV = 220;
  static final int S_ROLES = 256;

  /** Feature bits: bitmap offset, recovery offset, reshape active, bad block log. */
  static final long F_BITMAP = 1;

  static final long F_RECOVERY = 2;
  static final long F_RESHAPE = 4;
  static final long F_BAD_BLOCKS = 8;
  static final long KNOWN = F_BITMAP | F_RECOVERY | F_BAD_BLOCKS;

  /**
   * Where version 1.{@code minor} keeps its superblock on a member of {@code size} bytes, or -1.
   */
  static long locate(int minor, long size) {
    return switch (minor) {
      case 0 -> size < 16 * 512 ? -1 : ((size / 512 - 16) & ~7L) * 512;
      case 1 -> 0;
      default -> size < 8192 + HEADER ? -1 : 4096;
    };
  }

  /** Whether the 4 bytes at {@code b[0..4)} are the magic and the major version is 1. */
  static boolean looksLike(byte[] b) {
    return b.length >= 8 && Le.u32(b, S_MAGIC) == MAGIC && Le.u32(b, S_MAJOR) == 1;
  }

  /** Reads and checks the superblock of version 1.{@code minor} on {@code dev}. */
  static MdSuperblock read(BlockDevice dev, int minor) throws IOException {
    long at = locate(minor, dev.size());
    Checks.require(
        at >= 0 && at + HEADER <= dev.size(),
        "md: %s: superblock 1.%d: the device (%d bytes) is too small",
        dev,
        minor,
        dev.size());
    String where = "md: " + dev + ": superblock 1." + minor + " at " + Checks.hex(at);
    byte[] head = dev.read(at, HEADER);
    Checks.require(
        Le.u32(head, S_MAGIC) == MAGIC,
        "%s: magic 0x%08x != 0xa92b4efc",
        where,
        Le.u32(head, S_MAGIC));
    long maxDev = Le.u32(head, S_MAX_DEV);
    Checks.require(maxDev <= MAX_DEV, "%s: max_dev %d is above %d", where, maxDev, MAX_DEV);
    int total = HEADER + 2 * (int) maxDev;
    Checks.require(
        at + total <= dev.size(),
        "%s: %d bytes of superblock run past the device's end",
        where,
        total);
    return parse(dev.read(at, total), minor, at, dev.size(), where);
  }

  static MdSuperblock parse(byte[] b, int minor, long at, long devSize, String where)
      throws CorruptImageException, UnsupportedFeatureException {
    Checks.require(b.length >= HEADER, "%s: %d bytes, less than %d", where, b.length, HEADER);
    Checks.require(
        Le.u32(b, S_MAGIC) == MAGIC, "%s: magic 0x%08x != 0xa92b4efc", where, Le.u32(b, S_MAGIC));
    long major = Le.u32(b, S_MAJOR);
    Checks.require(major == 1, "%s: major_version %d is not 1", where, major);
    long maxDev = Le.u32(b, S_MAX_DEV);
    Checks.require(
        maxDev <= MAX_DEV && b.length >= HEADER + 2 * maxDev,
        "%s: max_dev %d does not fit the %d bytes read",
        where,
        maxDev,
        b.length);
    long csum = Le.u32(b, S_CSUM);
    long actual = checksum(b, HEADER + 2 * (int) maxDev);
    Checks.require(csum == actual, "%s: sb_csum 0x%08x != 0x%08x computed", where, csum, actual);
    long superOffset = Le.u64(b, S_SUPER_OFFSET);
    Checks.require(
        superOffset == at / 512,
        "%s: super_offset %s != %d, the sector it was found at",
        where,
        Long.toUnsignedString(superOffset),
        at / 512);
    long features = Le.u32(b, S_FEATURE);
    if ((features & ~KNOWN) != 0) {
      throw new UnsupportedFeatureException(
          String.format(Locale.ROOT, "md feature_map 0x%x", features & ~KNOWN),
          String.format(
              Locale.ROOT,
              "%s: feature_map 0x%x has bits bootlace does not handle (0x%x%s)",
              where,
              features,
              features & ~KNOWN,
              (features & F_RESHAPE) != 0 ? ": a reshape in progress" : ""));
    }
    int level = Le.s32(b, S_LEVEL);
    long size = Le.u64(b, S_SIZE);
    long raidDisks = Le.u32(b, S_RAID_DISKS);
    long dataOffset = Le.u64(b, S_DATA_OFFSET);
    long dataSize = Le.u64(b, S_DATA_SIZE);
    long devSectors = devSize / 512;
    Checks.require(
        dataOffset >= 0
            && dataOffset <= devSectors
            && dataSize >= 0
            && dataSize <= devSectors - dataOffset,
        "%s: data_offset %s + data_size %s sectors run past the device's %d sectors",
        where,
        Long.toUnsignedString(dataOffset),
        Long.toUnsignedString(dataSize),
        devSectors);
    Checks.require(
        raidDisks >= 1 && raidDisks <= maxDev,
        "%s: raid_disks %d is outside 1..max_dev %d",
        where,
        raidDisks,
        maxDev);
    long devNumber = Le.u32(b, S_DEV_NUMBER);
    Checks.require(
        devNumber < maxDev, "%s: dev_number %d is not below max_dev %d", where, devNumber, maxDev);
    int role = Le.u16(b, S_ROLES + 2 * (int) devNumber);
    Checks.require(
        role >= JOURNAL || role < raidDisks,
        "%s: role %d of dev_number %d is not below raid_disks %d",
        where,
        role,
        devNumber,
        raidDisks);
    byte[] uuid = java.util.Arrays.copyOfRange(b, S_UUID, S_UUID + 16);
    int nameLen = 0;
    while (nameLen < 32 && b[S_NAME + nameLen] != 0) {
      nameLen++;
    }
    String name = new String(b, S_NAME, nameLen, java.nio.charset.StandardCharsets.ISO_8859_1);
    long recovery = (features & F_RECOVERY) != 0 ? Le.u64(b, S_RECOVERY_OFFSET) : -1;
    return new MdSuperblock(
        minor,
        at,
        uuid,
        name,
        level,
        size,
        raidDisks,
        dataOffset,
        dataSize,
        Le.u64(b, S_EVENTS),
        role,
        features,
        recovery);
  }

  /**
   * A 0.90 superblock in this shape: named {@code md<md_minor>} (so GRUB's {@code md/md0}), data
   * from the member's start up to the superblock, and a member not active and in sync as a spare
   * (or faulty, when marked so).
   */
  static MdSuperblock from090(MdSuperblock090 s) {
    int role = s.role() >= 0 ? s.role() : SPARE;
    return new MdSuperblock(
        90,
        s.offset(),
        s.uuid(),
        "md" + s.minor(),
        s.level(),
        s.sizeKib() * 2,
        s.raidDisks(),
        0,
        s.offset() / 512,
        s.events(),
        role,
        0,
        -1);
  }

  /** The kernel's {@code calc_sb_1_csum} over the first {@code size} bytes. */
  static long checksum(byte[] b, int size) {
    long sum = 0;
    int i = 0;
    for (; i + 4 <= size; i += 4) {
      sum += i == S_CSUM ? 0 : Le.u32(b, i);
    }
    if (size - i == 2) {
      sum += Le.u16(b, i);
    }
    return ((sum & 0xffff_ffffL) + (sum >>> 32)) & 0xffff_ffffL;
  }

  /** The array UUID as mdadm prints it: four groups of 8 hex digits joined by ':'. */
  String uuidText() {
    String h = HexFormat.of().formatHex(uuid);
    return h.substring(0, 8)
        + ":"
        + h.substring(8, 16)
        + ":"
        + h.substring(16, 24)
        + ":"
        + h.substring(24);
  }

  /** The name GRUB uses: {@code set_name} without its {@code host:} part. */
  String grubName() {
    int colon = name.indexOf(':');
    return colon < 0 ? name : name.substring(colon + 1);
  }
}
