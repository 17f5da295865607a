package org.bootlace;

import static com.google.common.base.Preconditions.checkArgument;

import java.time.Duration;
import java.util.Objects;

/**
 * Every bound bootlace puts on work driven by untrusted data, in one immutable object. Hitting a
 * bound raises {@link LimitExceededException} naming the property. Defaults are generous for real
 * guests and small enough that a hostile image cannot exhaust a toolstack's process.
 *
 * <table>
 *   <caption>Defaults</caption>
 *   <tr><th>property</th><th>default</th><th>bounds</th></tr>
 *   <tr><td>maxConfigBytes</td><td>4 MiB</td><td>one boot configuration file (grub.cfg, menu.lst, grubenv, ...); the text sections of one unified kernel image together</td></tr>
 *   <tr><td>maxKernelBytes</td><td>512 MiB</td><td>the kernel file</td></tr>
 *   <tr><td>maxRamdiskBytes</td><td>512 MiB</td><td>all ramdisks of an entry together</td></tr>
 *   <tr><td>maxSymlinkHops</td><td>40</td><td>symbolic links followed while resolving one path (Linux's own bound)</td></tr>
 *   <tr><td>maxPathBytes</td><td>4096</td><td>a path, before and after following links</td></tr>
 *   <tr><td>maxDirectoryEntries</td><td>1,000,000</td><td>entries read from one directory</td></tr>
 *   <tr><td>maxTreeDepth</td><td>8</td><td>levels of an on-disk tree (ext4 extents, indirect blocks, B-trees)</td></tr>
 *   <tr><td>maxMetadataBytes</td><td>64 MiB</td><td>one metadata structure read whole (group descriptors, GPT entries, ...)</td></tr>
 *   <tr><td>maxPartitions</td><td>256</td><td>partitions in a table, logical partitions in an EBR chain; volumes assembled from partitions (LVM, md) in all</td></tr>
 *   <tr><td>maxIncludeDepth</td><td>8</td><td>nested configfile/INCLUDE (GRUB 2 instead stops at GRUB's own recursion limit, failing only the command that goes too deep)</td></tr>
 *   <tr><td>maxMenuEntries</td><td>10,000</td><td>menu entries in one configuration</td></tr>
 *   <tr><td>maxScriptSteps</td><td>1,000,000</td><td>commands a config script may execute</td></tr>
 *   <tr><td>maxCallDepth</td><td>64</td><td>nested function calls and blocks in a config script</td></tr>
 *   <tr><td>maxVariableBytes</td><td>1 MiB</td><td>one script variable's value</td></tr>
 *   <tr><td>maxBackingChain</td><td>16</td><td>files in one image chain (the image, its backing files or parents, counted from 1)</td></tr>
 *   <tr><td>maxRemoteRequests</td><td>10,000</td><td>HTTP requests made while reading one remote image</td></tr>
 *   <tr><td>maxRemoteBytes</td><td>1 GiB</td><td>bytes fetched over HTTP for one remote image</td></tr>
 *   <tr><td>maxHttpRedirects</td><td>5</td><td>HTTP redirects followed for one file fetched over the network</td></tr>
 *   <tr><td>maxLoadedImages</td><td>256</td><td>files one iPXE script loads (kernel, initrd, imgfetch, chain)</td></tr>
 *   <tr><td>maxSubvolumeMounts</td><td>64</td><td>btrfs subvolumes a GRUB script mounts with btrfs-mount-subvol</td></tr>
 *   <tr><td>maxDecompressedKernelBytes</td><td>256 MiB</td><td>a kernel's payload decompressed for inspection, and the decompressor's dictionary</td></tr>
 *   <tr><td>timeout</td><td>60 s</td><td>one whole operation (open, resolve, list); checked on every block read</td></tr>
 * </table>
 *
 * <p>Every setter takes any positive value and never fails later for being large: limits on bytes
 * held in one array ({@code maxConfigBytes}, {@code maxMetadataBytes}, {@code maxVariableBytes})
 * and {@code maxDirectoryEntries} are capped at {@link #MAX_IN_MEMORY} (the largest Java array),
 * and a timeout longer than {@link #MAX_TIMEOUT} (about 292 years) is that long.
 */
