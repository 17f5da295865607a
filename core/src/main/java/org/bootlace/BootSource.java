package org.bootlace;

import com.google.common.collect.ImmutableList;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.bootlace.block.BlockDevice;
import org.bootlace.block.BlockDevices;
import org.bootlace.image.AllowedDirectories;
import org.bootlace.internal.Deadline;
import org.bootlace.spi.BootConfigParser;
import org.bootlace.spi.ConfigContext;
import org.bootlace.spi.ConfigLocation;
import org.bootlace.spi.DriverContext;
import org.bootlace.spi.Drivers;
import org.bootlace.spi.FileSystem;
import org.bootlace.spi.FilesystemDriver;
import org.bootlace.spi.ImageFiles;
import org.bootlace.spi.ImageFormat;
import org.bootlace.spi.NestedDevice;
import org.bootlace.spi.Partition;
import org.bootlace.spi.Probe;
import org.bootlace.spi.Warnings;

/**
 * A guest disk image, opened read-only: its partitions, its filesystems, its boot menu and what it
 * boots. Every operation is bounded by the {@link Limits} of its {@link BootOptions}; operations on
 * one source run one at a time, while the {@link GuestFile}s they return may be read from any
 * thread.
 *
 * <pre>{@code
 * try (BootSource source = BootSource.open(Path.of("guest.img"))) {
 *   BootRecord boot = source.resolveBoot();
 *   boot.kernel().copyTo(Path.of("vmlinuz"));
 * }
 * }</pre>
 */
public final class BootSource implements Closeable {
  /**
   * Debug-level notes on what bootlace decided and why: probes, the drivers chosen, the
   * configuration found, limits reached. {@code System.Logger} routes to whatever logging the
   * application has (java.util.logging by default, SLF4J or Log4j through their bridges).
   */
  private static final System.Logger LOG = System.getLogger("org.bootlace");

  private final BlockDevice file;
  private final boolean ownsFile;
  private final BootOptions options;
  private final Drivers drivers;
  private final Limits limits;
  private final Deadline deadline = new Deadline();
  private final Warnings warnings = new Warnings();
  private final String imageFormat;
  private final List<String> formatProbes = new ArrayList<>();
  private final BlockDevice disk;
  private final DiskLayout layout;
  private final Map<Partition, VolumeOrWhy> volumes = new HashMap<>();

  /** The nested devices each partition's filesystem exposes, as partitions of their own. */
  private final Map<Partition, List<Partition>> nested = new HashMap<>();

  private List<Partition> assembled;
  private BootMenu menu;
  private boolean closed;

  /** A partition's volume, or why it has none. */
  private record VolumeOrWhy(Optional<Volume> volume, String why) {}

  private final ImageFiles imageFiles;

  private BootSource(BlockDevice file, boolean ownsFile, Optional<Path> path, BootOptions options)
      throws IOException {
    this.file = file;
    this.ownsFile = ownsFile;
    this.options = options;
    this.drivers = options.drivers().orElseGet(Drivers::discover);
    this.limits = options.limits();
    this.imageFiles =
        path.isPresent()
            ? AllowedDirectories.forImage(
                path.get(), options.allowedBackingDirs(), limits, deadline)
            : ImageFiles.none("the image was given as a device, without a path");
    deadline.arm(limits.timeout());
    try {
      BlockDevice timed = BlockDevices.withDeadline(file, deadline);
      ImageFormat format = detectFormat(timed);
      this.imageFormat = format.name();
      this.disk = format.open(timed, new DriverContext(limits, warnings, imageFiles));
      try {
        this.layout =
            options.partitionOffset().isPresent()
                ? DiskLayout.atOffset(disk, options.partitionOffset().getAsLong())
                : DiskLayout.read(disk, drivers, context());
      } catch (IOException | RuntimeException e) {
        disk.close();
        throw e;
      }
    } catch (LimitExceededException e) {
      LOG.log(System.Logger.Level.DEBUG, () -> file + ": " + e.getMessage());
      throw e;
    } finally {
      deadline.disarm();
    }
  }

