package org.bootlace.grub.legacy;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.bootlace.BootlaceException;
import org.bootlace.FileStat;
import org.bootlace.GuestFileException;
import org.bootlace.LimitExceededException;
import org.bootlace.Volume;
import org.bootlace.spi.FileType;

/**
 * What GRUB would find when it opens an entry's files, asked once per file however many entries
 * name it: whether the file is there, and whether a kernel is multiboot.
 */
final class FileChecks {
  private final Map<String, Optional<String>> problems = new HashMap<>();
  private final Map<String, KernelHeader.Kind> kernels = new HashMap<>();
  private final Map<String, String> kernelFailures = new HashMap<>();

  /** Why GRUB could not open the file, in GRUB's words; empty if it could. */
  Optional<String> problem(Volume volume, String path) throws IOException {
    String key = key(volume, path);
    Optional<String> known = problems.get(key);
    if (known != null) {
      return known;
    }
    Optional<String> found;
    try {
      Optional<FileStat> stat = volume.stat(path);
      if (stat.isEmpty()) {
        found = Optional.of(GrubError.FILE_NOT_FOUND.toString());
      } else if (stat.get().type() != FileType.REGULAR) {
        found = Optional.of(GrubError.BAD_FILETYPE.toString());
      } else {
        found = Optional.empty();
      }
    } catch (LimitExceededException e) {
      found = Optional.of(pathLimit(e));
    } catch (GuestFileException e) {
      found = Optional.of(GrubError.BAD_FILETYPE + " (" + e.getMessage() + ")");
    } catch (BootlaceException e) {
      found = Optional.of(GrubError.FSYS_CORRUPT + " (" + e.getMessage() + ")");
    }
    problems.put(key, found);
    return found;
  }

  /** The kernel's kind; the file must exist ({@link #problem} said so). */
  KernelHeader.Kind kernel(Volume volume, String path) throws IOException, GrubFailure {
    String key = key(volume, path);
    String failed = kernelFailures.get(key);
    if (failed != null) {
      throw new GrubFailure(failed);
    }
    KernelHeader.Kind known = kernels.get(key);
    if (known != null) {
      return known;
    }
    try {
      KernelHeader.Kind kind = KernelHeader.probe(volume.open(path));
      kernels.put(key, kind);
      return kind;
    } catch (GrubFailure e) {
      kernelFailures.put(key, e.getMessage());
      throw e;
    } catch (LimitExceededException e) {
      throw e;
    } catch (BootlaceException e) {
      String why = GrubError.FSYS_CORRUPT + " (" + e.getMessage() + ")";
      kernelFailures.put(key, why);
      throw new GrubFailure(why);
    }
  }

  /**
   * A path bound hit while looking a file up fails that entry, as GRUB's own symlink bound would;
   * every other bound (the operation's time above all) ends the parse.
   */
  private static String pathLimit(LimitExceededException e) throws LimitExceededException {
    return switch (e.limit()) {
      case "maxSymlinkHops" -> GrubError.SYMLINK_LOOP + " (" + e.getMessage() + ")";
      case "maxPathBytes" -> e.getMessage();
      default -> throw e;
    };
  }

  private static String key(Volume volume, String path) {
    return volume.grubDevice() + "\u0000" + path;
  }
}
