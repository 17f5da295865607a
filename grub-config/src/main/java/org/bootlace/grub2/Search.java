package org.bootlace.grub2;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.bootlace.FileStat;
import org.bootlace.Volume;
import org.bootlace.grub2.Options.Opt;
import org.bootlace.spi.FileType;

/**
 * {@code search} and {@code search.file}, {@code search.fs_uuid}, {@code search.fs_label}
 * (commands/search.c, search_wrap.c) over every filesystem on the image, in GRUB's order: the
 * cached device from an earlier search for the same key, then the hints (plain {@code --hint},
 * {@code --hint-baremetal}, and the hints of the platform: {@code --hint-bios} on pc, {@code
 * --hint-efi} on efi, none for Xen), then every device in grub_device_iterate's order (the whole
 * disk, then the partitions last-first). UUIDs compare ignoring case, labels and files exactly; a
 * file must be a regular file. {@code --set} without a name sets {@code root}.
 */
final class Search {
  private Search() {}

  enum Kind {
    FILE,
    UUID,
    LABEL
  }

  private static final List<Opt> OPTIONS =
      List.of(
          Opt.flag("file", 'f'),
          Opt.flag("label", 'l'),
          Opt.flag("fs-uuid", 'u'),
          new Opt("set", 's', true, true, false),
          Opt.flag("no-floppy", 'n'),
          new Opt("hint", 'h', true, false, true),
          new Opt("hint-ieee1275", (char) 0, true, false, true),
          new Opt("hint-bios", (char) 0, true, false, true),
          new Opt("hint-baremetal", (char) 0, true, false, true),
          new Opt("hint-efi", (char) 0, true, false, true),
          new Opt("hint-arc", (char) 0, true, false, true));

  static int run(Machine m, String name, List<String> args) throws IOException, GrubFail {
    Kind kind;
    String key;
    String var;
    List<String> hints = new ArrayList<>();
    if (name.equals("search")) {
      Options.Parsed p;
      try {
        p = Options.parse(args, OPTIONS, true);
      } catch (Options.Rejected e) {
        throw new GrubFail(GrubFail.BAD_ARGUMENT, e.getMessage());
      }
      hints.addAll(p.values("hint"));
      String platform = m.s.platform.name();
      if (platform.equals("efi")) {
        hints.addAll(p.values("hint-efi"));
      }
      if (platform.equals("ieee1275")) {
        hints.addAll(p.values("hint-ieee1275"));
      }
      if (platform.equals("arc")) {
        hints.addAll(p.values("hint-arc"));
      }
      if (platform.equals("pc")) {
        hints.addAll(p.values("hint-bios"));
      }
      hints.addAll(p.values("hint-baremetal"));
      int j = 0;
      while (j < p.args.size() && p.args.get(j).startsWith("--hint-")) {
        j++;
      }
      var = p.has("set") ? (p.value("set") != null ? p.value("set") : "root") : null;
      if (j < p.args.size()) {
        key = p.args.get(j);
      } else if (p.has("set") && p.value("set") != null) {
        key = p.value("set");
        var = "root";
      } else {
        throw new GrubFail(GrubFail.BAD_ARGUMENT, "one argument expected");
      }
      if (p.has("label")) {
        kind = Kind.LABEL;
      } else if (p.has("fs-uuid")) {
        kind = Kind.UUID;
      } else if (p.has("file")) {
        kind = Kind.FILE;
      } else {
        throw new GrubFail(GrubFail.INVALID_COMMAND, "unspecified search type");
      }
    } else {
      if (args.isEmpty()) {
        throw new GrubFail(GrubFail.BAD_ARGUMENT, "one argument expected");
      }
      kind =
          name.equals("search.file")
              ? Kind.FILE
              : name.equals("search.fs_uuid") ? Kind.UUID : Kind.LABEL;
      key = args.get(0);
      var = args.size() > 1 ? args.get(1) : null;
      if (args.size() > 2) {
        hints.addAll(args.subList(2, args.size()));
      }
    }
    return new Run(m, kind, key, var).search(hints, name);
  }

  private static final class Run {
    final Machine m;
    final Kind kind;
    final String key;
    final String var;
    int count;
    final List<String> found = new ArrayList<>();

    Run(Machine m, Kind kind, String key, String var) {
      this.m = m;
      this.kind = kind;
      this.key = key;
      this.var = var;
    }

    String cacheKey() {
      return kind + ":" + (kind == Kind.UUID ? key.toLowerCase(Locale.ROOT) : key);
    }

