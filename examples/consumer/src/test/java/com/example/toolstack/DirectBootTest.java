package com.example.toolstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.bootlace.spi.Driver;
import org.bootlace.spi.Drivers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectBootTest {
  @TempDir Path dir;

  @Test
  void theSampleImageBootsItsSingleUserEntry() throws Exception {
    Path kernel = dir.resolve("vmlinuz");
    String args =
        DirectBoot.prepare(
            Path.of("..", "sample", "sample.img"),
            "Debian GNU/Linux, kernel 6.1.0-sample (single-user mode)",
            kernel);
    assertEquals("root=/dev/xvda2 ro console=hvc0 single", args);
    assertEquals(200036, Files.size(kernel));
  }

  /**
   * The build runs this class twice, on the module path and on the class path (see pom.xml). On
   * the module path every driver must come from a named bootlace module's {@code provides}; on the
   * class path from the jars' META-INF/services files. The same drivers are found either way.
   */
  @Test
  void everyDriverIsFoundWhereThisTestRuns() {
    boolean modulePath = DirectBootTest.class.getModule().isNamed();
    assertEquals(
        Boolean.getBoolean("toolstack.modulePath"),
        modulePath,
        "the execution runs on the path it names");
    Drivers drivers = Drivers.discover();
    List<Driver> all = new ArrayList<>();
    all.addAll(drivers.imageFormats());
    all.addAll(drivers.partitionTables());
    all.addAll(drivers.filesystems());
    all.addAll(drivers.configParsers());
    all.addAll(drivers.volumeManagers());
    Set<String> modules = new TreeSet<>();
    for (Driver d : all) {
      Module m = d.getClass().getModule();
      assertEquals(modulePath, m.isNamed(), d.getClass() + " in " + m);
      if (m.isNamed()) {
        modules.add(m.getName());
      }
    }
    Set<String> names = new TreeSet<>();
    all.forEach(d -> names.add(d.getClass().getSimpleName()));
    assertEquals(
        "[BtrfsFilesystemDriver, ExtFilesystemDriver, FatFilesystemDriver, GptPartitionTableDriver,"
            + " Grub2Parser, GrubLegacyParser, Iso9660FilesystemDriver, LuksDetector,"
            + " LvmVolumeManager, MbrPartitionTableDriver, MdVolumeManager, OvaFormat,"
            + " Qcow2Format, RawImageFormat, SyslinuxParser, SystemdBootParser, VhdFormat,"
            + " VhdxFormat, VmdkFormat, XfsFilesystemDriver]",
        names.toString());
    if (modulePath) {
      assertEquals(
          "[org.bootlace.core, org.bootlace.fs.btrfs, org.bootlace.fs.ext, org.bootlace.fs.fat,"
              + " org.bootlace.fs.iso, org.bootlace.fs.xfs, org.bootlace.grub.config,"
              + " org.bootlace.image.formats, org.bootlace.syslinux.config,"
              + " org.bootlace.systemd.boot.config, org.bootlace.volumes]",
          modules.toString());
    }
  }

  /**
   * The test JVM is started with {@code --add-modules ALL-MODULE-PATH} by the build; an application
   * is not. This starts {@link DirectBoot} the way an application starts: on the module path with
   * {@code -m} and nothing else, so only {@code requires} and the service binding of core's {@code
   * uses} clauses bring the drivers in. On the class path it starts it with {@code -cp}.
   */
  @Test
  void theApplicationBootsTheSampleInAJvmOfItsOwn() throws Exception {
    Path kernel = dir.resolve("vmlinuz");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String title = "Debian GNU/Linux, kernel 6.1.0-sample (single-user mode)";
    String image = Path.of("..", "sample", "sample.img").toString();
    boolean modulePath = DirectBootTest.class.getModule().isNamed();
    List<String> command =
        modulePath
            ? List.of(
                java,
                "--show-module-resolution",
                "--module-path",
                System.getProperty("jdk.module.path"),
                "-m",
                "com.example.toolstack/com.example.toolstack.DirectBoot",
                image,
                title,
                kernel.toString())
            : List.of(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                "com.example.toolstack.DirectBoot",
                image,
                title,
                kernel.toString());
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    Process p =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("the application did not finish in 60 s");
    }
    String stderr = Files.readString(err, StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), stderr);
    // --show-module-resolution writes to standard output, before the application's one line.
    List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
    assertEquals("root=/dev/xvda2 ro console=hvc0 single", lines.get(lines.size() - 1));
    assertEquals(200036, Files.size(kernel));
    if (modulePath) {
      Set<String> bound = new TreeSet<>();
      for (String line : lines) {
        if (line.startsWith("org.bootlace.core binds ")) {
          bound.add(line.split(" ")[2]);
        }
      }
      assertEquals(
          "[org.bootlace.fs.btrfs, org.bootlace.fs.ext, org.bootlace.fs.fat, org.bootlace.fs.iso,"
              + " org.bootlace.fs.xfs, org.bootlace.grub.config, org.bootlace.image.formats,"
              + " org.bootlace.syslinux.config, org.bootlace.systemd.boot.config,"
              + " org.bootlace.volumes]",
          bound.toString());
      assertTrue(lines.get(0).startsWith("root com.example.toolstack "), lines.get(0));
    }
  }
}
