package org.bootlace.partition;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.bootlace.CorruptImageException;
import org.bootlace.Limits;
import org.bootlace.NotRecognizedException;
import org.bootlace.binary.Checks;
import org.bootlace.block.BlockDevice;
import org.bootlace.spi.DriverContext;
import org.bootlace.spi.Partition;
import org.bootlace.spi.PartitionTableDriver;
import org.bootlace.spi.Probe;

/**
 * The GUID partition table of the UEFI specification.
 *
 * <p>Rules, strict unless said otherwise:
 *
 * <ul>
 *   <li>The probe wants an MBR with an entry of type 0xee: protective, or hybrid with other primary
 *       entries, whose primaries are then ignored.
 *   <li>Sector size: the disk's logical sector size; when that is 512 (always for image files) a
 *       header at byte 4096 is also looked for, since 4Kn disks are imaged to files too. The size
 *       found applies to every LBA.
 *   <li>The primary header at LBA 1 is used when it and its entry array pass every check. If not,
 *       the backup header is used (at the primary's AlternateLBA when the primary header itself is
 *       sound, else at the last LBA) and the reason goes into the warnings; if the backup fails
 *       too, the error names both problems.
 *   <li>An entry array over {@link Limits#maxMetadataBytes()} or more than {@link
 *       Limits#maxPartitions()} used entries raise {@link org.bootlace.LimitExceededException} at
 *       once, without trying the backup: nothing is allocated from such a count.
 *   <li>Entries are numbered by slot (index + 1); unused slots (zero type GUID) are skipped. A used
 *       entry with first LBA &gt; last LBA, beyond the end of the disk (a truncated image) or
 *       outside the usable LBAs is an error; the backup is not tried, since a copy with good
 *       checksums holds the same entries.
 * </ul>
 */
public final class GptPartitionTableDriver implements PartitionTableDriver {
  private static final String SCHEME = "gpt";
  private static final int SECTOR_512 = 512;
  private static final int SECTOR_4K = 4096;
  private static final long PRIMARY_LBA = 1;

  /**
   * Creates the driver; {@link java.util.ServiceLoader} calls it, as a {@link
   * org.bootlace.spi.PartitionTableDriver} service.
   */
  public GptPartitionTableDriver() {}

  @Override
  public String name() {
    return SCHEME;
  }

  @Override
  public int priority() {
    return 10;
  }

  @Override
  public Probe probe(BlockDevice disk) throws IOException {
    if (disk.size() < MbrSector.SIZE) {
      return Probe.no("disk too small for a protective MBR (" + disk.size() + " bytes)");
    }
    byte[] mbr = disk.read(0, MbrSector.SIZE);
    Optional<ProtectiveMbr> pmbr = ProtectiveMbr.find(mbr);
    if (pmbr.isEmpty()) {
      return Probe.no(ProtectiveMbr.absence(mbr));
    }
    OptionalInt at = sectorSizeWithHeaderAt(disk, PRIMARY_LBA);
    return Probe.yes(
        pmbr.get()
            + (at.isPresent()
                ? ", GPT header at LBA 1 with " + at.getAsInt() + "-byte sectors"
                : ", no GPT header signature at LBA 1: the backup header will be tried"));
  }

  @Override
  public List<Partition> read(BlockDevice disk, DriverContext context) throws IOException {
    String prefix = SCHEME + ": " + disk;
    byte[] mbr = disk.read(0, (int) Math.min(disk.size(), MbrSector.SIZE));
    if (mbr.length < MbrSector.SIZE || ProtectiveMbr.find(mbr).isEmpty()) {
      throw new NotRecognizedException(
          prefix
              + ": "
              + (mbr.length < MbrSector.SIZE
                  ? "disk too small for a protective MBR (" + disk.size() + " bytes)"
                  : ProtectiveMbr.absence(mbr)));
    }
    int sectorSize = sectorSize(disk);
    long diskSectors = disk.size() / sectorSize;
    Limits limits = context.limits();
    GptHeader table;
    GptHeader primary = null;
    try {
      primary = header(disk, PRIMARY_LBA, sectorSize, limits, prefix + ": primary");
      GptEntryArray.verify(disk, primary);
      table = primary;
    } catch (CorruptImageException primaryBad) {
      long backupLba =
          primary != null
                  && primary.alternateLba() > PRIMARY_LBA
                  && primary.alternateLba() < diskSectors
              ? primary.alternateLba()
              : diskSectors - 1;
      try {
        table = header(disk, backupLba, sectorSize, limits, prefix + ": backup");
        GptEntryArray.verify(disk, table);
      } catch (CorruptImageException backupBad) {
        String second = backupBad.getMessage();
        if (second.startsWith(prefix + ": ")) {
          second = second.substring(prefix.length() + 2);
        }
        throw new CorruptImageException(primaryBad.getMessage() + "; " + second, backupBad);
      }
      context
          .warnings()
          .add(primaryBad.getMessage() + "; using the backup header at LBA " + backupLba);
    }
    List<Partition> out = new ArrayList<>();
    for (GptEntry e : GptEntryArray.used(disk, table, diskSectors, limits, prefix)) {
      out.add(
          Partitions.of(
              disk,
              sectorSize,
              e.number(),
              SCHEME,
              e.type(),
              GptTypes.name(e.type()),
              e.firstLba(),
              e.sectors(),
              e.legacyBiosBootable(),
              e.name(),
              Optional.of(e.uuid())));
    }
    return out;
  }

  /** Reads and checks the header at {@code lba}; {@code which} is "gpt: disk: primary". */
  private static GptHeader header(
      BlockDevice disk, long lba, int sectorSize, Limits limits, String which) throws IOException {
    String what = which + " header at LBA " + lba;
    long diskSectors = disk.size() / sectorSize;
    Checks.require(
        lba >= 0 && lba < diskSectors,
        "%s: beyond the end of the disk (%d sectors of %d bytes)",
        what,
        diskSectors,
        sectorSize);
    byte[] sector = disk.read(lba * sectorSize, sectorSize);
    return GptHeader.parse(sector, lba, sectorSize, diskSectors, limits, what);
  }

  /**
   * The sector size whose LBA 1 holds a header signature; failing that, whose last LBA does (the
   * primary is gone but the backup may not be); failing that, the disk's own.
   */
  private static int sectorSize(BlockDevice disk) throws IOException {
    OptionalInt primary = sectorSizeWithHeaderAt(disk, PRIMARY_LBA);
    if (primary.isPresent()) {
      return primary.getAsInt();
    }
    OptionalInt backup = sectorSizeWithHeaderAt(disk, -1);
    return backup.orElse(disk.logicalSectorSize());
  }

  /**
   * @param lba an LBA, or -1 for the last one
   */
  private static OptionalInt sectorSizeWithHeaderAt(BlockDevice disk, long lba) throws IOException {
    for (int size : candidateSectorSizes(disk)) {
      long sectors = disk.size() / size;
      if (sectors < 2) {
        continue;
      }
      long offset = (lba < 0 ? sectors - 1 : lba) * size;
      byte[] magic = disk.read(offset, GptHeader.MAGIC.length);
      if (Arrays.equals(magic, GptHeader.MAGIC)) {
        return OptionalInt.of(size);
      }
    }
    return OptionalInt.empty();
  }

  private static int[] candidateSectorSizes(BlockDevice disk) {
    int own = disk.logicalSectorSize();
    return own == SECTOR_512 ? new int[] {SECTOR_512, SECTOR_4K} : new int[] {own};
  }
}
