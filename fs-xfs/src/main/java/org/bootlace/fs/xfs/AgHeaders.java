package org.bootlace.fs.xfs;

import static org.bootlace.binary.Checks.hex;

import java.io.IOException;
import java.util.Arrays;
import org.bootlace.CorruptImageException;
import org.bootlace.binary.Be;
import org.bootlace.block.BlockDevice;

/**
 * The first allocation group's free-space (AGF) and inode (AGI) headers, in the second and third
 * sectors. Reading files needs neither, but a v5 filesystem whose headers fail their checksums is
 * damaged beyond what the kernel would mount, so both are checked when the filesystem is opened.
 */
final class AgHeaders {
  static final long AGF_MAGIC = 0x58414746; // "XAGF"
  static final long AGI_MAGIC = 0x58414749; // "XAGI"
  static final int MAGICNUM = 0;
  static final int VERSIONNUM = 4;
  static final int SEQNO = 8;
  static final int LENGTH = 12;
  static final int AGF_UUID = 64;
  static final int AGF_CRC = 216;
  static final int AGI_UUID = 296;
  static final int AGI_CRC = 312;

  private AgHeaders() {}

  static void check(BlockDevice device, Superblock sb) throws IOException {
    long length = sb.agCount() == 1 ? sb.dataBlocks() : sb.agBlocks();
    header(device, sb, "AGF", "agf", AGF_MAGIC, sb.sectorSize(), AGF_UUID, AGF_CRC, length);
    header(device, sb, "AGI", "agi", AGI_MAGIC, 2L * sb.sectorSize(), AGI_UUID, AGI_CRC, length);
  }

  private static void header(
      BlockDevice device,
      Superblock sb,
      String name,
      String prefix,
      long magic,
      long at,
      int uuidAt,
      int crcAt,
      long length)
      throws IOException {
    byte[] b = device.read(at, sb.sectorSize());
    String where = "xfs: AG 0 " + name + " at " + hex(at) + ": " + prefix + "_";
    long gotMagic = Be.u32(b, MAGICNUM);
    if (gotMagic != magic) {
      throw new CorruptImageException(where + "magicnum " + hex(gotMagic) + " != " + hex(magic));
    }
    if (sb.crc()) {
      long want = Crc.compute(b, 0, b.length, crcAt);
      long got = Crc.stored(b, 0, crcAt);
      if (want != got) {
        throw new CorruptImageException(
            where + "crc at " + hex(at + crcAt) + ": " + hex(got) + " != computed " + hex(want));
      }
      if (!Arrays.equals(b, uuidAt, uuidAt + 16, sb.metaUuid(), 0, 16)) {
        throw new CorruptImageException(
            where + "uuid at " + hex(at + uuidAt) + ": not the filesystem's UUID");
      }
    }
    long version = Be.u32(b, VERSIONNUM);
    if (version != 1) {
      throw new CorruptImageException(
          where + "versionnum at " + hex(at + VERSIONNUM) + ": " + version + " != 1");
    }
    long seqno = Be.u32(b, SEQNO);
    if (seqno != 0) {
      throw new CorruptImageException(
          where + "seqno at " + hex(at + SEQNO) + ": " + seqno + " != 0");
    }
    long gotLength = Be.u32(b, LENGTH);
    if (gotLength != length) {
      throw new CorruptImageException(
          where + "length at " + hex(at + LENGTH) + ": " + gotLength + " != " + length);
    }
  }
}
