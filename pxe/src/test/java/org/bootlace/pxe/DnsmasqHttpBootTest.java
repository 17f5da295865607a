package org.bootlace.pxe;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bootlace.pxe.testing.NetLab;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * UEFI HTTP boot as a real network gives it: dnsmasq answers DHCP with {@code dhcp-boot=http://...}
 * in the server namespace, Python's http.server serves the Debian installer there, and the client
 * runs in a child JVM started under {@code ip netns exec} in the client namespace, so every one of
 * its sockets, the JDK HTTP client's included, is there. The test proves it: the child's network
 * namespace is the client namespace's, and the HTTP server logs the client namespace's address for
 * every request (the server only listens inside the server namespace, which only the client
 * namespace can reach).
 */
class DnsmasqHttpBootTest {
  static final Path DI = HttpTreeTest.DI;
  static final String MAC = "aa:00:86:e2:35:78";
  static final String PXELINUX_MAC = "aa:00:86:e2:35:79";
  static final String TFTP_IPXE_MAC = "aa:00:86:e2:35:7a";
  static final String WEB = "http://" + NetLab.SERVER_IP + ":8080";

  @TempDir static Path work;
  static NetLab lab;
  static Path www;
  static Path log;

  @BeforeAll
  static void serve() throws Exception {
    if (!Files.isDirectory(DI)) {
      throw new IOException(
          DI + " is missing: install the Debian package debian-installer-12-netboot-amd64");
    }
    Path python = NetLab.require("python3", "python3");
    www = Files.createDirectory(work.resolve("www"));
    NetLab.run("cp", "-rs", DI.getParent().toRealPath().toString(), www.toString());
    Files.writeString(
        www.resolve("boot.ipxe"),
        "#!ipxe\n"
            + "isset ${net0/ip} || goto nonet\n"
            + "chain http://${next-server}:8080/menu.ipxe\n"
            + ":nonet\n"
            + "exit 1\n");
    Files.writeString(
        www.resolve("menu.ipxe"),
        "#!ipxe\n"
            + "kernel debian-installer/amd64/linux vga=788 BOOTIF=01-${mac:hexhyp}\n"
            + "initrd debian-installer/amd64/initrd.gz\n"
            + "boot\n");
    Path tftp = Files.createDirectory(work.resolve("tftp"));
    // pxelinux over TFTP whose configuration names its files by URL, as lpxelinux allows.
    Files.createDirectory(tftp.resolve("pxelinux.cfg"));
    Files.writeString(
        tftp.resolve("pxelinux.cfg/default"),
        "DEFAULT web\nLABEL web\n"
            + "  KERNEL "
            + WEB
            + "/debian-installer/amd64/linux\n"
            + "  INITRD "
            + WEB
            + "/debian-installer/amd64/initrd.gz\n"
            + "  APPEND vga=788 from=tftp-config\n");
    // An iPXE script as the TFTP boot file: the kernel and an initrd over HTTP, a second initrd
    // named relative to the script, so over TFTP.
    Files.writeString(
        tftp.resolve("boot.ipxe"),
        "#!ipxe\n"
            + "kernel http://${next-server}:8080/debian-installer/amd64/linux via=tftp-script\n"
            + "initrd http://${next-server}:8080/debian-installer/amd64/initrd.gz\n"
            + "initrd extra.cpio\n"
            + "boot\n");
    Files.write(tftp.resolve("extra.cpio"), "extra initrd".getBytes(StandardCharsets.US_ASCII));
    log = work.resolve("http.log");
    lab = new NetLab();
    lab.startServer(
        "Serving HTTP",
        "sh",
        "-c",
        "exec "
            + python
            + " -u -m http.server 8080 --bind "
            + NetLab.SERVER_IP
            + " --directory "
            + www
            + " 2>"
            + log);
    lab.dnsmasq(
        tftp,
        work,
        "--dhcp-range=10.231.0.100,10.231.0.109,255.255.255.0,1h",
        "--dhcp-host=" + PXELINUX_MAC + ",set:pxe",
        "--dhcp-host=" + TFTP_IPXE_MAC + ",set:ipxe",
        "--dhcp-boot=tag:pxe,pxelinux.0",
        "--dhcp-boot=tag:ipxe,boot.ipxe",
        "--dhcp-boot=" + WEB + "/boot.ipxe");
  }

  @AfterAll
  static void stop() throws Exception {
    if (lab != null) {
      lab.close();
    }
    NetLab.run("rm", "-rf", www.toString());
  }

  /**
   * Runs the child JVM in the client namespace for {@code mac}; its output, checked for its
   * namespace.
   */
  static String child(String mac, Path out) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "ip",
                "netns",
                "exec",
                lab.clientNs,
                java,
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                HttpBootChild.class.getName(),
                mac,
                lab.clientIf,
                out.toString()));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(output).isZero();
    long clientNs = (Long) Files.getAttribute(lab.clientNamespace(), "unix:ino");
    assertThat(output).contains("netns net:[" + clientNs + "]");
    assertThat(Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString())
        .isNotEqualTo("net:[" + clientNs + "]");
    try (var left = Files.list(out)) {
      assertThat(left.map(f -> f.getFileName().toString()))
          .containsExactlyInAnyOrder("kernel", "initrd");
    }
    return output;
  }

  static List<String> requests() throws IOException {
    List<String> requests =
        Files.readAllLines(log).stream().filter(l -> l.contains("\"GET ")).toList();
    assertThat(requests).isNotEmpty().allMatch(l -> l.startsWith(NetLab.CLIENT_IP + " - - "));
    return requests;
  }

  @Test
  void dhcpBootUrlResolvesToTheInstallersKernelAndInitrdInsideTheNamespace() throws Exception {
    Path out = Files.createDirectory(work.resolve("out-url"));
    String output = child(MAC, out);
    assertThat(output)
        .contains(
            "bootfile " + WEB + "/boot.ipxe",
            "kernel /" + WEB + "/debian-installer/amd64/linux",
            "args vga=788 BOOTIF=01-aa-00-86-e2-35-78");
    assertThat(Files.mismatch(out.resolve("kernel"), DI.resolve("linux"))).isEqualTo(-1);
    assertThat(Files.mismatch(out.resolve("initrd"), DI.resolve("initrd.gz"))).isEqualTo(-1);
    assertThat(requests())
        .anyMatch(l -> l.contains("\"GET /menu.ipxe HTTP/1.1\" 200"))
        .anyMatch(l -> l.contains("\"GET /debian-installer/amd64/initrd.gz HTTP/1.1\" 200"));
  }

  @Test
  void tftpPxelinuxConfigurationWithUrlPaths() throws Exception {
    Path out = Files.createDirectory(work.resolve("out-pxelinux"));
    String output = child(PXELINUX_MAC, out);
    assertThat(output)
        .contains(
            "bootfile pxelinux.0",
            "kernel /" + WEB + "/debian-installer/amd64/linux",
            "args vga=788 from=tftp-config");
    assertThat(Files.mismatch(out.resolve("kernel"), DI.resolve("linux"))).isEqualTo(-1);
    assertThat(Files.mismatch(out.resolve("initrd"), DI.resolve("initrd.gz"))).isEqualTo(-1);
    requests();
  }

  @Test
  void tftpBootFileThatIsAnIpxeScriptMixesHttpAndTftp() throws Exception {
    Path out = Files.createDirectory(work.resolve("out-ipxe"));
    String output = child(TFTP_IPXE_MAC, out);
    assertThat(output)
        .contains(
            "bootfile boot.ipxe",
            "kernel /" + WEB + "/debian-installer/amd64/linux",
            "args via=tftp-script");
    assertThat(Files.mismatch(out.resolve("kernel"), DI.resolve("linux"))).isEqualTo(-1);
    byte[] initrd = Files.readAllBytes(out.resolve("initrd"));
    byte[] expected = Files.readAllBytes(DI.resolve("initrd.gz"));
    assertThat(initrd).hasSize(expected.length + 12);
    assertThat(java.util.Arrays.equals(initrd, 0, expected.length, expected, 0, expected.length))
        .isTrue();
    assertThat(new String(initrd, expected.length, 12, StandardCharsets.US_ASCII))
        .isEqualTo("extra initrd");
    requests();
  }
}
