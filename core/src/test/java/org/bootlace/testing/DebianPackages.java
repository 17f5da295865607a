package org.bootlace.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Real Debian packages as test fixtures: downloaded with {@code apt-get download} and unpacked with
 * {@code dpkg-deb -x} into a cache under the temporary directory, never installed on the host. Each
 * package is unpacked once per machine; a second test (or a second run) reuses it.
 */
public final class DebianPackages {
  private DebianPackages() {}

  /** The cache every unpacked package lives in. */
  public static Path cache() {
    return Path.of(System.getProperty("java.io.tmpdir"), "bootlace-test-debs");
  }

  /**
   * The package a metapackage depends on first, matching {@code pattern}: {@code
   * linux-image-cloud-amd64} gives {@code linux-image-6.1.0-57-cloud-amd64}.
   */
  public static String dependency(String metapackage, String pattern) {
    String out = Tools.run("apt-cache", "depends", metapackage);
    Matcher m = Pattern.compile("Depends: (" + pattern + ")").matcher(out);
    if (!m.find()) {
      throw new AssertionError(
          metapackage
              + " depends on no package matching "
              + pattern
              + " (apt-get update?):\n"
              + out);
    }
    return m.group(1);
  }

  /** The directory {@code pkg} is unpacked in. */
  public static synchronized Path unpacked(String pkg) {
    try {
      Path dir = cache().resolve(pkg);
      if (Files.isDirectory(dir)) {
        return dir;
      }
      Files.createDirectories(cache());
      Path work = Files.createTempDirectory(cache(), pkg + ".tmp");
      Tools.Result r = Tools.exec(null, "sh", "-c", "cd '" + work + "' && apt-get download " + pkg);
      if (r.exitCode() != 0) {
        throw new AssertionError(
            "apt-get download " + pkg + " failed:\n" + r.stdout() + r.stderr());
      }
      Path deb;
      try (var files = Files.list(work)) {
        deb =
            files
                .filter(p -> p.toString().endsWith(".deb"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("apt-get download " + pkg + " left no .deb"));
      }
      Path tree = work.resolve("tree");
      Tools.run("dpkg-deb", "-x", deb.toString(), tree.toString());
      try {
        Files.move(tree, dir, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        if (!Files.isDirectory(dir)) {
          throw e;
        }
      }
      Tools.run("rm", "-rf", work.toString());
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