    int search(List<String> hints, String name) throws IOException, GrubFail {
      attempt(hints);
      String what = name + " " + kind.name().toLowerCase(Locale.ROOT) + " " + key;
      if (count == 0) {
        m.s.explain(m.where + ": " + what + ": no such device");
        throw new GrubFail(GrubFail.FILE_NOT_FOUND, "no such device: " + key);
      }
      m.s.explain(
          m.where
              + ": "
              + what
              + " found ("
              + String.join("), (", found)
              + ")"
              + (var != null ? "; " + var + "=" + found.get(found.size() - 1) : ""));
      return 0;
    }

    private void attempt(List<String> hints) throws IOException {
      String cached = m.s.searchCache.get(cacheKey());
      if (cached != null) {
        if (iterate(cached, true)) {
          return;
        }
        if (count == 0) {
          m.s.searchCache.remove(cacheKey());
        }
      }
      for (String hint : hints) {
        if (hint.isEmpty()) {
          continue;
        }
        boolean comma = hint.endsWith(",");
        String dev = comma ? hint.substring(0, hint.length() - 1) : hint;
        if (iterate(dev, false)) {
          return;
        }
        if (comma) {
          // A hint ending in a comma walks that disk's partition map directly: table order.
          for (Volume v : m.s.devices.volumes()) {
            String name = m.s.devices.name(v);
            if (name.startsWith(dev + ",") && iterate(name, false)) {
              return;
            }
          }
        }
      }
      for (Volume v : m.s.devices.iterationOrder()) {
        m.s.step(m.where);
        if (iterate(m.s.devices.name(v), false)) {
          return;
        }
      }
    }

    /** iterate_device: whether to stop (found and setting a variable). */
    private boolean iterate(String device, boolean fromCache) throws IOException {
      boolean hit = false;
      Volume v;
      try {
        v = m.s.devices.device(device).volume();
      } catch (GrubFail e) {
        return false;
      }
      switch (kind) {
        case FILE -> {
          if (key.startsWith("/")) {
            try {
              Devices.Resolved at =
                  BtrfsSubvolumes.view(m, new Devices.Resolved(v, key, device, Optional.empty()));
              Optional<FileStat> st = Devices.stat(at.volume(), at.path(), true);
              hit = st.isPresent() && st.get().type() == FileType.REGULAR;
            } catch (GrubFail e) {
              hit = false;
            }
          }
        }
        case UUID -> hit = v.uuid().map(u -> u.equalsIgnoreCase(key)).orElse(false);
        case LABEL -> hit = v.label().map(key::equals).orElse(false);
      }
      if (!fromCache && hit && count == 0) {
        m.s.searchCache.put(cacheKey(), device);
      }
      if (hit) {
        count++;
        found.add(device);
        if (var != null) {
          m.env.set(var, device, "search at " + m.where);
        } else {
          m.s.echo(" " + device);
        }
      }
      return hit && var != null;
    }
  }

  /** {@code probe --set=VAR -u|-l DEVICE}: a filesystem's UUID or label. */
  static int probe(Machine m, List<String> args) throws IOException, GrubFail {
    Options.Parsed p;
    try {
      p =
          Options.parse(
              args,
              List.of(
                  Opt.value("set", 's'),
                  Opt.flag("driver", 'd'),
                  Opt.flag("partmap", 'p'),
                  Opt.flag("fs", 'f'),
                  Opt.flag("fs-uuid", 'u'),
                  Opt.flag("label", 'l'),
                  Opt.flag("part-uuid", (char) 0)),
              false);
    } catch (Options.Rejected e) {
      throw new GrubFail(GrubFail.BAD_ARGUMENT, e.getMessage());
    }
    if (p.args.isEmpty()) {
      throw new GrubFail(GrubFail.BAD_ARGUMENT, "one argument expected");
    }
    String dev = p.args.get(0);
    if (dev.startsWith("(") && dev.endsWith(")")) {
      dev = dev.substring(1, dev.length() - 1);
    }
    Volume v = m.s.devices.device(dev).volume();
    Optional<String> value;
    if (p.has("fs-uuid")) {
      value = v.uuid();
    } else if (p.has("label")) {
      value = v.label();
    } else {
      throw new GrubFail(
          GrubFail.NOT_IMPLEMENTED, "probe: only --fs-uuid and --label are evaluated");
    }
    if (value.isEmpty()) {
      throw new GrubFail(GrubFail.NOT_IMPLEMENTED, "the filesystem has none");
    }
    if (p.has("set")) {
      m.env.set(p.value("set"), value.get(), "probe at " + m.where);
    } else {
      m.s.echo(value.get());
    }
    return 0;
  }
}
