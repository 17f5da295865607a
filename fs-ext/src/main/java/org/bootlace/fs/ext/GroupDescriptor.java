package org.bootlace.fs.ext;

import static org.bootlace.binary.Checks.hex;

import java.util.Locale;
import org.bootlace.CorruptImageException;
import org.bootlace.binary.Le;

/**
 * One block group descriptor (32 bytes, or s_desc_size with 64bit), checked against its checksum;
 * only the inode table location is needed to read files.
 */
record GroupDescriptor(long group, long inodeTable) {
  static final int BG_INODE_TABLE_LO = 0x8;
  static final int BG_CHECKSUM = 0x1E;
  static final int BG_INODE_TABLE_HI = 0x28;

  /** Parses the descriptor of {@code group} at {@code b[off]}, which lies at {@code diskOffset}. */
  static GroupDescriptor parse(byte[] b, int off, long diskOffset, long group, Superblock sb)
      throws CorruptImageException {
    // Concatenated, not String.format: this runs for every descriptor on the success path, and
    // the first String.format of a run sets up the Formatter and locale data (milliseconds).
    String where = sb.type() + ": group descriptor " + group;
    if (sb.metadataCsum() || sb.gdtCsum()) {
      int stored = Le.u16(b, off + BG_CHECKSUM);
      int computed = checksum(b, off, group, sb);
      if (stored != computed) {
        throw new CorruptImageException(
            String.format(
                Locale.ROOT,
                "%s: bg_checksum at %s: stored 0x%04x != computed 0x%04x",
                where,
                hex(diskOffset + BG_CHECKSUM),
                stored,
                computed));
      }
    }
    long table = Le.u32(b, off + BG_INODE_TABLE_LO);
    if (sb.has(Features.INCOMPAT_64BIT)) {
      table |= Le.u32(b, off + BG_INODE_TABLE_HI) << 32;
    }
    long tableBlocks = sb.inodeTableBlocks();
    long low;
    long high;
    if (sb.has(Features.INCOMPAT_FLEX_BG)) {
      low = sb.superblockBlock() + 1;
      high = sb.blocksCount();
    } else {
      long first = sb.firstDataBlock() + group * sb.blocksPerGroup();
      low = Math.max(first, sb.superblockBlock() + 1);
      high = Math.min(first + sb.blocksPerGroup(), sb.blocksCount());
    }
    if (table < low || table > high || tableBlocks > high - table) {
      throw new CorruptImageException(
          String.format(
              Locale.ROOT,
              "%s: bg_inode_table at %s: blocks %s..+%d outside %d..%d",
              where,
              hex(diskOffset + BG_INODE_TABLE_LO),
              Long.toUnsignedString(table),
              tableBlocks,
              low,
              high));
    }
    return new GroupDescriptor(group, table);
  }

  /** metadata_csum: low 16 bits of crc32c; gdt_csum: crc16 over uuid, group and descriptor. */
  static int checksum(byte[] b, int off, long group, Superblock sb) {
    int size = sb.descSize();
    int after = BG_CHECKSUM + 2;
    if (sb.metadataCsum()) {
      Crc32c c = Crc32c.seeded(sb.checksumSeed()).updateLe32(group);
      c.update(b, off, BG_CHECKSUM).updateZeros(2);
      c.update(b, off + after, size - after);
      return c.value() & 0xffff;
    }
    int crc = Crc16.update(0xffff, sb.uuid(), 0, 16);
    crc = Crc16.updateLe32(crc, group);
    crc = Crc16.update(crc, b, off, BG_CHECKSUM);
    return Crc16.update(crc, b, off + after, size - after);
  }
}
