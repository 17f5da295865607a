package org.bootlace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.bootlace.testing.Tools;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The interactive pygrub menu in a real pseudo-terminal (tmux): it shows the entries and a
 * countdown, arrow keys move, Enter boots, and the timeout boots the default.
 */
class InteractiveMenuTest {
  @TempDir static Path dir;
  static Path mbr;
  private String session;

  @BeforeAll
  static void images() {
    mbr = Fixtures.mbrImage(dir);
  }

  @AfterEach
  void killSession() {
    if (session != null) {
      Tools.exec(null, "tmux", "kill-session", "-t", session);
    }
  }

  /** Starts {@code bootlace pygrub} on a tmux terminal; returns the file its result goes to. */
  private Path start(String name) throws IOException {
    session = "bootlace-" + name + "-" + ProcessHandle.current().pid();
    Path out = Files.createDirectories(dir.resolve(name));
    Path result = Files.createFile(out.resolve("result"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String cmd =
        String.join(
            " ",
            java,
            "-cp",
            System.getProperty("java.class.path"),
            "org.bootlace.cli.Main",
            "pygrub",
            "--output=" + result,
            "--output-format=simple",
            "--output-directory=" + out,
            mbr.toString(),
            ";",
            "echo",
            "$?",
            ">",
            out.resolve("exit").toString());
    Tools.run("tmux", "new-session", "-d", "-s", session, "-x", "100", "-y", "30", cmd);
    return out;
  }

  private String screen() {
    return Tools.run("tmux", "capture-pane", "-p", "-t", session);
  }

  private String waitFor(String text) throws InterruptedException {
    Instant end = Instant.now().plus(Duration.ofSeconds(60));
    String s = "";
    while (Instant.now().isBefore(end)) {
      s = screen();
      if (s.contains(text)) {
        return s;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("never saw '" + text + "' on the terminal; last screen:\n" + s);
  }

  private static String waitForExit(Path out) throws Exception {
    File exit = out.resolve("exit").toFile();
    Instant end = Instant.now().plus(Duration.ofSeconds(60));
    while (Instant.now().isBefore(end)) {
      if (exit.length() > 0) {
        return Files.readString(exit.toPath()).trim();
      }
      Thread.sleep(100);
    }
    throw new AssertionError("bootlace pygrub did not exit");
  }

  @Test
  void arrowKeysAndEnterBootTheChosenEntry() throws Exception {
    Path out = start("keys");
    String menu = waitFor("Will boot selected entry in");
    assertThat(menu).contains("First").contains("Second 'quoted' entry");
    Tools.run("tmux", "send-keys", "-t", session, "Up");
    waitFor("Press enter to boot");
    Tools.run("tmux", "send-keys", "-t", session, "Enter");
    assertThat(waitForExit(out)).isEqualTo("0");
    String result = Files.readString(out.resolve("result"));
    assertThat(result).contains("args root=/dev/xvda2 ro\n").contains("ramdisk " + out);
  }

  @Test
  void theCountdownBootsTheDefault() throws Exception {
    Path out = start("timeout");
    waitFor("Will boot selected entry in  3 seconds");
    assertThat(waitForExit(out)).isEqualTo("0");
    assertThat(Files.readString(out.resolve("result"))).contains("args root=/dev/xvda2 ro quiet\n");
  }
}
