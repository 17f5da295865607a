package org.bootlace.sdboot;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.bootlace.BootMenu;
import org.bootlace.BootTarget;
import org.bootlace.BootlaceException;
import org.bootlace.EntryKind;
import org.bootlace.FileRef;
import org.bootlace.LimitExceededException;
import org.bootlace.Limits;
import org.bootlace.MenuEntry;
import org.bootlace.SourceLocation;
import org.bootlace.Volume;
import org.bootlace.spi.BootConfigParser;
import org.bootlace.spi.ConfigContext;
import org.bootlace.spi.ConfigLocation;
import org.bootlace.spi.DirEntry;

/**
 * systemd-boot, as it builds its menu: {@code /loader/loader.conf} ({@code default} glob, {@code
 * timeout}), Type 1 entries ({@code /loader/entries/*.conf}) and Type 2 unified kernel images
 * ({@code /EFI/Linux/*.efi}) of the EFI system partition and of the extended boot partition
 * (XBOOTLDR) of the same disk, with boot counting, sorted as systemd-boot sorts them.
 *
 * <p>Found by systemd-boot's own binary on the partition, by loader.conf, or by a Type 1 entry; a
 * partition holding only {@code /EFI/Linux/*.efi} is not searched (a UKI is too large to be read
 * as a configuration file). Entries for another architecture than x64 are left out with a warning.
 */
public final class SystemdBootParser implements BootConfigParser {
  static final String ESP = "c12a7328-f81f-11d2-ba4b-00a0c93ec93b";
  static final String XBOOTLDR = "bc13c2ff-59e6-4262-a352-b275fd6f7172";
  /** systemd-boot's name for the x86-64 UEFI architecture, as the {@code architecture} key says it. */
  static final String ARCHITECTURE = "x64";

  @Override
  public String name() {
    return "systemd-boot";
  }

  @Override
  public List<ConfigLocation> locations() {
    // The binary is the strongest sign and comes first; loader.conf and Type 1 entries come after
    // GRUB's locations, since a Fedora /boot holds BLS entries that GRUB reads.
    return List.of(
        new ConfigLocation("/EFI/systemd/systemd-bootx64.efi", 90),
        new ConfigLocation("/loader/loader.conf", 170),
        new ConfigLocation("/loader/entries/*", 171));
  }

  /** One entry before sorting. */
  private record Candidate(
      EntryName name,
      String title,
      Optional<String> version,
      Optional<String> sortKey,
      Optional<String> machineId,
      EntryKind kind,
      Optional<BootTarget> target,
      SourceLocation source,
      List<String> notes) {}

  /** systemd-boot's order: see the class comment of {@link VersionCompare} for versions. */
  static final Comparator<Candidate> ORDER = (a, b) -> {
    int r = Boolean.compare(a.name.bad(), b.name.bad());
    if (r != 0) {
      return r;
    }
    r = Boolean.compare(a.sortKey.isEmpty(), b.sortKey.isEmpty());
    if (r != 0) {
      return r;
    }
    if (a.sortKey.isPresent()) {
      r = a.sortKey.get().compareTo(b.sortKey.get());
      if (r != 0) {
        return r;
      }
      r = compareNullable(a.machineId.orElse(null), b.machineId.orElse(null));
      if (r != 0) {
        return r;
      }
      r = -VersionCompare.INSTANCE.compare(a.version.orElse(null), b.version.orElse(null));
      if (r != 0) {
        return r;
      }
    }
    r = -VersionCompare.INSTANCE.compare(a.name.id(), b.name.id());
    if (r != 0 || a.name.triesLeft().isEmpty() || b.name.triesLeft().isEmpty()) {
      return r;
    }
    r = -Integer.compare(a.name.triesLeft().getAsInt(), b.name.triesLeft().getAsInt());
    if (r != 0) {
      return r;
    }
    return Integer.compare(a.name.triesDone().getAsInt(), b.name.triesDone().getAsInt());
  };

