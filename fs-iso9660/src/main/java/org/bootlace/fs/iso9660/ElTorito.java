package org.bootlace.fs.iso9660;

import static org.bootlace.binary.Checks.hex;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.bootlace.CorruptImageException;
import org.bootlace.binary.Le;
import org.bootlace.block.BlockDevice;

/**
 * The El Torito boot catalog of an ISO 9660 image: the default entry and the entries of every
 * section, each naming a boot image.
 *
 * <p>A boot image's size follows what firmware uses: a floppy emulation image is the size of its
 * floppy; a hard disk emulation image ends where the last partition of its MBR ends; a no-emulation
 * image is its sector count of 512-byte sectors, except that a count of 0 or 1 (what xorriso writes
 * for an EFI image above 32 MiB) means "to the end of the volume", as UEFI firmware (EDK II) reads
 * it; the FAT filesystem inside knows its own size.
 */
public final class ElTorito {
  /** Platform identifier (validation entry byte 1, section header byte 1): 80x86 BIOS. */
  public static final int PLATFORM_X86 = 0;

  /** Platform identifier: PowerPC. */
  public static final int PLATFORM_POWERPC = 1;

  /** Platform identifier: Mac. */
  public static final int PLATFORM_MAC = 2;

  /** Platform identifier: UEFI, whose no-emulation image is a FAT filesystem. */
  public static final int PLATFORM_EFI = 0xEF;

  /** El Torito counts in 2048-byte sectors whatever the volume's logical block size. */
  static final int SECTOR = 2048;

  static final int ENTRY = 32;

  /** Catalog sectors read at most: 2048 entries, far more than any real catalog. */
  static final int MAX_SECTORS = 32;

  static final int CATALOG_POINTER = 0x47;

  private ElTorito() {}

  /** The boot media type of an entry (entry byte 1, its low 4 bits in a section entry). */
  public enum Emulation {
    /** Media type 0: no emulation, the image loaded as it is. */
    NONE,
    /** Media type 1: a 1.2 MB floppy (1,228,800 bytes). */
    FLOPPY_1_2M,
    /** Media type 2: a 1.44 MB floppy (1,474,560 bytes). */
    FLOPPY_1_44M,
    /** Media type 3: a 2.88 MB floppy (2,949,120 bytes). */
    FLOPPY_2_88M,
    /** Media type 4: a hard disk, whose image starts with an MBR. */
    HARD_DISK
  }

  /**
   * One 32-byte boot entry of the catalog; the byte offsets below are inside the entry.
   *
   * @param index 0 for the default entry, then the section entries in catalog order
   * @param platformId the validation entry's platform for the default entry, else its section's
   * @param bootable whether the boot indicator (byte 0) is 0x88 rather than 0x00
   * @param emulation the boot media type (byte 1)
   * @param loadSegment the load segment as recorded (bytes 2-3; 0 means the BIOS default 0x7c0)
   * @param systemType the partition type byte (byte 4; hard disk emulation)
   * @param sectorCount the recorded count of 512-byte sectors to load (bytes 6-7)
   * @param imageLba the image's first 2048-byte sector (the load RBA, bytes 8-11)
   * @param imageBytes the image's size by the rules above
   */
  public record BootEntry(
      int index,
      int platformId,
      boolean bootable,
      Emulation emulation,
      int loadSegment,
      int systemType,
      int sectorCount,
      long imageLba,
      long imageBytes) {

    /**
     * The boot image as a slice of {@code iso}, the device this entry was read from.
     *
     * @param iso the device the catalog was read from
     * @return {@link #imageBytes()} bytes from sector {@link #imageLba()}, named {@code eltorito}N
     */
    public BlockDevice image(BlockDevice iso) {
      return iso.slice(imageLba * SECTOR, imageBytes, "eltorito" + index);
    }
  }

