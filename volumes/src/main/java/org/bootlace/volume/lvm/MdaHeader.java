package org.bootlace.volume.lvm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import org.bootlace.CorruptImageException;
import org.bootlace.Limits;
import org.bootlace.binary.Checks;
import org.bootlace.binary.Le;
import org.bootlace.block.BlockDevice;

/**
 * The header of an LVM2 metadata area ({@code mda_header}, 512 bytes at the area's start): a CRC of
 * the rest, the magic {@code " LVM2 x[5A%r0N*>"}, version 1, the area's own start and size, then
 * the {@code raw_locn} of the current metadata text (offset from the area's start, size, CRC of the
 * text, flags). The text lives in the circular buffer after the header and may wrap from the area's
 * end back to just after the header.
 *
 * @param start the area's offset on the PV, bytes
 * @param size the area's size, bytes
 * @param text where the current metadata text is, or empty (a PV in no VG, or an ignored area)
 */
record MdaHeader(long start, long size, Optional<RawLocn> text) {
  static final int SIZE = 512;
  static final byte[] MAGIC = " LVM2 x[5A%r0N*>".getBytes(StandardCharsets.US_ASCII);
  static final int M_CRC = 0;
  static final int M_MAGIC = 4;
  static final int M_VERSION = 20;
  static final int M_START = 24;
  static final int M_SIZE = 32;
  static final int M_RAW_LOCNS = 40;

  /** {@code RAW_LOCN_IGNORED}: this copy of the metadata is not to be used. */
  static final long RAW_LOCN_IGNORED = 1;

  /** Where the metadata text is: {@code offset} from the area's start, {@code size} bytes. */
  record RawLocn(long offset, long size, long checksum, long flags) {}

  static MdaHeader parse(byte[] b, long areaOffset, long areaSize, String dev)
      throws CorruptImageException {
    String where = "lvm: " + dev + ": metadata area header at " + Checks.hex(areaOffset);
    Checks.require(b.length == SIZE, "%s: %d bytes", where, b.length);
    Checks.require(
        Arrays.equals(b, M_MAGIC, M_MAGIC + 16, MAGIC, 0, 16),
        "%s: magic \"%s\" is not \" LVM2 x[5A%%r0N*>\"",
        where,
        PvLabel.ascii(b, M_MAGIC, 16));
    long crc = Le.u32(b, M_CRC);
    long actual = LvmCrc.of(b, M_MAGIC, SIZE - M_MAGIC);
    Checks.require(crc == actual, "%s: checksum_xl 0x%08x != 0x%08x computed", where, crc, actual);
    long version = Le.u32(b, M_VERSION);
    Checks.require(version == 1, "%s: version %d is not 1", where, version);
    long start = Le.u64(b, M_START);
    Checks.require(
        start == areaOffset,
        "%s: start %s != %s, the area's offset in the pv_header",
        where,
        Long.toUnsignedString(start),
        areaOffset);
    long size = Le.u64(b, M_SIZE);
    Checks.require(
        size == areaSize,
        "%s: size %s != %d, the area's size in the pv_header",
        where,
        Long.toUnsignedString(size),
        areaSize);
    long off = Le.u64(b, M_RAW_LOCNS);
    long len = Le.u64(b, M_RAW_LOCNS + 8);
    long sum = Le.u32(b, M_RAW_LOCNS + 16);
    long flags = Le.u32(b, M_RAW_LOCNS + 20);
    if (off == 0 || (flags & RAW_LOCN_IGNORED) != 0) {
      return new MdaHeader(start, size, Optional.empty());
    }
    Checks.require(
        off >= SIZE && off < size,
        "%s: raw_locn offset %s is outside the area's buffer %s..%s",
        where,
        Long.toUnsignedString(off),
        Checks.hex(SIZE),
        Checks.hex(size));
    Checks.require(
        len > 0 && len <= size - SIZE,
        "%s: raw_locn size %s does not fit the area's %d-byte buffer",
        where,
        Long.toUnsignedString(len),
        size - SIZE);
    return new MdaHeader(start, size, Optional.of(new RawLocn(off, len, sum, flags)));
  }

  /**
   * The metadata text's bytes, following the wrap from the area's end to just after its header,
   * with the CRC checked; bounded by {@code maxMetadataBytes}.
   */
  byte[] readText(BlockDevice dev, Limits limits) throws IOException {
    RawLocn r = text.orElseThrow();
    String where = "lvm: " + dev + ": metadata text at " + Checks.hex(start + r.offset());
    Limits.check(
        "maxMetadataBytes", limits.maxMetadataBytes(), r.size(), "LVM metadata text on " + dev);
    int len = Checks.toInt(r.size(), where + ": size");
    long endOfArea = Checks.add(start, size, where + ": area end");
    Checks.require(
        endOfArea <= dev.size(),
        "%s: the metadata area ends at %s, past the device's end %s",
        where,
        Checks.hex(endOfArea),
        Checks.hex(dev.size()));
    byte[] out = new byte[len];
    long first = Math.min(len, size - r.offset());
    dev.read(start + r.offset(), java.nio.ByteBuffer.wrap(out, 0, (int) first));
    if (first < len) {
      dev.read(start + SIZE, java.nio.ByteBuffer.wrap(out, (int) first, len - (int) first));
    }
    long actual = LvmCrc.of(out, 0, len);
    Checks.require(
        actual == r.checksum(),
        "%s: checksum 0x%08x != 0x%08x computed over %d bytes",
        where,
        r.checksum(),
        actual,
        len);
    return out;
  }
}
