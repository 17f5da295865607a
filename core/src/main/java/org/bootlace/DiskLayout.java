package org.bootlace;

import com.google.common.collect.ImmutableList;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bootlace.block.BlockDevice;
import org.bootlace.spi.DriverContext;
import org.bootlace.spi.Drivers;
import org.bootlace.spi.Partition;
import org.bootlace.spi.PartitionTableDriver;
import org.bootlace.spi.Probe;

/**
 * The partitions of a disk in the order bootlace searches them, as pygrub does: a whole-disk ISO
 * 9660 view first (hybrid images), then the active MBR partition, then the rest in table order,
 * logical partitions included. A disk without a recognized table is one whole-disk partition.
 */
final class DiskLayout {
  /** "CD001" at byte 0x8001: the first ISO 9660 volume descriptor. */
  private static final long ISO_MAGIC_OFFSET = 0x8001;

  private static final System.Logger LOG = System.getLogger("org.bootlace");

  private static final byte[] ISO_MAGIC = {'C', 'D', '0', '0', '1'};

  final String scheme;
  final List<Partition> tableOrder;
  final List<Partition> searchOrder;
  final List<String> probes;

  private DiskLayout(String scheme, List<Partition> tableOrder, List<String> probes) {
    this.scheme = scheme;
    this.tableOrder = ImmutableList.copyOf(tableOrder);
    List<Partition> order = new ArrayList<>(tableOrder);
    // Stable: the whole disk, then active partitions, each group in table order.
    // (A plain lambda: Comparator.comparingInt spins a hidden class at run time, at every start.)
    order.sort((a, b) -> Integer.compare(searchGroup(a), searchGroup(b)));
    this.searchOrder = ImmutableList.copyOf(order);
    this.probes = ImmutableList.copyOf(probes);
  }

  private static int searchGroup(Partition p) {
    return p.number() == 0 ? 0 : p.bootable() ? 1 : 2;
  }

  /** A filesystem at a fixed offset, as pygrub's {@code --offset} gives it. */
  static DiskLayout atOffset(BlockDevice disk, long offset) throws NotRecognizedException {
    if (offset >= disk.size()) {
      throw new NotRecognizedException(
          disk
              + ": offset "
              + offset
              + " is beyond the end of the image ("
              + disk.size()
              + " bytes)");
    }
    BlockDevice slice = disk.slice(offset, disk.size() - offset, "@" + offset);
    return new DiskLayout(
        "offset",
        List.of(Partition.wholeDisk(slice).toBuilder().type("given offset").offset(offset).build()),
        List.of("offset " + offset + " given: partition tables not read"));
  }

  static DiskLayout read(BlockDevice disk, Drivers drivers, DriverContext ctx) throws IOException {
    List<String> probes = new ArrayList<>();
    boolean iso = hasIsoSignature(disk);
    List<Partition> parts = new ArrayList<>();
    if (iso) {
      probes.add("iso9660 signature at 0x8001: the whole disk is tried first");
      parts.add(Partition.wholeDisk(disk));
    }
    String scheme = "none";
    if (drivers.partitionTables().isEmpty()) {
      probes.add("none registered: the disk is read as one filesystem");
    }
    for (PartitionTableDriver d : drivers.partitionTables()) {
      Probe probe = safeProbe(d, disk);
      probes.add(d.name() + ": " + probe.detail());
      if (!probe.matched()) {
        continue;
      }
      List<Partition> found = d.read(disk, ctx);
      Limits.check(
          "maxPartitions", ctx.limits().maxPartitions(), found.size(), "partitions in " + disk);
      for (Partition p : found) {
        // A hybrid image's partition at offset 0 is the ISO seen again.
        if (!(iso && p.offset() == 0)) {
          parts.add(p);
        }
      }
      scheme = d.name();
      break;
    }
    if (parts.isEmpty()) {
      parts.add(Partition.wholeDisk(disk));
    }
    LOG.log(System.Logger.Level.DEBUG, () -> disk + ": partition tables: " + probes);
    return new DiskLayout(scheme, parts, probes);
  }

  private static Probe safeProbe(PartitionTableDriver d, BlockDevice disk) {
    try {
      return d.probe(disk);
    } catch (IOException e) {
      return Probe.no("probe failed: " + e.getMessage());
    }
  }

  private static boolean hasIsoSignature(BlockDevice disk) throws IOException {
    if (disk.size() < ISO_MAGIC_OFFSET + ISO_MAGIC.length) {
      return false;
    }
    byte[] magic = disk.read(ISO_MAGIC_OFFSET, ISO_MAGIC.length);
    return Arrays.equals(magic, ISO_MAGIC);
  }
}
