package org.bootlace.kernel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bootlace.BootRecord;
import org.bootlace.BootSource;
import org.bootlace.Limits;
import org.bootlace.Volume;
import org.bootlace.binary.WholeFile;

/**
 * Inspects an image: resolves its default entry, inspects the kernel, finds the root filesystem
 * (from {@code root=} in the arguments, then an {@code /etc/fstab} that mounts {@code /}, then the
 * first Linux filesystem), reads its os-release and machine-id, and checks that the kernel's
 * modules are there.
 */
public final class OsInspector {
  private static final Pattern ROOT = Pattern.compile("(?:^|\\s)root=(\\S+)");
  private static final Pattern DEVICE =
      Pattern.compile("/dev/(?:[sv]d|xvd|hd)[a-z]+(\\d{0,6})|/dev/nvme\\d+n\\d+p(\\d{1,6})");

  private OsInspector() {}

  /**
   * Inspects the image for its default entry.
   *
   * @param source the open image
   * @return the operating system, the default entry and its kernel, and the warnings
   * @throws org.bootlace.BootlaceException if no entry can be resolved ({@link
   *     BootSource#resolveBoot()}), or the image is corrupt
   * @throws org.bootlace.LimitExceededException if a bound is reached, or the time budget ({@code
   *     timeout}, one for the whole inspection) is spent
   * @throws IOException if the image cannot be read
   */
  public static Inspection inspect(BootSource source) throws IOException {
    return source.withinTimeout(() -> inspected(source, source.resolveBoot()));
  }

  /**
   * Inspects the image for an entry already resolved.
   *
   * @param source the open image
   * @param boot an entry {@code source} resolved
   * @return the operating system, the entry and its kernel, and the warnings
   * @throws org.bootlace.CorruptImageException if a filesystem read is corrupt
   * @throws org.bootlace.LimitExceededException if a bound is reached, or the time budget ({@code
   *     timeout}, one for the whole inspection) is spent
   * @throws IOException if the image cannot be read
   */
  public static Inspection inspect(BootSource source, BootRecord boot) throws IOException {
    return source.withinTimeout(() -> inspected(source, boot));
  }

  /** The inspection, run as one operation of {@code source}: its reads share one time budget. */
  private static Inspection inspected(BootSource source, BootRecord boot) throws IOException {
    List<String> warnings = new ArrayList<>();
    KernelInfo kernel = KernelInspector.inspect(boot.kernel());
    List<Volume> volumes = source.volumes();
    Optional<Volume> root = Optional.empty();
    String from = "";
    Matcher m = ROOT.matcher(boot.args());
    String rootArg = null;
    while (m.find()) {
      rootArg = m.group(1); // the kernel takes the last root=
    }
    if (rootArg != null) {
      root = byName(volumes, rootArg);
      from = "root=" + rootArg;
      if (root.isEmpty()) {
        warnings.add("root=" + rootArg + " names no filesystem bootlace read on the image");
      }
    }
    if (root.isEmpty()) {
      for (Volume v : volumes) {
        Optional<String> spec = fstabRoot(v, source.limits());
        if (spec.isPresent()) {
          Optional<Volume> named = byName(volumes, spec.get());
          root = Optional.of(named.orElse(v));
          from = "/etc/fstab on (" + v.grubDevice() + ")";
          break;
        }
      }
    }
    if (root.isEmpty()) {
      for (Volume v : volumes) {
        String t = v.fsType();
        if (t.startsWith("ext") || t.equals("xfs") || t.equals("btrfs")) {
          root = Optional.of(v);
          from = "the first Linux filesystem";
          break;
        }
      }
    }
    Optional<OsInfo> os = Optional.empty();
    Optional<Boolean> modules = Optional.empty();
    if (root.isPresent()) {
      Volume v = root.get();
      Optional<String> path = Optional.empty();
      Map<String, String> rel = Map.of();
      for (String p : List.of("/etc/os-release", "/usr/lib/os-release")) {
        if (v.isFile(p)) {
          path = Optional.of(p);
          rel = osRelease(small(v, p, source.limits()));
          break;
        }
      }
      Optional<String> machineId =
          v.isFile("/etc/machine-id")
              ? Optional.of(small(v, "/etc/machine-id", source.limits()).strip())
                  .filter(s -> s.matches("[0-9a-f]{32}"))
              : Optional.empty();
      os =
          Optional.of(
              new OsInfo(
                  v.toString(),
                  from,
                  path,
                  Optional.ofNullable(rel.get("ID")),
                  Optional.ofNullable(rel.get("VERSION_ID")),
                  Optional.ofNullable(rel.get("PRETTY_NAME")),
                  machineId));
      if (kernel.version().isPresent()) {
        String release = kernel.version().get();
        boolean present =
            v.isDirectory("/lib/modules/" + release)
                || v.isDirectory("/usr/lib/modules/" + release);
        modules = Optional.of(present);
        if (!present) {
          warnings.add(
              "/lib/modules/"
                  + release
                  + " is missing on "
                  + v
                  + ": the guest will boot without its kernel modules");
        }
      }
    } else {
      warnings.add("no root filesystem found");
    }
    return new Inspection(os, boot, kernel, modules, warnings);
  }

