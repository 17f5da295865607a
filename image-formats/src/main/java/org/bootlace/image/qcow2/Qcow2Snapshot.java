package org.bootlace.image.qcow2;

import static org.bootlace.binary.Checks.hex;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.bootlace.CorruptImageException;
import org.bootlace.Limits;
import org.bootlace.binary.Be;
import org.bootlace.block.BlockDevice;

/**
 * One internal snapshot of a qcow2 image, as listed in its snapshot table. bootlace reads the
 * active state of the disk, never a snapshot; the list is reported so a caller knows they exist.
 *
 * @param id the snapshot's id string ({@code id_str}, {@code id_str_size} bytes after the entry's
 *     extra data; qemu writes a decimal number), read as UTF-8
 * @param name its name ({@code name}, right after the id), read as UTF-8
 * @param virtualSize the disk size in bytes it records (extra data bytes 8-15, {@code disk_size});
 *     0 when the extra data is shorter than 16 bytes
 */
public record Qcow2Snapshot(String id, String name, long virtualSize) {
  private static final int FIXED = 40;
  private static final int MAX_EXTRA = 1024;

  /** Reads {@code count} entries from {@code offset}, all together within maxMetadataBytes. */
  static List<Qcow2Snapshot> readTable(
      BlockDevice file, long offset, int count, Limits limits, String name) throws IOException {
    List<Qcow2Snapshot> out = new ArrayList<>();
    long at = offset;
    long total = 0;
    for (int i = 0; i < count; i++) {
      String where = name + ": qcow2 snapshot " + i + " at " + hex(at);
      if (at > file.size() || file.size() - at < FIXED) {
        throw new CorruptImageException(
            where + ": entry runs past the end of the file (size " + file.size() + ")");
      }
      byte[] fixed = file.read(at, FIXED);
      int idSize = Be.u16(fixed, 12);
      int nameSize = Be.u16(fixed, 14);
      long extra = Be.u32(fixed, 36);
      if (extra > MAX_EXTRA) {
        throw new CorruptImageException(where + ": extra_data_size " + extra + " > " + MAX_EXTRA);
      }
      long length = FIXED + extra + idSize + nameSize;
      long padded = (length + 7) & ~7L;
      total += padded;
      Limits.check(
          "maxMetadataBytes",
          limits.maxMetadataBytes(),
          total,
          name + ": qcow2 snapshot table bytes");
      if (file.size() - at < length) {
        throw new CorruptImageException(
            where + ": entry runs past the end of the file (size " + file.size() + ")");
      }
      byte[] rest = file.read(at + FIXED, (int) (length - FIXED));
      long size = extra >= 16 ? Be.u64(rest, 8) : 0;
      String id = new String(rest, (int) extra, idSize, StandardCharsets.UTF_8);
      String nm = new String(rest, (int) extra + idSize, nameSize, StandardCharsets.UTF_8);
      out.add(new Qcow2Snapshot(id, nm, size));
      at += padded;
    }
    return List.copyOf(out);
  }
}