  /**
   * The entries of the boot catalog; empty when the image has no El Torito boot record.
   *
   * @param iso an ISO 9660 image
   * @return the default entry, then each section's entries in catalog order
   * @throws CorruptImageException if the volume descriptors, the catalog or an entry is malformed;
   *     the message names the entry and the field's offset
   * @throws IOException if reading {@code iso} fails
   */
  public static List<BootEntry> read(BlockDevice iso) throws IOException {
    DescriptorSet set = DescriptorSet.read(iso);
    Optional<byte[]> boot = set.bootRecord();
    if (boot.isEmpty()) {
      return List.of();
    }
    long volumeEnd = Math.min(set.primary().volumeBytes(), iso.size());
    long lba = Le.u32(boot.get(), CATALOG_POINTER);
    long pointerAt = set.bootRecordAt() + CATALOG_POINTER;
    long catalogAt = lba * SECTOR;
    if (catalogAt + SECTOR > iso.size()) {
      throw new CorruptImageException(
          String.format(
              Locale.ROOT,
              "iso9660: El Torito boot record: catalog pointer at %s: sector %d is beyond the device (%d bytes)",
              hex(pointerAt),
              lba,
              iso.size()));
    }
    return new Catalog(iso, catalogAt, volumeEnd).entries();
  }

  /** Reads entries one by one, a catalog sector at a time. */
  private static final class Catalog {
    private final BlockDevice iso;
    private final long at;
    private final long volumeEnd;
    private final String what;
    private byte[] sector;
    private long sectorIndex = -1;

    Catalog(BlockDevice iso, long at, long volumeEnd) {
      this.iso = iso;
      this.at = at;
      this.volumeEnd = volumeEnd;
      this.what = "iso9660: El Torito boot catalog at " + hex(at);
    }

    /** Entry {@code i}'s 32 bytes, or null past the bound or the device. */
    private byte[] entry(int i) throws IOException {
      long s = (long) i * ENTRY / SECTOR;
      if (s >= MAX_SECTORS || at + (s + 1) * SECTOR > iso.size()) {
        return null;
      }
      if (s != sectorIndex) {
        sector = iso.read(at + s * SECTOR, SECTOR);
        sectorIndex = s;
      }
      byte[] e = new byte[ENTRY];
      System.arraycopy(sector, (int) ((long) i * ENTRY % SECTOR), e, 0, ENTRY);
      return e;
    }

    private long entryAt(int i) {
      return at + (long) i * ENTRY;
    }

    List<BootEntry> entries() throws IOException {
      byte[] v = entry(0);
      if ((v[0] & 0xff) != 0x01) {
        throw fail(
            0,
            0,
            String.format(Locale.ROOT, "validation entry header id 0x%02x != 0x01", v[0] & 0xff));
      }
      if ((v[30] & 0xff) != 0x55 || (v[31] & 0xff) != 0xAA) {
        throw fail(
            0,
            30,
            String.format(
                Locale.ROOT,
                "validation entry key bytes 0x%02x%02x != 0x55aa",
                v[30] & 0xff,
                v[31] & 0xff));
      }
      int sum = 0;
      for (int k = 0; k < ENTRY; k += 2) {
        sum += Le.u16(v, k);
      }
      if ((sum & 0xffff) != 0) {
        throw fail(
            0,
            28,
            String.format(
                Locale.ROOT,
                "validation entry checksum: the words sum to 0x%04x, not 0",
                sum & 0xffff));
      }
      List<BootEntry> out = new ArrayList<>();
      out.add(bootEntry(1, 0, v[1] & 0xff, false));
      int i = 2;
      boolean more = true;
      while (more) {
        byte[] h = entry(i);
        int header = h == null ? 0 : h[0] & 0xff;
        if (header != 0x90 && header != 0x91) {
          if (out.size() > 1 || i > 2) {
            // After a non-final section, another section header must follow.
            throw fail(
                i,
                0,
                String.format(
                    Locale.ROOT, "section header indicator 0x%02x is not 0x90 or 0x91", header));
          }
          break;
        }
        more = header == 0x90;
        int platform = h[1] & 0xff;
        int count = Le.u16(h, 2);
        i++;
        for (int k = 0; k < count; k++) {
          byte[] e = entry(i);
          if (e == null) {
            throw fail(i, 0, "the catalog ends inside a section (" + count + " entries announced)");
          }
          out.add(bootEntry(i, out.size(), platform, true));
          boolean extension = (e[1] & 0x20) != 0;
          i++;
          while (extension) {
            byte[] x = entry(i);
            if (x == null || (x[0] & 0xff) != 0x44) {
              throw fail(
                  i,
                  0,
                  String.format(
                      Locale.ROOT,
                      "section entry extension indicator 0x%02x != 0x44",
                      x == null ? 0 : x[0] & 0xff));
            }
            extension = (x[1] & 0x20) != 0;
            i++;
          }
        }
      }
      return out;
    }

