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
import org.bootlace.pe.UnifiedKernelImage;
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
 * <p>Found by systemd-boot's own binary on the partition, by loader.conf, by a Type 1 entry, or by
 * a unified kernel image in {@code /EFI/Linux} (systemd-boot lists those without any
 * configuration). Entries for another architecture than x64 are left out with a warning.
 *
 * <p>Unified kernel images ({@link UnifiedKernelImage}): one entry per profile, as systemd-boot
 * lists them: the title is the os-release name, followed for a profile by its {@code TITLE} in
 * parentheses (past {@code @0}, without a title, its {@code ID} or {@code Profile #N} counted from
 * 1); the id of a profile past {@code @0} is the file's with {@code @ID} or {@code @N} appended. A
 * Type 1 entry's {@code efi} naming a UKI boots it with the entry's {@code options} as load options
 * (see {@link UnifiedKernelImage#boot}). Images named {@code auto-*.efi} are skipped, as
 * systemd-boot skips them. Unlike systemd-boot, an image without {@code .osrel} is listed too,
 * titled by its file name.
 */
public final class SystemdBootParser implements BootConfigParser {
  static final String ESP = "c12a7328-f81f-11d2-ba4b-00a0c93ec93b";
  static final String XBOOTLDR = "bc13c2ff-59e6-4262-a352-b275fd6f7172";

  /**
   * systemd-boot's name for the x86-64 UEFI architecture, as the {@code architecture} key says it.
   */
  static final String ARCHITECTURE = "x64";

  /**
   * Creates the parser; {@link java.util.ServiceLoader} calls it, as a {@link
   * org.bootlace.spi.BootConfigParser} service.
   */
  public SystemdBootParser() {}

  @Override
  public String name() {
    return "systemd-boot";
  }

  @Override
  public List<ConfigLocation> locations() {
    // The binary is the strongest sign and comes first; loader.conf and Type 1 entries come after
    // GRUB's locations, since a Fedora /boot holds BLS entries that GRUB reads. systemd-boot needs
    // no loader.conf to list Type 2 entries, so a partition holding only /EFI/Linux/*.efi is
    // systemd-boot's too. The binary and the images are signs only, never read as configuration.
    return List.of(
        new ConfigLocation("/EFI/systemd/systemd-bootx64.efi", 90, true),
        new ConfigLocation("/loader/loader.conf", 170),
        new ConfigLocation("/loader/entries/*", 171),
        new ConfigLocation("/EFI/Linux/*.efi", 172, true));
  }

  /** One entry before sorting. */
  private record Candidate(
      EntryName name,
      String fileId,
      int profile,
      String title,
      Optional<String> version,
      Optional<String> sortKey,
      Optional<String> machineId,
      EntryKind kind,
      Optional<BootTarget> target,
      SourceLocation source,
      List<String> notes) {}

  /** systemd-boot's order: see the class comment of {@link VersionCompare} for versions. */
  static final Comparator<Candidate> ORDER =
      (a, b) -> {
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
        // The id without a profile's "@..." first, then the profile: a UKI's profiles stay
        // together,
        // in their order.
        r = -VersionCompare.INSTANCE.compare(a.fileId, b.fileId);
        if (r != 0) {
          return r;
        }
        r = Integer.compare(a.profile, b.profile);
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
      entries.add(
          MenuEntry.builder()
              .index(List.of(entries.size()))
              .title(c.title)
              .id(c.name.id())
              .kind(c.kind)
              .target(c.target)
              .source(c.source)
              .notes(c.notes)
              .build());
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
        warnings.add(
            conf + ":" + defaultLine + ": default " + defaultPattern.get() + " matches no entry");
      }
      chosen = entries.isEmpty() ? Optional.empty() : Optional.of(List.of(0));
      reason = entries.isEmpty() ? "no entries" : "the first entry in systemd-boot's order";
    }
    return BootMenu.builder()
        .parser(name())
        .config(config)
        .entries(entries)
        .defaultEntry(chosen)
        .defaultReason(reason)
        .timeoutSeconds(timeout)
        .warnings(warnings)
        .build();
  }

  private static List<String> names(Volume v, String dir, String suffix, Limits limits)
      throws IOException {
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
    Limits.check(
        "maxMenuEntries",
        limits.maxMenuEntries(),
        out.size(),
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
        warnings.add(
            where + ": for architecture " + arch.get() + ", not " + ARCHITECTURE + "; left out");
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
        target =
            Optional.of(
                BootTarget.builder()
                    .kernel(new FileRef(v, f.last("linux").get()))
                    .initrds(initrds)
                    .args(args)
                    .devicetree(dtb)
                    .build());
      } else if (f.last("efi").isPresent()) {
        FileRef efi = new FileRef(v, f.last("efi").get());
        kind = EntryKind.CHAINLOAD;
        try {
          Optional<UnifiedKernelImage> uki =
              v.isFile(efi.path()) ? UnifiedKernelImage.read(efi, limits) : Optional.empty();
          if (uki.isPresent()) {
            // systemd-boot hands the options to the image as its load options; systemd-stub
            // takes an "@N " profile selector from them and, without Secure Boot, the rest in
            // place of the image's own command line.
            UnifiedKernelImage.Boot boot = uki.get().boot(args);
            kind = EntryKind.LINUX;
            boot.note().ifPresent(notes::add);
            target =
                Optional.of(
                    BootTarget.builder()
                        .kernel(boot.profile().kernel())
                        .initrds(boot.profile().initrds())
                        .args(boot.cmdline())
                        .devicetree(dtb)
                        .build());
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
      out.add(
          new Candidate(
              name,
              name.id(),
              0,
              title,
              f.last("version"),
              f.last("sort-key"),
              f.last("machine-id"),
              kind,
              target,
              new SourceLocation(where, 1),
              notes));
    }
  }

  private static void type2(Volume v, Limits limits, List<Candidate> out, List<String> warnings)
      throws IOException {
    String dir = "/EFI/Linux";
    for (String n : names(v, dir, ".efi", limits)) {
      String path = dir + "/" + n;
      // systemd-boot skips auto-*.efi: those names are its own automatic entries' ids.
      if (!v.isFile(path) || n.toLowerCase(Locale.ROOT).startsWith("auto-")) {
        continue;
      }
      String where = "(" + v.grubDevice() + ")" + path;
      FileRef ref = new FileRef(v, path);
      Optional<UnifiedKernelImage> uki;
      try {
        uki = UnifiedKernelImage.read(ref, limits);
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
      UnifiedKernelImage u = uki.get();
      if (u.declaredProfiles() > UnifiedKernelImage.MAX_PROFILES) {
        warnings.add(
            where
                + ": "
                + u.declaredProfiles()
                + " profiles; systemd-boot lists only @0 to @"
                + (UnifiedKernelImage.MAX_PROFILES - 1));
      }
      EntryName file = EntryName.of(n);
      for (int p = 0; p < u.listedProfiles(); p++) {
        UnifiedKernelImage.Profile profile;
        try {
          profile = u.profile(p);
        } catch (LimitExceededException e) {
          throw e;
        } catch (BootlaceException e) {
          warnings.add(where + ": " + e.getMessage() + "; left out");
          continue;
        }
        Map<String, String> os = profile.osRelease();
        String name = first(os, "PRETTY_NAME", "NAME", "ID").orElse(file.id());
        Optional<String> version = first(os, "IMAGE_VERSION", "VERSION", "VERSION_ID", "BUILD_ID");
        if (version.isEmpty()) {
          version = profile.uname();
        }
        Optional<String> sortKey = first(os, "IMAGE_ID", "ID");
        Optional<String> profileId = first(profile.metadata(), "ID");
        Optional<String> profileTitle = first(profile.metadata(), "TITLE");
        // systemd-boot's titles and ids for profiles: the profile's TITLE, else (past @0) its ID or
        // its number counted from 1; ids past @0 get "@" and the profile's ID or number.
        String title =
            profileTitle.isPresent()
                ? name + " (" + profileTitle.get() + ")"
                : p == 0 ? name : name + " (" + profileId.orElse("Profile #" + (p + 1)) + ")";
        EntryName entryName =
            p == 0
                ? file
                : new EntryName(
                    file.id() + "@" + profileId.orElse(Integer.toString(p)),
                    file.triesLeft(),
                    file.triesDone());
        BootTarget target =
            BootTarget.builder()
                .kernel(profile.kernel())
                .initrds(profile.initrds())
                .args(profile.cmdline().orElse(""))
                .build();
        out.add(
            new Candidate(
                entryName,
                file.id(),
                p,
                title,
                version,
                sortKey,
                Optional.empty(),
                EntryKind.LINUX,
                Optional.of(target),
                new SourceLocation(where, 1),
                profile.declared() ? List.of("profile @" + p + " of " + path) : List.of()));
        Limits.check("maxMenuEntries", limits.maxMenuEntries(), out.size(), "systemd-boot entries");
      }
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
