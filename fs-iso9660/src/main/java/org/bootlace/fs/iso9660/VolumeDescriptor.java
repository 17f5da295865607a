package org.bootlace.fs.iso9660;

import static org.bootlace.binary.Checks.hex;

import java.util.Locale;
import org.bootlace.CorruptImageException;

/**
 * A primary (ECMA-119 8.4) or supplementary (8.5) volume descriptor: the geometry and the root
 * directory record of one directory tree. A supplementary descriptor whose escape sequences name
 * UCS-2 level 1, 2 or 3 ({@code %/@ %/C %/E}) is Joliet's.
 *
 * @param raw the whole 2048-byte descriptor, for the identifiers and dates
 * @param jolietLevel 1..3 for a Joliet descriptor, else 0
 */
record VolumeDescriptor(
    String what,
    long at,
    byte[] raw,
    int blockSize,
    long volumeBlocks,
    DirRecord root,
    int jolietLevel) {
  static final int TYPE = 0;
  static final int STANDARD_ID = 1;
  static final int VERSION = 6;
  static final int SYSTEM_ID = 8;
  static final int VOLUME_ID = 40;
  static final int VOLUME_SPACE_SIZE = 80;
  static final int ESCAPE_SEQUENCES = 88;
  static final int LOGICAL_BLOCK_SIZE = 128;
  static final int ROOT_RECORD = 156;
  static final int CREATION_DATE = 813;
  static final int MODIFICATION_DATE = 830;

  static final int TYPE_BOOT_RECORD = 0;
  static final int TYPE_PRIMARY = 1;
  static final int TYPE_SUPPLEMENTARY = 2;
  static final int TYPE_TERMINATOR = 255;

  static final int SIZE = 2048;

  /** Joliet's level from the first escape sequence, or 0. */
  static int jolietLevel(byte[] raw) {
    if (raw[ESCAPE_SEQUENCES] != '%' || raw[ESCAPE_SEQUENCES + 1] != '/') {
      return 0;
    }
    switch (raw[ESCAPE_SEQUENCES + 2]) {
      case '@':
        return 1;
      case 'C':
        return 2;
      case 'E':
        return 3;
      default:
        return 0;
    }
  }

  /** Parses a primary or Joliet descriptor that lies at disk offset {@code at}. */
  static VolumeDescriptor parse(byte[] raw, long at, int jolietLevel) throws CorruptImageException {
    String what =
        jolietLevel > 0
            ? "iso9660: Joliet volume descriptor"
            : "iso9660: primary volume descriptor";
    int version = raw[VERSION] & 0xff;
    if (version != 1) {
      throw new CorruptImageException(
          String.format(
              Locale.ROOT,
              "%s at %s: version at %s: %d != 1",
              what,
              hex(at),
              hex(at + VERSION),
              version));
    }
    int blockSize =
        Fields.both16(raw, LOGICAL_BLOCK_SIZE, at + LOGICAL_BLOCK_SIZE, what, "logical block size");
    if (blockSize != 512 && blockSize != 1024 && blockSize != 2048) {
      throw new CorruptImageException(
          String.format(
              Locale.ROOT,
              "%s: logical block size at %s: %d is not 512, 1024 or 2048",
              what,
              hex(at + LOGICAL_BLOCK_SIZE),
              blockSize));
    }
    long blocks =
        Fields.both32(raw, VOLUME_SPACE_SIZE, at + VOLUME_SPACE_SIZE, what, "volume space size");
    // The system area and the descriptor set come first: 17 sectors at least.
    long minBlocks = 17L * SIZE / blockSize;
    if (blocks < minBlocks) {
      throw new CorruptImageException(
          String.format(
              Locale.ROOT,
              "%s: volume space size at %s: %d blocks < %d (system area and descriptors)",
              what,
              hex(at + VOLUME_SPACE_SIZE),
              blocks,
              minBlocks));
    }
    int rootLen = raw[ROOT_RECORD] & 0xff;
    String rootWhere = what + ": root directory";
    if (rootLen != DirRecord.MIN_LENGTH) {
      throw DirRecord.fail(
          rootWhere, at + ROOT_RECORD, "length " + rootLen + " != " + DirRecord.MIN_LENGTH);
    }
    DirRecord root =
        DirRecord.parse(raw, ROOT_RECORD, DirRecord.MIN_LENGTH, at + ROOT_RECORD, rootWhere);
    if (!root.isDirectory()) {
      throw DirRecord.fail(
          rootWhere,
          at + ROOT_RECORD,
          String.format(Locale.ROOT, "file flags 0x%02x lack the directory bit", root.flags()));
    }
    if (!root.isDot()) {
      throw DirRecord.fail(
          rootWhere,
          at + ROOT_RECORD,
          String.format(
              Locale.ROOT, "file identifier 0x%02x != 0x00", raw[ROOT_RECORD + DirRecord.NAME]));
    }
    return new VolumeDescriptor(what, at, raw, blockSize, blocks, root, jolietLevel);
  }

  long volumeBytes() {
    return volumeBlocks * blockSize;
  }
}
