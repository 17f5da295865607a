package org.bootlace.volume.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bootlace.testing.Tools;

/**
 * Real LVM2 (pvcreate, vgcreate, lvcreate, lvs) on loop devices over image files the test made,
 * without device-mapper: every command runs with {@code --driverloaded n}, so nothing is ever
 * activated and no kernel support is needed. Each command sees only this fixture's loop devices (a
 * filter accepting them and rejecting everything else), writes no backup, archive or hints on the
 * host, and the VG name is unique. Filesystems are put into LVs by the layout {@code lvs} reports
 * (segments, PE ranges, stripes), which the test writes into the image files directly. {@link
 * #close()} deactivates the VGs (a no-op here, kept for machines where something got activated) and
 * detaches the loops.
 */
public final class LvmTool implements AutoCloseable {
  /**
   * A physical volume: the loop device over {@code length} bytes of {@code file} at {@code offset}.
   */
  public record Pv(String loop, Path file, long offset, long length) {}

  /** One segment as {@code lvs --segments} reports it. */
  public record Segment(
      String lv,
      long startPe,
      long sizePe,
      String type,
      int stripes,
      long stripeBytes,
      List<Range> ranges) {}

  /** {@code /dev/loopN:first-last}. */
  public record Range(String loop, long first, long last) {}

  private final List<Pv> pvs = new ArrayList<>();
  private final List<String> vgs = new ArrayList<>();
  private final Map<String, Long> peStarts = new java.util.HashMap<>();

  /** A VG name nobody else has: {@code prefix} and random hex. */
  public static String uniqueName(String prefix) {
    byte[] r = new byte[4];
    new SecureRandom().nextBytes(r);
    return prefix + HexFormat.of().formatHex(r);
  }

  /** Attaches a loop device over part of {@code file}. */
  public Pv attach(Path file, long offset, long length) {
    String loop =
        Tools.run(
                "losetup",
                "--find",
                "--show",
                "--offset",
                Long.toString(offset),
                "--sizelimit",
                Long.toString(length),
                file.toString())
            .trim();
    Pv pv = new Pv(loop, file, offset, length);
    pvs.add(pv);
    return pv;
  }

  private String config() {
    StringBuilder accept = new StringBuilder();
    for (Pv pv : pvs) {
      accept.append("\"a|^").append(pv.loop()).append("$|\", ");
    }
    String filter = "[ " + accept + "\"r|.*|\" ]";
    return "devices { obtain_device_list_from_udev=0 use_devicesfile=0 hints=\"none\" filter="
        + filter
        + " global_filter="
        + filter
        + " } activation { udev_sync=0 udev_rules=0 }"
        + " backup { backup=0 archive=0 }";
  }

  /** Runs an LVM command with this fixture's configuration; fails unless it succeeds. */
  public String lvm(String command, String... args) {
    List<String> cmd =
        new ArrayList<>(List.of(command, "--config", config(), "--driverloaded", "n"));
    cmd.addAll(List.of(args));
    return Tools.run(cmd.toArray(new String[0]));
  }

  public void pvcreate(Pv... pv) {
    List<String> args = new ArrayList<>(List.of("-ff", "-y"));
    for (Pv p : pv) {
      args.add(p.loop());
    }
    lvm("pvcreate", args.toArray(new String[0]));
  }

  public void vgcreate(String vg, Pv... pv) {
    List<String> args = new ArrayList<>(List.of("-s", "1M", vg));
    for (Pv p : pv) {
      args.add(p.loop());
    }
    vgs.add(vg);
    lvm("vgcreate", args.toArray(new String[0]));
  }

  /**
   * lvcreate without activation or zeroing; {@code more} adds options ({@code -i 2 -I 64k}, a PV).
   */
  public void lvcreate(String vg, String lv, String size, String... more) {
    List<String> args = new ArrayList<>(List.of("-an", "-Zn", "-y", "-n", lv, "-L", size));
    args.add(vg);
    args.addAll(List.of(more));
    lvm("lvcreate", args.toArray(new String[0]));
  }

