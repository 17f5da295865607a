package org.bootlace.fs.iso9660;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeSet;
import org.bootlace.spi.FsNode;
import org.bootlace.testing.OpenedFs;
import org.bootlace.testing.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two sessions written to an image file by xorriso. On a file (an overwritable medium) xorriso
 * starts the first session at block 32 and, with every session, writes the newest descriptors to
 * block 16 as well; reading block 16, as Linux does, gives the last session's tree, which is what
 * isoinfo and 7-Zip show too.
 */
class MultiSessionTest {
  @TempDir Path tmp;

  @Test
  void theLastSessionIsRead() throws Exception {
    Path one = Files.createDirectories(tmp.resolve("one"));
    Tools.write(one, "kept.txt", "kept\n");
    Tools.write(one, "removed.txt", "removed\n");
    Tools.write(one, "changed.txt", "first\n");
    Tools.write(one, "dir/inner.txt", "inner\n");
    Path two = Files.createDirectories(tmp.resolve("two"));
    Tools.write(two, "added.txt", "added in session two\n");
    Tools.write(two, "changed.txt", "second, longer than the first\n");
    Path image = tmp.resolve("ms.iso");
    Tools.run(
        "xorriso",
        "-report_about",
        "FAILURE",
        "-dev",
        image.toString(),
        "-map",
        one.toString(),
        "/",
        "-commit");
    Tools.run(
        "xorriso",
        "-report_about",
        "FAILURE",
        "-dev",
        image.toString(),
        "-map",
        two.resolve("added.txt").toString(),
        "/added.txt",
        "-map",
        two.resolve("changed.txt").toString(),
        "/changed.txt",
        "-rm",
        "/removed.txt",
        "--",
        "-commit");
    String toc = Tools.run("xorriso", "-indev", image.toString(), "-toc");
    assertThat(toc).contains("ISO session  :   1 ,        32 ,").contains("ISO session  :   2 ,");
    try (OpenedFs o = IsoImages.open(image)) {
      Map<String, FsNode> all = o.walk();
      assertThat(all.keySet())
          .containsExactly("added.txt", "changed.txt", "dir/", "dir/inner.txt", "kept.txt");
      assertThat(new String(o.read("/changed.txt"), StandardCharsets.UTF_8))
          .isEqualTo("second, longer than the first\n");
      assertThat(new String(o.read("/added.txt"), StandardCharsets.UTF_8))
          .isEqualTo("added in session two\n");
      assertThat(new String(o.read("/kept.txt"), StandardCharsets.UTF_8)).isEqualTo("kept\n");
      assertThat(new String(o.read("/dir/inner.txt"), StandardCharsets.UTF_8)).isEqualTo("inner\n");
      // isoinfo reads block 16 too.
      TreeSet<String> isoinfo = new TreeSet<>();
      for (String line : Tools.run("isoinfo", "-R", "-f", "-i", image.toString()).split("\n")) {
        if (!line.isBlank()) {
          isoinfo.add(line.substring(1));
        }
      }
      TreeSet<String> ours = new TreeSet<>();
      all.keySet().forEach(k -> ours.add(k.endsWith("/") ? k.substring(0, k.length() - 1) : k));
      assertThat(ours).isEqualTo(isoinfo);
    }
  }
}