public final class Limits {
  private static final long MIB = 1024 * 1024;

  /** The largest value of a limit on bytes or items held in one array: 2^31 - 9. */
  public static final long MAX_IN_MEMORY = Integer.MAX_VALUE - 8;

  /** The longest timeout: as many nanoseconds as a {@code long} counts, about 292 years. */
  public static final Duration MAX_TIMEOUT = Duration.ofNanos(Long.MAX_VALUE);

  private static final Limits DEFAULTS = builder().build();

  private final long maxConfigBytes;
  private final long maxKernelBytes;
  private final long maxRamdiskBytes;
  private final int maxSymlinkHops;
  private final int maxPathBytes;
  private final long maxDirectoryEntries;
  private final int maxTreeDepth;
  private final long maxMetadataBytes;
  private final int maxPartitions;
  private final int maxIncludeDepth;
  private final int maxMenuEntries;
  private final long maxScriptSteps;
  private final int maxCallDepth;
  private final long maxVariableBytes;
  private final int maxBackingChain;
  private final long maxRemoteRequests;
  private final long maxRemoteBytes;
  private final int maxHttpRedirects;
  private final int maxLoadedImages;
  private final int maxSubvolumeMounts;
  private final long maxDecompressedKernelBytes;
  private final Duration timeout;

  private Limits(Builder b) {
    this.maxConfigBytes = b.maxConfigBytes;
    this.maxKernelBytes = b.maxKernelBytes;
    this.maxRamdiskBytes = b.maxRamdiskBytes;
    this.maxSymlinkHops = b.maxSymlinkHops;
    this.maxPathBytes = b.maxPathBytes;
    this.maxDirectoryEntries = b.maxDirectoryEntries;
    this.maxTreeDepth = b.maxTreeDepth;
    this.maxMetadataBytes = b.maxMetadataBytes;
    this.maxPartitions = b.maxPartitions;
    this.maxIncludeDepth = b.maxIncludeDepth;
    this.maxMenuEntries = b.maxMenuEntries;
    this.maxScriptSteps = b.maxScriptSteps;
    this.maxCallDepth = b.maxCallDepth;
    this.maxVariableBytes = b.maxVariableBytes;
    this.maxBackingChain = b.maxBackingChain;
    this.maxRemoteRequests = b.maxRemoteRequests;
    this.maxRemoteBytes = b.maxRemoteBytes;
    this.maxHttpRedirects = b.maxHttpRedirects;
    this.maxLoadedImages = b.maxLoadedImages;
    this.maxSubvolumeMounts = b.maxSubvolumeMounts;
    this.maxDecompressedKernelBytes = b.maxDecompressedKernelBytes;
    this.timeout = b.timeout;
  }

  /** {@return the default limits, those of the table above} */
  public static Limits defaults() {
    return DEFAULTS;
  }

