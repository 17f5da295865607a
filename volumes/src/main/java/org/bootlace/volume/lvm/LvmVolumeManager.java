package org.bootlace.volume.lvm;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.bootlace.BootlaceException;
import org.bootlace.CorruptImageException;
import org.bootlace.LimitExceededException;
import org.bootlace.UnsupportedFeatureException;
import org.bootlace.binary.Checks;
import org.bootlace.block.BlockDevice;
import org.bootlace.spi.DriverContext;
import org.bootlace.spi.Partition;
import org.bootlace.spi.Probe;
import org.bootlace.spi.VolumeManagerDriver;
import org.bootlace.volume.MappedDevice;
import org.bootlace.volume.StripedDevice;

/**
 * LVM2 logical volumes, read-only. Each member's label and metadata areas are read; of the copies
 * of a VG's metadata (one per metadata area of each PV), the one with the highest {@code seqno} is
 * used, the first found winning a tie. Visible LVs whose segments are all {@code striped} (linear
 * is one stripe) and whose PVs are all present become volumes named as GRUB names them: {@code
 * lvm/VG-LV} with every dash in the VG and LV names doubled (device-mapper's escaping), and {@code
 * lvmid/VGID/LVID}. Volume groups are assembled in name order, their LVs in metadata order.
 * Everything else (a thin, mirror, RAID, cache or snapshot LV, a missing PV, a corrupt copy of the
 * metadata) is a warning naming the VG and LV, never the whole image's failure.
 */
public final class LvmVolumeManager implements VolumeManagerDriver {
  private static final long SECTOR = 512;

  /**
   * Creates the driver; {@link java.util.ServiceLoader} calls it, as a {@link
   * org.bootlace.spi.VolumeManagerDriver} service.
   */
  public LvmVolumeManager() {}

  @Override
  public String name() {
    return "lvm";
  }

  @Override
  public int priority() {
    return 200;
  }

  @Override
  public Probe probe(BlockDevice device) throws IOException {
    if (device.size() < PvLabel.SECTOR) {
      return Probe.no("too small for an LVM label (" + device.size() + " bytes)");
    }
    int len = (int) Math.min(device.size(), (long) PvLabel.SCAN_SECTORS * PvLabel.SECTOR);
    int s = PvLabel.find(device.read(0, len));
    return s < 0
        ? Probe.no("no LABELONE in sectors 0 to 3")
        : Probe.yes("LVM2 label in sector " + s);
  }

  /** One PV: its device, label, and the copies of metadata found on it. */
  private record Member(Partition partition, PvLabel label) {}

  private record Copy(VolumeGroup vg, Member from) {}

  @Override
  public List<Partition> assemble(List<Partition> members, DriverContext context)
      throws IOException {
    Map<String, Member> byUuid = new LinkedHashMap<>();
    Map<String, Copy> newest = new HashMap<>();
    for (Partition p : members) {
      Member m;
      try {
        m = new Member(p, PvLabel.read(p.device()));
      } catch (LimitExceededException e) {
        throw e;
      } catch (BootlaceException e) {
        context.warnings().add(e.getMessage() + "; physical volume skipped");
        continue;
      }
      if (byUuid.containsKey(m.label().uuid())) {
        context
            .warnings()
            .add(
                "lvm: "
                    + p.device()
                    + ": physical volume "
                    + m.label().uuid()
                    + " is also on "
                    + byUuid.get(m.label().uuid()).partition().device()
                    + "; the first is used");
        continue;
      }
      byUuid.put(m.label().uuid(), m);
      for (PvLabel.Area a : m.label().metadataAreas()) {
        try {
          Optional<VolumeGroup> vg = readMetadata(p.device(), a, context);
          if (vg.isPresent()) {
            Copy known = newest.get(vg.get().id());
            if (known == null || vg.get().seqno() > known.vg().seqno()) {
              newest.put(vg.get().id(), new Copy(vg.get(), m));
            }
          }
        } catch (LimitExceededException e) {
          if (e.limit().equals("timeout")) {
            throw e;
          }
          context.warnings().add(e.getMessage() + "; this copy of the metadata is skipped");
        } catch (BootlaceException e) {
          context.warnings().add(e.getMessage() + "; this copy of the metadata is skipped");
        }
      }
    }
    TreeMap<String, Copy> byName = new TreeMap<>();
    for (Copy c :
        newest.values().stream()
            .sorted(Comparator.comparing((Copy c) -> c.vg().name()).thenComparing(c -> c.vg().id()))
            .toList()) {
      if (byName.containsKey(c.vg().name())) {
        context
            .warnings()
            .add(
                "lvm: VG "
                    + c.vg().name()
                    + " ("
                    + c.vg().id()
                    + "): another VG has the same name ("
                    + byName.get(c.vg().name()).vg().id()
                    + "); skipped");
        continue;
      }
      byName.put(c.vg().name(), c);
    }
    List<Partition> out = new ArrayList<>();
    for (Copy c : byName.values()) {
      VolumeGroup vg = c.vg();
      for (VolumeGroup.Lv lv : vg.lvs()) {
        if (!lv.visible()) {
          continue;
        }
        try {
          out.add(volume(vg, lv, byUuid));
        } catch (UnsupportedFeatureException | CorruptImageException e) {
          context
              .warnings()
              .add(
                  "lvm: VG "
                      + vg.name()
                      + ": LV "
                      + lv.name()
                      + ": "
                      + e.getMessage()
                      + "; skipped");
        }
      }
    }
    return out;
  }

