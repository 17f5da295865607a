package org.bootlace;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.bootlace.binary.WholeFile;
import org.bootlace.block.BlockDevice;
import org.bootlace.block.TimeBudget;
import org.bootlace.spi.DirEntry;
import org.bootlace.spi.FileSystem;
import org.bootlace.spi.FileType;
import org.bootlace.spi.FsNode;
import org.bootlace.spi.Partition;
import org.bootlace.spi.Subvolume;

/**
 * A filesystem found on a partition of the image, read by path. Paths are resolved the way the
 * guest itself would, with the filesystem's root as a hard boundary: {@code ..} at the root stays
 * at the root and absolute symlinks restart at this filesystem's root, so no path can leave the
 * guest filesystem.
 */
public final class Volume {
  private final int disk;
  private final Partition partition;
  private final FileSystem fs;
  private final Limits limits;
  private final TimeBudget deadline;
  private final String device;
  private final Subvolume subvolume;

  Volume(int disk, Partition partition, FileSystem fs, Limits limits, TimeBudget deadline) {
    this(disk, partition, fs, limits, deadline, null, null);
  }

  private Volume(
      int disk,
      Partition partition,
      FileSystem fs,
      Limits limits,
      TimeBudget deadline,
      String device,
      Subvolume subvolume) {
    this.disk = disk;
    this.partition = partition;
    this.fs = fs;
    this.limits = limits;
    this.deadline = deadline;
    this.device = device;
    this.subvolume = subvolume;
  }

  /**
   * A volume that is not on a disk, such as a network boot server's file tree, for a module that
   * provides such a {@link FileSystem} (bootlace-pxe). Paths resolve with the same rules as on a
   * disk; {@code grubDevice} is the name GRUB gives the tree ({@code tftp}, {@code http,192.0.2.1})
   * and {@code device} the whole-tree device that names it in messages.
   *
   * @param grubDevice GRUB's name for the tree, without parentheses
   * @param device the device standing for the whole tree
   * @param fs the filesystem that reads the tree
   * @param limits the bounds on path resolution and configuration reads
   * @param deadline the time budget every lookup checks
   * @return the volume
   */
  public static Volume ofFileSystem(
      String grubDevice, BlockDevice device, FileSystem fs, Limits limits, TimeBudget deadline) {
    return new Volume(0, Partition.wholeDisk(device), fs, limits, deadline, grubDevice, null);
  }

  /**
   * {@return whether the filesystem has subvolumes (btrfs) that {@link #subvolume(Subvolume)} can
   * choose}
   */
  public boolean hasSubvolumes() {
    return fs.hasSubvolumes();
  }

  /**
   * The same filesystem with paths starting at another subvolume, under the same device name.
   *
   * @param which the subvolume, by path or id
   * @return the view; empty when there is no such subvolume, or the filesystem has none
   * @throws CorruptImageException if the filesystem's subvolume records are corrupt
   * @throws LimitExceededException if the operation's time budget is spent
   * @throws IOException if the image cannot be read
   */
  public Optional<Volume> subvolume(Subvolume which) throws IOException {
    if (!fs.hasSubvolumes()) {
      return Optional.empty();
    }
    deadline.check();
    return fs.subvolume(which)
        .map(view -> new Volume(disk, partition, view, limits, deadline, device, which));
  }

  /**
   * How messages and file locations name {@code path} on this volume: {@code (hd0,gpt2)/boot/x},
   * with the subvolume when another than the default was chosen: {@code
   * (hd0,gpt2)[subvol=@boot]/x}.
   *
   * @param path an absolute path on this volume
   * @return the path with the volume's GRUB device name in front
   */
  public String where(String path) {
    String view = "";
    if (subvolume instanceof Subvolume.ByPath p) {
      view = "[subvol=" + p.path() + "]";
    } else if (subvolume instanceof Subvolume.ById i) {
      view = "[subvolid=" + Long.toUnsignedString(i.id()) + "]";
    } else if (subvolume instanceof Subvolume.TopLevel) {
      view = "[subvolid=5]";
    } // the default subvolume is where the volume's own paths start: nothing to say
    return "(" + grubDevice() + ")" + view + path;
  }

  /**
   * {@return the subvolume this volume was chosen at with {@link #subvolume(Subvolume)}, if it was}
   */
  public Optional<Subvolume> chosenSubvolume() {
    return Optional.ofNullable(subvolume);
  }

  /** {@return the partition, whole disk or assembled volume the filesystem lies on} */
  public Partition partition() {
    return partition;
  }

  /** {@return the filesystem's type: {@code ext4}, {@code iso9660}, ...} */
  public String fsType() {
    return fs.type();
  }

  /** {@return the filesystem's UUID as its own tools print it, if it has one} */
  public Optional<String> uuid() {
    return fs.uuid();
  }

  /** {@return the filesystem's label, if it has one} */
  public Optional<String> label() {
    return fs.label();
  }