  /** A text file of the guest's, bounded as its configuration files are. */
  private static String small(Volume v, String path, Limits limits) throws IOException {
    return new String(
        WholeFile.read(v.open(path), limits.maxConfigBytes(), "maxConfigBytes"),
        StandardCharsets.UTF_8);
  }

  /** The volume a {@code root=} or fstab device names: UUID=, LABEL=, or a partition's device. */
  private static Optional<Volume> byName(List<Volume> volumes, String spec) {
    for (Volume v : volumes) {
      if (spec.startsWith("UUID=")
          && v.uuid().map(u -> u.equalsIgnoreCase(spec.substring(5))).orElse(false)) {
        return Optional.of(v);
      }
      if (spec.startsWith("LABEL=")
          && v.label().map(l -> l.equals(spec.substring(6))).orElse(false)) {
        return Optional.of(v);
      }
      Matcher d = DEVICE.matcher(spec);
      if (d.matches()) {
        String num = d.group(1) != null ? d.group(1) : d.group(2);
        int n = num.isEmpty() ? 0 : Integer.parseInt(num);
        if (v.partition().number() == n) {
          return Optional.of(v);
        }
      }
    }
    return Optional.empty();
  }

  /** The device fstab mounts on {@code /}, if the volume has an fstab that does. */
  private static Optional<String> fstabRoot(Volume v, Limits limits) throws IOException {
    if (!v.isFile("/etc/fstab")) {
      return Optional.empty();
    }
    for (String line : small(v, "/etc/fstab", limits).split("\n")) {
      String[] f = line.strip().split("\\s+");
      if (f.length >= 2 && !f[0].startsWith("#") && f[1].equals("/")) {
        return Optional.of(f[0]);
      }
    }
    return Optional.empty();
  }

  /**
   * Reads os-release's {@code KEY=value} lines; quoted values lose their quotes and backslash
   * escapes.
   *
   * @param text the file's text; blank lines, comments and lines without a key are skipped
   * @return the pairs, in the order their keys first appear; a later key replaces an earlier one
   */
  public static Map<String, String> osRelease(String text) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String raw : text.split("\n", -1)) {
      String line = raw.strip();
      int eq = line.indexOf('=');
      if (line.isEmpty() || line.startsWith("#") || eq <= 0) {
        continue;
      }
      String v = line.substring(eq + 1);
      if (v.length() >= 2
          && (v.charAt(0) == '"' || v.charAt(0) == '\'')
          && v.charAt(v.length() - 1) == v.charAt(0)) {
        StringBuilder b = new StringBuilder();
        for (int i = 1; i < v.length() - 1; i++) {
          char c = v.charAt(i);
          if (c == '\\' && i + 1 < v.length() - 1) {
            c = v.charAt(++i);
          }
          b.append(c);
        }
        v = b.toString();
      }
      out.put(line.substring(0, eq), v);
    }
    return out;
  }
}