  /**
   * Opens an image file or a block device with default options.
   *
   * @param image the image file or block device, opened read-only
   * @return the open source, which the caller closes
   * @throws IOException when the image cannot be read; a {@link BootlaceException} when it is not
   *     recognized, is corrupt or unsupported, or reaches a limit
   */
  public static BootSource open(Path image) throws IOException {
    return open(image, BootOptions.defaults());
  }

  /**
   * Opens an image file or a block device.
   *
   * @param image the image file or block device, opened read-only
   * @param options the options, with the limits every operation keeps
   * @return the open source, which the caller closes
   * @throws IOException when the image cannot be read; a {@link BootlaceException} when it is not
   *     recognized, is corrupt or unsupported, or reaches a limit
   */
  public static BootSource open(Path image, BootOptions options) throws IOException {
    BlockDevice dev = BlockDevices.open(image);
    try {
      return new BootSource(dev, true, Optional.of(image), options);
    } catch (IOException | RuntimeException e) {
      dev.close();
      throw e;
    }
  }

  /**
   * Reads {@code device}, which stays owned by the caller. Files the image names (backing files)
   * cannot be opened: the image has no directory.
   *
   * @param device the image's bytes
   * @param options the options, with the limits every operation keeps
   * @return the open source, which the caller closes (the device stays open)
   * @throws IOException when the image cannot be read; a {@link BootlaceException} when it is not
   *     recognized, is corrupt or unsupported, or reaches a limit
   */
  public static BootSource open(BlockDevice device, BootOptions options) throws IOException {
    return new BootSource(device, false, Optional.empty(), options);
  }

  /**
   * Reads {@code device}, which stays owned by the caller, as the image file at {@code path}: the
   * files the image names (backing files, parents, extents) resolve against its directory, under
   * {@link BootOptions#allowedBackingDirs()}.
   *
   * @param device the image's bytes
   * @param path where the image file is, for the files it names
   * @param options the options, with the limits every operation keeps
   * @return the open source, which the caller closes (the device stays open)
   * @throws IOException when the image cannot be read; a {@link BootlaceException} when it is not
   *     recognized, is corrupt or unsupported, or reaches a limit
   */
  public static BootSource open(BlockDevice device, Path path, BootOptions options)
      throws IOException {
    return new BootSource(device, false, Optional.of(path), options);
  }

  private DriverContext context() {
    return new DriverContext(limits, warnings);
  }

  private ImageFormat detectFormat(BlockDevice dev) throws IOException {
    if (drivers.imageFormats().isEmpty()) {
      throw new NotRecognizedException(
          dev
              + ": no image format driver registered (bootlace-core's raw format is found with"
              + " ServiceLoader; a Drivers.builder() must add one)");
    }
    for (ImageFormat f : drivers.imageFormats()) {
      Probe p = f.probe(dev);
      formatProbes.add("image format " + f.name() + ": " + p.detail());
      LOG.log(
          System.Logger.Level.DEBUG, () -> dev + ": image format " + f.name() + ": " + p.detail());
      if (p.matched()) {
        return f;
      }
    }
    throw new NotRecognizedException(dev + ": no image format recognized: " + formatProbes);
  }

  /**
   * The image file format.
   *
   * @return the format's name: {@code raw}, {@code qcow2}, ...
   */
  public String imageFormat() {
    return imageFormat;
  }

  /**
   * The partition table's scheme.
   *
   * @return {@code msdos}, {@code gpt}, or {@code none}
   */
  public String partitionScheme() {
    return layout.scheme;
  }

  /**
   * The partitions in table order; a disk without a table is one whole-disk partition.
   *
   * @return the partitions
   */
  public List<Partition> partitions() {
    return layout.tableOrder;
  }

  /**
   * Tolerated deviations seen so far (a backup GPT used, ...).
   *
   * @return one message per deviation, in the order seen
   */
  public List<String> warnings() {
    return warnings.list();
  }

