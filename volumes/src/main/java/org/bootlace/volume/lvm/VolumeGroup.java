package org.bootlace.volume.lvm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bootlace.CorruptImageException;
import org.bootlace.volume.lvm.ConfigText.Arr;
import org.bootlace.volume.lvm.ConfigText.Num;
import org.bootlace.volume.lvm.ConfigText.Section;
import org.bootlace.volume.lvm.ConfigText.Str;
import org.bootlace.volume.lvm.ConfigText.Value;

/**
 * A volume group as its metadata text describes it: {@code contents = "Text Format Volume Group"},
 * {@code version = 1}, and one section named after the VG holding its id, seqno, extent size (in
 * 512-byte sectors), {@code physical_volumes} and {@code logical_volumes}. Logical volumes keep
 * their segments as written; {@link LvmVolumeManager} maps them onto devices.
 */
record VolumeGroup(
    String name, String id, long seqno, long extentSectors, Map<String, Pv> pvs, List<Lv> lvs) {
  /** LVM's bound on a VG or LV name. */
  static final int MAX_NAME = 127;

  /** A physical volume entry: its id and where its extents start, in sectors. */
  record Pv(String name, String id, long peStart, long peCount) {}

  /** A logical volume: {@code visible} unless it is an internal part of another. */
  record Lv(String name, String id, boolean visible, List<Segment> segments) {}

  /**
   * A segment: {@code extentCount} extents from {@code startExtent}; {@code type} as written
   * ({@code striped} for linear and striped), with {@code stripes} as (PV name, first extent) pairs
   * and {@code stripeSectors} the chunk size of a striped segment.
   */
  record Segment(
      long startExtent, long extentCount, String type, long stripeSectors, List<Stripe> stripes) {}

  record Stripe(String pv, long extent) {}

  static VolumeGroup from(Section top, String what) throws CorruptImageException {
    String contents = top.string("contents");
    if (!contents.equals("Text Format Volume Group")) {
      throw new CorruptImageException(
          top.where("contents") + ": \"" + contents + "\" is not \"Text Format Volume Group\"");
    }
    long version = top.number("version");
    if (version != 1) {
      throw new CorruptImageException(top.where("version") + ": " + version + " is not 1");
    }
    Section vg = null;
    for (Map.Entry<String, Value> e : top.items.entrySet()) {
      if (e.getValue() instanceof Section s) {
        if (vg != null) {
          throw new CorruptImageException(
              what + ": two volume groups, \"" + vg.path + "\" and \"" + s.path + "\"");
        }
        vg = s;
      }
    }
    if (vg == null) {
      throw new CorruptImageException(what + ": no volume group section");
    }
    String name = checkName(vg.path, what + ": volume group name");
    String id = checkId(vg.string("id"), vg.where("id"));
    long seqno = vg.number("seqno", 0, Long.MAX_VALUE);
    long extent = vg.number("extent_size", 1, 0xffff_ffffL);
    Map<String, Pv> pvs = new LinkedHashMap<>();
    Section pvSection = vg.section("physical_volumes");
    for (Map.Entry<String, Value> e : pvSection.items.entrySet()) {
      if (!(e.getValue() instanceof Section p)) {
        throw new CorruptImageException(pvSection.where(e.getKey()) + ": not a section");
      }
      pvs.put(
          e.getKey(),
          new Pv(
              e.getKey(),
              checkId(p.string("id"), p.where("id")),
              p.number("pe_start", 0, Long.MAX_VALUE),
              p.number("pe_count", 0, Long.MAX_VALUE)));
    }
    List<Lv> lvs = new ArrayList<>();
    if (vg.get("logical_volumes").isPresent()) {
      Section lvSection = vg.section("logical_volumes");
      for (Map.Entry<String, Value> e : lvSection.items.entrySet()) {
        if (!(e.getValue() instanceof Section l)) {
          throw new CorruptImageException(lvSection.where(e.getKey()) + ": not a section");
        }
        lvs.add(lv(l, checkName(e.getKey(), l.path + ": name"), what));
      }
    }
    return new VolumeGroup(name, id, seqno, extent, Map.copyOf(pvs), List.copyOf(lvs));
  }

  private static Lv lv(Section l, String name, String what) throws CorruptImageException {
    String id = checkId(l.string("id"), l.where("id"));
    boolean visible = l.strings("status").contains("VISIBLE");
    long count = l.number("segment_count", 1, l.items.size());
    List<Segment> segments = new ArrayList<>();
    long next = 0;
    for (long i = 1; i <= count; i++) {
      Section s = l.section("segment" + i);
      long start = s.number("start_extent", 0, Long.MAX_VALUE);
      long extents = s.number("extent_count", 1, Long.MAX_VALUE);
      if (start != next) {
        throw new CorruptImageException(
            s.where("start_extent")
                + ": "
                + start
                + " != "
                + next
                + ", where the previous segment ends");
      }
      if (extents > Long.MAX_VALUE - start) {
        throw new CorruptImageException(
            s.where("extent_count") + ": " + start + " + " + extents + " overflows");
      }
      next = start + extents;
      String type = s.string("type");
      long stripeSectors = 0;
      List<Stripe> stripes = new ArrayList<>();
      if (type.equals("striped")) {
        long n = s.number("stripe_count", 1, 128);
        if (n > 1) {
          stripeSectors = s.number("stripe_size", 1, 0xffff_ffffL);
        }
        Arr a = s.array("stripes");
        if (a.items().size() != 2 * n) {
          throw new CorruptImageException(
              s.where("stripes") + ": " + a.items().size() + " items, not 2 * stripe_count " + n);
        }
        for (int k = 0; k < a.items().size(); k += 2) {
          if (!(a.items().get(k) instanceof Str pv)
              || !(a.items().get(k + 1) instanceof Num pe)
              || !pe.integer()
              || pe.value() < 0) {
            throw new CorruptImageException(
                s.where("stripes") + ": item " + k + " is not a PV name and a first extent");
          }
          stripes.add(new Stripe(pv.value(), pe.value()));
        }
        if (extents % n != 0) {
          throw new CorruptImageException(
              s.where("extent_count") + ": " + extents + " is not a multiple of stripe_count " + n);
        }
      }
      segments.add(new Segment(start, extents, type, stripeSectors, List.copyOf(stripes)));
    }
    return new Lv(name, id, visible, List.copyOf(segments));
  }

  /**
   * LVM's name rules: [A-Za-z0-9+_.-], not starting with '-', not "." or "..", at most 127
   * characters.
   */
  static String checkName(String name, String what) throws CorruptImageException {
    boolean ok =
        !name.isEmpty()
            && name.length() <= MAX_NAME
            && name.charAt(0) != '-'
            && !name.equals(".")
            && !name.equals("..");
    for (int i = 0; ok && i < name.length(); i++) {
      char c = name.charAt(i);
      ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '+'
              || c == '_'
              || c == '.'
              || c == '-';
    }
    if (!ok) {
      throw new CorruptImageException(what + ": \"" + name + "\" is not a valid LVM name");
    }
    return name;
  }

  /** An id as written in metadata: 32 characters of LVM's alphabet in groups 6-4-4-4-4-4-6. */
  static String checkId(String id, String what) throws CorruptImageException {
    String raw = id.replace("-", "");
    if (raw.length() != PvLabel.ID_LEN
        || !raw.chars().allMatch(PvLabel::idChar)
        || !PvLabel.dashed(raw).equals(id)) {
      throw new CorruptImageException(what + ": \"" + id + "\" is not an LVM id");
    }
    return id;
  }
}
