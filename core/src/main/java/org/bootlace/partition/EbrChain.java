package org.bootlace.partition;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bootlace.CorruptImageException;
import org.bootlace.Limits;
import org.bootlace.binary.Checks;
import org.bootlace.block.BlockDevice;
import org.bootlace.spi.Partition;

/**
 * The logical partitions of an extended partition: a linked list of EBRs, the first at the start of
 * the extended partition. In each EBR, entry 1 is a logical partition whose start is relative to
 * that EBR, and entry 2 links to the next EBR with a start relative to the extended partition.
 * Logical partitions are numbered from 5 in chain order, as Linux numbers them.
 */
final class EbrChain {
  static final int FIRST_LOGICAL = 5;

  private final BlockDevice disk;
  private final int sectorSize;
  private final Limits limits;
  private final String prefix;
  private final String extendedName;
  private final long extStart;
  private final long extEnd;

  private EbrChain(BlockDevice disk, int sectorSize, Limits limits, MbrEntry extended) {
    this.disk = disk;
    this.sectorSize = sectorSize;
    this.limits = limits;
    this.prefix = "msdos: " + disk;
    this.extendedName =
        "extended partition "
            + (extended.index() + 1)
            + " (sectors "
            + extended.firstLba()
            + ".."
            + extended.lastLba()
            + ")";
    this.extStart = extended.firstLba();
    this.extEnd = extended.lastLba();
  }

  /** Reads the chain of {@code extended}, whose sectors the caller has checked lie on the disk. */
  static List<Partition> read(BlockDevice disk, int sectorSize, Limits limits, MbrEntry extended)
      throws IOException {
    return new EbrChain(disk, sectorSize, limits, extended).read();
  }

  private List<Partition> read() throws IOException {
    List<Partition> out = new ArrayList<>();
    Set<Long> visited = new HashSet<>();
    long ebrLba = extStart;
    while (true) {
      // Each EBR is read once (a revisit is a loop, reported below), so the chain is bounded.
      visited.add(ebrLba);
      Limits.check(
          "maxPartitions",
          limits.maxPartitions(),
          visited.size(),
          prefix + ": EBRs in the chain of " + extendedName);
      long offset = ebrLba * sectorSize;
      String what = prefix + ": EBR at LBA " + ebrLba;
      MbrSector ebr = MbrSector.parseEbr(disk.read(offset, MbrSector.SIZE), offset, what);
      MbrEntry data = ebr.entries().get(0);
      MbrEntry link = ebr.entries().get(1);
      if (!data.isEmpty()) {
        out.add(logical(FIRST_LOGICAL + out.size(), ebrLba, data, what));
      }
      if (link.isEmpty()) {
        return out;
      }
      ebrLba = next(link, what, visited);
    }
  }

  private Partition logical(int number, long ebrLba, MbrEntry e, String what)
      throws CorruptImageException {
    String name = what + ": " + e.ebrName();
    Checks.require(
        !e.isExtended(),
        "%s: type %s is an extended type where a logical partition belongs",
        name,
        e.typeHex());
    Checks.require(
        e.firstLba() > 0, "%s: relative start 0 puts partition %d on its own EBR", name, number);
    long first = ebrLba + e.firstLba();
    long last = first + e.sectors() - 1;
    Checks.require(
        last <= extEnd,
        "%s: partition %d at sectors %d..%d extends beyond %s",
        name,
        number,
        first,
        last,
        extendedName);
    return Partitions.of(
        disk,
        sectorSize,
        number,
        "msdos",
        e.typeHex(),
        MbrTypes.name(e.type()),
        first,
        e.sectors(),
        e.isActive(),
        Optional.empty(),
        Optional.empty());
  }

  private long next(MbrEntry link, String what, Set<Long> visited) throws CorruptImageException {
    String name = what + ": link " + link.ebrName();
    Checks.require(
        link.isExtended(),
        "%s: type %s is not an extended link (0x05, 0x0f or 0x85)",
        name,
        link.typeHex());
    long first = extStart + link.firstLba();
    long last = first + link.sectors() - 1;
    Checks.require(
        last <= extEnd,
        "%s: next EBR area at sectors %d..%d extends beyond %s",
        name,
        first,
        last,
        extendedName);
    Checks.require(
        !visited.contains(first),
        "%s: points back to the EBR at LBA %d: the chain loops",
        name,
        first);
    return first;
  }
}
