package org.bootlace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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

  static Path debian;
  static Path evil;

  static final String CJK_TITLE = "Debian 1" + "\u4e2d".repeat(50);

  /**
   * A grub.cfg shaped like Debian's: the first entry, then "Advanced options" holding four entries
   * whose titles share a long prefix, then an entry with a title of wide characters.
   */
  static final String DEBIAN_CFG =
      "set default=0\nset timeout=10\n"
          + "menuentry 'Debian GNU/Linux' {\n"
          + "  linux /boot/vmlinuz-6.1.0-13-amd64 root=/dev/xvda1 ro quiet\n"
          + "  initrd /boot/initrd.img-6.1.0-13-amd64\n}\n"
          + "submenu 'Advanced options for Debian GNU/Linux' {\n"
          + "  menuentry 'Debian GNU/Linux, with Linux 6.1.0-13-amd64' {\n"
          + "    linux /boot/vmlinuz-6.1.0-13-amd64 root=/dev/xvda1 ro quiet\n"
          + "    initrd /boot/initrd.img-6.1.0-13-amd64\n  }\n"
          + "  menuentry 'Debian GNU/Linux, with Linux 6.1.0-13-amd64 (recovery mode)' {\n"
          + "    linux /boot/vmlinuz-6.1.0-13-amd64 root=/dev/xvda1 ro single\n"
          + "    initrd /boot/initrd.img-6.1.0-13-amd64\n  }\n"
          + "  menuentry 'Debian GNU/Linux, with Linux 5.10.0-26-amd64' {\n"
          + "    linux /boot/vmlinuz-5.10.0-26-amd64 root=/dev/xvda1 ro quiet old\n"
          + "    initrd /boot/initrd.img-5.10.0-26-amd64\n  }\n"
          + "  menuentry 'Debian GNU/Linux, with Linux 5.10.0-26-amd64 (recovery mode)' {\n"
          + "    linux /boot/vmlinuz-5.10.0-26-amd64 root=/dev/xvda1 ro single old\n"
          + "    initrd /boot/initrd.img-5.10.0-26-amd64\n  }\n"
          + "}\n"
          + "menuentry '"
          + CJK_TITLE
          + "' {\n"
          + "  linux /boot/vmlinuz-5.10.0-26-amd64 root=/dev/xvda1 wide\n}\n"
          + "menuentry 'Memory test' --hotkey=m {\n"
          + "  linux /boot/vmlinuz-5.10.0-26-amd64 memtest\n}\n";

  @BeforeAll
  static void images() {
    mbr = Fixtures.mbrImage(dir);
    Path root = dir.resolve("debian-root");
    Tools.write(root, "boot/grub/grub.cfg", DEBIAN_CFG);
    Tools.write(root, "boot/vmlinuz-6.1.0-13-amd64", Fixtures.pattern("kernel-6.1", 40_000));
    Tools.write(root, "boot/initrd.img-6.1.0-13-amd64", Fixtures.pattern("initrd-6.1", 30_000));
    Tools.write(root, "boot/vmlinuz-5.10.0-26-amd64", Fixtures.pattern("kernel-5.10", 40_000));
    Tools.write(root, "boot/initrd.img-5.10.0-26-amd64", Fixtures.pattern("initrd-5.10", 30_000));
    debian = dir.resolve("debian.img");
    Tools.run("mkfs.ext4", "-q", "-F", "-d", root.toString(), debian.toString(), "4M");
    Path evilRoot = dir.resolve("evil-root");
    Tools.write(
        evilRoot,
        "boot/grub/menu.lst",
        "default 0\ntimeout 10\n"
            + "title Evil \u001b]0;pwned\u0007 \u202egnp.exe\n"
            + "root (hd0)\nkernel /boot/vmlinuz root=/dev/xvda1 \u001b[2J\n");
    Tools.write(evilRoot, "boot/vmlinuz", Fixtures.pattern("kernel", 40_000));
    evil = dir.resolve("evil.img");
    Tools.run("mkfs.ext4", "-q", "-F", "-d", evilRoot.toString(), evil.toString(), "4M");
  }

  @AfterEach
  void killSession() {
    if (session != null) {
      Tools.exec(null, "tmux", "kill-session", "-t", session);
    }
  }

  /** Starts {@code bootlace pygrub} on a tmux terminal; returns the file its result goes to. */
  private Path start(String name) throws IOException {
    return start(name, mbr);
  }

  private Path start(String name, Path image) throws IOException {
    session = "bootlace-" + name + "-" + ProcessHandle.current().pid();
    Path out = Files.createDirectories(dir.resolve(name));
    Path result = Files.createFile(out.resolve("result"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String cmd =
        String.join(
            " ",
            "env",
            "LC_ALL=C.UTF-8",
            java,
            "-cp",
            System.getProperty("java.class.path"),
            "org.bootlace.cli.Main",
            "pygrub",
            "--output=" + result,
            "--output-format=simple",
            "--output-directory=" + out,
            image.toString(),
            ";",
            "echo",
            "$?",
            ">",
            out.resolve("exit").toString());
    Tools.run("tmux", "-u", "new-session", "-d", "-s", session, "-x", "100", "-y", "30", cmd);
    return out;
  }

  private String screen() {
    // Tools hands back the bytes as ISO-8859-1 characters; the pane speaks UTF-8.
    String raw = Tools.run("tmux", "capture-pane", "-p", "-t", session);
    return new String(raw.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
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

  private void keys(String... keys) {
    String[] cmd = new String[keys.length + 4];
    cmd[0] = "tmux";
    cmd[1] = "send-keys";
    cmd[2] = "-t";
    cmd[3] = session;
    System.arraycopy(keys, 0, cmd, 4, keys.length);
    Tools.run(cmd);
  }

  /** Types {@code text} literally. */
  private void type(String text) {
    Tools.run("tmux", "send-keys", "-t", session, "-l", text);
  }

  private String waitForGone(String text) throws InterruptedException {
    Instant end = Instant.now().plus(Duration.ofSeconds(60));
    String s = "";
    while (Instant.now().isBefore(end)) {
      s = screen();
      if (!s.contains(text)) {
        return s;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("'" + text + "' stayed on the terminal; last screen:\n" + s);
  }

  /** The kernel or ramdisk pygrub wrote, named by the result's line {@code key}. */
  private static String fileStart(Path out, String key, int n) throws IOException {
    String result = Files.readString(out.resolve("result"));
    for (String line : result.split("\n")) {
      if (line.startsWith(key + " ")) {
        byte[] b = Files.readAllBytes(Path.of(line.substring(key.length() + 1)));
        return new String(b, 0, n, StandardCharsets.US_ASCII);
      }
    }
    throw new AssertionError("no " + key + " in " + result);
  }

  private static String argsOf(Path out) throws IOException {
    String result = Files.readString(out.resolve("result"));
    for (String line : result.split("\n")) {
      if (line.startsWith("args ")) {
        return line.substring(5);
      }
    }
    throw new AssertionError("no args in " + result);
  }

  @Test
  void aSubmenuOpensItsOwnScreenAndEscGoesBack() throws Exception {
    Path out = start("submenu", debian);
    String top = waitFor("Will boot selected entry in");
    assertThat(top)
        .contains("| Advanced options for Debian GNU/Linux")
        .doesNotContain("with Linux");
    keys("Down", "Enter");
    String sub = waitFor("Press Esc to go back");
    assertThat(sub)
        .contains("    Advanced options for Debian GNU/Linux\n")
        .contains("| Debian GNU/Linux, with Linux 6.1.0-13-amd64   ")
        .contains("| Debian GNU/Linux, with Linux 6.1.0-13-amd64 (recovery mode) ")
        .contains("| Debian GNU/Linux, with Linux 5.10.0-26-amd64   ")
        .contains("| Debian GNU/Linux, with Linux 5.10.0-26-amd64 (recovery mode) ")
        .doesNotContain("| Debian GNU/Linux   ");
    keys("Escape");
    String back = waitForGone("Press Esc to go back");
    assertThat(back).contains("| Debian GNU/Linux   ").doesNotContain("with Linux");
    keys("Up", "Enter");
    assertThat(waitForExit(out)).isEqualTo("0");
    assertThat(argsOf(out)).isEqualTo("root=/dev/xvda1 ro quiet");
  }

  @Test
  void enterOnTheThirdChildBootsIt() throws Exception {
    Path out = start("third", debian);
    waitFor("Will boot selected entry in");
    keys("Down", "Enter");
    waitFor("Press Esc to go back");
    keys("Down", "Down");
    // The highlighted entry's whole title stands on its own line under the box.
    waitFor("\nDebian GNU/Linux, with Linux 5.10.0-26-amd64\n");
    keys("Enter");
    assertThat(waitForExit(out)).isEqualTo("0");
    assertThat(argsOf(out)).isEqualTo("root=/dev/xvda1 ro quiet old");
    assertThat(fileStart(out, "kernel", 11)).isEqualTo("kernel-5.10");
    assertThat(fileStart(out, "ramdisk", 11)).isEqualTo("initrd-5.10");
  }

  @Test
  void aKeyStopsTheCountdown() throws Exception {
    Path out = start("stop", debian);
    waitFor("Will boot selected entry in 10 seconds");
    keys("Down");
    waitForGone("Will boot selected entry in");
    Thread.sleep(2500);
    assertThat(screen()).doesNotContain("Will boot selected entry in").contains("Advanced options");
    assertThat(out.resolve("exit").toFile().length()).isZero();
    keys("Up", "Enter");
    assertThat(waitForExit(out)).isEqualTo("0");
  }

  @Test
  void eEditsKernelInitrdAndArguments() throws Exception {
    Path out = start("edit", debian);
    waitFor("Will boot selected entry in");
    keys("e");
    waitFor("kernel: /boot/vmlinuz-6.1.0-13-amd64");
    keys("C-u");
    type("/boot/vmlinuz-5.10.0-26-amd64");
    keys("Enter");
    // Enter keeps the value shown.
    waitFor("initrd: /boot/initrd.img-6.1.0-13-amd64");
    keys("Enter");
    waitFor("args: root=/dev/xvda1 ro quiet");
    keys("BSpace", "BSpace", "BSpace", "BSpace", "BSpace");
    type("single edited");
    keys("Enter");
    assertThat(waitForExit(out)).isEqualTo("0");
    assertThat(argsOf(out)).isEqualTo("root=/dev/xvda1 ro single edited");
    assertThat(fileStart(out, "kernel", 11)).isEqualTo("kernel-5.10");
    assertThat(fileStart(out, "ramdisk", 10)).isEqualTo("initrd-6.1");
  }

  @Test
  void aAppendsToTheArguments() throws Exception {
    Path out = start("append", debian);
    waitFor("Will boot selected entry in");
    keys("a");
    waitFor("args: root=/dev/xvda1 ro quiet");
    type(" console=hvc0");
    keys("Enter");
    assertThat(waitForExit(out)).isEqualTo("0");
    assertThat(argsOf(out)).isEqualTo("root=/dev/xvda1 ro quiet console=hvc0");
    assertThat(fileStart(out, "kernel", 10)).isEqualTo("kernel-6.1");
  }

  @Test
  void aWideTitleIsCutAtTheTerminalsLastColumn() throws Exception {
    Path out = start("wide", debian);
    waitFor("Will boot selected entry in");
    keys("Down", "Down");
    String s = waitFor("\nDebian 1\u4e2d");
    // 100 columns: the box's rows are 99 wide, the title's cell 92; 8 + 41 x 2 = 90 columns of
    // title, one left blank where the next wide character would not fit, then the cut mark.
    String row = " | Debian 1" + "\u4e2d".repeat(41) + " \u2026   |";
    assertThat(s.lines()).contains(row);
    // The whole title below the box, wrapped at 99 columns: 8 + 45 x 2, then the other 5.
    assertThat(s).contains("\nDebian 1" + "\u4e2d".repeat(45) + "\n" + "\u4e2d".repeat(5) + "\n");
    keys("Enter");
    assertThat(waitForExit(out)).isEqualTo("0");
    assertThat(argsOf(out)).isEqualTo("root=/dev/xvda1 wide");
  }

  @Test
  void guestStringsReachTheTerminalEscaped() throws Exception {
    Path out = start("evil", evil);
    String menu = waitFor("Will boot selected entry in");
    String title = "Evil \\x1b]0;pwned\\x07 \\u202egnp.exe";
    assertThat(menu)
        .contains("| " + title + " ")
        .contains("\n" + title + "\n")
        .doesNotContain("\u202e");
    keys("a");
    String editor = waitFor("args: root=/dev/xvda1 \\x1b[2J");
    assertThat(editor).contains("Editing '" + title + "'");
    // Esc leaves the editor without booting; Enter then boots the entry as it was.
    keys("Escape");
    waitFor("Use the up and down arrow keys");
    keys("Enter");
    assertThat(waitForExit(out)).isEqualTo("0");
    assertThat(argsOf(out)).isEqualTo("root=/dev/xvda1 \u001b[2J");
  }

  @Test
  void anEditedKernelThatIsNotThereFailsAndLeavesNothing() throws Exception {
    Path out = start("missing", debian);
    waitFor("Will boot selected entry in");
    keys("e");
    waitFor("kernel: /boot/vmlinuz-6.1.0-13-amd64");
    keys("C-u");
    type("/boot/vmlinuz-7");
    keys("Enter");
    waitFor("initrd: ");
    keys("Enter");
    waitFor("args: ");
    keys("Enter");
    assertThat(waitForExit(out)).isEqualTo("1");
    try (var files = Files.list(out)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("result", "exit");
    }
    assertThat(Files.readString(out.resolve("result"))).isEmpty();
  }

  @Test
  void anEntrysHotkeyBootsIt() throws Exception {
    Path out = start("hotkey", debian);
    waitFor("Will boot selected entry in");
    keys("m");
    assertThat(waitForExit(out)).isEqualTo("0");
    assertThat(argsOf(out)).isEqualTo("memtest");
  }
}
