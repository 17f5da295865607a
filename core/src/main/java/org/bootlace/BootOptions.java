package org.bootlace;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.bootlace.spi.Drivers;

/**
 * How to resolve: which entry, pygrub's overrides, where the filesystem is, which drivers and which
 * limits. Immutable; start from {@link #defaults()} or {@link #builder()}.
 */
public final class BootOptions {
  private static final BootOptions DEFAULTS = builder().build();

  private final Optional<String> entry;
  private final Optional<String> kernel;
  private final Optional<String> ramdisk;
  private final Optional<String> extraArgs;
  private final OptionalLong partitionOffset;
  private final Limits limits;
  private final Optional<Drivers> drivers;
  private final ImmutableMap<String, String> variables;
  private final ImmutableList<Path> allowedBackingDirs;
  private final Platform platform;

  private BootOptions(Builder b) {
    entry = b.entry;
    kernel = b.kernel;
    ramdisk = b.ramdisk;
    extraArgs = b.extraArgs;
    partitionOffset = b.partitionOffset;
    limits = b.limits;
    drivers = b.drivers;
    variables = ImmutableMap.copyOf(b.variables);
    allowedBackingDirs = ImmutableList.copyOf(b.allowedBackingDirs);
    platform = b.platform;
  }

  /** {@return the default options: the default entry, no overrides, default limits and drivers} */
  public static BootOptions defaults() {
    return DEFAULTS;
  }

