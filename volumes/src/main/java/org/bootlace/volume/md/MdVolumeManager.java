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
 * Linux md arrays with version-1 superblocks (1.0, 1.1, 1.2) and 0.90 ones, read-only: RAID1, read
 * from its first in-sync member, and linear, its members end to end in role order. Members are
 * grouped by array UUID; of those, the ones with the highest event count are current, the others
 * stale and left out with a warning, as are spares, faulty members and members still being rebuilt.
 * Arrays are named as GRUB names them: {@code md/NAME} ({@code set_name} without its {@code host:}
 * part), then {@code mduuid/HEX}; assembled in name order. A name seen before gets GRUB's suffix
 * ({@code md/boot_1}), with a warning. Other RAID levels and arrays missing members are warnings.
 * Version 0.90 superblocks (little-endian) are read too: GRUB names those arrays {@code
 * md/md<minor>}.
 */
public final class MdVolumeManager implements VolumeManagerDriver {
  private static final int[] MINORS = {2, 1, 0};

  /**
   * Creates the driver; {@link java.util.ServiceLoader} calls it, as a {@link
   * org.bootlace.spi.VolumeManagerDriver} service.
   */
  public MdVolumeManager() {}

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
      if (at >= 0
          && at + MdSuperblock.HEADER <= device.size()
          && MdSuperblock.looksLike(device.read(at, 8))) {
        return Probe.yes("md superblock 1." + minor + " at " + Checks.hex(at));
      }
    }
    long at = MdSuperblock090.locate(device.size());
    if (at >= 0 && MdSuperblock090.looksLike(device.read(at, 12))) {
      return Probe.yes("md superblock 0.90 at " + Checks.hex(at));
    }
    return Probe.no("no md superblock at 0x1000, 0, or near the end (1.0, 0.90)");
  }

  private record Member(Partition partition, MdSuperblock sb) {}

  @Override
  public List<Partition> assemble(List<Partition> members, DriverContext context)
      throws IOException {
    Map<String, List<Member>> arrays = new LinkedHashMap<>();
    for (Partition p : members) {
      Optional<MdSuperblock> sb = superblock(p.device(), context);
      sb.ifPresent(
          s -> arrays.computeIfAbsent(s.uuidText(), k -> new ArrayList<>()).add(new Member(p, s)));
    }
    TreeMap<String, Partition> byName = new TreeMap<>();
    for (List<Member> array : arrays.values()) {
      try {
        Partition v = array(array, context);
        String name = v.deviceNames().get(0);
        if (byName.containsKey(name)) {
          // GRUB's diskfilter gives a name seen before the suffix _N, N one above the highest used.
          int n = 1;
          while (byName.containsKey(name + "_" + n)) {
            n++;
          }
          String renamed = name + "_" + n;
          context
              .warnings()
              .add(
                  "md: "
                      + name
                      + " ("
                      + array.get(0).sb().uuidText()
                      + "): another array has the same name; named "
                      + renamed
                      + " as GRUB names it");
          List<String> names = new ArrayList<>(v.deviceNames());
          names.set(0, renamed);
          v = v.toBuilder().deviceNames(names).build();
          name = renamed;
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
  private static Optional<MdSuperblock> superblock(BlockDevice dev, DriverContext context)
      throws IOException {
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
    long at = MdSuperblock090.locate(dev.size());
    if (at >= 0 && MdSuperblock090.looksLike(dev.read(at, 12))) {
      try {
        return Optional.of(MdSuperblock.from090(MdSuperblock090.read(dev)));
      } catch (LimitExceededException e) {
        throw e;
      } catch (BootlaceException e) {
        context.warnings().add(e.getMessage() + "; member skipped");
      }
    }
    return Optional.empty();
  }

  private static Partition array(List<Member> found, DriverContext context)
      throws BootlaceException {
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
        context
            .warnings()
            .add(
                what
                    + ": "
                    + m.partition().device()
                    + " is stale (events "
                    + sb.events()
                    + " < "
                    + events
                    + "); left out");
      } else if (sb.role() >= MdSuperblock.JOURNAL) {
        context
            .warnings()
            .add(
                what
                    + ": "
                    + m.partition().device()
                    + " is "
                    + (sb.role() == MdSuperblock.SPARE
                        ? "a spare"
                        : sb.role() == MdSuperblock.FAULTY ? "faulty" : "a journal")
                    + "; left out");
      } else if (sb.recoveryOffset() >= 0) {
        context
            .warnings()
            .add(
                what
                    + ": "
                    + m.partition().device()
                    + " is being rebuilt (recovery_offset "
                    + sb.recoveryOffset()
                    + "); left out");
      } else {
        current.add(m);
      }
    }
    current.sort(Comparator.comparingInt(m -> m.sb().role()));
    MdSuperblock sb = current.isEmpty() ? any : current.get(0).sb();
    for (Member m : current) {
      Checks.require(
          m.sb().level() == sb.level() && m.sb().raidDisks() == sb.raidDisks(),
          "%s: members disagree on level or raid_disks (%s and %s)",
          what,
          current.get(0).partition().device(),
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
        Checks.require(
            sb.size() > 0 && sb.size() <= m.sb().dataSize(),
            "%s: size %d sectors is outside 1..data_size %d of %s",
            what,
            sb.size(),
            m.sb().dataSize(),
            m.partition().device());
        pieces.add(m.partition().device().slice(start, bytes, grubName));
        type = "raid1";
      }
      case -1 -> {
        for (int role = 0; role < sb.raidDisks(); role++) {
          int r = role;
          List<Member> at = current.stream().filter(m -> m.sb().role() == r).toList();
          if (at.size() != 1) {
            throw new CorruptImageException(
                what
                    + ": linear array of "
                    + sb.raidDisks()
                    + " members has "
                    + at.size()
                    + " for role "
                    + role);
          }
          MdSuperblock s = at.get(0).sb();
          pieces.add(
              at.get(0)
                  .partition()
                  .device()
                  .slice(s.dataOffset() * 512, s.dataSize() * 512, grubName + " role " + role));
        }
        type = "linear";
      }
      default ->
          throw new org.bootlace.UnsupportedFeatureException(
              "md level " + sb.level(), what + ": RAID level " + sb.level() + " is not supported");
    }
    MappedDevice device =
        new MappedDevice(pieces, current.get(0).partition().device() + "{" + grubName + "}");
    List<String> names =
        label.isEmpty() ? List.of(grubName) : List.of(grubName, "mduuid/" + uuidHex);
    return Partition.builder()
        .number(0)
        .scheme("md")
        .type(type)
        .typeName(Optional.of("Linux md array"))
        .offset(0)
        .length(device.size())
        .label(label.isEmpty() ? Optional.empty() : Optional.of(any.name()))
        .uuid(Optional.of(any.uuidText()))
        .device(device)
        .deviceNames(names)
        .build();
  }
}
