package org.bootlace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bootlace.testing.Tools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The batch mode's progress line: on standard error only, erased at the end, shown by default only
 * when standard error is a terminal and standard output is not.
 */
class ProgressTest {
  @TempDir static Path dir;
  static Path mbr;
  static Path seed;

  @BeforeAll
  static void images() {
    mbr = Fixtures.mbrImage(dir);
    seed = Fixtures.seedImage(dir);
  }

  @Test
  void theLineCountsImagesAndFailuresAndIsRedrawnAtMostEveryTenthOfASecond() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    Progress p = new Progress(err, 3);
    p.imageDone(true, 0);
    p.imageDone(false, Progress.INTERVAL_NANOS - 1); // too soon: counted, not drawn
    assertThat(p.text()).isEqualTo("resolve: 2/3 images, 1 failed");
    p.imageDone(true, Progress.INTERVAL_NANOS);
    p.clear();
    assertThat(bytes.toString(StandardCharsets.UTF_8))
        .isEqualTo(
            "\rresolve: 1/3 images"
                + "\rresolve: 3/3 images, 1 failed"
                + "\r"
                + " ".repeat("resolve: 3/3 images, 1 failed".length())
                + "\r");
  }

  @Test
  void withPathsFromStandardInputTheTotalIsNotKnown() {
    Progress p =
        new Progress(
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), -1);
    p.imageDone(true, 0);
    assertThat(p.text()).isEqualTo("resolve: 1 image");
    p.imageDone(true, 0);
    assertThat(p.text()).isEqualTo("resolve: 2 images");
  }

  @Test
  void aTerminalIsWhatTheDescriptorsLinkNames() throws IOException {
    Path pts = Files.createSymbolicLink(dir.resolve("fd-pts"), Path.of("/dev/pts/3"));
    Path tty = Files.createSymbolicLink(dir.resolve("fd-tty"), Path.of("/dev/tty99999"));
    Path pipe = Files.createSymbolicLink(dir.resolve("fd-pipe"), Path.of("pipe:[1234]"));
    Path file = Files.createSymbolicLink(dir.resolve("fd-file"), dir.resolve("out.json"));
    assertThat(Progress.isTerminal(pts, "xterm")).isTrue();
    assertThat(Progress.isTerminal(tty, null)).isTrue();
    assertThat(Progress.isTerminal(pts, "dumb")).isFalse();
    assertThat(Progress.isTerminal(pipe, "xterm")).isFalse();
    assertThat(Progress.isTerminal(file, "xterm")).isFalse();
    assertThat(Progress.isTerminal(dir.resolve("no-such-link"), "xterm")).isFalse();
  }

  @Test
  void progressAsksForTheLineOnStandardErrorAndStandardOutputIsTheSame() {
    CliRun plain = CliRun.of("resolve", "--json", "--no-progress", mbr.toString(), seed.toString());
    CliRun shown = CliRun.of("resolve", "--json", "--progress", mbr.toString(), seed.toString());
    assertThat(plain.exitCode()).isZero();
    assertThat(shown.exitCode()).isZero();
    assertThat(plain.stderr()).isEmpty();
    assertThat(shown.out()).isEqualTo(plain.out());
    assertThat(shown.stderr()).startsWith("\rresolve: 1/2 images").endsWith(" \r");
    assertThat(shown.stderr()).doesNotContain("\n");
  }

  /** Runs a shell command line under script(1), whose pseudo-terminal is the command's terminal. */
  private static String onATerminal(String commandLine) {
    return Tools.run("script", "-qec", commandLine, "/dev/null");
  }

  private static String bootlace() {
    return Path.of(System.getProperty("java.home"), "bin", "java")
        + " -cp '"
        + System.getProperty("java.class.path")
        + "' org.bootlace.cli.Main";
  }

  @Test
  void onARealTerminalTheLineIsShownWhenStandardOutputIsRedirectedAndOnlyThen() throws IOException {
    Path json = dir.resolve("out.json");
    String images = " resolve --json " + mbr + " " + seed;
    String terminal = onATerminal("env TERM=xterm " + bootlace() + images + " > " + json);
    assertThat(terminal).contains("resolve: 1/2 images").doesNotContain("{");
    List<String> lines = Files.readAllLines(json, StandardCharsets.UTF_8);
    assertThat(lines).hasSize(2);
    lines.forEach(l -> assertThat(JsonParser.parseString(l).isJsonObject()).isTrue());

    // Standard output on the terminal too: the JSON is the progress, no line is drawn.
    String both = onATerminal("env TERM=xterm " + bootlace() + images);
    assertThat(both).contains("{\"image\": ").doesNotContain("resolve: ");
  }
}