  /** The VG in one metadata area, or empty when the area holds none (an orphan PV). */
  static Optional<VolumeGroup> readMetadata(BlockDevice dev, PvLabel.Area a, DriverContext context)
      throws IOException {
    Checks.require(
        a.size() >= MdaHeader.SIZE && a.offset() <= dev.size() - MdaHeader.SIZE,
        "lvm: %s: metadata area at %s (%d bytes) does not fit the device (%d bytes)",
        dev,
        Checks.hex(a.offset()),
        a.size(),
        dev.size());
    MdaHeader h =
        MdaHeader.parse(dev.read(a.offset(), MdaHeader.SIZE), a.offset(), a.size(), dev.toString());
    if (h.text().isEmpty()) {
      return Optional.empty();
    }
    byte[] text = h.readText(dev, context.limits());
    int end = text.length;
    while (end > 0 && text[end - 1] == 0) {
      end--;
    }
    String what =
        "lvm: " + dev + ": metadata text at " + Checks.hex(a.offset() + h.text().get().offset());
    return Optional.of(
        VolumeGroup.from(
            ConfigText.parse(text, end, what, context.limits().maxMetadataBytes()), what));
  }

  private static Partition volume(VolumeGroup vg, VolumeGroup.Lv lv, Map<String, Member> pvs)
      throws BootlaceException {
    long extentBytes = Checks.multiply(vg.extentSectors(), SECTOR, "extent_size");
    List<BlockDevice> pieces = new ArrayList<>();
    String grubName = "lvm/" + dmEscape(vg.name()) + "-" + dmEscape(lv.name());
    Member first = null;
    List<String> types = new ArrayList<>();
    for (VolumeGroup.Segment s : lv.segments()) {
      if (!s.type().equals("striped")) {
        throw new UnsupportedFeatureException(
            "lvm segment type " + s.type(), "segment type \"" + s.type() + "\" is not supported");
      }
      int n = s.stripes().size();
      long perStripe = s.extentCount() / n;
      long areaBytes = Checks.multiply(perStripe, extentBytes, "segment size");
      List<BlockDevice> areas = new ArrayList<>();
      for (VolumeGroup.Stripe st : s.stripes()) {
        VolumeGroup.Pv pv = vg.pvs().get(st.pv());
        if (pv == null) {
          throw new CorruptImageException(
              "segment at extent "
                  + s.startExtent()
                  + " names \""
                  + st.pv()
                  + "\", not a physical volume of the VG");
        }
        Member m = pvs.get(pv.id());
        if (m == null) {
          throw new UnsupportedFeatureException(
              "lvm missing pv", "physical volume " + pv.name() + " (" + pv.id() + ") is missing");
        }
        first = first == null ? m : first;
        if (st.extent() > pv.peCount() || perStripe > pv.peCount() - st.extent()) {
          throw new CorruptImageException(
              "segment at extent "
                  + s.startExtent()
                  + ": extents "
                  + st.extent()
                  + "+"
                  + perStripe
                  + " of "
                  + pv.name()
                  + " are beyond its pe_count "
                  + pv.peCount());
        }
        long start =
            Checks.add(
                Checks.multiply(pv.peStart(), SECTOR, "pe_start"),
                Checks.multiply(st.extent(), extentBytes, "extent offset"),
                "extent offset");
        BlockDevice dev = m.partition().device();
        if (start > dev.size() || areaBytes > dev.size() - start) {
          throw new CorruptImageException(
              "segment at extent "
                  + s.startExtent()
                  + ": bytes "
                  + Checks.hex(start)
                  + "+"
                  + Checks.hex(areaBytes)
                  + " of "
                  + pv.name()
                  + " are beyond the end of "
                  + dev
                  + " ("
                  + Checks.hex(dev.size())
                  + ")");
        }
        areas.add(dev.slice(start, areaBytes, grubName + " " + st.pv()));
      }
      if (n == 1) {
        pieces.add(areas.get(0));
        types.add("linear");
      } else {
        long chunk = Checks.multiply(s.stripeSectors(), SECTOR, "stripe_size");
        pieces.add(
            new StripedDevice(areas, chunk, grubName + " segment at extent " + s.startExtent()));
        types.add("striped");
      }
    }
    MappedDevice device =
        new MappedDevice(pieces, first.partition().device() + "{" + grubName + "}");
    return Partition.builder()
        .number(0)
        .scheme("lvm")
        .type(String.join("+", types.stream().distinct().toList()))
        .typeName(Optional.of("LVM2 logical volume"))
        .offset(0)
        .length(device.size())
        .label(Optional.of(vg.name() + "/" + lv.name()))
        .uuid(Optional.of(lv.id()))
        .device(device)
        .deviceNames(List.of(grubName, "lvmid/" + vg.id() + "/" + lv.id()))
        .build();
  }

  /** Device-mapper's escaping of a name inside {@code VG-LV}: every dash doubled. */
  static String dmEscape(String name) {
    return name.replace("-", "--");
  }
}