  private static int compareNullable(String a, String b) {
    if (a == null || b == null) {
      return Boolean.compare(a != null, b != null);
    }
    return a.compareTo(b);
  }

  @Override
  public BootMenu parse(ConfigContext context) throws IOException {
    Volume esp = context.volume();
    Limits limits = context.limits();
    List<String> warnings = new ArrayList<>();
    List<Volume> volumes = new ArrayList<>();
    volumes.add(esp);
    for (Volume v : context.volumes()) {
      String type = v.partition().type().toLowerCase(Locale.ROOT);
      if (v != esp && (type.equals(XBOOTLDR) || type.equals(ESP))) {
        volumes.add(v);
      }
    }
    Optional<String> defaultPattern = Optional.empty();
    Optional<Integer> timeout = Optional.empty();
    String conf = "/loader/loader.conf";
    FileRef config = new FileRef(esp, context.path());
    int defaultLine = 0;
    if (esp.isFile(conf)) {
      config = new FileRef(esp, conf);
      EntryFile loader = EntryFile.parse(esp.readConfig(conf));
      defaultPattern = loader.last("default");
      defaultLine = loader.lineOf("default");
      Optional<String> t = loader.last("timeout");
      if (t.isPresent()) {
        if (t.get().matches("\\d{1,9}")) {
          timeout = Optional.of(Integer.parseInt(t.get()));
        } else {
          warnings.add(conf + ": timeout " + t.get() + " is not a number of seconds");
        }
      }
    }
    List<Candidate> candidates = new ArrayList<>();
    for (Volume v : volumes) {
      type1(v, limits, candidates, warnings);
      type2(v, limits, candidates, warnings);
    }
    candidates.sort(ORDER);
    List<MenuEntry> entries = new ArrayList<>();
    for (Candidate c : candidates) {
      entries.add(new MenuEntry(List.of(entries.size()), c.title, Optional.of(c.name.id()), c.kind,
          c.target, List.of(), c.source, c.notes));
    }
    Optional<List<Integer>> chosen = Optional.empty();
    String reason;
    if (defaultPattern.isPresent()) {
      for (MenuEntry e : entries) {
        if (Glob.matches(defaultPattern.get(), e.id().orElse(""))) {
          chosen = Optional.of(e.index());
          break;
        }
      }
    }
    if (chosen.isPresent()) {
      reason = "\"default " + defaultPattern.get() + "\" at " + conf + ":" + defaultLine;
    } else {
      if (defaultPattern.isPresent()) {
        warnings.add(conf + ":" + defaultLine + ": default " + defaultPattern.get() + " matches no entry");
      }
      chosen = entries.isEmpty() ? Optional.empty() : Optional.of(List.of(0));
      reason = entries.isEmpty() ? "no entries" : "the first entry in systemd-boot's order";
    }
    return new BootMenu(name(), config, entries, chosen, reason, timeout, warnings);
  }

  private static List<String> names(Volume v, String dir, String suffix, Limits limits) throws IOException {
    if (!v.isDirectory(dir)) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (DirEntry e : v.list(dir)) {
      String n = e.name();
      if (!n.startsWith(".") && n.toLowerCase(Locale.ROOT).endsWith(suffix)) {
        out.add(n);
      }
    }
    Limits.check("maxMenuEntries", limits.maxMenuEntries(), out.size(),
        "(" + v.grubDevice() + ")" + dir + ": *" + suffix + " files");
    out.sort(Comparator.naturalOrder());
    return out;
  }

