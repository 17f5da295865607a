package org.bootlace.partition;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.bootlace.CorruptImageException;
import org.bootlace.NotRecognizedException;
import org.bootlace.binary.Checks;
import org.bootlace.block.BlockDevice;
import org.bootlace.spi.DriverContext;
import org.bootlace.spi.Partition;
import org.bootlace.spi.PartitionTableDriver;
import org.bootlace.spi.Probe;

/**
 * The classic PC partition table ({@code msdos}): four primary entries in the MBR and logical
 * partitions in the EBR chain of an extended partition (types 0x05, 0x0f, 0x85).
 *
 * <p>Rules, strict unless said otherwise:
 *
 * <ul>
 *   <li>The probe says no to a disk whose first sector is a FAT, NTFS or exFAT boot sector, to a
 *       table with an entry whose status is neither 0x00 nor 0x80, to a table without entries, to
 *       an entry starting beyond the end of the disk, and to a GPT protective or hybrid MBR (an
 *       entry of type 0xee), which is the {@code gpt} driver's.
 *   <li>An entry of type 0 or with no sectors is empty and skipped; the numbers of the others do
 *       not move (partition 3 stays 3 when 2 is empty).
 *   <li>An entry may start at sector 0: isohybrid images map the whole ISO that way.
 *   <li>A partition that ends beyond the end of the disk is an error (the image is truncated), as
 *       is a logical partition or EBR link that leaves its extended partition, an EBR chain that
 *       comes back to an EBR it has visited, and a second extended partition.
 *   <li>The chain is bounded by {@link org.bootlace.Limits#maxPartitions()} EBRs.
 *   <li>Sectors are the disk's logical sector size (512 for image files).
 * </ul>
 */
public final class MbrPartitionTableDriver implements PartitionTableDriver {
  private static final String SCHEME = "msdos";

  /**
   * Creates the driver; {@link java.util.ServiceLoader} calls it, as a {@link
   * org.bootlace.spi.PartitionTableDriver} service.
   */
  public MbrPartitionTableDriver() {}

  @Override
  public String name() {
    return SCHEME;
  }

  @Override
  public int priority() {
    return 20;
  }

  @Override
  public Probe probe(BlockDevice disk) throws IOException {
    if (disk.size() < MbrSector.SIZE) {
      return Probe.no("disk too small for an MBR (" + disk.size() + " bytes)");
    }
    byte[] sector = disk.read(0, MbrSector.SIZE);
    Optional<String> notMbr = notAnMbr(sector);
    if (notMbr.isPresent()) {
      return Probe.no(notMbr.get());
    }
    MbrSector mbr;
    try {
      mbr = MbrSector.parseMbr(sector, "MBR");
    } catch (CorruptImageException e) {
      return Probe.no(e.getMessage());
    }
    long diskSectors = disk.size() / disk.logicalSectorSize();
    int used = 0;
    for (MbrEntry e : mbr.entries()) {
      if (e.isProtectiveGpt()) {
        return Probe.no(protectiveDetail(e));
      }
      if (e.isEmpty()) {
        continue;
      }
      if (e.firstLba() >= diskSectors) {
        return Probe.no(
            String.format(
                Locale.ROOT,
                "MBR: %s: first sector %d is beyond the end of the disk (%d sectors)",
                e.primaryName(),
                e.firstLba(),
                diskSectors));
      }
      used++;
    }
    if (used == 0) {
      return Probe.no("MBR without partitions");
    }
    return Probe.yes("MBR with " + used + (used == 1 ? " partition entry" : " partition entries"));
  }

  /** A signature-less sector or a filesystem boot sector: not a partition table at all. */
  private static Optional<String> notAnMbr(byte[] sector) {
    int sig = MbrSector.signature(sector);
    if (sig != MbrSector.BOOT_SIGNATURE) {
      return Optional.of(
          String.format(Locale.ROOT, "no MBR boot signature at 0x1fe: 0x%04x != 0xaa55", sig));
    }
    return FilesystemBootSector.describe(sector)
        .map(fs -> fs + ": a whole-disk filesystem, not a partition table");
  }

  private static String protectiveDetail(MbrEntry e) {
    return "MBR: " + e.primaryName() + " has type 0xee: a GPT protective MBR, read as GPT";
  }

  @Override
  public List<Partition> read(BlockDevice disk, DriverContext context) throws IOException {
    String prefix = SCHEME + ": " + disk;
    Checks.require(
        disk.size() >= MbrSector.SIZE,
        "%s: MBR: disk is %d bytes, smaller than an MBR (512)",
        prefix,
        disk.size());
    byte[] sector = disk.read(0, MbrSector.SIZE);
    Optional<String> fs = FilesystemBootSector.describe(sector);
    if (fs.isPresent()) {
      throw new NotRecognizedException(
          prefix + ": " + fs.get() + ": a whole-disk filesystem, not a partition table");
    }
    MbrSector mbr = MbrSector.parseMbr(sector, prefix + ": MBR");
    for (MbrEntry e : mbr.entries()) {
      if (e.isProtectiveGpt()) {
        throw new NotRecognizedException(prefix + ": " + protectiveDetail(e));
      }
    }
    int sectorSize = disk.logicalSectorSize();
    long diskSectors = disk.size() / sectorSize;
    List<Partition> out = new ArrayList<>();
    MbrEntry extended = null;
    for (MbrEntry e : mbr.entries()) {
      if (e.isEmpty()) {
        continue;
      }
      Checks.require(
          e.lastLba() < diskSectors,
          "%s: %s: sectors %d..%d extend beyond the end of the disk (%d sectors of %d bytes);"
              + " the image may be truncated",
          prefix,
          e.primaryName(),
          e.firstLba(),
          e.lastLba(),
          diskSectors,
          sectorSize);
      if (e.isExtended()) {
        Checks.require(
            extended == null,
            "%s: partitions %d and %d are both extended partitions",
            prefix,
            extended == null ? 0 : extended.index() + 1,
            e.index() + 1);
        extended = e;
        continue;
      }
      out.add(
          Partitions.of(
              disk,
              sectorSize,
              e.index() + 1,
              SCHEME,
              e.typeHex(),
              MbrTypes.name(e.type()),
              e.firstLba(),
              e.sectors(),
              e.isActive(),
              Optional.empty(),
              Optional.empty()));
    }
    if (extended != null) {
      out.addAll(EbrChain.read(disk, sectorSize, context.limits(), extended));
    }
    return out;
  }
}