  /** {@return a builder holding the defaults} */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * {@return the entry to boot instead of the default, as a selector for {@link
   * BootMenu#find(String)}}
   */
  public Optional<String> entry() {
    return entry;
  }

  /**
   * {@return a kernel path in the guest to boot instead of the configuration's (pygrub {@code
   * --kernel})} No configuration is read then: the kernel is looked for on each volume in turn.
   */
  public Optional<String> kernel() {
    return kernel;
  }

  /**
   * {@return a ramdisk path in the guest to use instead of the entry's (pygrub {@code --ramdisk})}
   * It is read from the kernel's volume.
   */
  public Optional<String> ramdisk() {
    return ramdisk;
  }

  /** {@return arguments appended, after a space, to the entry's (pygrub {@code --args})} */
  public Optional<String> extraArgs() {
    return extraArgs;
  }

  /**
   * {@return the byte offset of the filesystem to read, skipping partition-table detection (pygrub
   * {@code --offset})}
   */
  public OptionalLong partitionOffset() {
    return partitionOffset;
  }

  /** {@return the bounds on every operation; {@link Limits#defaults()} unless set} */
  public Limits limits() {
    return limits;
  }

  /** {@return the drivers to use; {@link Drivers#discover()} when not set} */
  public Optional<Drivers> drivers() {
    return drivers;
  }

  /**
   * {@return values that override what a bootloader's environment would hold, by name} GRUB 2's
   * platform variables ({@code grub_platform}, {@code grub_cpu}, ...) for instance. Each parser
   * documents the names it reads and its defaults. The map is immutable and keeps the order the
   * values were set in.
   */
  public Map<String, String> variables() {
    return variables;
  }

  /**
   * {@return the host directories in which files an image names (qcow2 backing and data files,
   * VHD/VHDX parents, VMDK extents) may be opened} Empty by default, so an image naming any other
   * file is refused. See {@code org.bootlace.image.AllowedDirectories} for the rules.
   */
  public List<Path> allowedBackingDirs() {
    return allowedBackingDirs;
  }

  /**
   * Which real boot path the evaluation models, where bootloaders differ by platform (GRUB 2 does:
   * see the README's GRUB section):
   *
   * <ul>
   *   <li>{@code XEN} (the default): an installed GRUB seen from a Xen PV guest, as pygrub users
   *       expect: {@code grub_platform=xen}, no {@code BOOT_IMAGE=};
   *   <li>{@code PC}: GRUB for BIOS PCs: {@code grub_platform=pc}, {@code BOOT_IMAGE=} first;
   *   <li>{@code EFI}: GRUB for UEFI: {@code grub_platform=efi}, {@code BOOT_IMAGE=} first;
   *   <li>{@code PVGRUB2}: Debian's pvgrub2 image: {@code grub_platform=xen} and its {@code
   *       prefix=(memdisk)/boot/grub}, so the guest's grubenv is not read through {@code $prefix}.
   * </ul>
   */
  public enum Platform {
    /** An installed GRUB seen from a Xen PV guest; the default. */
    XEN,
    /** GRUB for BIOS PCs. */
    PC,
    /** GRUB for UEFI. */
    EFI,
    /** Debian's pvgrub2 image. */
    PVGRUB2
  }

  /** {@return the boot path modelled; {@link Platform#XEN} unless set} */
  public Platform platform() {
    return platform;
  }

  /** {@return a builder holding these options, to derive others from them} */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.platform = platform;
    b.entry = entry;
    b.kernel = kernel;
    b.ramdisk = ramdisk;
    b.extraArgs = extraArgs;
    b.partitionOffset = partitionOffset;
    b.limits = limits;
    b.drivers = drivers;
    b.variables.putAll(variables);
    b.allowedBackingDirs.addAll(allowedBackingDirs);
    return b;
  }

  /**
   * Builds {@link BootOptions}. Each setter replaces the previous value and returns this builder.
   * Not thread-safe.
   */
  public static final class Builder {
    private Optional<String> entry = Optional.empty();
    private Optional<String> kernel = Optional.empty();
    private Optional<String> ramdisk = Optional.empty();
    private Optional<String> extraArgs = Optional.empty();
    private OptionalLong partitionOffset = OptionalLong.empty();
    private Limits limits = Limits.defaults();
    private Optional<Drivers> drivers = Optional.empty();
    private final Map<String, String> variables = new LinkedHashMap<>();
    private final List<Path> allowedBackingDirs = new ArrayList<>();
    private Platform platform = Platform.XEN;

    private Builder() {}

    /**
     * Allows files an image names inside {@code dir}; see {@link BootOptions#allowedBackingDirs()}.
     * Unlike the other setters this one adds: each call allows one more directory.
     *
     * @param dir a host directory, not null
     * @return this builder
     */
    public Builder allowBackingDir(Path dir) {
      allowedBackingDirs.add(Objects.requireNonNull(dir));
      return this;
    }

    /**
     * Sets the boot path to model; see {@link BootOptions#platform()}.
     *
     * @param p the platform, not null
     * @return this builder
     */
    public Builder platform(Platform p) {
      platform = Objects.requireNonNull(p);
      return this;
    }

    /**
     * Sets the entry to boot; see {@link BootOptions#entry()}.
     *
     * @param selector an index path ({@code 1>0}), a {@code >}-separated path of titles or ids, or
     *     a title anywhere in the menu, as {@link BootMenu#find(String)} takes it
     * @return this builder
     */
    public Builder entry(String selector) {
      entry = Optional.of(selector);
      return this;
    }

    /**
     * Sets a kernel to boot instead of the configuration's; see {@link BootOptions#kernel()}.
     *
     * @param path an absolute path in the guest
     * @return this builder
     */
    public Builder kernel(String path) {
      kernel = Optional.of(path);
      return this;
    }

    /**
     * Sets a ramdisk to use instead of the entry's; see {@link BootOptions#ramdisk()}.
     *
     * @param path an absolute path in the guest, on the kernel's volume
     * @return this builder
     */
    public Builder ramdisk(String path) {
      ramdisk = Optional.of(path);
      return this;
    }

    /**
     * Sets arguments appended to the entry's command line; see {@link BootOptions#extraArgs()}.
     *
     * @param args the arguments, as one string
     * @return this builder
     */
    public Builder extraArgs(String args) {
      extraArgs = Optional.of(args);
      return this;
    }

    /**
     * Sets the byte offset of the filesystem to read; see {@link BootOptions#partitionOffset()}.
     *
     * @param offset bytes from the start of the disk
     * @return this builder
     * @throws IllegalArgumentException if {@code offset} is negative
     */
    public Builder partitionOffset(long offset) {
      checkArgument(offset >= 0, "partition offset must not be negative: %s", offset);
      partitionOffset = OptionalLong.of(offset);
      return this;
    }

    /**
     * Sets the bounds on every operation; see {@link BootOptions#limits()}.
     *
     * @param l the limits, not null
     * @return this builder
     */
    public Builder limits(Limits l) {
      limits = Objects.requireNonNull(l);
      return this;
    }

    /**
     * Sets the drivers to use instead of those {@link Drivers#discover()} finds.
     *
     * @param d the drivers, not null
     * @return this builder
     */
    public Builder drivers(Drivers d) {
      drivers = Optional.of(d);
      return this;
    }

    /**
     * Sets one bootloader variable; see {@link BootOptions#variables()}.
     *
     * @param name the variable's name, not null
     * @param value its value, not null
     * @return this builder
     */
    public Builder variable(String name, String value) {
      variables.put(Objects.requireNonNull(name), Objects.requireNonNull(value));
      return this;
    }

    /** {@return the options as set} */
    public BootOptions build() {
      return new BootOptions(this);
    }
  }
}
