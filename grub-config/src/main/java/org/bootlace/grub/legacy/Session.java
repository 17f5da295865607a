package org.bootlace.grub.legacy;

import java.io.IOException;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.bootlace.FileStat;
import org.bootlace.Limits;
import org.bootlace.Volume;
import org.bootlace.block.TimeBudget;
import org.bootlace.spi.ConfigContext;

/**
 * What one parse shares across the menu file and the files its entries load with {@code
 * configfile}: the context, the warnings, file lookups, and the budgets that bound the whole tree
 * (entries, nesting, bytes of nested files).
 */
final class Session {
  private final ConfigContext context;
  private final Limits limits;
  private final Diagnostics diagnostics = new Diagnostics();
  private final FileChecks files = new FileChecks();
  private final DeviceMap devices;
  private final Set<String> open = new HashSet<>();
  private int entries;
  private long nestedBytes;

  Session(ConfigContext context) {
    this.context = context;
    this.limits = context.limits();
    this.devices = new DeviceMap(context, diagnostics);
  }

  ConfigContext context() {
    return context;
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

  FileChecks files() {
    return files;
  }

  DeviceMap devices() {
    return devices;
  }

  /** Where GRUB was loaded from: every entry starts with this root, in nested menus too. */
  Volume bootVolume() {
    return context.volume();
  }

  /** Counts one more menu entry in the whole tree. */
  void countEntry(String where) throws IOException {
    entries++;
    Limits.check("maxMenuEntries", limits.maxMenuEntries(), entries, "menu entries, at " + where);
  }

  /**
   * Counts the bytes of a nested file against {@code maxConfigBytes}, all nested files together.
   */
  void countNestedBytes(long size, String where) throws IOException {
    nestedBytes += size;
    Limits.check(
        "maxConfigBytes",
        limits.maxConfigBytes(),
        nestedBytes,
        "bytes of menu files loaded with configfile, at " + where);
  }

  /** Marks a file as being read; false if it already is (a configfile loop). */
  boolean enter(String key) {
    return open.add(key);
  }

  void leave(String key) {
    open.remove(key);
  }

  /** A name for a file that is the same however a path reaches it: its volume and real path. */
  static String key(Volume volume, String path) throws IOException {
    Optional<FileStat> stat = volume.stat(path);
    return volume.grubDevice() + "\u0000" + stat.map(FileStat::path).orElse(path);
  }
}
