package org.bootlace.partition;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import org.bootlace.Limits;
import org.bootlace.binary.Checks;
import org.bootlace.block.BlockDevice;

/**
 * The partition entry array a {@link GptHeader} points to. It is read in bounded chunks, once for
 * its CRC32 and once for its entries, so even an array at the metadata limit never needs one large
 * buffer, and no entry is trusted before the checksum is.
 */
final class GptEntryArray {
  private static final int CHUNK = 64 * 1024;

  private GptEntryArray() {}

  /** Checks the array's CRC32 against the header's. */
  static void verify(BlockDevice disk, GptHeader h) throws IOException {
    CRC32 crc = new CRC32();
    long remaining = h.entryArrayBytes();
    long offset = h.entryArrayOffset();
    byte[] buf = new byte[(int) Math.min(CHUNK, remaining)];
    while (remaining > 0) {
      int n = (int) Math.min(buf.length, remaining);
      disk.read(offset, ByteBuffer.wrap(buf, 0, n));
      crc.update(buf, 0, n);
      offset += n;
      remaining -= n;
    }
    Checks.require(
        crc.getValue() == h.entryArrayCrc(),
        "%s: entry array CRC32 at %s: 0x%08x != computed 0x%08x over %d bytes at %s",
        h.what(),
        Checks.hex(h.myLba() * h.sectorSize() + GptHeader.ENTRY_ARRAY_CRC),
        h.entryArrayCrc(),
        crc.getValue(),
        h.entryArrayBytes(),
        Checks.hex(h.entryArrayOffset()));
  }

  /**
   * The used entries in array order, at most {@code maxPartitions} of them.
   *
   * @param prefix the format and disk, for messages ({@code gpt: disk.img})
   */
  static List<GptEntry> used(
      BlockDevice disk, GptHeader h, long diskSectors, Limits limits, String prefix)
      throws IOException {
    List<GptEntry> out = new ArrayList<>();
    // Whole entries per read when they are small; only the defined 128 bytes of huge ones.
    long size = h.entrySize();
    boolean small = size <= CHUNK;
    int perRead = small ? (int) (CHUNK / size) : 1;
    int stride = small ? (int) size : 0;
    for (long first = 0; first < h.entryCount(); first += perRead) {
      int n = (int) Math.min(perRead, h.entryCount() - first);
      long offset = h.entryArrayOffset() + first * size;
      byte[] buf = disk.read(offset, small ? n * stride : GptEntry.MIN_SIZE);
      for (int i = 0; i < n; i++) {
        int off = i * stride;
        if (GptEntry.isUnused(buf, off)) {
          continue;
        }
        Limits.check(
            "maxPartitions",
            limits.maxPartitions(),
            out.size() + 1L,
            prefix + ": used GPT entries");
        int number = (int) (first + i + 1);
        out.add(GptEntry.parse(buf, off, offset + off, number, h, diskSectors, prefix));
      }
    }
    return out;
  }
}
