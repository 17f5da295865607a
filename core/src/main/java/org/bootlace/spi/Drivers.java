package org.bootlace.spi;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import java.util.function.Consumer;

/**
 * The drivers one operation may use, each kind in its deterministic order (priority, then name).
 * Drivers are stateless: one instance serves every image and thread. {@link #discover()} finds the
 * drivers on the class path through the build-time index of bootlace's modules and {@link
 * ServiceLoader} (see {@code DriverIndex}); the builder registers drivers in code, for a toolstack
 * that wants exactly ext4 and GRUB, say.
 */
public final class Drivers {
  // Written out: Comparator.comparingInt(..).thenComparing(..) spins three hidden classes at the
  // first discovery, which a one-shot command pays at every start.
  private static final Comparator<Driver> ORDER =
      (a, b) -> {
        int c = Integer.compare(a.priority(), b.priority());
        return c != 0 ? c : a.name().compareTo(b.name());
      };

  private final List<ImageFormat> imageFormats;
  private final List<PartitionTableDriver> partitionTables;
  private final List<FilesystemDriver> filesystems;
  private final List<BootConfigParser> configParsers;
  private final List<VolumeManagerDriver> volumeManagers;

  private Drivers(Builder b) {
    imageFormats = sorted(b.imageFormats);
    partitionTables = sorted(b.partitionTables);
    filesystems = sorted(b.filesystems);
    configParsers = sorted(b.configParsers);
    volumeManagers = sorted(b.volumeManagers);
  }

  private static <T extends Driver> List<T> sorted(List<T> list) {
    List<T> copy = new ArrayList<>(list);
    copy.sort(ORDER);
    return ImmutableList.copyOf(copy);
  }

  /**
   * Every driver on the class path of this class's loader. Looked up once: scanning the class path
   * costs more than resolving an image, and drivers are stateless factories.
   *
   * @return the drivers found; of two of one kind with one name, the first found (a warning is
   *     logged)
   */
  public static Drivers discover() {
    return DefaultHolder.DEFAULT;
  }

  private static final class DefaultHolder {
    static final Drivers DEFAULT = discover(Drivers.class.getClassLoader());
  }

  /**
   * Every driver {@link ServiceLoader} finds through {@code loader}, looked up on each call. Of two
   * drivers of one kind with one name, the first found is kept and a warning logged.
   *
   * @param loader the class loader to search
   * @return the drivers found
   */
  public static Drivers discover(ClassLoader loader) {
    Builder b = builder();
    DriverIndex index = DriverIndex.read(loader);
    index.providers(ImageFormat.class).forEach(d -> addFound(b::add, d));
    index.providers(PartitionTableDriver.class).forEach(d -> addFound(b::add, d));
    index.providers(FilesystemDriver.class).forEach(d -> addFound(b::add, d));
    index.providers(BootConfigParser.class).forEach(d -> addFound(b::add, d));
    index.providers(VolumeManagerDriver.class).forEach(d -> addFound(b::add, d));
    return b.build();
  }

  /** A provider found on the class path; of two with one name, the first found is kept. */
  private static <T extends Driver> void addFound(Consumer<T> add, T d) {
    try {
      add.accept(d);
    } catch (IllegalArgumentException e) {
      System.getLogger("org.bootlace")
          .log(System.Logger.Level.WARNING, e.getMessage() + "; the first is used");
    }
  }

  /**
   * A builder with no driver registered: the caller adds each one it wants, including an image
   * format (bootlace-core's {@code raw} is not added for it).
   *
   * @return a new, empty builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The image format drivers, tried in this order.
   *
   * @return the drivers, by priority then name
   */
  public List<ImageFormat> imageFormats() {
    return imageFormats;
  }

  /**
   * The partition table drivers, tried in this order.
   *
   * @return the drivers, by priority then name
   */
  public List<PartitionTableDriver> partitionTables() {
    return partitionTables;
  }

  /**
   * The filesystem drivers, tried in this order.
   *
   * @return the drivers, by priority then name
   */
  public List<FilesystemDriver> filesystems() {
    return filesystems;
  }

  /**
   * The boot configuration parsers; their locations are searched by rank, ties in this order.
   *
   * @return the parsers, by priority then name
   */
  public List<BootConfigParser> configParsers() {
    return configParsers;
  }

  /**
   * Volume managers (LVM2, md RAID, LUKS detection), tried in this order.
   *
   * @return the drivers, by priority then name
   */
  public List<VolumeManagerDriver> volumeManagers() {
    return volumeManagers;
  }

  /**
   * Registers drivers in code. Drivers of different kinds may share a name; a second driver of one
   * kind with a name already registered is a caller bug, refused with an {@link
   * IllegalArgumentException} naming the kind, the name and both classes.
   */
  public static final class Builder {
    private final List<ImageFormat> imageFormats = new ArrayList<>();
    private final List<PartitionTableDriver> partitionTables = new ArrayList<>();
    private final List<FilesystemDriver> filesystems = new ArrayList<>();
    private final List<BootConfigParser> configParsers = new ArrayList<>();
    private final List<VolumeManagerDriver> volumeManagers = new ArrayList<>();

    private Builder() {}

    /**
     * Registers {@code d}; a second image format driver of the same name is refused.
     *
     * @param d the driver
     * @return this builder
     * @throws IllegalArgumentException when a image format driver of that name is already
     *     registered
     */
    public Builder add(ImageFormat d) {
      unique(imageFormats, d, "an image format");
      imageFormats.add(d);
      return this;
    }

    /**
     * Registers {@code d}; a second partition table driver of the same name is refused.
     *
     * @param d the driver
     * @return this builder
     * @throws IllegalArgumentException when a partition table driver of that name is already
     *     registered
     */
    public Builder add(PartitionTableDriver d) {
      unique(partitionTables, d, "a partition table");
      partitionTables.add(d);
      return this;
    }

    /**
     * Registers {@code d}; a second filesystem driver of the same name is refused.
     *
     * @param d the driver
     * @return this builder
     * @throws IllegalArgumentException when a filesystem driver of that name is already registered
     */
    public Builder add(FilesystemDriver d) {
      unique(filesystems, d, "a filesystem");
      filesystems.add(d);
      return this;
    }

    /**
     * Registers {@code d}; a second configuration driver of the same name is refused.
     *
     * @param d the driver
     * @return this builder
     * @throws IllegalArgumentException when a configuration driver of that name is already
     *     registered
     */
    public Builder add(BootConfigParser d) {
      unique(configParsers, d, "a configuration");
      configParsers.add(d);
      return this;
    }

    /**
     * Registers {@code d}; a second volume manager driver of the same name is refused.
     *
     * @param d the driver
     * @return this builder
     * @throws IllegalArgumentException when a volume manager driver of that name is already
     *     registered
     */
    public Builder add(VolumeManagerDriver d) {
      unique(volumeManagers, d, "a volume manager");
      volumeManagers.add(d);
      return this;
    }

    /**
     * The drivers registered so far, each kind sorted by priority then name.
     *
     * @return a new, immutable set of drivers
     */
    public Drivers build() {
      return new Drivers(this);
    }

    private static <T extends Driver> void unique(List<T> kind, T d, String what) {
      for (T known : kind) {
        checkArgument(
            !known.name().equals(d.name()),
            "%s driver named '%s' is already registered (%s, then %s)",
            what,
            d.name(),
            known.getClass().getName(),
            d.getClass().getName());
      }
    }
  }
}