  /** {@return a builder holding the defaults} */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return a builder holding these limits, to derive others from them} */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * {@return the most bytes of one boot configuration file (grub.cfg, menu.lst, grubenv, ...), and
   * of the text sections of one unified kernel image together; 4 MiB by default}
   */
  public long maxConfigBytes() {
    return maxConfigBytes;
  }

  /** {@return the most bytes of a kernel file; 512 MiB by default} */
  public long maxKernelBytes() {
    return maxKernelBytes;
  }

  /** {@return the most bytes of an entry's ramdisks together; 512 MiB by default} */
  public long maxRamdiskBytes() {
    return maxRamdiskBytes;
  }

  /**
   * {@return the most symbolic links followed while resolving one path; 40 by default, Linux's own
   * bound}
   */
  public int maxSymlinkHops() {
    return maxSymlinkHops;
  }

  /**
   * {@return the most bytes (UTF-8) of a path, before and after following links; 4096 by default}
   */
  public int maxPathBytes() {
    return maxPathBytes;
  }

  /** {@return the most entries read from one directory; 1,000,000 by default} */
  public long maxDirectoryEntries() {
    return maxDirectoryEntries;
  }

  /**
   * {@return the most levels of an on-disk tree (ext4 extents, indirect blocks, B-trees); 8 by
   * default}
   */
  public int maxTreeDepth() {
    return maxTreeDepth;
  }

  /**
   * {@return the most bytes of one metadata structure read whole (group descriptors, GPT entries,
   * ...); 64 MiB by default}
   */
  public long maxMetadataBytes() {
    return maxMetadataBytes;
  }

  /**
   * {@return the most partitions in a table or logical partitions in an EBR chain, and the most
   * volumes assembled from partitions (LVM, md) in all; 256 by default}
   */
  public int maxPartitions() {
    return maxPartitions;
  }

  /**
   * {@return the deepest nesting of configfile and INCLUDE; 8 by default (GRUB 2 stops at GRUB's
   * own recursion limit instead, failing only the command that goes too deep)}
   */
  public int maxIncludeDepth() {
    return maxIncludeDepth;
  }

  /** {@return the most menu entries in one configuration; 10,000 by default} */
  public int maxMenuEntries() {
    return maxMenuEntries;
  }

  /** {@return the most commands a configuration script may execute; 1,000,000 by default} */
  public long maxScriptSteps() {
    return maxScriptSteps;
  }

  /**
   * {@return the deepest nesting of function calls and blocks in a configuration script; 64 by
   * default}
   */
  public int maxCallDepth() {
    return maxCallDepth;
  }

  /** {@return the most bytes of one script variable's value; 1 MiB by default} */
  public long maxVariableBytes() {
    return maxVariableBytes;
  }

  /**
   * {@return the most files in one image chain, counted from 1: the image itself, then each backing
   * file or parent disk; 16 by default}
   */
  public int maxBackingChain() {
    return maxBackingChain;
  }

  /** {@return the most HTTP requests made while reading one remote image; 10,000 by default} */
  public long maxRemoteRequests() {
    return maxRemoteRequests;
  }

  /** {@return the most bytes fetched over HTTP for one remote image; 1 GiB by default} */
  public long maxRemoteBytes() {
    return maxRemoteBytes;
  }

  /**
   * {@return the most HTTP redirects followed for one file fetched over the network; 5 by default}
   */
  public int maxHttpRedirects() {
    return maxHttpRedirects;
  }

  /**
   * {@return the most files one iPXE script loads (kernel, initrd, imgfetch, chain together); 256
   * by default}
   */
  public int maxLoadedImages() {
    return maxLoadedImages;
  }

  /**
   * {@return the most btrfs subvolumes a GRUB script mounts with btrfs-mount-subvol; 64 by default}
   */
  public int maxSubvolumeMounts() {
    return maxSubvolumeMounts;
  }

  /**
   * {@return the most bytes of a kernel's payload decompressed for inspection, and of the
   * decompressor's dictionary; 256 MiB by default}
   */
  public long maxDecompressedKernelBytes() {
    return maxDecompressedKernelBytes;
  }

  /**
   * {@return the time one whole operation (open, resolve, list) may take; 60 seconds by default} It
   * is checked on every block read.
   */
  public Duration timeout() {
    return timeout;
  }

  /**
   * Checks a value against a limit.
   *
   * @param limit the name of the {@link Limits} property, for the message
   * @param max the property's value
   * @param value the value to check, in the property's unit
   * @param what what is being counted, for the message ({@code "directory /boot"})
   * @throws LimitExceededException if {@code value > max}
   */
  public static void check(String limit, long max, long value, String what)
      throws LimitExceededException {
    if (value > max) {
      throw new LimitExceededException(limit, max, what + " (" + value + ")");
    }
  }

  @Override
  public String toString() {
    return "Limits{maxConfigBytes="
        + maxConfigBytes
        + ", maxKernelBytes="
        + maxKernelBytes
        + ", maxRamdiskBytes="
        + maxRamdiskBytes
        + ", maxSymlinkHops="
        + maxSymlinkHops
        + ", maxPathBytes="
        + maxPathBytes
        + ", maxDirectoryEntries="
        + maxDirectoryEntries
        + ", maxTreeDepth="
        + maxTreeDepth
        + ", maxMetadataBytes="
        + maxMetadataBytes
        + ", maxPartitions="
        + maxPartitions
        + ", maxIncludeDepth="
        + maxIncludeDepth
        + ", maxMenuEntries="
        + maxMenuEntries
        + ", maxScriptSteps="
        + maxScriptSteps
        + ", maxCallDepth="
        + maxCallDepth
        + ", maxVariableBytes="
        + maxVariableBytes
        + ", maxBackingChain="
        + maxBackingChain
        + ", maxRemoteRequests="
        + maxRemoteRequests
        + ", maxRemoteBytes="
        + maxRemoteBytes
        + ", maxHttpRedirects="
        + maxHttpRedirects
        + ", maxLoadedImages="
        + maxLoadedImages
        + ", maxSubvolumeMounts="
        + maxSubvolumeMounts
        + ", maxDecompressedKernelBytes="
        + maxDecompressedKernelBytes
        + ", timeout="
        + timeout
        + "}";
  }

  /**
   * Builds {@link Limits}; it starts from the defaults, and every setter rejects a value that is
   * not positive. Not thread-safe.
   */
  public static final class Builder {
    private long maxConfigBytes = 4 * MIB;
    private long maxKernelBytes = 512 * MIB;
    private long maxRamdiskBytes = 512 * MIB;
    private int maxSymlinkHops = 40;
    private int maxPathBytes = 4096;
    private long maxDirectoryEntries = 1_000_000;
    private int maxTreeDepth = 8;
    private long maxMetadataBytes = 64 * MIB;
    private int maxPartitions = 256;
    private int maxIncludeDepth = 8;
    private int maxMenuEntries = 10_000;
    private long maxScriptSteps = 1_000_000;
    private int maxCallDepth = 64;
    private long maxVariableBytes = MIB;
    private int maxBackingChain = 16;
    private long maxRemoteRequests = 10_000;
    private long maxRemoteBytes = 1024 * MIB;
    private int maxHttpRedirects = 5;
    private int maxLoadedImages = 256;
    private int maxSubvolumeMounts = 64;
    private long maxDecompressedKernelBytes = 256 * MIB;
    private Duration timeout = Duration.ofSeconds(60);

    private Builder() {}

    private Builder(Limits l) {
      maxConfigBytes = l.maxConfigBytes;
      maxKernelBytes = l.maxKernelBytes;
      maxRamdiskBytes = l.maxRamdiskBytes;
      maxSymlinkHops = l.maxSymlinkHops;
      maxPathBytes = l.maxPathBytes;
      maxDirectoryEntries = l.maxDirectoryEntries;
      maxTreeDepth = l.maxTreeDepth;
      maxMetadataBytes = l.maxMetadataBytes;
      maxPartitions = l.maxPartitions;
      maxIncludeDepth = l.maxIncludeDepth;
      maxMenuEntries = l.maxMenuEntries;
      maxScriptSteps = l.maxScriptSteps;
      maxCallDepth = l.maxCallDepth;
      maxVariableBytes = l.maxVariableBytes;
      maxBackingChain = l.maxBackingChain;
      maxRemoteRequests = l.maxRemoteRequests;
      maxRemoteBytes = l.maxRemoteBytes;
      maxHttpRedirects = l.maxHttpRedirects;
      maxLoadedImages = l.maxLoadedImages;
      maxSubvolumeMounts = l.maxSubvolumeMounts;
      maxDecompressedKernelBytes = l.maxDecompressedKernelBytes;
      timeout = l.timeout;
    }

    private static long positive(String name, long v) {
      checkArgument(v > 0, "%s must be positive: %s", name, v);
      return v;
    }

    private static int positive(String name, int v) {
      checkArgument(v > 0, "%s must be positive: %s", name, v);
      return v;
    }

    /**
     * Sets {@link Limits#maxConfigBytes()}.
     *
     * @param v the bound, in bytes; a value above {@link Limits#MAX_IN_MEMORY} is taken as that
     * @return this builder
     * @throws IllegalArgumentException if {@code v} is not positive
     */
    public Builder maxConfigBytes(long v) {
      maxConfigBytes = Math.min(positive("maxConfigBytes", v), MAX_IN_MEMORY);
      return this;
    }

    /**
     * Sets {@link Limits#maxKernelBytes()}.
     *
     * @param v the bound, in bytes
     * @return this builder
     * @throws IllegalArgumentException if {@code v} is not positive
     */
    public Builder maxKernelBytes(long v) {
      maxKernelBytes = positive("maxKernelBytes", v);
      return this;
    }

    /**
     * Sets {@link Limits#maxRamdiskBytes()}.
     *
     * @param v the bound, in bytes
     * @return this builder
     * @throws IllegalArgumentException if {@code v} is not positive
     */
    public Builder maxRamdiskBytes(long v) {
      maxRamdiskBytes = positive("maxRamdiskBytes", v);
      return this;
    }

    /**
     * Sets {@link Limits#maxSymlinkHops()}.
     *
     * @param v the bound, in links
     * @return this builder
     * @throws IllegalArgumentException if {@code v} is not positive
     */
    public Builder maxSymlinkHops(int v) {
      maxSymlinkHops = positive("maxSymlinkHops", v);
      return this;
    }

    /**
     * Sets {@link Limits#maxPathBytes()}.
     *
     * @param v the bound, in bytes
     * @return this builder
     * @throws IllegalArgumentException if {@code v} is not positive
     */
    public Builder maxPathBytes(int v) {
      maxPathBytes = positive("maxPathBytes", v);
      return this;
    }

    /**
     * Sets {@link Limits#maxDirectoryEntries()}.
     *
     * @param v the bound, in entries; a value above {@link Limits#MAX_IN_MEMORY} is taken as that
     * @return this builder
     * @throws IllegalArgumentException if {@code v} is not positive
     */
    public Builder maxDirectoryEntries(long v) {
      maxDirectoryEntries = Math.min(positive("maxDirectoryEntries", v), MAX_IN_MEMORY);
      return this;
    }

    /**
     * Sets {@link Limits#maxTreeDepth()}.
     *
     * @param v the bound, in levels
     * @return this builder
     * @throws IllegalArgumentException if {@code v} is not positive
     */
    public Builder maxTreeDepth(int v) {
      maxTreeDepth = positive("maxTreeDepth", v);
      return this;
    }

    /**
     * Sets {@link Limits#maxMetadataBytes()}.
     *
     * @param v the bound, in bytes; a value above {@link Limits#MAX_IN_MEMORY} is taken as that
     * @return this builder
     * @throws IllegalArgumentException if {@code v} is not positive
     */
    public Builder maxMetadataBytes(long v) {
      maxMetadataBytes = Math.min(positive("maxMetadataBytes", v), MAX_IN_MEMORY);
      return this;
    }

    /**
     * Sets {@link Limits#maxPartitions()}.
     *
     * @param v the bound, in partitions
     * @return this builder
     * @throws IllegalArgumentException if {@code v} is not positive
     */
    public Builder maxPartitions(int v) {
      maxPartitions = positive("maxPartitions", v);
      return this;
    }

    /**
     * Sets {@link Limits#maxIncludeDepth()}.
     *
     * @param v the bound, in levels
     * @return this builder
     * @throws IllegalArgumentException if {@code v} is not positive
     */
    public Builder maxIncludeDepth(int v) {
      maxIncludeDepth = positive("maxIncludeDepth", v);
      return this;
    }

    /**
     * Sets {@link Limits#maxMenuEntries()}.
     *
     * @param v the bound, in entries
     * @return this builder
     * @throws IllegalArgumentException if {@code v} is not positive
     */
    public Builder maxMenuEntries(int v) {
      maxMenuEntries = positive("maxMenuEntries", v);
      return this;
    }

    /**
     * Sets {@link Limits#maxScriptSteps()}.
     *
     * @param v the bound, in commands
     * @return this builder
     * @throws IllegalArgumentException if {@code v} is not positive
     */
    public Builder maxScriptSteps(long v) {
      maxScriptSteps = positive("maxScriptSteps", v);
      return this;
    }

    /**
     * Sets {@link Limits#maxCallDepth()}.
     *
     * @param v the bound, in levels
     * @return this builder
     * @throws IllegalArgumentException if {@code v} is not positive
     */
    public Builder maxCallDepth(int v) {
      maxCallDepth = positive("maxCallDepth", v);
      return this;
    }

    /**
     * Sets {@link Limits#maxVariableBytes()}.
     *
     * @param v the bound, in bytes; a value above {@link Limits#MAX_IN_MEMORY} is taken as that
     * @return this builder
     * @throws IllegalArgumentException if {@code v} is not positive
     */
    public Builder maxVariableBytes(long v) {
      maxVariableBytes = Math.min(positive("maxVariableBytes", v), MAX_IN_MEMORY);
      return this;
    }

    /**
     * Sets {@link Limits#maxBackingChain()}.
     *
     * @param v the bound, in files
     * @return this builder
     * @throws IllegalArgumentException if {@code v} is not positive
     */
    public Builder maxBackingChain(int v) {
      maxBackingChain = positive("maxBackingChain", v);
      return this;
    }

    /**
     * Sets {@link Limits#maxRemoteRequests()}.
     *
     * @param v the bound, in requests
     * @return this builder
     * @throws IllegalArgumentException if {@code v} is not positive
     */
    public Builder maxRemoteRequests(long v) {
      maxRemoteRequests = positive("maxRemoteRequests", v);
      return this;
    }

    /**
     * Sets {@link Limits#maxRemoteBytes()}.
     *
     * @param v the bound, in bytes
     * @return this builder
     * @throws IllegalArgumentException if {@code v} is not positive
     */
    public Builder maxRemoteBytes(long v) {
      maxRemoteBytes = positive("maxRemoteBytes", v);
      return this;
    }

    /**
     * Sets {@link Limits#maxHttpRedirects()}.
     *
     * @param v the bound, in redirects
     * @return this builder
     * @throws IllegalArgumentException if {@code v} is not positive
     */
    public Builder maxHttpRedirects(int v) {
      maxHttpRedirects = positive("maxHttpRedirects", v);
      return this;
    }

    /**
     * Sets {@link Limits#maxLoadedImages()}.
     *
     * @param v the bound, in files
     * @return this builder
     * @throws IllegalArgumentException if {@code v} is not positive
     */
    public Builder maxLoadedImages(int v) {
      maxLoadedImages = positive("maxLoadedImages", v);
      return this;
    }

    /**
     * Sets {@link Limits#maxSubvolumeMounts()}.
     *
     * @param v the bound, in mounts
     * @return this builder
     * @throws IllegalArgumentException if {@code v} is not positive
     */
    public Builder maxSubvolumeMounts(int v) {
      maxSubvolumeMounts = positive("maxSubvolumeMounts", v);
      return this;
    }

    /**
     * Sets {@link Limits#maxDecompressedKernelBytes()}.
     *
     * @param v the bound, in bytes
     * @return this builder
     * @throws IllegalArgumentException if {@code v} is not positive
     */
    public Builder maxDecompressedKernelBytes(long v) {
      maxDecompressedKernelBytes = positive("maxDecompressedKernelBytes", v);
      return this;
    }

    /**
     * Sets {@link Limits#timeout()}.
     *
     * @param v the time budget; one longer than {@link Limits#MAX_TIMEOUT} is taken as that
     * @return this builder
     * @throws IllegalArgumentException if {@code v} is zero or negative
     * @throws NullPointerException if {@code v} is null
     */
    public Builder timeout(Duration v) {
      Objects.requireNonNull(v, "timeout");
      checkArgument(!v.isNegative() && !v.isZero(), "timeout must be positive: %s", v);
      timeout = v.compareTo(MAX_TIMEOUT) > 0 ? MAX_TIMEOUT : v;
      return this;
    }

    /** {@return the limits as set} */
    public Limits build() {
      return new Limits(this);
    }
  }
}
