package org.bootlace.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bootlace pygrub --runas}: run as root, the parsing process gives root up before it reads
 * the image and can then write nowhere but its two output files.
 */
class RunAsTest {
  private static final Pattern KERNEL = Pattern.compile("kernel '([^']+)'");
  private static final Pattern RAMDISK = Pattern.compile("ramdisk '([^']+)'");

  @TempDir static Path dir;
  static Path seed;

  @BeforeAll
  static void image() {
    assumeTrue("root".equals(System.getProperty("user.name")), "--runas is a root-only mode");
    seed = Fixtures.seedImage(dir);
  }

  @Test
  void theWorkerBootsAndCannotWriteElsewhere() throws Exception {
    Path out = Files.createDirectories(dir.resolve("out"));
    Path worldWritable = Files.createDirectories(dir.resolve("public"));
    Files.setPosixFilePermissions(worldWritable, PosixFilePermissions.fromString("rwxrwxrwx"));
    List<Path> probes =
        List.of(worldWritable.resolve("escape"), out.resolve("extra"), Path.of("/escape"));
    CliRun r =
        CliRun.of(
            "pygrub",
            "--runas=65534",
            "-q",
            "--output-directory=" + out,
            "--probe-write=" + probes.get(0),
            "--probe-write=" + probes.get(1),
            "--probe-write=" + probes.get(2),
            seed.toString());
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    for (Path p : probes) {
      assertThat(r.stderr()).contains("probe " + p + ": refused");
      assertThat(p).doesNotExist();
    }
    Matcher k = KERNEL.matcher(r.out());
    Matcher rd = RAMDISK.matcher(r.out());
    assertThat(k.find()).isTrue();
    assertThat(rd.find()).isTrue();
    assertThat(r.out()).endsWith("(args 'root=/dev/xvda1 ro console=hvc0')");
    assertThat(Files.readAllBytes(Path.of(k.group(1))))
        .isEqualTo(Fixtures.pattern("kernel", 300_000));
    assertThat(Files.readAllBytes(Path.of(rd.group(1))))
        .isEqualTo(Fixtures.pattern("initrd", 120_000));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(Path.of(k.group(1)))))
        .isEqualTo("rw-------");
    try (Stream<Path> files = Files.list(out)) {
      assertThat(files).hasSize(2);
    }
  }

  @Test
  void aFailingWorkerLeavesNothing() throws Exception {
    Path out = Files.createDirectories(dir.resolve("fail"));
    CliRun r =
        CliRun.of(
            "pygrub",
            "--runas=65534",
            "-q",
            "--kernel=/boot/none",
            "--output-directory=" + out,
            seed.toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stderr())
        .endsWith("bootlace: kernel /boot/none not found in seed.img (searched (hd0))\n");
    try (Stream<Path> files = Files.list(out)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void runasNeedsANonInteractiveBoot() {
    CliRun r = CliRun.of("pygrub", "--runas=65534", "--output-directory=" + dir, seed.toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.stderr())
        .isEqualTo("bootlace: In order to use --runas, you must also set --entry or -q\n");
    CliRun root =
        CliRun.of("pygrub", "--runas=0", "-q", "--output-directory=" + dir, seed.toString());
    assertThat(root.stderr())
        .isEqualTo("bootlace: runas value must be a user id other than root\n");
  }
}
