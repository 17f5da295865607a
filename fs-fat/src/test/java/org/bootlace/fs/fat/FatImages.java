package org.bootlace.fs.fat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.bootlace.testing.Tools;

/**
 * Builds FAT images with the real tools: {@code mkfs.vfat} (dosfstools) formats, {@code mcopy -s}
 * and {@code mmd} (mtools) fill; {@code mdir} and {@code mtype} read back for comparison.
 */
final class FatImages {
  static final String SERIAL = "1234abcd";
  static final String UUID = "1234-ABCD";
  static final String LABEL = "BOOTLACE";

  private FatImages() {}

  /** One mkfs.vfat shape. */
  record Shape(String name, int fatBits, int sectorBytes, int kib, String... extra) {
    @Override
    public String toString() {
      return name;
    }
  }

  static List<Shape> shapes() {
    return List.of(
        new Shape("fat12", 12, 512, 4000),
        new Shape("fat16", 16, 512, 70_000),
        new Shape("fat32", 32, 512, 300_000),
        new Shape("fat12-4k", 12, 4096, 8000),
        new Shape("fat16-4k", 16, 4096, 70_000),
        new Shape("fat32-4k", 32, 4096, 300_000, "-s", "1"));
  }

  /**
   * The source tree: long and 8.3 names in every case mix, names that need a long name only for
   * their case, a deep tree, a directory of 300 entries spanning many clusters, sizes around
   * cluster boundaries, an empty file and an empty directory.
   */
  static void tree(Path root) {
    Random rnd = new Random(7);
    Tools.write(root, "EFI/debian/grub.cfg", "search --fs-uuid --set=root x\n");
    Tools.write(root, "EFI/BOOT/BOOTX64.EFI", bytes(rnd, 5000));
    Tools.write(root, "README", "upper 8.3\n");
    Tools.write(root, "readme.txt", "lower 8.3 (NT case flags)\n");
    Tools.write(root, "MiXeD.Txt", "mixed case: a long name\n");
    Tools.write(root, "Long File Name With Spaces.conf", "long\n");
    Tools.write(root, "a.b.c.d", "dots\n");
    Tools.write(root, "caf\u00e9 \u65e5\u672c.txt", "unicode\n");
    Tools.write(root, "x".repeat(200) + ".txt", "a 200-character name\n");
    Tools.write(root, "empty", new byte[0]);
    Tools.write(root, "d1/d2/d3/d4/d5/d6/d7/d8/deep.txt", "deep\n");
    for (int size :
        new int[] {
          1, 511, 512, 513, 2047, 2048, 2049, 4095, 4096, 4097, 65536, 100_000, 1_234_567
        }) {
      Tools.write(root, "sizes/f" + size, bytes(rnd, size));
    }
    for (int i = 0; i < 300; i++) {
      Tools.write(
          root,
          String.format(java.util.Locale.ROOT, "many/File number %03d.dat", i),
          "n" + i + "\n");
    }
    try {
      Files.createDirectories(root.resolve("emptydir"));
      // Made in the image by mmd rather than mcopy (see build).
      Files.createDirectories(root.resolve("Made By mmd/sub"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] bytes(Random rnd, int n) {
    byte[] b = new byte[n];
    rnd.nextBytes(b);
    return b;
  }

  /** Formats {@code image} with {@code shape} and copies {@code src}'s content into it. */
  static Path build(Path image, Shape shape, Path src) {
    format(image, shape.fatBits, shape.sectorBytes, shape.kib, shape.extra);
    mtools("mmd", "-i", image.toString(), "::/Made By mmd", "::/Made By mmd/sub");
    copyTree(image, src, "Made By mmd");
    return image;
  }

  static Path format(Path image, int fatBits, int sectorBytes, int kib, String... extra) {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "mkfs.vfat",
                "-C",
                "-F",
                "" + fatBits,
                "-S",
                "" + sectorBytes,
                "-n",
                LABEL,
                "-i",
                SERIAL));
    cmd.addAll(List.of(extra));
    cmd.add(image.toString());
    cmd.add("" + kib);
    try {
      Files.deleteIfExists(image);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Tools.run(cmd.toArray(String[]::new));
    return image;
  }

  /** {@code mcopy -s} of every entry of {@code src} but {@code except} into the image's root. */
  static void copyTree(Path image, Path src, String... except) {
    List<String> cmd = new ArrayList<>(List.of("mcopy", "-s", "-i", image.toString()));
    try (Stream<Path> s = Files.list(src)) {
      s.sorted()
          .filter(p -> !List.of(except).contains(p.getFileName().toString()))
          .forEach(p -> cmd.add(p.toString()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    cmd.add("::/");
    mtools(cmd.toArray(String[]::new));
  }

  /**
   * Runs an mtools command on an image file. MTOOLS_SKIP_CHECK: mkfs.vfat's geometry on a plain
   * file is not a floppy's, which mtools would otherwise refuse.
   */
  static String mtools(String... command) {
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().put("LC_ALL", "C.UTF-8");
    pb.environment().put("MTOOLS_SKIP_CHECK", "1");
    pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    try {
      Path out = Files.createTempFile("mtools", ".out");
      Path err = Files.createTempFile("mtools", ".err");
      try {
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p;
        try {
          p = pb.start();
        } catch (IOException e) {
          throw new AssertionError(
              "cannot run "
                  + command[0]
                  + " (install mtools; .ci/run lists the packages): "
                  + e.getMessage());
        }
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
          p.destroyForcibly();
          throw new AssertionError(String.join(" ", command) + " did not finish");
        }
        String stdout = Files.readString(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
          throw new AssertionError(
              String.join(" ", command)
                  + " exited "
                  + p.exitValue()
                  + "\n"
                  + stdout
                  + Files.readString(err, StandardCharsets.UTF_8));
        }
        return stdout;
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