  /**
   * What every probe answered while the image was read, in order: the image formats, the partition
   * tables, and the filesystem on each partition looked at so far (or why there is none). Errors
   * quote these; {@code bootlace resolve --explain} prints them.
   *
   * @return one line per probe
   */
  public synchronized List<String> probes() {
    List<String> out = new ArrayList<>(formatProbes);
    layout.probes.forEach(p -> out.add("partition table " + p));
    List<Partition> seen = new ArrayList<>();
    for (Partition p : layout.tableOrder) {
      seen.add(p);
      seen.addAll(nested.getOrDefault(p, List.of()));
    }
    if (assembled != null) {
      seen.addAll(assembled);
    }
    for (Partition p : seen) {
      VolumeOrWhy v = volumes.get(p);
      if (v != null) {
        out.add(
            p.device()
                + ": "
                + v.volume().map(vol -> "filesystem " + vol.fsType()).orElse(v.why()));
      }
    }
    return ImmutableList.copyOf(out);
  }

  /**
   * The volumes assembled from the partitions (LVM logical volumes, md arrays; see {@link
   * org.bootlace.spi.VolumeManagerDriver}), in the order they are searched, after every partition.
   *
   * @return the assembled volumes, assembled on the first call
   * @throws IOException when the source is closed or the image cannot be read; a {@link
   *     BootlaceException} for what the image holds (corrupt, unsupported, a limit reached)
   */
  public synchronized List<Partition> assembledVolumes() throws IOException {
    return operation(this::assembled);
  }

  /** Assembled once per source, when first needed. */
  private List<Partition> assembled() throws IOException {
    if (assembled == null) {
      assembled = VolumeLayer.assemble(layout.searchOrder, drivers.volumeManagers(), context());
    }
    return assembled;
  }

  /**
   * Every partition that holds a filesystem bootlace can read, in table order, each followed by the
   * volumes nested in its filesystem (an ISO's El Torito EFI image), then every assembled volume
   * that holds one.
   *
   * @return the volumes
   * @throws IOException when the source is closed or the image cannot be read; a {@link
   *     BootlaceException} for what the image holds (corrupt, unsupported, a limit reached)
   */
  public synchronized List<Volume> volumes() throws IOException {
    return operation(this::openAll);
  }

  /**
   * The volume on a partition of the table.
   *
   * @param number the partition's number: 1-based; 0 for a whole-disk filesystem
   * @return the volume, or empty when there is no such partition or no filesystem bootlace reads
   * @throws IOException when the source is closed or the image cannot be read; a {@link
   *     BootlaceException} for what the image holds (corrupt, unsupported, a limit reached)
   */
  public synchronized Optional<Volume> volume(int number) throws IOException {
    return operation(
        () -> {
          for (Partition p : layout.tableOrder) {
            if (p.number() == number) {
              return volumeOf(p).volume();
            }
          }
          return Optional.empty();
        });
  }

  private List<Volume> openAll() throws IOException {
    List<Volume> out = new ArrayList<>();
    for (Partition p : layout.tableOrder) {
      volumeOf(p).volume().ifPresent(out::add);
      for (Partition n : nestedOf(p)) {
        volumeOf(n).volume().ifPresent(out::add);
      }
    }
    for (Partition p : assembled()) {
      volumeOf(p).volume().ifPresent(out::add);
    }
    return out;
  }