  /**
   * {@return GRUB 2's device name: {@code hd0,msdos1}, {@code hd0,gpt2}, {@code hd0} for a whole
   * disk, or an assembled volume's own name ({@code lvm/vg-root}, {@code md/boot})}
   */
  public String grubDevice() {
    if (device != null) {
      return device;
    }
    if (partition.assembled()) {
      return partition.deviceNames().get(0);
    }
    return "hd" + disk + partition.grubName().map(n -> "," + n).orElse("");
  }

  FileSystem fileSystem() {
    return fs;
  }

  TimeBudget deadline() {
    return deadline;
  }

  /**
   * Finds what {@code path} leads to, following symlinks.
   *
   * @param path a path on this volume; relative paths start at the root
   * @return the file's attributes and canonical path; empty if nothing is there
   * @throws GuestFileException if a component before the last is not a directory
   * @throws LimitExceededException if the path or a link target is longer than {@code
   *     maxPathBytes}, more than {@code maxSymlinkHops} links are followed, or the time budget is
   *     spent
   * @throws CorruptImageException if the filesystem is corrupt
   * @throws IOException if the image cannot be read
   */
  public Optional<FileStat> stat(String path) throws IOException {
    return walk(path, true).map(this::toStat);
  }

  /**
   * Finds what {@code path} leads to like {@link #stat}, but reports a final symlink itself.
   *
   * @param path a path on this volume
   * @return the attributes; empty if nothing is there
   * @throws GuestFileException if a component before the last is not a directory
   * @throws LimitExceededException if the path or a link target is longer than {@code
   *     maxPathBytes}, more than {@code maxSymlinkHops} links are followed, or the time budget is
   *     spent
   * @throws CorruptImageException if the filesystem is corrupt
   * @throws IOException if the image cannot be read
   */
  public Optional<FileStat> lstat(String path) throws IOException {
    return walk(path, false).map(this::toStat);
  }

  /**
   * Tells whether {@code path} leads anywhere, following symlinks.
   *
   * @param path a path on this volume
   * @return true if something is there
   * @throws GuestFileException if a component before the last is not a directory
   * @throws LimitExceededException if the path or a link target is longer than {@code
   *     maxPathBytes}, more than {@code maxSymlinkHops} links are followed, or the time budget is
   *     spent
   * @throws CorruptImageException if the filesystem is corrupt
   * @throws IOException if the image cannot be read
   */
  public boolean exists(String path) throws IOException {
    return walk(path, true).isPresent();
  }

  /**
   * Tells whether {@code path} leads to a regular file, following symlinks.
   *
   * @param path a path on this volume
   * @return true for a regular file
   * @throws GuestFileException if a component before the last is not a directory
   * @throws LimitExceededException if the path or a link target is longer than {@code
   *     maxPathBytes}, more than {@code maxSymlinkHops} links are followed, or the time budget is
   *     spent
   * @throws CorruptImageException if the filesystem is corrupt
   * @throws IOException if the image cannot be read
   */
  public boolean isFile(String path) throws IOException {
    return walk(path, true).map(r -> r.node.type() == FileType.REGULAR).orElse(false);
  }

  /**
   * Tells whether {@code path} leads to a directory, following symlinks.
   *
   * @param path a path on this volume
   * @return true for a directory
   * @throws GuestFileException if a component before the last is not a directory
   * @throws LimitExceededException if the path or a link target is longer than {@code
   *     maxPathBytes}, more than {@code maxSymlinkHops} links are followed, or the time budget is
   *     spent
   * @throws CorruptImageException if the filesystem is corrupt
   * @throws IOException if the image cannot be read
   */
  public boolean isDirectory(String path) throws IOException {
    return walk(path, true).map(r -> r.node.type() == FileType.DIRECTORY).orElse(false);
  }

  /**
   * Opens the regular file at {@code path}, following symlinks. Its bytes are read lazily, when the
   * file is read.
   *
   * @param path a path on this volume
   * @return the file
   * @throws GuestFileException if nothing is there or it is not a regular file
   * @throws LimitExceededException if a bound on paths or links is reached, or the time budget is
   *     spent
   * @throws CorruptImageException if the filesystem is corrupt
   * @throws IOException if the image cannot be read
   */
  public GuestFile open(String path) throws IOException {
    Resolved r = walk(path, true).orElseThrow(() -> missing(path));
    if (r.node.type() != FileType.REGULAR) {
      throw new GuestFileException(
          where(path) + ": is a " + describe(r.node.type()) + ", not a regular file");
    }
    return new NodeFile(this, path, r.node);
  }

