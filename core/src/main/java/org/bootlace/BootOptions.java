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

  public static BootOptions defaults() {
    return DEFAULTS;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The entry to boot instead of the default; see {@link BootMenu#find(String)}. */
  public Optional<String> entry() {
    return entry;
  }

  /**
   * A kernel path in the guest to boot instead of the configuration's (pygrub {@code --kernel}).
   */
  public Optional<String> kernel() {
    return kernel;
  }

  /** A ramdisk path in the guest to use instead of the entry's (pygrub {@code --ramdisk}). */
  public Optional<String> ramdisk() {
    return ramdisk;
  }

  /** Arguments appended, after a space, to the entry's (pygrub {@code --args}). */
  public Optional<String> extraArgs() {
    return extraArgs;
  }

  /**
   * The byte offset of the filesystem to read, skipping partition-table detection (pygrub {@code
   * --offset}).
   */
  public OptionalLong partitionOffset() {
    return partitionOffset;
  }

  public Limits limits() {
    return limits;
  }

  /** The drivers to use; {@link Drivers#discover()} when not set. */
  public Optional<Drivers> drivers() {
    return drivers;
  }

  /**
   * Values that override what a bootloader's environment would hold, by name: GRUB 2's platform
   * variables ({@code grub_platform}, {@code grub_cpu}, ...) for instance. Each parser documents
   * the names it reads and its defaults.
   */
  public Map<String, String> variables() {
    return variables;
  }

  /**
   * The host directories in which files an image names (qcow2 backing and data files, VHD/VHDX
   * parents, VMDK extents) may be opened; empty by default, so an image naming any other file is
   * refused. See {@code org.bootlace.image.AllowedDirectories} for the rules.
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
    XEN,
    PC,
    EFI,
    PVGRUB2
  }

  /** The boot path modelled; {@link Platform#XEN} unless set. */
  public Platform platform() {
    return platform;
  }

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
     */
    public Builder allowBackingDir(Path dir) {
      allowedBackingDirs.add(Objects.requireNonNull(dir));
      return this;
    }

    /** The boot path to model; see {@link BootOptions#platform()}. */
    public Builder platform(Platform p) {
      platform = Objects.requireNonNull(p);
      return this;
    }

    public Builder entry(String selector) {
      entry = Optional.of(selector);
      return this;
    }

    public Builder kernel(String path) {
      kernel = Optional.of(path);
      return this;
    }

    public Builder ramdisk(String path) {
      ramdisk = Optional.of(path);
      return this;
    }

    public Builder extraArgs(String args) {
      extraArgs = Optional.of(args);
      return this;
    }

    public Builder partitionOffset(long offset) {
      checkArgument(offset >= 0, "partition offset must not be negative: %s", offset);
      partitionOffset = OptionalLong.of(offset);
      return this;
    }

    public Builder limits(Limits l) {
      limits = Objects.requireNonNull(l);
      return this;
    }

    public Builder drivers(Drivers d) {
      drivers = Optional.of(d);
      return this;
    }

    /** Sets one bootloader variable; see {@link BootOptions#variables()}. */
    public Builder variable(String name, String value) {
      variables.put(Objects.requireNonNull(name), Objects.requireNonNull(value));
      return this;
    }

    public BootOptions build() {
      return new BootOptions(this);
    }
  }
}