  /**
   * The devices nested in {@code p}'s filesystem ({@link FileSystem#nestedDevices()}), each a
   * partition numbered from 1 within its parent and named by its scheme: {@code (hd0,eltorito1)}.
   * One level deep; a parent whose nested devices cannot be read keeps its own volume, with a
   * warning.
   */
  private List<Partition> nestedOf(Partition p) throws IOException {
    List<Partition> known = nested.get(p);
    if (known != null) {
      return known;
    }
    List<Partition> out = new ArrayList<>();
    Optional<Volume> v = volumeOf(p).volume();
    if (v.isPresent()) {
      try {
        List<NestedDevice> devices = v.get().fileSystem().nestedDevices();
        Limits.check(
            "maxPartitions",
            limits.maxPartitions(),
            devices.size(),
            "devices nested in " + p.device());
        for (NestedDevice d : devices) {
          out.add(
              Partition.builder()
                  .number(out.size() + 1)
                  .scheme(d.scheme())
                  .type(d.description())
                  .typeName(Optional.of(d.description()))
                  .offset(p.offset() + d.offset())
                  .length(d.device().size())
                  .device(d.device())
                  .build());
        }
      } catch (LimitExceededException e) {
        throw e;
      } catch (BootlaceException e) {
        warnings.add("devices nested in " + p.device() + " not read: " + e.getMessage());
      }
    }
    for (Partition n : out) {
      nested.put(n, List.of()); // one level deep
    }
    nested.put(p, List.copyOf(out));
    return out;
  }

  private VolumeOrWhy volumeOf(Partition p) throws IOException {
    VolumeOrWhy known = volumes.get(p);
    if (known != null) {
      return known;
    }
    List<String> answers = new ArrayList<>();
    VolumeOrWhy result = null;
    for (FilesystemDriver d : drivers.filesystems()) {
      Probe probe;
      try {
        probe = d.probe(p.device());
      } catch (IOException e) {
        probe = Probe.no("probe failed: " + e.getMessage());
      }
      if (!probe.matched()) {
        answers.add(d.name() + ": " + probe.detail());
        continue;
      }
      try {
        FileSystem fs = d.open(p.device(), context());
        result = new VolumeOrWhy(Optional.of(new Volume(0, p, fs, limits, deadline)), "");
      } catch (LimitExceededException e) {
        throw e;
      } catch (BootlaceException e) {
        result = new VolumeOrWhy(Optional.empty(), d.name() + ": " + e.getMessage());
      }
      break;
    }
    if (result == null) {
      result =
          new VolumeOrWhy(
              Optional.empty(),
              drivers.filesystems().isEmpty()
                  ? "no filesystem driver registered (add bootlace-fs-ext, bootlace-fs-iso9660, ...,"
                      + " or bootlace-all, to the class path)"
                  : "no filesystem recognized " + answers);
    }
    volumes.put(p, result);
    VolumeOrWhy logged = result;
    LOG.log(
        System.Logger.Level.DEBUG,
        () ->
            p.device()
                + ": "
                + logged.volume().map(v -> "filesystem " + v.fsType()).orElse(logged.why()));
    return result;
  }

  /**
   * The boot menu bootlace finds first, searching partitions and config paths as pygrub does.
   *
   * @return the menu, found and evaluated on the first call
   * @throws NoBootConfigException when no volume holds a usable configuration; the message lists
   *     what was searched
   * @throws IOException when the source is closed or the image cannot be read; a {@link
   *     BootlaceException} for what the image holds (corrupt, unsupported, a limit reached)
   */
  public synchronized BootMenu menu() throws IOException {
    return operation(this::findMenu);
  }

  /**
   * Resolves the entry {@link BootOptions#entry()} names, or the default one.
   *
   * @return what to boot
   * @throws BootEntryException when the entry cannot be booted, or there is no such entry
   * @throws IOException when the source is closed or the image cannot be read; a {@link
   *     BootlaceException} for what the image holds (corrupt, unsupported, a limit reached)
   */
  public synchronized BootRecord resolveBoot() throws IOException {
    return operation(() -> new Resolution(this).resolve(options.entry()));
  }

  /**
   * Resolves the entry {@code selector} names; see {@link BootMenu#find(String)}.
   *
   * @param selector an index path, a path of titles or ids, or a title
   * @return what to boot
   * @throws BootEntryException when the entry cannot be booted, or there is no such entry
   * @throws IOException when the source is closed or the image cannot be read; a {@link
   *     BootlaceException} for what the image holds (corrupt, unsupported, a limit reached)
   */
  public synchronized BootRecord resolveBoot(String selector) throws IOException {
    return operation(() -> new Resolution(this).resolve(Optional.of(selector)));
  }

