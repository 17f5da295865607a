package org.bootlace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.bootlace.testing.Tools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a hostile title, an odd locale, an extreme setting or a damaged disk does to the command
 * line: every case ends in output a terminal can show safely, or in one clear line and the right
 * exit status.
 */
class SafetyTest {
  @TempDir static Path dir;
  static Path hostile;
  static Path mbr;

  /** Titles with an escape sequence, a right-to-left override, and text that is not ASCII. */
  static final String MENU =
      "default 0\n"
          + "title Evil \u001b]0;pwned\u0007 \u202egnp.exe\n"
          + "kernel /boot/vmlinuz root=/dev/xvda1 \u001b[2J\n"
          + "title Débian ünïcode 日本\n"
          + "kernel /boot/vmlinuz\n";

  @BeforeAll
  static void images() {
    Path root = dir.resolve("hostile-root");
    Tools.write(root, "boot/grub/menu.lst", MENU);
    Tools.write(root, "boot/vmlinuz", Fixtures.pattern("kernel", 20_000));
    hostile = dir.resolve("hostile.img");
    Tools.run("mkfs.ext3", "-q", "-F", "-d", root.toString(), hostile.toString(), "4M");
    mbr = Fixtures.mbrImage(dir);
  }

  @Test
  void pygrubListEscapesTitlesAndArguments() {
    CliRun r = CliRun.of("pygrub", "-l", hostile.toString());
    assertThat(r.exitCode()).isZero();
    assertThat(r.out())
        .isEqualTo(
            "title: Evil \\x1b]0;pwned\\x07 \\u202egnp.exe\n"
                + "  root: (hd0)\n"
                + "  kernel: /boot/vmlinuz\n"
                + "  args: root=/dev/xvda1 \\x1b[2J\n"
                + "  initrd: None\n"
                + "title: Débian ünïcode 日本\n"
                + "  root: (hd0)\n"
                + "  kernel: /boot/vmlinuz\n"
                + "  args: None\n"
                + "  initrd: None\n");
  }

  @Test
  void listAndResolveEscapeBidiOverrides() {
    CliRun list = CliRun.of("list", hostile.toString());
    assertThat(list.exitCode()).isZero();
    assertThat(list.out())
        .contains("\\u202egnp.exe")
        .doesNotContain("\u202e")
        .doesNotContain("\u001b");
    CliRun resolve = CliRun.of("resolve", hostile.toString());
    assertThat(resolve.out()).contains("\\u202egnp.exe").doesNotContain("\u202e");
  }

  @Test
  void jsonKeepsTheTitleExactlyAsUtf8() throws Exception {
    CliRun r = CliRun.of("resolve", "--json", "--entry", "1", hostile.toString());
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("Débian ünïcode 日本");
  }

  @Test
  void aTurkishLocaleChangesNothing() {
    Locale saved = Locale.getDefault();
    Locale.setDefault(Locale.forLanguageTag("tr-TR"));
    try {
      CliRun r = CliRun.of("resolve", "--json", mbr.toString());
      assertThat(r.exitCode()).isZero();
      assertThat(r.out()).contains("\"kind\": \"linux\"");
    } finally {
      Locale.setDefault(saved);
    }
  }

  @Test
  void underTheCLocaleNonAsciiTitlesStillPrintAsUtf8() throws IOException {
    Path jar = Path.of("target", "classes");
    String cp = System.getProperty("java.class.path");
    Tools.Result r =
        Tools.exec(
            "",
            "env",
            "LANG=C",
            "LC_ALL=C",
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp",
            jar.toAbsolutePath() + java.io.File.pathSeparator + cp,
            "org.bootlace.cli.Main",
            "list",
            hostile.toString());
    assertThat(r.exitCode()).isZero();
    // Tools reads output as ISO-8859-1, byte for byte.
    String stdout =
        new String(r.stdout().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    assertThat(stdout).contains("Débian ünïcode 日本").doesNotContain("?");
  }

  @Test
  void theLongestTimeoutIsAcceptedEverywhere() {
    String longest = String.valueOf(Long.MAX_VALUE);
    assertThat(CliRun.of("resolve", "--timeout", longest, mbr.toString()).exitCode()).isZero();
    CliRun pygrub = CliRun.of("pygrub", "-q", "-n", "--timeout", longest, mbr.toString());
    assertThat(pygrub.exitCode()).isZero();
    assertThat(pygrub.stderr()).doesNotContain("internal error");
  }

  @Test
  void pygrubRefusesANonPositiveTimeout() {
    CliRun r = CliRun.of("pygrub", "-q", "-n", "--timeout", "0", mbr.toString());
    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.stderr()).isEqualTo("bootlace: --timeout must be positive\n");
  }

  @Test
  void anOffsetBeyondTheEndIsAClearFailureNotALimit() {
    CliRun r = CliRun.of("resolve", "--offset", "99999999999", mbr.toString());
    assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(r.stderr())
        .isEqualTo(
            "bootlace: mbr.img[raw]: offset 99999999999 is beyond the end of the image (16777216"
                + " bytes)\n");
  }

  @Test
  void aTruncatedDiskSaysWhichPartitionLiesPastTheEnd() throws IOException {
    Path truncated = dir.resolve("truncated.img");
    Files.copy(mbr, truncated);
    try (var ch =
        java.nio.channels.FileChannel.open(truncated, java.nio.file.StandardOpenOption.WRITE)) {
      ch.truncate(3 * 1024 * 1024);
    }
    CliRun r = CliRun.of("resolve", truncated.toString());
    assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(r.stderr())
        .contains(
            "partition tables: gpt: no protective MBR entry (type 0xee); msdos: MBR: partition 3"
                + " (entry at 0x1de): first sector 16384 is beyond the end of the disk (6144 sectors)");
  }

  @Test
  void explainListsEveryProbe() {
    CliRun r = CliRun.of("resolve", "--explain", mbr.toString());
    assertThat(r.out())
        .contains("probe    image format raw: any bytes are a raw disk\n")
        .contains("probe    partition table msdos: ")
        .contains("probe    mbr.img[raw][msdos2]: filesystem ext4\n");
  }

  @Test
  void extractIntoFilesThatExistSaysWhy() throws IOException {
    Path out = Files.createDirectories(dir.resolve("full"));
    Files.writeString(out.resolve("kernel"), "mine");
    CliRun r = CliRun.of("extract", mbr.toString(), "-o", out.toString());
    assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(r.stderr()).isEqualTo("bootlace: " + out.resolve("kernel") + ": already exists\n");
    assertThat(Files.readString(out.resolve("kernel"), StandardCharsets.UTF_8)).isEqualTo("mine");
    assertThat(List.of(out.toFile().list())).containsExactly("kernel");
  }
}