  /**
   * Lists the directory at {@code path}, following symlinks.
   *
   * @param path a path on this volume
   * @return its entries, without "." and "..", in the filesystem's order
   * @throws GuestFileException if nothing is there or it is not a directory
   * @throws LimitExceededException if it has more than {@code maxDirectoryEntries} entries, a bound
   *     on paths or links is reached, or the time budget is spent
   * @throws CorruptImageException if the filesystem is corrupt
   * @throws IOException if the image cannot be read
   */
  public List<DirEntry> list(String path) throws IOException {
    Resolved r = walk(path, true).orElseThrow(() -> missing(path));
    if (r.node.type() != FileType.DIRECTORY) {
      throw new GuestFileException(where(path) + ": not a directory");
    }
    deadline.check();
    return fs.list(r.node);
  }

  /**
   * Reads the symbolic link at {@code path}; a final link is not followed.
   *
   * @param path a path on this volume
   * @return the link's target, as stored
   * @throws GuestFileException if nothing is there or it is not a symbolic link
   * @throws LimitExceededException if a bound on paths or links is reached, or the time budget is
   *     spent
   * @throws CorruptImageException if the filesystem is corrupt
   * @throws IOException if the image cannot be read
   */
  public String readLink(String path) throws IOException {
    Resolved r = walk(path, false).orElseThrow(() -> missing(path));
    if (r.node.type() != FileType.SYMLINK) {
      throw new GuestFileException(where(path) + ": not a symbolic link");
    }
    return fs.readLink(r.node);
  }

  /**
   * Reads a configuration file whole.
   *
   * @param path a path on this volume
   * @return the file's bytes
   * @throws GuestFileException if nothing is there or it is not a regular file
   * @throws LimitExceededException if the file is larger than {@code maxConfigBytes}, a bound on
   *     paths or links is reached, or the time budget is spent
   * @throws CorruptImageException if the filesystem is corrupt
   * @throws IOException if the image cannot be read
   */
  public byte[] readConfig(String path) throws IOException {
    return WholeFile.read(open(path), limits.maxConfigBytes(), "maxConfigBytes");
  }

  private GuestFileException missing(String path) {
    return new GuestFileException(where(path) + ": no such file or directory");
  }

  private static String describe(FileType t) {
    return t.name().toLowerCase(Locale.ROOT).replace('_', ' ');
  }

  private FileStat toStat(Resolved r) {
    return new FileStat(
        r.path, r.node.type(), r.node.size(), r.node.mode(), r.node.mtime(), r.node.id());
  }

  private record Resolved(String path, FsNode node) {}

  /**
   * Resolves {@code path} one component at a time from this filesystem's root. Empty when a
   * component does not exist; an error when a component that must be a directory is not.
   */
  private Optional<Resolved> walk(String path, boolean followLast) throws IOException {
    checkPathLength(path);
    Deque<String> todo = new ArrayDeque<>();
    pushFront(todo, path);
    List<FsNode> nodes = new ArrayList<>();
    List<String> names = new ArrayList<>();
    nodes.add(fs.root());
    int hops = 0;
    while (!todo.isEmpty()) {
      deadline.check();
      String name = todo.pollFirst();
      if (name.equals(".")) {
        continue;
      }
      if (name.equals("..")) {
        if (nodes.size() > 1) { // ".." at the root stays at the root
          nodes.remove(nodes.size() - 1);
          names.remove(names.size() - 1);
        }
        continue;
      }
      FsNode dir = nodes.get(nodes.size() - 1);
      if (dir.type() != FileType.DIRECTORY) {
        throw new GuestFileException(
            where(path) + ": /" + String.join("/", names) + " is not a directory");
      }
      Optional<FsNode> child = fs.lookup(dir, name);
      if (child.isEmpty()) {
        return Optional.empty();
      }
      FsNode node = child.get();
      if (node.type() == FileType.SYMLINK && (followLast || !todo.isEmpty())) {
        if (++hops > limits.maxSymlinkHops()) {
          throw new LimitExceededException(
              "maxSymlinkHops",
              limits.maxSymlinkHops(),
              where(path) + ": too many levels of symbolic links");
        }
        String target = fs.readLink(node);
        // Each hop adds at most maxPathBytes of components, so the whole walk stays bounded.
        checkPathLength(target);
        if (target.startsWith("/")) { // absolute links restart at this filesystem's root
          nodes.subList(1, nodes.size()).clear();
          names.clear();
        }
        pushFront(todo, target);
        continue;
      }
      nodes.add(node);
      names.add(name);
    }
    return Optional.of(new Resolved("/" + String.join("/", names), nodes.get(nodes.size() - 1)));
  }

  private void checkPathLength(String path) throws LimitExceededException {
    Limits.check(
        "maxPathBytes",
        limits.maxPathBytes(),
        path.getBytes(StandardCharsets.UTF_8).length,
        "path length of " + abbreviate(path));
  }

  private static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 77) + "...";
  }

  private static void pushFront(Deque<String> todo, String path) {
    String[] parts = path.split("/");
    for (int i = parts.length - 1; i >= 0; i--) {
      if (!parts[i].isEmpty()) {
        todo.addFirst(parts[i]);
      }
    }
  }

  @Override
  public String toString() {
    return "(" + grubDevice() + ") " + fs.type() + " on " + partition.device();
  }
}
