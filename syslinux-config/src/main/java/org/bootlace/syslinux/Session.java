package org.bootlace.syslinux;

import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bootlace.BootlaceException;
import org.bootlace.FileStat;
import org.bootlace.LimitExceededException;
import org.bootlace.Limits;
import org.bootlace.Volume;
import org.bootlace.block.TimeBudget;
import org.bootlace.spi.ConfigContext;

/**
 * What one parse shares across the configuration, the files it includes and the files its {@code
 * CONFIG} entries switch to: the volume (syslinux reads only the filesystem it was loaded from),
 * the diagnostics, and the budgets that bound the whole evaluation (entries, nesting, bytes of
 * further files).
 */
final class Session {
  private final ConfigContext context;
  private final Limits limits;
  private final Diagnostics diagnostics = new Diagnostics();
  private final Set<String> configsOpen = new HashSet<>();
  // The filesystem does not change during a parse; menus name the same files again and again.
  private final Map<String, Optional<String>> problems = new HashMap<>();
  private final Map<String, String> keys = new HashMap<>();
  private final Map<String, byte[]> contents = new HashMap<>();
  private int entries;
  private long nestedBytes;

  Session(ConfigContext context) {
    this.context = context;
    this.limits = context.limits();
  }

  Volume volume() {
    return context.volume();
  }

  /** The configuration syslinux found; {@code ~} names it in {@code INCLUDE}. */
  String mainConfig() {
    return context.path();
  }

  Limits limits() {
    return limits;
  }

  TimeBudget deadline() {
    return context.deadline();
  }

  Diagnostics diagnostics() {
    return diagnostics;
  }

  /** Counts one more menu entry of the whole evaluation. */
  void countEntry(String where) throws LimitExceededException {
    entries++;
    Limits.check("maxMenuEntries", limits.maxMenuEntries(), entries, "menu entries, at " + where);
  }

  /** Checks one more level of INCLUDE or CONFIG nesting. */
  void checkNesting(int depth, String where) throws LimitExceededException {
    Limits.check(
        "maxIncludeDepth", limits.maxIncludeDepth(), depth, "INCLUDE/CONFIG nesting at " + where);
  }

  /**
   * The bytes of a further file (an INCLUDE or a CONFIG target), or empty with the reason when
   * syslinux could not open it. All further files together are bounded by {@code maxConfigBytes}.
   */
  Optional<byte[]> readFile(String path, String where, StringBuilder whyNot) throws IOException {
    Optional<String> problem = problem(path);
    if (problem.isPresent()) {
      whyNot.append(problem.get());
      return Optional.empty();
    }
    Volume v = volume();
    try {
      byte[] cached = contents.get(path);
      long size = cached != null ? cached.length : v.open(path).size();
      nestedBytes += size;
      Limits.check(
          "maxConfigBytes",
          limits.maxConfigBytes(),
          nestedBytes,
          "bytes of files read through INCLUDE and CONFIG, at " + where);
      if (cached == null) {
        cached = v.readConfig(path);
        contents.put(path, cached);
      }
      return Optional.of(cached);
    } catch (LimitExceededException e) {
      throw e;
    } catch (BootlaceException e) {
      whyNot.append(e.getMessage());
      return Optional.empty();
    }
  }

  /**
   * Why syslinux could not open {@code path} as a file, or empty if it could. A name too long for
   * bootlace's {@code maxPathBytes} is a name syslinux could not open either (its limit is 255
   * bytes), so it is a reason here, not an error.
   */
  Optional<String> problem(String path) throws IOException {
    Optional<String> known = problems.get(path);
    if (known == null) {
      known = look(path);
      problems.put(path, known);
    }
    return known;
  }

  private Optional<String> look(String path) throws IOException {
    Volume v = volume();
    try {
      if (v.isFile(path)) {
        return Optional.empty();
      }
      return Optional.of(v.exists(path) ? "not a regular file" : "no such file");
    } catch (LimitExceededException e) {
      if (e.limit().equals("maxPathBytes")) {
        return Optional.of(e.getMessage());
      }
      throw e;
    } catch (BootlaceException e) {
      return Optional.of(e.getMessage());
    }
  }

  /** Whether {@code path} is a directory syslinux could change to. */
  boolean isDirectory(String path) throws IOException {
    try {
      return volume().isDirectory(path);
    } catch (LimitExceededException e) {
      if (e.limit().equals("maxPathBytes")) {
        return false;
      }
      throw e;
    } catch (BootlaceException e) {
      return false;
    }
  }

  /** Marks a configuration as being evaluated; false if it already is (a CONFIG cycle). */
  boolean enterConfig(String key) {
    return configsOpen.add(key);
  }

  void leaveConfig(String key) {
    configsOpen.remove(key);
  }

  /** A name for a file that is the same however a path reaches it: its real path. */
  String key(String path) throws IOException {
    String known = keys.get(path);
    if (known == null) {
      known = realPath(path);
      keys.put(path, known);
    }
    return known;
  }

  private String realPath(String path) throws IOException {
    try {
      return volume().stat(path).map(FileStat::path).orElse(path);
    } catch (LimitExceededException e) {
      if (e.limit().equals("maxPathBytes")) {
        return path;
      }
      throw e;
    } catch (BootlaceException e) {
      return path;
    }
  }
}