  private String[] report(String command, String fields, String... target) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--units", "b", "--nosuffix", "--noheadings", "--separator", "|", "-o", fields));
    args.addAll(List.of(target));
    String out = lvm(command, args.toArray(new String[0])).trim();
    return out.isEmpty() ? new String[0] : out.split("\n");
  }

  /** lvs's report of the VG's LVs: name to {@code lv_uuid}. */
  public Map<String, String> lvUuids(String vg) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String line : report("lvs", "lv_name,lv_uuid", vg)) {
      String[] f = line.trim().split("\\|");
      out.put(f[0], f[1]);
    }
    return out;
  }

  public String vgUuid(String vg) {
    return report("vgs", "vg_uuid", vg)[0].trim();
  }

  public long extentBytes(String vg) {
    return Long.parseLong(report("vgs", "vg_extent_size", vg)[0].trim());
  }

  public long lvBytes(String vg, String lv) {
    return Long.parseLong(report("lvs", "lv_size", vg + "/" + lv)[0].trim());
  }

  public long peStart(Pv pv) {
    return Long.parseLong(report("pvs", "pe_start", pv.loop())[0].trim());
  }

  /** lvs --segments for one LV. */
  public List<Segment> segments(String vg, String lv) {
    List<Segment> out = new ArrayList<>();
    for (String line :
        report(
            "lvs",
            "lv_name,seg_start_pe,seg_size_pe,segtype,stripes,stripe_size,seg_pe_ranges",
            "--segments",
            vg + "/" + lv)) {
      String[] f = line.trim().split("\\|");
      List<Range> ranges = new ArrayList<>();
      for (String r : f[6].trim().split(" ")) {
        int colon = r.lastIndexOf(':');
        int dash = r.indexOf('-', colon);
        ranges.add(
            new Range(
                r.substring(0, colon),
                Long.parseLong(r.substring(colon + 1, dash)),
                Long.parseLong(r.substring(dash + 1))));
      }
      out.add(
          new Segment(
              f[0],
              Long.parseLong(f[1]),
              Long.parseLong(f[2]),
              f[3],
              Integer.parseInt(f[4]),
              Long.parseLong(f[5]),
              ranges));
    }
    return out;
  }

  /**
   * Writes {@code content} into the LV where lvs says its extents are: linear segments in order,
   * striped ones chunk by chunk across their stripes (device-mapper's striped layout).
   */
  public void fill(String vg, String lv, byte[] content) {
    long ext = extentBytes(vg);
    for (Segment s : segments(vg, lv)) {
      long segStart = s.startPe() * ext;
      long segBytes = s.sizePe() * ext;
      if (s.stripes() == 1) {
        write(s.ranges().get(0), 0, content, segStart, segBytes, ext);
      } else {
        long chunk = s.stripeBytes();
        for (long at = 0; at < segBytes; at += chunk) {
          long c = at / chunk;
          int stripe = (int) (c % s.stripes());
          long row = c / s.stripes();
          write(s.ranges().get(stripe), row * chunk, content, segStart + at, chunk, ext);
        }
      }
    }
  }

  private void write(Range r, long within, byte[] content, long from, long length, long ext) {
    if (from >= content.length) {
      return;
    }
    Pv pv = pvs.stream().filter(p -> p.loop().equals(r.loop())).findFirst().orElseThrow();
    long pvByte = peStarts.computeIfAbsent(pv.loop(), k -> peStart(pv)) + r.first() * ext + within;
    int n = (int) Math.min(length, content.length - from);
    try (FileChannel ch = FileChannel.open(pv.file(), StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap(content, (int) from, n), pv.offset() + pvByte);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Deactivates every VG made here and detaches every loop, even after a failure. */
  @Override
  public void close() {
    for (String vg : vgs) {
      Tools.exec(null, "vgchange", "--config", config(), "-an", vg);
    }
    for (Pv pv : pvs) {
      Tools.exec(null, "losetup", "-d", pv.loop());
    }
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "LvmTool%s", pvs);
  }
}