  /**
   * Resolves the entry at index path {@code indexPath} as edited in a menu before booting (pygrub's
   * {@code e} key): {@code kernel} and {@code ramdisks} are paths on the volume of the entry's
   * kernel, replacing the entry's; {@code args} replaces its command line, and {@link
   * BootOptions#extraArgs()} is appended as usual. The limits apply as to any boot.
   *
   * @param indexPath the entry's index path ({@code 1>0})
   * @param kernel the kernel's path
   * @param ramdisks the ramdisks' paths, in load order
   * @param args the command line
   * @return what to boot
   * @throws BootEntryException when there is no such entry, or the files cannot be booted
   * @throws IOException when the source is closed or the image cannot be read; a {@link
   *     BootlaceException} for what the image holds (corrupt, unsupported, a limit reached)
   */
  public synchronized BootRecord resolveEdited(
      String indexPath, String kernel, List<String> ramdisks, String args) throws IOException {
    Objects.requireNonNull(kernel, "kernel");
    Objects.requireNonNull(args, "args");
    List<String> paths = List.copyOf(ramdisks);
    return operation(() -> new Resolution(this).resolveEdited(indexPath, kernel, paths, args));
  }

  /**
   * Resolves {@code entry}, which must be an entry of this source's {@link #menu()} (an entry of
   * another source's menu is a caller bug). The entry must be the very object the menu holds: a
   * copy, changed or not, is refused, as is an entry of another source's menu even when equal.
   *
   * @param entry an entry of {@link #menu()}, at any depth
   * @return what to boot
   * @throws IllegalArgumentException when {@code entry} is not an entry of this source's menu
   * @throws BootEntryException when the entry cannot be booted
   * @throws IOException when the source is closed or the image cannot be read; a {@link
   *     BootlaceException} for what the image holds (corrupt, unsupported, a limit reached)
   */
  public synchronized BootRecord resolveBoot(MenuEntry entry) throws IOException {
    Objects.requireNonNull(entry, "entry");
    Optional<MenuEntry> same = menu().find(entry.indexPath());
    if (same.isEmpty() || same.get() != entry) {
      throw new IllegalArgumentException(
          "entry "
              + entry.indexPath()
              + " '"
              + entry.title()
              + "' is not an entry of "
              + file
              + "'s menu");
    }
    return resolveBoot(entry.indexPath());
  }

  /**
   * Work that reads the image through this source, for {@link #withinTimeout}.
   *
   * @param <T> what the work returns
   */
  @FunctionalInterface
  public interface Work<T> {
    /**
     * Does the work.
     *
     * @return its result
     * @throws IOException as the reads it makes throw
     */
    T run() throws IOException;
  }

  /**
   * Runs {@code work} as one operation of this source, under one time budget of {@link
   * Limits#timeout()} from now: every path lookup and block read it makes through this source's
   * volumes and files on the calling thread checks the budget, as {@link #resolveBoot()}'s do, and
   * the operations of this source it calls share it. Reading guest files outside such a call is
   * bounded by the size limits only ({@link GuestFile#copyTo} is never bounded by time: copying is
   * linear in the file's size). Unlike {@link #resolveBoot()}, the work does not hold the source's
   * lock: other threads' operations run beside it, and {@link #close()} does not wait for it.
   *
   * @param <T> what the work returns
   * @param work the work, for example reading a few guest files
   * @return what {@code work} returned
   * @throws LimitExceededException (limit {@code timeout}) when the budget is spent, or a limit the
   *     work reached
   * @throws IOException as {@code work} throws, or when the source is closed
   */
  public <T> T withinTimeout(Work<T> work) throws IOException {
    return operation(work);
  }

