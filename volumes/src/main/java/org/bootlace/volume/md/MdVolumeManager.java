package org.bootlace.volume.md;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.bootlace.BootlaceException;
import org.bootlace.CorruptImageException;
import org.bootlace.LimitExceededException;
import org.bootlace.binary.Checks;
import org.bootlace.block.BlockDevice;
import org.bootlace.spi.DriverContext;
import org.bootlace.spi.Partition;
import org.bootlace.spi.Probe;
import org.bootlace.spi.VolumeManagerDriver;
import org.bootlace.volume.MappedDevice;

/**
 * Linux md arrays with version-1 superblocks (1.0, 1.1, 1.2), read-only: RAID1, read from its
 * first in-sync member, and linear, its members end to end in role order. Members are grouped by
 * array UUID; of those, the ones with the highest event count are current, the others stale and
 * left out with a warning, as are spares, faulty members and members still being rebuilt. Arrays
 * are named as GRUB names them: {@code md/NAME} ({@code set_name} without its {@code host:} part),
 * then {@code mduuid/HEX}; assembled in name order. Other RAID levels and arrays missing members
 * are warnings. Members with a 0.90 superblock are not claimed: for RAID1 their data starts at
 * the member's start, so they are read as plain partitions.
 */
public final class MdVolumeManager implements VolumeManagerDriver {
  private static final int[] MINORS = {2, 1, 0};

  @Override
  public String name() {
    return "md";
  }

  @Override
  public int priority() {
    return 100;
  }

  @Override
  public Probe probe(BlockDevice device) throws IOException {
    for (int minor : MINORS) {
      long at = MdSuperblock.locate(minor, device.size());
      if (at >= 0 && at + MdSuperblock.HEADER <= device.size()
          && MdSuperblock.looksLike(device.read(at, 8))) {
        return Probe.yes("md superblock 1." + minor + " at " + Checks.hex(at));
      }
    }
    return Probe.no("no md version-1 superblock at 0x1000, 0 or the end");
  }

  private record Member(Partition partition, MdSuperblock sb) {}

  @Override
  public List<Partition> assemble(List<Partition> members, DriverContext context) throws IOException {
    Map<String, List<Member>> arrays = new LinkedHashMap<>();
    for (Partition p : members) {
      Optional<MdSuperblock> sb = superblock(p.device(), context);
      sb.ifPresent(s -> arrays.computeIfAbsent(s.uuidText(), k -> new ArrayList<>()).add(new Member(p, s)));
    }
    TreeMap<String, Partition> byName = new TreeMap<>();
    for (List<Member> array : arrays.values()) {
      try {
        Partition v = array(array, context);
        String name = v.deviceNames().get(0);
        if (byName.containsKey(name)) {
          context.warnings().add("md: " + name + " (" + array.get(0).sb().uuidText()
              + "): another array has the same name; skipped");
          continue;
        }
        byName.put(name, v);
      } catch (LimitExceededException e) {
        throw e;
      } catch (BootlaceException e) {
        context.warnings().add(e.getMessage() + "; skipped");
      }
    }
    return List.copyOf(byName.values());
  }

  /** The first version-1 superblock that parses; a corrupt one is a warning. */
  private static Optional<MdSuperblock> superblock(BlockDevice dev, DriverContext context) throws IOException {
    for (int minor : MINORS) {
      long at = MdSuperblock.locate(minor, dev.size());
      if (at < 0 || at + MdSuperblock.HEADER > dev.size()) {
        continue;
      }
      byte[] head = dev.read(at, 8);
      if (!MdSuperblock.looksLike(head)) {
        continue;
      }
      try {
        return Optional.of(MdSuperblock.read(dev, minor));
      } catch (LimitExceededException e) {
        throw e;
      } catch (BootlaceException e) {
        context.warnings().add(e.getMessage() + "; member skipped");
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  private static Partition array(List<Member> found, DriverContext context) throws BootlaceException {
    MdSuperblock any = found.get(0).sb();
    String label = any.grubName();
    String uuidHex = HexFormat.of().formatHex(any.uuid());
    String grubName = label.isEmpty() ? "mduuid/" + uuidHex : "md/" + label;
    String what = "md: " + grubName;
    long events = found.stream().mapToLong(m -> m.sb().events()).max().orElse(0);
    List<Member> current = new ArrayList<>();
    for (Member m : found) {
      MdSuperblock sb = m.sb();
      if (sb.events() != events) {
        context.warnings().add(what + ": " + m.partition().device() + " is stale (events " + sb.events()
            + " < " + events + "); left out");
      } else if (sb.role() >= MdSuperblock.JOURNAL) {
        context.warnings().add(what + ": " + m.partition().device() + " is "
            + (sb.role() == MdSuperblock.SPARE ? "a spare" : sb.role() == MdSuperblock.FAULTY ? "faulty" : "a journal")
            + "; left out");
      } else if (sb.recoveryOffset() >= 0) {
        context.warnings().add(what + ": " + m.partition().device() + " is being rebuilt (recovery_offset "
            + sb.recoveryOffset() + "); left out");
      } else {
        current.add(m);
      }
    }
    current.sort(Comparator.comparingInt(m -> m.sb().role()));
    MdSuperblock sb = current.isEmpty() ? any : current.get(0).sb();
    for (Member m : current) {
      Checks.require(m.sb().level() == sb.level() && m.sb().raidDisks() == sb.raidDisks(),
          "%s: members disagree on level or raid_disks (%s and %s)", what, current.get(0).partition().device(),
          m.partition().device());
    }
    List<BlockDevice> pieces = new ArrayList<>();
    String type;
    switch (sb.level()) {
      case 1 -> {
        if (current.isEmpty()) {
          throw new CorruptImageException(what + ": RAID1 with no member in sync");
        }
        Member m = current.get(0);
        long bytes = Checks.multiply(sb.size(), 512, what + ": size");
        long start = m.sb().dataOffset() * 512;
        Checks.require(sb.size() > 0 && sb.size() <= m.sb().dataSize(),
            "%s: size %d sectors is outside 1..data_size %d of %s", what, sb.size(), m.sb().dataSize(), m.partition().device());
        pieces.add(m.partition().device().slice(start, bytes, grubName));
        type = "raid1";
      }
      case -1 -> {
        for (int role = 0; role < sb.raidDisks(); role++) {
          int r = role;
          List<Member> at = current.stream().filter(m -> m.sb().role() == r).toList();
          if (at.size() != 1) {
            throw new CorruptImageException(what + ": linear array of " + sb.raidDisks() + " members has "
                + at.size() + " for role " + role);
          }
          MdSuperblock s = at.get(0).sb();
          pieces.add(at.get(0).partition().device().slice(
              s.dataOffset() * 512, s.dataSize() * 512, grubName + " role " + role));
        }
        type = "linear";
      }
      default -> throw new org.bootlace.UnsupportedFeatureException("md level " + sb.level(),
          what + ": RAID level " + sb.level() + " is not supported");
    }
    MappedDevice device = new MappedDevice(pieces, current.get(0).partition().device() + "{" + grubName + "}");
    List<String> names = label.isEmpty() ? List.of(grubName) : List.of(grubName, "mduuid/" + uuidHex);
    return new Partition(0, "md", type, Optional.of("Linux md array"), 0, device.size(), false,
        label.isEmpty() ? Optional.empty() : Optional.of(any.name()), Optional.of(any.uuidText()), device, names);
  }
}
