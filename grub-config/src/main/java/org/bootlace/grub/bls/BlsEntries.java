package org.bootlace.grub.bls;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.bootlace.CorruptImageException;
import org.bootlace.FileStat;
import org.bootlace.GuestFileException;
import org.bootlace.LimitExceededException;
import org.bootlace.Limits;
import org.bootlace.SourceLocation;
import org.bootlace.Volume;
import org.bootlace.spi.DirEntry;
import org.bootlace.spi.FileType;

/**
 * Reads Boot Loader Specification entries the way GRUB's {@code blscfg} command of Fedora and RHEL
 * 9 and later reads them.
 */
public final class BlsEntries {
  private static final String SUFFIX = ".conf";

  private BlsEntries() {}

  /**
   * Entries of every *.conf in dirs on volume, sorted as blscfg sorts them (newest version first).
   *
   * <p>{@code dirs} are tried in order and only the first that is a directory is read: blscfg reads
   * {@code $blsdir} (by default {@code /loader/entries/}) and falls back to {@code
   * /boot/loader/entries/} only when that cannot be read, so pass both in that order for its
   * default search. No directory gives an empty list.
   *
   * <p>A name counts when it ends in {@code .conf} and does not start with a dot. A name that leads
   * to no regular file (a directory, a dangling link, a link loop) is skipped without a trace, as
   * blscfg skips a file it cannot open. Everything a readable file holds makes an entry, however
   * little of it blscfg could parse (see {@link BlsEntry} and the package notes).
   *
   * <p>The order is {@link EntryOrder}'s on the file names, newest first. Of files whose names
   * compare equal (say {@code a-1.0-1} and {@code a-1.00-1}) blscfg keeps the one it read first and
   * drops the others; the first in the filesystem's directory order is kept here.
   *
   * @param volume the volume that holds the entries
   * @param dirs the directories to try, in order
   * @param limits the bounds on entry count and bytes read
   * @return the entries, newest first
   * @throws IOException when the volume cannot be read
   * @throws LimitExceededException when more than {@code maxMenuEntries} names end in {@code .conf}
   *     or a file, or all the files together, hold more than {@code maxConfigBytes}
   * @throws CorruptImageException for an entry whose id still holds {@code .conf} before its end
   *     and that has a kernel: blscfg never finishes building it, so GRUB hangs on that menu
   */
  public static List<BlsEntry> load(Volume volume, List<String> dirs, Limits limits)
      throws IOException {
    for (String dir : dirs) {
      Optional<List<DirEntry>> listing = list(volume, dir);
      if (listing.isPresent()) {
        return read(volume, trimSlashes(dir), listing.get(), limits);
      }
    }
    return List.of();
  }

  private static List<BlsEntry> read(
      Volume volume, String dir, List<DirEntry> listing, Limits limits) throws IOException {
    List<String> names = new ArrayList<>();
    for (DirEntry e : listing) {
      if (!e.name().startsWith(".") && e.name().endsWith(SUFFIX)) {
        names.add(e.name());
      }
    }
    String where = "blscfg: (" + volume.grubDevice() + ")" + (dir.isEmpty() ? "/" : dir);
    Limits.check("maxMenuEntries", limits.maxMenuEntries(), names.size(), where + ": *.conf files");
    // Keyed by file name without .conf; the first file of each version is kept, as blscfg
    // refuses to insert an entry that compares equal to one already in its list.
    TreeMap<String, BlsEntry> byVersion = new TreeMap<>(EntryOrder.INSTANCE);
    long total = 0;
    for (String name : names) {
      String path = dir + "/" + name;
      Optional<FileStat> stat = regularFile(volume, path);
      if (stat.isEmpty()) {
        continue; // blscfg's open fails and it moves on without a word
      }
      String file = "(" + volume.grubDevice() + ")" + path;
      Limits.check("maxConfigBytes", limits.maxConfigBytes(), stat.get().size(), file);
      total += stat.get().size();
      Limits.check(
          "maxConfigBytes", limits.maxConfigBytes(), total, where + ": *.conf files together");
      EntryFile parsed = EntryFile.parse(volume.readConfig(path));
      String key = name.substring(0, name.length() - SUFFIX.length());
      byVersion.putIfAbsent(key, entry(key, parsed, new SourceLocation(file, 1)));
    }
    List<BlsEntry> out = new ArrayList<>(byVersion.descendingMap().values());
    for (BlsEntry e : out) {
      if (e.linux().isPresent() && e.id().contains(SUFFIX)) {
        throw new CorruptImageException(
            e.source().file()
                + ": id '"
                + e.id()
                + "' has '.conf' before its end: GRUB's blscfg loops forever on this entry");
      }
    }
    return List.copyOf(out);
  }

  private static BlsEntry entry(String key, EntryFile f, SourceLocation source) {
    String id = key.endsWith(SUFFIX) ? key.substring(0, key.length() - SUFFIX.length()) : key;
    Optional<String> linux = f.first("linux");
    String title = f.first("title").orElse(linux.orElse(id));
    return new BlsEntry(
        id,
        title,
        f.first("version").orElse(""),
        linux,
        f.all("initrd"),
        f.first("options").orElse(""),
        f.first("devicetree"),
        f.first("grub_users"),
        f.first("grub_arg"),
        f.all("grub_class"),
        source);
  }

  /** The directory's entries, or empty when blscfg could not read it as a directory. */
  private static Optional<List<DirEntry>> list(Volume volume, String dir) throws IOException {
    try {
      if (!volume.isDirectory(dir)) {
        return Optional.empty();
      }
    } catch (GuestFileException e) {
      return Optional.empty(); // a component on the way is not a directory
    } catch (LimitExceededException e) {
      if (!e.limit().equals("maxSymlinkHops")) {
        throw e;
      }
      return Optional.empty(); // a link loop: GRUB fails to open it too
    }
    return Optional.of(volume.list(dir));
  }

  /** What {@code path} leads to when it is a regular file; empty when blscfg could not open it. */
  private static Optional<FileStat> regularFile(Volume volume, String path) throws IOException {
    try {
      return volume.stat(path).filter(s -> s.type() == FileType.REGULAR);
    } catch (GuestFileException e) {
      return Optional.empty();
    } catch (LimitExceededException e) {
      if (!e.limit().equals("maxSymlinkHops")) {
        throw e;
      }
      return Optional.empty();
    }
  }

  private static String trimSlashes(String dir) {
    int end = dir.length();
    while (end > 0 && dir.charAt(end - 1) == '/') {
      end--;
    }
    return dir.substring(0, end);
  }
}