  /**
   * Runs one public operation: the source must be open, the calling thread gets its own budget for
   * the operation's length, and a limit reached is logged before it is thrown. An operation called
   * inside another (from {@link #withinTimeout}) runs under the outer budget.
   */
  private <T> T operation(Work<T> body) throws IOException {
    if (closed) {
      throw new IOException(file + ": the source was closed");
    }
    if (deadline.armed()) {
      return body.run();
    }
    deadline.arm(limits.timeout());
    try {
      return body.run();
    } catch (LimitExceededException e) {
      LOG.log(System.Logger.Level.DEBUG, () -> file + ": " + e.getMessage());
      throw e;
    } finally {
      deadline.disarm();
    }
  }

  BootOptions options() {
    return options;
  }

  /** {@return the bounds this source was opened with, for readers that work beside it} */
  public Limits limits() {
    return limits;
  }

  /**
   * Volumes in search order (the partitions, each followed by its nested volumes, then the
   * assembled volumes), with the reason for each that has none.
   */
  List<Volume> searchVolumes(List<String> skipped) throws IOException {
    List<Volume> out = new ArrayList<>();
    List<Partition> order = new ArrayList<>();
    for (Partition p : layout.searchOrder) {
      order.add(p);
      order.addAll(nestedOf(p));
    }
    order.addAll(assembled());
    for (Partition p : order) {
      VolumeOrWhy v = volumeOf(p);
      if (v.volume().isPresent()) {
        out.add(v.volume().get());
      } else {
        skipped.add(p.device() + ": " + v.why());
      }
    }
    return out;
  }

  Provenance provenance(Volume v, Optional<BootMenu> menu) {
    Partition p = v.partition();
    return Provenance.builder()
        .imageFormat(imageFormat)
        .partitionNumber(p.number())
        .partitionScheme(p.scheme())
        .partitionType(p.type())
        .partitionOffset(p.offset())
        .fsType(v.fsType())
        .fsUuid(v.uuid())
        .fsLabel(v.label())
        .config(menu.map(BootMenu::config))
        .parser(menu.map(BootMenu::parser))
        .warnings(
            ImmutableList.<String>builder()
                .addAll(warnings.list())
                .addAll(menu.map(BootMenu::warnings).orElse(List.of()))
                .build())
        .build();
  }

  /** The menu, searched and evaluated once per source: the image does not change under us. */
  BootMenu findMenu() throws IOException {
    if (menu == null) {
      menu = searchMenu();
    }
    return menu;
  }

  private BootMenu searchMenu() throws IOException {
    List<String> searched = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    List<Located> locations = locations();
    for (Volume v : searchVolumes(searched)) {
      List<String> here = new ArrayList<>();
      search:
      for (Located loc : locations) {
        here.add(loc.location.path());
        for (String path : expand(v, loc.location.path())) {
          if (!v.isFile(path)) {
            continue;
          }
          try {
            byte[] content = loc.location.presenceOnly() ? new byte[0] : v.readConfig(path);
            LOG.log(
                System.Logger.Level.DEBUG,
                () -> "(" + v.grubDevice() + ")" + path + ": read by " + loc.parser.name());
            return loc.parser.parse(new Context(v, path, content));
          } catch (LimitExceededException e) {
            throw e;
          } catch (BootlaceException e) {
            // pygrub moves on to the next partition when a config cannot be used; so do we,
            // but the reason stays visible.
            failures.add(v.grubDevice() + path + ": " + e.getMessage());
            warnings.add("skipped " + path + " on (" + v.grubDevice() + "): " + e.getMessage());
            break search;
          }
        }
      }
      searched.add(
          "(" + v.grubDevice() + ") " + v.fsType() + ": " + String.join(", ", dedup(here)));
    }
    StringBuilder msg = new StringBuilder("no usable boot configuration found in ").append(file);
    if (drivers.configParsers().isEmpty()) {
      msg.append(
          "; no boot configuration parser registered (add bootlace-grub-config,"
              + " bootlace-syslinux-config, ..., or bootlace-all, to the class path)");
    }
    msg.append("; partition tables: ").append(String.join("; ", layout.probes));
    msg.append("; searched: ").append(String.join("; ", searched));
    if (!failures.isEmpty()) {
      msg.append("; unusable: ").append(String.join("; ", failures));
    }
    throw new NoBootConfigException(msg.toString());
  }

