package org.bootlace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.bootlace.testing.Tools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bootlace pygrub} side by side with Xen's own pygrub on the same images and options: the
 * same output byte for byte (but for the random part of the temporary names) and the same bytes in
 * the copied kernel and ramdisk.
 */
class PygrubCompatibilityTest {
  static final String PYGRUB = "/usr/lib/xen-4.17/bin/pygrub";
  private static final Pattern TEMP = Pattern.compile("boot_(kernel|ramdisk)\\.[a-z0-9_]{8}");

  @TempDir static Path dir;
  static Path seed;
  static Path mbr;

  @BeforeAll
  static void images() {
    seed = Fixtures.seedImage(dir);
    mbr = Fixtures.mbrImage(dir);
  }

  /** One run's output with temp names normalized, and the files it left. */
  record Outcome(int exitCode, String output, List<byte[]> files) {}

  private static Outcome pygrub(Path out, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(PYGRUB, "--output-directory=" + out));
    cmd.addAll(List.of(args));
    Tools.Result r = Tools.exec(null, cmd.toArray(String[]::new));
    return outcome(r.exitCode(), r.stdout().getBytes(StandardCharsets.ISO_8859_1), out);
  }

  private static Outcome bootlace(Path out, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("pygrub", "--output-directory=" + out));
    cmd.addAll(List.of(args));
    CliRun r = CliRun.of(cmd.toArray(String[]::new));
    return outcome(r.exitCode(), r.stdout(), out);
  }

  private static Outcome outcome(int code, byte[] stdout, Path out) throws IOException {
    String text = new String(stdout, StandardCharsets.UTF_8);
    List<byte[]> files = new ArrayList<>();
    Matcher m = TEMP.matcher(text);
    while (m.find()) {
      files.add(Files.readAllBytes(out.resolve(m.group())));
    }
    return new Outcome(
        code,
        TEMP.matcher(text).replaceAll("boot_$1.XXXXXXXX").replace(out.toString(), "OUT"),
        files);
  }

  private static Path fresh(String name) throws IOException {
    return Files.createDirectories(dir.resolve("out-" + name + "-" + System.nanoTime()));
  }

  private static void assertSame(String... args) throws IOException {
    Outcome theirs = pygrub(fresh("pygrub"), args);
    Outcome ours = bootlace(fresh("bootlace"), args);
    assertThat(theirs.exitCode()).as("pygrub exit").isZero();
    assertThat(ours.exitCode()).as("bootlace exit").isZero();
    assertThat(ours.output()).isEqualTo(theirs.output());
    assertThat(ours.files()).hasSameSizeAs(theirs.files());
    for (int i = 0; i < ours.files().size(); i++) {
      assertThat(ours.files().get(i)).isEqualTo(theirs.files().get(i));
    }
  }

  @Test
  void seedImageInEveryFormat() throws IOException {
    assertSame("-q", "--output-format=simple", seed.toString());
    assertSame("-q", seed.toString());
    assertSame("-q", "--output-format=sxp", seed.toString());
    assertSame("-q", "--output-format=simple0", seed.toString());
  }

  @Test
  void seedImageWithEntryAndArgs() throws IOException {
    assertSame("--entry=0", "--args=console=ttyS0 quiet", seed.toString());
    assertSame(
        "-q", "--entry=Xen 3.2-1-i386 / Debian GNU/Linux, kernel 2.6.18-4-xen", seed.toString());
    assertSame(
        "-q", "--kernel=/boot/vmlinuz-2.6.25-2-xen-686", "--args=root=/dev/xvda1", seed.toString());
    assertSame("-q", "-n", seed.toString());
    assertSame("-q", "-n", "--output-format=simple", seed.toString());
  }

  @Test
  void mbrDiskUsesTheActivePartitionAndQuotesTitles() throws IOException {
    assertSame("-q", mbr.toString());
    assertSame("-q", "--entry=0", "--output-format=simple", mbr.toString());
    assertSame("-q", "--entry=Second 'quoted' entry", mbr.toString());
    assertSame("-q", "--offset=" + 4096 * 512, mbr.toString());
  }

  @Test
  void failuresLeaveNothingBehind() throws IOException {
    Path theirsDir = fresh("pygrub-fail");
    Path oursDir = fresh("bootlace-fail");
    Outcome theirs = pygrub(theirsDir, "-q", "--kernel=/boot/missing", seed.toString());
    CliRun ours =
        CliRun.of(
            "pygrub",
            "--output-directory=" + oursDir,
            "-q",
            "--kernel=/boot/missing",
            seed.toString());
    assertThat(theirs.exitCode()).isNotZero();
    assertThat(ours.exitCode()).isEqualTo(1);
    assertThat(ours.stderr())
        .isEqualTo("bootlace: kernel /boot/missing not found in seed.img (searched (hd0))\n");
    try (Stream<Path> left = Files.list(oursDir)) {
      assertThat(left).isEmpty();
    }
  }
}
