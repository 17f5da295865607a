package org.bootlace.fs.iso9660;

import static org.bootlace.binary.Checks.hex;

import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import org.bootlace.CorruptImageException;
import org.bootlace.block.BlockDevice;

/**
 * The volume descriptor set (ECMA-119 6.7.1) from sector 16 to its terminator: the primary
 * descriptor, the first Joliet descriptor and the El Torito boot record. Like Linux, only sectors
 * 16..99 are searched; other supplementary, partition and unknown descriptors are skipped.
 *
 * <p>Multi-session images are read through sector 16 as Linux reads an image file: xorriso,
 * appending a session to a file, writes the new session's descriptors there too, so sector 16
 * always describes the newest tree.
 */
record DescriptorSet(
    VolumeDescriptor primary,
    Optional<VolumeDescriptor> joliet,
    Optional<byte[]> bootRecord,
    long bootRecordAt,
    long terminatorSector) {
  static final long FIRST_SECTOR = 16;

  /** Linux gives up after sector 99. */
  static final long LAST_SECTOR = 99;

  static final byte[] STANDARD_ID = {'C', 'D', '0', '0', '1'};
  static final byte[] EL_TORITO_ID =
      "EL TORITO SPECIFICATION".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  /** Whether sector {@code raw} carries the standard identifier "CD001". */
  static boolean hasStandardId(byte[] raw) {
    return Arrays.equals(
        raw, VolumeDescriptor.STANDARD_ID, VolumeDescriptor.STANDARD_ID + 5, STANDARD_ID, 0, 5);
  }

  static DescriptorSet read(BlockDevice device) throws IOException {
    VolumeDescriptor primary = null;
    VolumeDescriptor joliet = null;
    byte[] boot = null;
    long bootAt = -1;
    for (long sector = FIRST_SECTOR; sector <= LAST_SECTOR; sector++) {
      long at = sector * VolumeDescriptor.SIZE;
      if (at + VolumeDescriptor.SIZE > device.size()) {
        throw new CorruptImageException(
            String.format(
                Locale.ROOT,
                "iso9660: %s: volume descriptor set ends at sector %d (%s) without a terminator: the device has %d bytes",
                device,
                sector,
                hex(at),
                device.size()));
      }
      byte[] raw = device.read(at, VolumeDescriptor.SIZE);
      if (!hasStandardId(raw)) {
        throw new CorruptImageException(
            String.format(
                Locale.ROOT,
                "iso9660: volume descriptor at %s: standard identifier at %s: \"%s\" != \"CD001\"",
                hex(at),
                hex(at + VolumeDescriptor.STANDARD_ID),
                printable(raw, VolumeDescriptor.STANDARD_ID, 5)));
      }
      int type = raw[VolumeDescriptor.TYPE] & 0xff;
      if (type == VolumeDescriptor.TYPE_TERMINATOR) {
        if (primary == null) {
          throw new CorruptImageException(
              String.format(
                  Locale.ROOT,
                  "iso9660: volume descriptor terminator at %s: no primary volume descriptor before it",
                  hex(at)));
        }
        return new DescriptorSet(
            primary, Optional.ofNullable(joliet), Optional.ofNullable(boot), bootAt, sector);
      }
      if (type == VolumeDescriptor.TYPE_PRIMARY && primary == null) {
        primary = VolumeDescriptor.parse(raw, at, 0);
      } else if (type == VolumeDescriptor.TYPE_SUPPLEMENTARY
          && joliet == null
          && VolumeDescriptor.jolietLevel(raw) > 0) {
        joliet = VolumeDescriptor.parse(raw, at, VolumeDescriptor.jolietLevel(raw));
      } else if (type == VolumeDescriptor.TYPE_BOOT_RECORD
          && boot == null
          && Arrays.equals(raw, 7, 7 + EL_TORITO_ID.length, EL_TORITO_ID, 0, EL_TORITO_ID.length)) {
        boot = raw;
        bootAt = at;
      }
    }
    throw new CorruptImageException(
        String.format(
            Locale.ROOT,
            "iso9660: volume descriptor set: no terminator in sectors %d..%d (%s..%s)",
            FIRST_SECTOR,
            LAST_SECTOR,
            hex(FIRST_SECTOR * VolumeDescriptor.SIZE),
            hex(LAST_SECTOR * VolumeDescriptor.SIZE)));
  }

  /** Bytes as text for a message, non-printable ones as '?'. */
  static String printable(byte[] b, int off, int n) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < n; i++) {
      int c = b[off + i] & 0xff;
      s.append(c >= 0x20 && c < 0x7f ? (char) c : '?');
    }
    return s.toString();
  }

  /** The sector after the terminator: nothing of the tree may start before it. */
  long firstDataSector() {
    return terminatorSector + 1;
  }
}