  /**
   * The paths a location names on {@code v}: itself, or for each {@code *} component every
   * directory there, in name order (an EFI system partition's {@code /EFI/<vendor>/grub.cfg}); a
   * {@code *SUFFIX} component keeps only the names ending in SUFFIX, without case.
   */
  private static List<String> expand(Volume v, String pattern) throws IOException {
    if (!pattern.contains("*")) {
      return List.of(pattern);
    }
    List<String> prefixes = List.of("");
    for (String part : pattern.substring(1).split("/")) {
      List<String> next = new ArrayList<>();
      for (String prefix : prefixes) {
        if (!part.startsWith("*")) {
          next.add(prefix + "/" + part);
        } else if (v.isDirectory(prefix.isEmpty() ? "/" : prefix)) {
          String suffix = part.substring(1).toLowerCase(Locale.ROOT);
          v.list(prefix.isEmpty() ? "/" : prefix).stream()
              .map(e -> e.name())
              .filter(name -> name.toLowerCase(Locale.ROOT).endsWith(suffix))
              .sorted()
              .forEach(name -> next.add(prefix + "/" + name));
        }
      }
      prefixes = next;
    }
    return prefixes;
  }

  private static List<String> dedup(List<String> paths) {
    return paths.stream().distinct().toList();
  }

  private record Located(ConfigLocation location, BootConfigParser parser) {}

  /** Every parser's locations, ordered by rank; ties keep parser order. */
  private List<Located> locations() {
    List<Located> all = new ArrayList<>();
    for (BootConfigParser p : drivers.configParsers()) {
      for (ConfigLocation l : p.locations()) {
        all.add(new Located(l, p));
      }
    }
    // A plain lambda: Comparator.comparingInt spins a hidden class at run time, at every start.
    all.sort((a, b) -> Integer.compare(a.location.rank(), b.location.rank()));
    return all;
  }

  /** The narrow view a config parser gets. */
  private final class Context implements ConfigContext {
    private final Volume volume;
    private final String path;
    private final byte[] content;

    Context(Volume volume, String path, byte[] content) {
      this.volume = volume;
      this.path = path;
      this.content = content;
    }

    @Override
    public Volume volume() {
      return volume;
    }

    @Override
    public String path() {
      return path;
    }

    @Override
    public byte[] content() {
      return content.clone();
    }

    @Override
    public List<Volume> volumes() throws IOException {
      return openAll();
    }

    @Override
    public Optional<Volume> partition(int number) throws IOException {
      for (Partition p : layout.tableOrder) {
        if (p.number() == number) {
          return volumeOf(p).volume();
        }
      }
      return Optional.empty();
    }

    @Override
    public Limits limits() {
      return limits;
    }

    @Override
    public Map<String, String> variables() {
      return options.variables();
    }

    @Override
    public BootOptions.Platform platform() {
      return options.platform();
    }

    @Override
    public Deadline deadline() {
      return deadline;
    }
  }

  /**
   * Closes the image and every filesystem opened on it. Waits for an operation under way on another
   * thread to end; reads of {@link GuestFile}s made after it fail with an error naming the image.
   * Closing twice does nothing.
   */
  @Override
  public synchronized void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    IOException first = null;
    for (VolumeOrWhy v : volumes.values()) {
      if (v.volume().isPresent()) {
        try {
          v.volume().get().fileSystem().close();
        } catch (IOException e) {
          first = first == null ? e : first;
        }
      }
    }
    try {
      disk.close(); // a decoded image releases its backing files; a raw view releases nothing
    } catch (IOException e) {
      first = first == null ? e : first;
    }
    if (ownsFile) {
      file.close();
    }
    if (first != null) {
      throw first;
    }
  }

  @Override
  public String toString() {
    return file.toString();
  }
}
