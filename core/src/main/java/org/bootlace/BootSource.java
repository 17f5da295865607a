package org.bootlace;

import com.google.common.collect.ImmutableList;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bootlace.block.BlockDevice;
import org.bootlace.block.BlockDevices;
import org.bootlace.block.Deadline;
import org.bootlace.spi.BootConfigParser;
import org.bootlace.spi.ConfigContext;
import org.bootlace.spi.ConfigLocation;
import org.bootlace.spi.DriverContext;
import org.bootlace.spi.Drivers;
import org.bootlace.spi.FileSystem;
import org.bootlace.spi.FilesystemDriver;
import org.bootlace.spi.ImageFormat;
import org.bootlace.spi.Partition;
import org.bootlace.spi.Probe;
import org.bootlace.spi.Warnings;

/**
 * A guest disk image, opened read-only: its partitions, its filesystems, its boot menu and what it
 * boots. Every operation is bounded by the {@link Limits} of its {@link BootOptions}; operations
 * on one source run one at a time, while the {@link GuestFile}s they return may be read from any
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
  private final BlockDevice file;
  private final boolean ownsFile;
  private final BootOptions options;
  private final Drivers drivers;
  private final Limits limits;
  private final Deadline deadline = new Deadline();
  private final Warnings warnings = new Warnings();
  private final String imageFormat;
  private final BlockDevice disk;
  private final DiskLayout layout;
  private final Map<Partition, VolumeOrWhy> volumes = new HashMap<>();
  private BootMenu menu;

  /** A partition's volume, or why it has none. */
  private record VolumeOrWhy(Optional<Volume> volume, String why) {}

  private BootSource(BlockDevice file, boolean ownsFile, BootOptions options) throws IOException {
    this.file = file;
    this.ownsFile = ownsFile;
    this.options = options;
    this.drivers = options.drivers().orElseGet(Drivers::discover);
    this.limits = options.limits();
    deadline.arm(limits.timeout());
    try {
      BlockDevice timed = BlockDevices.withDeadline(file, deadline);
      ImageFormat format = detectFormat(timed);
      this.imageFormat = format.name();
      this.disk = format.open(timed, context());
      this.layout =
          options.partitionOffset().isPresent()
              ? DiskLayout.atOffset(disk, options.partitionOffset().getAsLong())
              : DiskLayout.read(disk, drivers, context());
    } finally {
      deadline.disarm();
    }
  }

  /** Opens an image file or a block device with default options. */
  public static BootSource open(Path image) throws IOException {
    return open(image, BootOptions.defaults());
  }

  /** Opens an image file or a block device. */
  public static BootSource open(Path image, BootOptions options) throws IOException {
    BlockDevice dev = BlockDevices.open(image);
    try {
      return new BootSource(dev, true, options);
    } catch (IOException | RuntimeException e) {
      dev.close();
      throw e;
    }
  }

  /** Reads {@code device}, which stays owned by the caller. */
  public static BootSource open(BlockDevice device, BootOptions options) throws IOException {
    return new BootSource(device, false, options);
  }

  private DriverContext context() {
    return new DriverContext(limits, warnings);
  }

  private ImageFormat detectFormat(BlockDevice dev) throws IOException {
    List<String> answers = new ArrayList<>();
    for (ImageFormat f : drivers.imageFormats()) {
      Probe p = f.probe(dev);
      if (p.matched()) {
        return f;
      }
      answers.add(f.name() + ": " + p.detail());
    }
    throw new NotRecognizedException(dev + ": no image format recognized: " + answers);
  }

  /** The image file format: {@code raw}, {@code qcow2}, ... */
  public String imageFormat() {
    return imageFormat;
  }

  /** The partition table's scheme: {@code msdos}, {@code gpt}, or {@code none}. */
  public String partitionScheme() {
    return layout.scheme;
  }

  /** The partitions in table order; a disk without a table is one whole-disk partition. */
  public List<Partition> partitions() {
    return layout.tableOrder;
  }

  /** Tolerated deviations seen so far (a backup GPT used, ...). */
  public List<String> warnings() {
    return warnings.list();
  }

  /** Every partition that holds a filesystem bootlace can read, in table order. */
  public synchronized List<Volume> volumes() throws IOException {
    deadline.arm(limits.timeout());
    try {
      return openAll();
    } finally {
      deadline.disarm();
    }
  }

  /** The volume on partition {@code number} (1-based; 0 for a whole-disk filesystem). */
  public synchronized Optional<Volume> volume(int number) throws IOException {
    deadline.arm(limits.timeout());
    try {
      for (Partition p : layout.tableOrder) {
        if (p.number() == number) {
          return volumeOf(p).volume();
        }
      }
      return Optional.empty();
    } finally {
      deadline.disarm();
    }
  }

  private List<Volume> openAll() throws IOException {
    List<Volume> out = new ArrayList<>();
    for (Partition p : layout.tableOrder) {
      volumeOf(p).volume().ifPresent(out::add);
    }
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
      result = new VolumeOrWhy(Optional.empty(), "no filesystem recognized " + answers);
    }
    volumes.put(p, result);
    return result;
  }

  /** The boot menu bootlace finds first, searching partitions and config paths as pygrub does. */
  public synchronized BootMenu menu() throws IOException {
    deadline.arm(limits.timeout());
    try {
      return findMenu();
    } finally {
      deadline.disarm();
    }
  }

  /** Resolves the entry {@link BootOptions#entry()} names, or the default one. */
  public synchronized BootRecord resolveBoot() throws IOException {
    deadline.arm(limits.timeout());
    try {
      return new Resolution(this).resolve(options.entry());
    } finally {
      deadline.disarm();
    }
  }

  /** Resolves the entry {@code selector} names; see {@link BootMenu#find(String)}. */
  public synchronized BootRecord resolveBoot(String selector) throws IOException {
    deadline.arm(limits.timeout());
    try {
      return new Resolution(this).resolve(Optional.of(selector));
    } finally {
      deadline.disarm();
    }
  }

  BootOptions options() {
    return options;
  }

  Limits limits() {
    return limits;
  }

  /** Volumes in search order, with the reason for each partition that has none. */
  List<Volume> searchVolumes(List<String> skipped) throws IOException {
    List<Volume> out = new ArrayList<>();
    for (Partition p : layout.searchOrder) {
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
    return new Provenance(
        imageFormat,
        p.number(),
        p.scheme(),
        p.type(),
        p.offset(),
        v.fsType(),
        v.uuid(),
        v.label(),
        menu.map(BootMenu::config),
        menu.map(BootMenu::parser),
        ImmutableList.<String>builder()
            .addAll(warnings.list())
            .addAll(menu.map(BootMenu::warnings).orElse(List.of()))
            .build());
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
            byte[] content = v.readConfig(path);
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
      searched.add("(" + v.grubDevice() + ") " + v.fsType() + ": " + String.join(", ", dedup(here)));
    }
    StringBuilder msg = new StringBuilder("no usable boot configuration found in ").append(file);
    msg.append("; searched: ").append(String.join("; ", searched));
    if (!failures.isEmpty()) {
      msg.append("; unusable: ").append(String.join("; ", failures));
    }
    throw new NoBootConfigException(msg.toString());
  }

  /**
   * The paths a location names on {@code v}: itself, or for each {@code *} component every
   * directory there, in name order (an EFI system partition's {@code /EFI/<vendor>/grub.cfg}).
   */
  private static List<String> expand(Volume v, String pattern) throws IOException {
    if (!pattern.contains("*")) {
      return List.of(pattern);
    }
    List<String> prefixes = List.of("");
    for (String part : pattern.substring(1).split("/")) {
      List<String> next = new ArrayList<>();
      for (String prefix : prefixes) {
        if (!part.equals("*")) {
          next.add(prefix + "/" + part);
        } else if (v.isDirectory(prefix.isEmpty() ? "/" : prefix)) {
          v.list(prefix.isEmpty() ? "/" : prefix).stream()
              .map(e -> e.name())
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
    all.sort(Comparator.comparingInt(l -> l.location.rank()));
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

  @Override
  public void close() throws IOException {
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