    private BootEntry bootEntry(int i, int index, int platform, boolean section)
        throws IOException {
      byte[] e = entry(i);
      if (e == null) {
        throw fail(i, 0, "no default entry");
      }
      int indicator = e[0] & 0xff;
      if (indicator != 0x88 && indicator != 0x00) {
        throw fail(
            i,
            0,
            String.format(Locale.ROOT, "boot indicator 0x%02x is not 0x88 or 0x00", indicator));
      }
      int media = e[1] & (section ? 0x0f : 0xff);
      if (media > 4) {
        throw fail(i, 1, String.format(Locale.ROOT, "boot media type 0x%02x", e[1] & 0xff));
      }
      Emulation emulation = Emulation.values()[media];
      int sectorCount = Le.u16(e, 6);
      long lba = Le.u32(e, 8);
      long start = lba * SECTOR;
      if (start >= iso.size()) {
        throw fail(
            i,
            8,
            String.format(
                Locale.ROOT, "load RBA %d is beyond the device (%d bytes)", lba, iso.size()));
      }
      long bytes;
      switch (emulation) {
        case FLOPPY_1_2M:
          bytes = 1200 * 1024;
          break;
        case FLOPPY_1_44M:
          bytes = 1440 * 1024;
          break;
        case FLOPPY_2_88M:
          bytes = 2880 * 1024;
          break;
        case HARD_DISK:
          bytes = mbrEnd(i, start);
          break;
        default:
          bytes = sectorCount >= 2 ? sectorCount * 512L : volumeEnd - start;
          if (bytes <= 0) {
            throw fail(
                i,
                8,
                String.format(
                    Locale.ROOT, "load RBA %d is beyond the volume (%d bytes)", lba, volumeEnd));
          }
      }
      if (bytes > iso.size() - start) {
        throw fail(
            i,
            6,
            String.format(
                Locale.ROOT,
                "the %d-byte image at sector %d ends beyond the device (%d bytes)",
                bytes,
                lba,
                iso.size()));
      }
      return new BootEntry(
          index,
          platform,
          indicator == 0x88,
          emulation,
          Le.u16(e, 2),
          e[4] & 0xff,
          sectorCount,
          lba,
          bytes);
    }

    /** Where the last partition of a hard disk image's MBR ends. */
    private long mbrEnd(int i, long start) throws IOException {
      if (start + 512 > iso.size()) {
        throw fail(i, 8, "the hard disk image's MBR is beyond the device");
      }
      byte[] mbr = iso.read(start, 512);
      if ((mbr[510] & 0xff) != 0x55 || (mbr[511] & 0xff) != 0xAA) {
        throw fail(
            i,
            1,
            String.format(
                Locale.ROOT, "hard disk emulation image at %s has no MBR signature", hex(start)));
      }
      long end = 0;
      for (int p = 0; p < 4; p++) {
        int o = 446 + 16 * p;
        if (mbr[o + 4] != 0) {
          end = Math.max(end, Le.u32(mbr, o + 8) + Le.u32(mbr, o + 12));
        }
      }
      if (end == 0) {
        throw fail(
            i,
            1,
            String.format(
                Locale.ROOT, "hard disk emulation image at %s has no partition", hex(start)));
      }
      return end * 512;
    }

    private CorruptImageException fail(int i, int field, String detail) {
      return new CorruptImageException(
          String.format(
              Locale.ROOT, "%s: entry %d at %s: %s", what, i, hex(entryAt(i) + field), detail));
    }
  }
}
