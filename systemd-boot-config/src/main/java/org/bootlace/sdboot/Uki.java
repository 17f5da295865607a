package org.bootlace.sdboot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.bootlace.FileRef;
import org.bootlace.GuestFile;
import org.bootlace.Limits;
import org.bootlace.kernel.PeImage;

/**
 * A unified kernel image: a PE/COFF program (systemd-stub) whose sections carry the kernel
 * ({@code .linux}), the initrd ({@code .initrd}), the command line ({@code .cmdline}), the
 * os-release ({@code .osrel}) and the kernel release ({@code .uname}). The kernel and the initrd
 * stay in the file, read lazily as ranges of it.
 */
record Uki(
    FileRef kernel,
    Optional<FileRef> initrd,
    Optional<String> cmdline,
    Map<String, String> osRelease,
    Optional<String> uname) {

  /** Reads the sections of {@code ref}'s file; empty when it has no {@code .linux} (not a UKI). */
  static Optional<Uki> read(FileRef ref, Limits limits) throws IOException {
    GuestFile file = ref.open();
    PeImage pe = PeImage.read(file);
    Optional<PeImage.Section> linux = pe.section(".linux");
    if (linux.isEmpty()) {
      return Optional.empty();
    }
    Optional<FileRef> initrd = pe.section(".initrd").map(s -> range(ref, s));
    return Optional.of(new Uki(
        range(ref, linux.get()),
        initrd,
        text(pe, ".cmdline", limits).map(String::strip),
        pe.section(".osrel").isPresent() ? osRelease(text(pe, ".osrel", limits).orElse("")) : Map.of(),
        text(pe, ".uname", limits).map(String::strip)));
  }

  private static FileRef range(FileRef ref, PeImage.Section s) {
    return new FileRef(ref.volume(), ref.path(),
        Optional.of(new FileRef.Range(s.rawOffset(), s.contentSize(), ":" + s.name())));
  }

  private static Optional<String> text(PeImage pe, String name, Limits limits) throws IOException {
    Optional<PeImage.Section> s = pe.section(name);
    if (s.isEmpty()) {
      return Optional.empty();
    }
    byte[] b = pe.content(s.get()).readAllBytes(limits.maxConfigBytes(), "maxConfigBytes");
    int n = b.length;
    while (n > 0 && b[n - 1] == 0) {
      n--;
    }
    return Optional.of(new String(b, 0, n, StandardCharsets.UTF_8));
  }

  /** os-release's KEY=value lines; values may be quoted with ' or " and use \ escapes. */
  static Map<String, String> osRelease(String text) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String raw : text.split("\n", -1)) {
      String line = raw.strip();
      int eq = line.indexOf('=');
      if (line.isEmpty() || line.startsWith("#") || eq <= 0) {
        continue;
      }
      String key = line.substring(0, eq);
      String v = line.substring(eq + 1);
      if (v.length() >= 2 && (v.charAt(0) == '"' || v.charAt(0) == '\'') && v.charAt(v.length() - 1) == v.charAt(0)) {
        v = v.substring(1, v.length() - 1);
        StringBuilder b = new StringBuilder(v.length());
        for (int i = 0; i < v.length(); i++) {
          char c = v.charAt(i);
          if (c == '\\' && i + 1 < v.length()) {
            c = v.charAt(++i);
          }
          b.append(c);
        }
        v = b.toString();
      }
      out.put(key, v);
    }
    return out;
  }
}
