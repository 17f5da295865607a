package org.bootlace;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.bootlace.spi.DriverContext;
import org.bootlace.spi.Partition;
import org.bootlace.spi.Probe;
import org.bootlace.spi.VolumeManagerDriver;

/**
 * The volume layer between partitions and filesystems: assembles LVM logical volumes, md arrays and
 * whatever else a {@link VolumeManagerDriver} knows from the disk's partitions.
 *
 * <p>Order, which is also the order the assembled volumes are searched in, after every partition:
 * round by round (the partitions are offered in round 1, the volumes round 1 made in round 2, so
 * LVM on md comes after the md array it lives on), within a round driver by driver (priority, then
 * name), within a driver in the order it returns them. At most {@link #MAX_ROUNDS} rounds, and at
 * most {@code maxPartitions} volumes in all.
 *
 * <p>A volume layer that cannot be assembled never fails the image: its driver's error becomes a
 * warning and the partitions are still searched. Only running out of time stops the operation.
 */
final class VolumeLayer {
  /** Volumes inside volumes inside volumes; real stacks (LVM on md) need two. */
  static final int MAX_ROUNDS = 4;

  private VolumeLayer() {}

  static List<Partition> assemble(
      List<Partition> partitions, List<VolumeManagerDriver> drivers, DriverContext ctx)
      throws IOException {
    List<Partition> all = new ArrayList<>();
    List<Partition> offered = partitions;
    for (int round = 0; round < MAX_ROUNDS && !offered.isEmpty() && !drivers.isEmpty(); round++) {
      Set<Partition> claimed = new HashSet<>();
      List<Partition> made = new ArrayList<>();
      for (VolumeManagerDriver d : drivers) {
        List<Partition> members = new ArrayList<>();
        for (Partition p : offered) {
          if (!claimed.contains(p) && probe(d, p).matched()) {
            members.add(p);
          }
        }
        if (members.isEmpty()) {
          continue;
        }
        claimed.addAll(members);
        List<Partition> volumes;
        try {
          volumes = d.assemble(members, ctx);
        } catch (LimitExceededException e) {
          if (e.limit().equals("timeout")) {
            throw e;
          }
          ctx.warnings().add(d.name() + ": volumes skipped: " + e.getMessage());
          continue;
        } catch (BootlaceException e) {
          ctx.warnings().add(d.name() + ": volumes skipped: " + e.getMessage());
          continue;
        }
        long total = (long) all.size() + made.size() + volumes.size();
        if (total > ctx.limits().maxPartitions()) {
          ctx.warnings()
              .add(
                  d.name()
                      + ": volumes skipped: "
                      + new LimitExceededException(
                              "maxPartitions",
                              ctx.limits().maxPartitions(),
                              "partitions and assembled volumes (" + total + ")")
                          .getMessage());
          continue;
        }
        for (Partition v : volumes) {
          made.add(numbered(v, all.size() + made.size() + 1));
        }
      }
      all.addAll(made);
      offered = made;
    }
    return ImmutableList.copyOf(all);
  }

  /** The volume with its place among all assembled volumes as its number. */
  private static Partition numbered(Partition v, int number) {
    checkArgument(v.assembled(), "an assembled volume without GRUB device names: %s", v);
    return v.toBuilder().number(number).build();
  }

  private static Probe probe(VolumeManagerDriver d, Partition p) throws LimitExceededException {
    try {
      return d.probe(p.device());
    } catch (LimitExceededException e) {
      if (e.limit().equals("timeout")) {
        throw e;
      }
      return Probe.no("probe failed: " + e.getMessage());
    } catch (IOException e) {
      return Probe.no("probe failed: " + e.getMessage());
    }
  }
}
