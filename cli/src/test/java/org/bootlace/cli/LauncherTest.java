package org.bootlace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bootlace.testing.Tools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code bootlace} launcher on what a fresh checkout has once built, or what cli/dist.sh
 * installs: the launcher, {@code cli/target/bootlace-cli.jar}, the jars in {@code lib/}, the fixed
 * class path file and the sample image, and no class data sharing archive yet. The archive is built
 * on first use and used afterwards; a missing, stale, foreign or broken archive never changes what
 * the command prints.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LauncherTest {
  @TempDir static Path home;
  static Path target;
  static Path jsa;
  static Path sample;

  /** {@code pygrub -q -n} on the sample, run with the archive switched off. */
  static Tools.Result reference;

  /** What the launcher wrote as the JDK the archive belongs to. */
  static String jdkKey;

  private static final String[] PYGRUB = {"pygrub", "-q", "-n"};

  @BeforeAll
  static void layOut() throws IOException {
    Path repo = Path.of("").toAbsolutePath().getParent();
    target = Files.createDirectories(home.resolve("cli/target"));
    Path lib = Files.createDirectories(target.resolve("lib"));
    Path launcher = Files.copy(repo.resolve("bootlace"), home.resolve("bootlace"));
    launcher.toFile().setExecutable(true);
    jar(Path.of("target/classes"), target.resolve("bootlace-cli.jar"));
    StringBuilder classpath = new StringBuilder("cli/target/bootlace-cli.jar");
    String runtime = Files.readString(Path.of("target/runtime.classpath"), StandardCharsets.UTF_8);
    int n = 0;
    for (String entry : runtime.strip().split(":")) {
      Path p = Path.of(entry);
      // Within a reactor build another module may still be a classes directory: jar it, since
      // the archive takes only jars.
      String name = Files.isDirectory(p) ? "module-" + n++ + ".jar" : p.getFileName().toString();
      if (Files.isDirectory(p)) {
        jar(p, lib.resolve(name));
      } else {
        Files.copy(p, lib.resolve(name));
      }
      classpath.append(":cli/target/lib/").append(name);
    }
    Files.writeString(
        target.resolve("bootlace.classpath"), classpath + "\n", StandardCharsets.UTF_8);
    sample = Files.createDirectories(home.resolve("examples/sample")).resolve("sample.img");
    Files.copy(repo.resolve("examples/sample/sample.img"), sample);
    Files.createFile(target.resolve(".bootlace-built"));
    jsa = target.resolve("bootlace.jsa");
    reference = launch("BOOTLACE_CDS=off", PYGRUB);
    assertThat(reference.exitCode()).isZero();
    assertThat(reference.stdout()).startsWith("linux (kernel ");
  }

  private static void jar(Path classes, Path jar) {
    Tools.run(
        Path.of(System.getProperty("java.home"), "bin", "jar").toString(),
        "cf",
        jar.toString(),
        "-C",
        classes.toString(),
        ".");
  }

  /** Runs the launcher with one environment setting, then {@code args} and the sample. */
  private static Tools.Result launch(String env, String... args) {
    List<String> cmd = new ArrayList<>(List.of("env", env, home.resolve("bootlace").toString()));
    cmd.addAll(List.of(args));
    cmd.add(sample.toString());
    return Tools.exec(null, cmd.toArray(String[]::new));
  }

  private static void assertSameOutput(Tools.Result r) {
    assertThat(r.exitCode()).isEqualTo(reference.exitCode());
    assertThat(r.stdout()).isEqualTo(reference.stdout());
    assertThat(r.stderr()).isEqualTo(reference.stderr());
  }

  @Test
  @Order(1)
  void theFirstRunBuildsTheArchiveAndTheNextLoadsClassesFromIt() throws IOException {
    assertThat(jsa).doesNotExist();
    assertSameOutput(launch("BOOTLACE_CDS=on", PYGRUB));
    assertThat(jsa).exists();
    jdkKey = Files.readString(target.resolve("bootlace.jsa.key"), StandardCharsets.UTF_8);
    List<String> key = jdkKey.lines().toList();
    assertThat(key).hasSize(2);
    assertThat(Path.of(key.get(0)).resolve("bin/java")).isExecutable();
    assertThat(key.get(1)).isEqualTo(home.toString());

    Path log = home.resolve("classes.log");
    Tools.Result r = launch("JAVA_TOOL_OPTIONS=-Xlog:class+load:file=" + log + ":none", PYGRUB);
    assertThat(r.stdout()).isEqualTo(reference.stdout());
    List<String> loaded = Files.readAllLines(log, StandardCharsets.UTF_8);
    assertThat(loaded)
        .contains(
            "org.bootlace.cli.Main source: shared objects file",
            "org.bootlace.BootSource source: shared objects file");
  }

  @Test
  @Order(2)
  void aJarNewerThanTheArchiveMakesItRebuilt() throws IOException {
    FileTime before = Files.getLastModifiedTime(jsa);
    Path jar = target.resolve("bootlace-cli.jar");
    Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(60)));
    try {
      assertSameOutput(launch("BOOTLACE_CDS=on", PYGRUB));
      assertThat(Files.getLastModifiedTime(jsa)).isNotEqualTo(before);
    } finally {
      Files.setLastModifiedTime(jar, before);
      Files.setLastModifiedTime(jsa, FileTime.from(Instant.now()));
    }
  }

  @Test
  @Order(2)
  void aLauncherNewerThanTheArchiveMakesItRebuilt() throws IOException {
    // The training runs are written in the launcher: an updated launcher may train differently.
    FileTime before = Files.getLastModifiedTime(jsa);
    Path launcher = home.resolve("bootlace");
    FileTime launcherBefore = Files.getLastModifiedTime(launcher);
    Files.setLastModifiedTime(launcher, FileTime.from(Instant.now().plusSeconds(60)));
    try {
      assertSameOutput(launch("BOOTLACE_CDS=on", PYGRUB));
      assertThat(Files.getLastModifiedTime(jsa)).isNotEqualTo(before);
    } finally {
      Files.setLastModifiedTime(launcher, launcherBefore);
      Files.setLastModifiedTime(jsa, FileTime.from(Instant.now()));
    }
  }

  @Test
  @Order(3)
  void anArchiveOfAnotherJdkIsRebuilt() throws IOException {
    Path key = target.resolve("bootlace.jsa.key");
    Files.writeString(key, "/usr/lib/jvm/some-other-jdk\n", StandardCharsets.UTF_8);
    assertSameOutput(launch("BOOTLACE_CDS=on", PYGRUB));
    assertThat(Files.readString(key, StandardCharsets.UTF_8)).isEqualTo(jdkKey);
  }

  @Test
  @Order(4)
  void aCopyOfTheInstallationElsewhereBuildsAnArchiveItCanUse() throws IOException {
    // The JVM refuses, silently, an archive dumped with another class path: the copy's archive,
    // made for the original directory, must not pass for current.
    Path copy = Files.createDirectories(home.resolve("copy"));
    for (String top : List.of("bootlace", "cli", "examples")) {
      Tools.run("cp", "-a", home.resolve(top).toString(), copy.toString());
    }
    String launcher = copy.resolve("bootlace").toString();
    String image = copy.resolve("examples/sample/sample.img").toString();
    assertThat(Tools.exec(null, launcher, "pygrub", "-q", "-n", image).stdout())
        .isEqualTo(reference.stdout());
    Path log = home.resolve("copy-classes.log");
    Tools.Result r =
        Tools.exec(
            null,
            "env",
            "JAVA_TOOL_OPTIONS=-Xlog:class+load:file=" + log + ":none",
            launcher,
            "pygrub",
            "-q",
            "-n",
            image);
    assertThat(r.stdout()).isEqualTo(reference.stdout());
    assertThat(
            Files.readString(copy.resolve("cli/target/bootlace.jsa.key"), StandardCharsets.UTF_8))
        .endsWith("\n" + copy + "\n");
    assertThat(Files.readAllLines(log, StandardCharsets.UTF_8))
        .contains("org.bootlace.cli.Main source: shared objects file");
  }

  @Test
  @Order(5)
  void aBrokenArchiveOnlyCostsTime() throws IOException {
    byte[] garbage = new byte[4096];
    java.util.Arrays.fill(garbage, (byte) 0x5a);
    jsa.toFile().setWritable(true);
    Files.write(jsa, garbage);
    assertSameOutput(launch("BOOTLACE_CDS=on", PYGRUB));
    Tools.Result list = launch("BOOTLACE_CDS=on", "pygrub", "-l");
    Tools.Result listWithout = launch("BOOTLACE_CDS=off", "pygrub", "-l");
    assertThat(list.stdout()).startsWith("title: ").isEqualTo(listWithout.stdout());
    assertThat(list.stderr()).isEqualTo(listWithout.stderr());
  }
}
