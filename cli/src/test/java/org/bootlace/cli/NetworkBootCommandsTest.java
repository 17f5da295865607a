package org.bootlace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bootlace.pxe.testing.NetLab;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bootlace pxe} and {@code bootlace pypxeboot} against dnsmasq serving the Debian installer.
 */
class NetworkBootCommandsTest {
  static final Path DI = Path.of("/usr/lib/debian-installer/images/12/amd64/text");
  static final String MAC = "aa:00:86:e2:35:72";

  @TempDir static Path work;
  static NetLab lab;

  @BeforeAll
  static void serve() throws Exception {
    if (!Files.isDirectory(DI)) {
      throw new IOException(
          DI + " is missing: install the Debian package debian-installer-12-netboot-amd64");
    }
    Path root = Files.createDirectory(work.resolve("tftp"));
    for (String name : List.of("debian-installer", "pxelinux.0", "ldlinux.c32", "pxelinux.cfg")) {
      Files.createSymbolicLink(root.resolve(name), DI.resolve(name).toRealPath());
    }
    lab = new NetLab();
    lab.dnsmasq(
        root,
        work,
        "--dhcp-range=10.231.0.100,10.231.0.109,255.255.255.0,1h",
        "--dhcp-boot=pxelinux.0",
        "--dhcp-host=aa:00:86:e2:35:7f,ignore");
  }

  @AfterAll
  static void stop() throws Exception {
    if (lab != null) {
      lab.close();
    }
  }

  private static Path emptyDir(String name) throws IOException {
    return Files.createDirectory(work.resolve(name));
  }

  @Test
  void pxePrintsPygrubsSimple0Format() throws Exception {
    Path out = emptyDir("pxe-out");
    CliRun r =
        CliRun.of(
            "pxe",
            "--mac",
            MAC,
            "--interface",
            lab.clientIf,
            "--netns",
            lab.clientNs,
            "--output-format",
            "simple0",
            "--output-directory",
            out.toString(),
            "--timeout",
            "20");
    assertThat(r.stderr()).isEmpty();
    assertThat(r.exitCode()).isZero();
    String[] fields = r.out().split("\0", -1);
    assertThat(fields[0]).startsWith("kernel " + out.toAbsolutePath() + "/boot_kernel.");
    assertThat(fields[1]).startsWith("ramdisk " + out.toAbsolutePath() + "/boot_ramdisk.");
    assertThat(fields[2]).isEqualTo("args vga=788 --- quiet");
    assertThat(
            Files.mismatch(
                Path.of(fields[0].substring(7)), DI.resolve("debian-installer/amd64/linux")))
        .isEqualTo(-1);
    assertThat(
            Files.mismatch(
                Path.of(fields[1].substring(8)), DI.resolve("debian-installer/amd64/initrd.gz")))
        .isEqualTo(-1);
    try (var files = Files.list(out)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .hasSize(2)
          .allMatch(n -> n.startsWith("boot_kernel.") || n.startsWith("boot_ramdisk."));
    }
  }

  @Test
  void pypxebootTakesTheVifSpecAndSaysWhatItDoes() throws Exception {
    Path out = emptyDir("pypxeboot-out");
    CliRun r =
        CliRun.of(
            "pypxeboot",
            "-q",
            "--netns",
            lab.clientNs,
            "--output-directory",
            out.toString(),
            "mac=" + MAC + ",bridge=" + lab.clientIf);
    assertThat(r.exitCode()).isZero();
    assertThat(r.out())
        .matches(
            "linux \\(kernel '"
                + out.toAbsolutePath()
                + "/boot_kernel\\.[a-z0-9_]{8}'\\)"
                + "\\(ramdisk '"
                + out.toAbsolutePath()
                + "/boot_ramdisk\\.[a-z0-9_]{8}'\\)\\(args 'vga=788 --- quiet'\\)");
    assertThat(r.stderr().lines().toList())
        .startsWith("requesting info for MAC address " + MAC)
        .anyMatch(
            l ->
                l.matches(
                    "getting cfg for IP 10\\.231\\.0\\.10\\d \\(0AE7006.\\) from server 10\\.231\\.0\\.1"))
        .contains(
            "downloading kernel debian-installer/amd64/linux",
            "downloading initrd debian-installer/amd64/initrd.gz");
  }

  @Test
  void noAnswerFailsInOneLineAndLeavesTheDirectoryEmpty() throws Exception {
    Path out = emptyDir("fail-out");
    CliRun r =
        CliRun.of(
            "pxe",
            "--mac",
            "aa:00:86:e2:35:7f",
            "--interface",
            lab.clientIf,
            "--netns",
            lab.clientNs,
            "--output-directory",
            out.toString(),
            "--timeout",
            "2");
    assertThat(r.exitCode()).isNotZero();
    assertThat(r.out()).isEmpty();
    assertThat(r.stderr())
        .isEqualTo(
            "bootlace: dhcp: no DHCPOFFER for MAC aa:00:86:e2:35:7f within 2000 ms (2 DHCPDISCOVER sent)\n");
    try (var files = Files.list(out)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void pypxebootWithoutMacIsAUsageError() {
    CliRun r = CliRun.of("pypxeboot", "bridge=xenbr0");
    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.stderr()).isEqualTo("bootlace: the vif spec 'bridge=xenbr0' names no mac=\n");
    assertThat(new String(r.stdout(), StandardCharsets.UTF_8)).isEmpty();
  }
}