  private static void type1(Volume v, Limits limits, List<Candidate> out, List<String> warnings)
      throws IOException {
    String dir = "/loader/entries";
    for (String n : names(v, dir, ".conf", limits)) {
      String path = dir + "/" + n;
      if (!v.isFile(path)) {
        continue;
      }
      EntryFile f = EntryFile.parse(v.readConfig(path));
      String where = "(" + v.grubDevice() + ")" + path;
      Optional<String> arch = f.last("architecture");
      if (arch.isPresent() && !arch.get().equalsIgnoreCase(ARCHITECTURE)) {
        warnings.add(where + ": for architecture " + arch.get() + ", not " + ARCHITECTURE + "; left out");
        continue;
      }
      EntryName name = EntryName.of(n);
      String title = f.last("title").orElse(name.id());
      String args = String.join(" ", f.all("options"));
      List<String> notes = new ArrayList<>();
      Optional<BootTarget> target = Optional.empty();
      EntryKind kind = EntryKind.OTHER;
      Optional<FileRef> dtb = f.last("devicetree").map(p -> new FileRef(v, p));
      if (f.last("linux").isPresent()) {
        kind = EntryKind.LINUX;
        List<FileRef> initrds = f.all("initrd").stream().map(p -> new FileRef(v, p)).toList();
        target = Optional.of(new BootTarget(new FileRef(v, f.last("linux").get()), initrds, args, dtb, List.of()));
      } else if (f.last("efi").isPresent()) {
        FileRef efi = new FileRef(v, f.last("efi").get());
        kind = EntryKind.CHAINLOAD;
        try {
          Optional<Uki> uki = v.isFile(efi.path()) ? Uki.read(efi, limits) : Optional.empty();
          if (uki.isPresent()) {
            kind = EntryKind.LINUX;
            // Options written in the entry replace the image's own command line, as systemd-stub
            // does without Secure Boot.
            String cmdline = f.all("options").isEmpty() ? uki.get().cmdline().orElse("") : args;
            target = Optional.of(new BootTarget(uki.get().kernel(),
                uki.get().initrd().map(List::of).orElse(List.of()), cmdline, dtb, List.of()));
          } else {
            notes.add("efi " + efi.path() + " is an EFI program, not a unified kernel image");
          }
        } catch (LimitExceededException e) {
          throw e;
        } catch (BootlaceException e) {
          notes.add("efi " + efi.path() + ": " + e.getMessage());
        }
      } else {
        notes.add("neither linux nor efi");
      }
      out.add(new Candidate(name, title, f.last("version"), f.last("sort-key"), f.last("machine-id"),
          kind, target, new SourceLocation(where, 1), notes));
    }
  }

  private static void type2(Volume v, Limits limits, List<Candidate> out, List<String> warnings)
      throws IOException {
    String dir = "/EFI/Linux";
    for (String n : names(v, dir, ".efi", limits)) {
      String path = dir + "/" + n;
      if (!v.isFile(path)) {
        continue;
      }
      String where = "(" + v.grubDevice() + ")" + path;
      FileRef ref = new FileRef(v, path);
      Optional<Uki> uki;
      try {
        uki = Uki.read(ref, limits);
      } catch (LimitExceededException e) {
        throw e;
      } catch (BootlaceException e) {
        warnings.add(where + ": " + e.getMessage() + "; left out");
        continue;
      }
      if (uki.isEmpty()) {
        warnings.add(where + ": no .linux section, not a unified kernel image; left out");
        continue;
      }
      Uki u = uki.get();
      Map<String, String> os = u.osRelease();
      EntryName name = EntryName.of(n);
      String title = first(os, "PRETTY_NAME", "NAME", "ID").orElse(name.id());
      Optional<String> version = first(os, "IMAGE_VERSION", "VERSION", "VERSION_ID", "BUILD_ID");
      if (version.isEmpty()) {
        version = u.uname();
      }
      Optional<String> sortKey = first(os, "IMAGE_ID", "ID");
      BootTarget target = new BootTarget(u.kernel(), u.initrd().map(List::of).orElse(List.of()),
          u.cmdline().orElse(""), Optional.empty(), List.of());
      out.add(new Candidate(name, title, version, sortKey, Optional.empty(), EntryKind.LINUX,
          Optional.of(target), new SourceLocation(where, 1), List.of()));
    }
  }

  private static Optional<String> first(Map<String, String> os, String... keys) {
    for (String k : keys) {
      String v = os.get(k);
      if (v != null && !v.isEmpty()) {
        return Optional.of(v);
      }
    }
    return Optional.empty();
  }
}
