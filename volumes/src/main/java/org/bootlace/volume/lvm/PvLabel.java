package org.bootlace.volume.lvm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bootlace.CorruptImageException;
import org.bootlace.binary.Checks;
import org.bootlace.binary.Le;
import org.bootlace.block.BlockDevice;

/**
 * An LVM2 physical volume label: the {@code label_header} in one of the first four 512-byte sectors
 * ({@code LABELONE}, its own sector number, a CRC, the offset of the {@code pv_header}, {@code LVM2
 * 001}) and the {@code pv_header} after it (the PV UUID, the device size, the lists of data areas
 * and metadata areas, each ended by a zero entry), all within that sector.
 *
 * @param sector where the label is (0 to 3)
 * @param uuid the PV UUID as LVM prints it, {@code 6-4-4-4-4-4-6} characters with dashes
 * @param deviceSize the size recorded at pvcreate time, bytes
 * @param dataAreas the data areas ({@code offset}, {@code size}; size 0 means "to the end")
 * @param metadataAreas the metadata areas
 */
record PvLabel(
    int sector, String uuid, long deviceSize, List<Area> dataAreas, List<Area> metadataAreas) {
  static final int SECTOR = 512;
  static final int SCAN_SECTORS = 4;
  static final byte[] LABEL_ID = "LABELONE".getBytes(StandardCharsets.US_ASCII);
  static final byte[] LABEL_TYPE = "LVM2 001".getBytes(StandardCharsets.US_ASCII);
  static final int ID_LEN = 32;
  // label_header fields
  static final int L_SECTOR = 8;
  static final int L_CRC = 16;
  static final int L_OFFSET = 20;
  static final int L_TYPE = 24;
  static final int L_SIZE = 32;

  /** Data and metadata areas together, a bound far above any real label's four or five. */
  static final int MAX_AREAS = 16;

  /** A {@code disk_locn}: an area of the physical volume, in bytes. */
  record Area(long offset, long size) {}

  /** The sector (0 to 3) whose first bytes are {@code LABELONE}, or -1. */
  static int find(byte[] first4) {
    for (int s = 0; s < SCAN_SECTORS && (s + 1) * SECTOR <= first4.length; s++) {
      if (Arrays.equals(first4, s * SECTOR, s * SECTOR + 8, LABEL_ID, 0, 8)) {
        return s;
      }
    }
    return -1;
  }

  /** Reads and checks the label of {@code dev}; not-an-LVM-label is a corrupt-image error too. */
  static PvLabel read(BlockDevice dev) throws IOException {
    int len = (int) Math.min(dev.size(), (long) SCAN_SECTORS * SECTOR);
    byte[] first = dev.read(0, len);
    int s = find(first);
    if (s < 0) {
      throw new CorruptImageException("lvm: " + dev + ": no LABELONE in sectors 0 to 3");
    }
    return parse(Arrays.copyOfRange(first, s * SECTOR, (s + 1) * SECTOR), s, dev.toString());
  }

  /** Parses the 512-byte sector {@code s} holding a label. */
  static PvLabel parse(byte[] b, int s, String dev) throws CorruptImageException {
    String where = "lvm: " + dev + ": label at " + Checks.hex((long) s * SECTOR);
    Checks.require(b.length == SECTOR, "%s: %d bytes, not a sector", where, b.length);
    Checks.require(Arrays.equals(b, 0, 8, LABEL_ID, 0, 8), "%s: no LABELONE", where);
    long sectorXl = Le.u64(b, L_SECTOR);
    Checks.require(
        sectorXl == s,
        "%s: sector_xl %s != %d, the sector it is in",
        where,
        Long.toUnsignedString(sectorXl),
        s);
    long crc = Le.u32(b, L_CRC);
    long actual = LvmCrc.of(b, L_OFFSET, SECTOR - L_OFFSET);
    Checks.require(crc == actual, "%s: crc_xl 0x%08x != 0x%08x computed", where, crc, actual);
    Checks.require(
        Arrays.equals(b, L_TYPE, L_TYPE + 8, LABEL_TYPE, 0, 8),
        "%s: type \"%s\" is not \"LVM2 001\"",
        where,
        ascii(b, L_TYPE, 8));
    long offset = Le.u32(b, L_OFFSET);
    Checks.require(
        offset >= L_SIZE && offset + ID_LEN + 8 + 16 <= SECTOR,
        "%s: offset_xl %d puts the pv_header outside the sector",
        where,
        offset);
    int at = (int) offset;
    String raw = ascii(b, at, ID_LEN);
    Checks.require(
        raw.chars().allMatch(PvLabel::idChar), "%s: pv_uuid \"%s\" is not an LVM id", where, raw);
    String uuid = dashed(raw);
    long devSize = Le.u64(b, at + ID_LEN);
    Checks.require(
        devSize >= 0, "%s: device_size_xl %s is negative", where, Long.toUnsignedString(devSize));
    at += ID_LEN + 8;
    List<Area> data = new ArrayList<>();
    List<Area> meta = new ArrayList<>();
    for (List<Area> list : List.of(data, meta)) {
      while (true) {
        Checks.require(
            at + 16 <= SECTOR,
            "%s: area list at %s runs past the sector",
            where,
            Checks.hex((long) s * SECTOR + at));
        long off = Le.u64(b, at);
        long size = Le.u64(b, at + 8);
        at += 16;
        if (off == 0) {
          break;
        }
        Checks.require(
            off > 0 && size >= 0,
            "%s: area at %s: offset %s, size %s out of range",
            where,
            Checks.hex((long) s * SECTOR + at - 16),
            Long.toUnsignedString(off),
            Long.toUnsignedString(size));
        Checks.require(
            data.size() + meta.size() < MAX_AREAS, "%s: more than %d areas", where, MAX_AREAS);
        list.add(new Area(off, size));
      }
    }
    return new PvLabel(s, uuid, devSize, List.copyOf(data), List.copyOf(meta));
  }

  /** LVM's id alphabet. */
  static boolean idChar(int c) {
    return (c >= '0' && c <= '9')
        || (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || c == '!'
        || c == '#';
  }

  /** An id as LVM prints it: 6-4-4-4-4-4-6 characters. */
  static String dashed(String raw) {
    StringBuilder sb = new StringBuilder(38);
    int[] groups = {6, 4, 4, 4, 4, 4, 6};
    int at = 0;
    for (int g : groups) {
      if (at > 0) {
        sb.append('-');
      }
      sb.append(raw, at, at + g);
      at += g;
    }
    return sb.toString();
  }

  static String ascii(byte[] b, int off, int len) {
    StringBuilder sb = new StringBuilder(len);
    for (int i = off; i < off + len; i++) {
      int c = b[i] & 0xff;
      sb.append(
          c >= 0x20 && c < 0x7f ? (char) c : String.format(java.util.Locale.ROOT, "\\x%02x", c));
    }
    return sb.toString();
  }
}
