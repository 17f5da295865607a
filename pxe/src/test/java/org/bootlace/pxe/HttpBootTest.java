package org.bootlace.pxe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.bootlace.BootRecord;
import org.bootlace.Limits;
import org.bootlace.NoBootConfigException;
import org.bootlace.pxe.testing.NetLab;
import org.bootlace.pxe.testing.PythonHttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Network boots whose DHCP boot file is a URL (UEFI HTTP boot, lpxelinux, iPXE), the files served
 * by Python's http.server on 127.0.0.1. DHCP is answered in-process by a scripted server (the
 * answer a DHCP server gives a UEFI HTTP client: the boot file as a URL), so no packet leaves the
 * test process but the HTTP ones on loopback.
 */
class HttpBootTest {
  static final Path DI = HttpTreeTest.DI;
  static final String MAC = "aa:00:86:e2:35:72";

  @TempDir static Path work;
  static Path www;
  static PythonHttpServer python;

  @BeforeAll
  static void serve() throws Exception {
    if (!Files.isDirectory(DI)) {
      throw new IOException(
          DI + " is missing: install the Debian package debian-installer-12-netboot-amd64");
    }
    www = Files.createDirectory(work.resolve("www"));
    NetLab.run("cp", "-rs", DI.getParent().toRealPath().toString(), www.toString());
    python = new PythonHttpServer(www, work.resolve("python.log"));
    String base = python.base();
    // An iPXE script as a UEFI HTTP boot answer points at: a counted label loop, isset and iseq
    // with || and &&, then a chain to a second script that loads the installer.
    Files.writeString(
        www.resolve("boot.ipxe"),
        "#!ipxe\n"
            + "dhcp\n"
            + "set tries 0\n"
            + ":retry\n"
            + "inc tries\n"
            + "iseq ${tries} 3 || goto retry\n"
            + "isset ${platform} || goto bios\n"
            + "iseq ${platform} efi && chain menu/efi.ipxe || goto bios\n"
            + ":bios\n"
            + "echo no EFI menu for ${mac}\n"
            + "exit 1\n");
    Files.createDirectory(www.resolve("menu"));
    Files.writeString(
        www.resolve("menu/efi.ipxe"),
        "#!ipxe\n"
            + "kernel ../debian-installer/amd64/linux vga=788 BOOTIF=01-${net0/mac:hexhyp} ip=${net0/ip} tries=${tries}\n"
            + "initrd ../debian-installer/amd64/initrd.gz\n"
            + "boot\n");
    // lpxelinux reads pxelinux.cfg/ next to itself over HTTP; its paths may be URLs.
    Files.createDirectory(www.resolve("pxelinux.cfg"));
    Files.writeString(
        www.resolve("pxelinux.cfg/default"),
        "DEFAULT install\n"
            + "INCLUDE "
            + base
            + "/extra.cfg\n"
            + "LABEL install\n"
            + "  KERNEL "
            + base
            + "/debian-installer/amd64/linux\n"
            + "  APPEND initrd=debian-installer/amd64/initrd.gz vga=788 --- quiet\n");
    Files.writeString(
        www.resolve("extra.cfg"),
        "LABEL missing\n  KERNEL " + base + "/debian-installer/amd64/vmlinuz\n");
  }

  @AfterAll
  static void stop() throws Exception {
    if (python != null) {
      python.close();
    }
    NetLab.run("rm", "-rf", www.toString());
  }

  /** DHCP answered in-process with {@code bootFile} as option 67, for a UEFI x86-64 client. */
  static NetworkBootOptions.Builder options(String bootFile, List<String> progress) {
    return options(bootFile, progress, MAC);
  }

  static NetworkBootOptions.Builder options(String bootFile, List<String> progress, String mac) {
    DatagramTransport.Factory dhcp =
        port -> {
          if (port != DhcpClient.CLIENT_PORT) {
            throw new NetworkException("tftp: no TFTP server in this test");
          }
          return new DhcpClientTest.Scripted(
              req ->
                  List.of(
                      DhcpClientTest.from(
                          1,
                          DhcpClientTest.reply(
                                  req,
                                  req.messageType() == DhcpPacket.DISCOVER
                                      ? DhcpPacket.OFFER
                                      : DhcpPacket.ACK,
                                  1,
                                  50)
                              .text(60, "HTTPClient")
                              .text(67, bootFile)
                              .build())));
        };
    return NetworkBootOptions.builder(mac)
        .transports(dhcp)
        .arch(16)
        .vendorClass("HTTPClient:Arch:00016:UNDI:003001")
        .offerWindow(Duration.ZERO)
        .downloadDirectory(work)
        .limits(Limits.builder().timeout(Duration.ofSeconds(60)).build())
        .progress(progress::add);
  }

  static void assertSameBytes(org.bootlace.GuestFile f, Path expected) throws IOException {
    Path copy = work.resolve("copy-" + System.nanoTime());
    f.copyTo(copy);
    try {
      assertThat(Files.mismatch(copy, expected)).isEqualTo(-1);
    } finally {
      Files.delete(copy);
    }
  }

  static void assertNothingLeft() throws IOException {
    try (Stream<Path> left = Files.list(work)) {
      assertThat(left.filter(p -> p.getFileName().toString().startsWith("bootlace-pxe-")))
          .isEmpty();
    }
  }

  @Test
  void uefiHttpBootOfAnIpxeScriptThatLoopsAndChains() throws Exception {
    List<String> progress = new ArrayList<>();
    String url = python.base() + "/boot.ipxe";
    try (NetworkBoot net = NetworkBoot.open(options(url, progress).build())) {
      assertThat(net.lease().bootFile()).contains(url);
      BootRecord boot = net.resolveBoot();
      assertThat(boot.kernel().path())
          .isEqualTo("/" + python.base() + "/debian-installer/amd64/linux");
      assertThat(boot.ramdisks())
          .extracting(f -> f.path())
          .containsExactly("/" + python.base() + "/debian-installer/amd64/initrd.gz");
      assertThat(boot.args())
          .isEqualTo("vga=788 BOOTIF=01-aa-00-86-e2-35-72 ip=192.0.2.50 tries=3");
      assertThat(boot.provenance().parser()).contains("ipxe");
      assertThat(boot.entry().get().source().file()).isEqualTo(python.base() + "/menu/efi.ipxe");
      assertSameBytes(boot.kernel(), DI.resolve("linux"));
      assertSameBytes(boot.ramdisk().get(), DI.resolve("initrd.gz"));
      assertThat(net.filesFetched())
          .contains(
              python.base()
                  + "/debian-installer/amd64/initrd.gz ("
                  + Files.size(DI.resolve("initrd.gz"))
                  + " bytes)");
    }
    assertThat(progress).contains("boot file " + url + " is an iPXE script");
    assertNothingLeft();
    String log = Files.readString(python.log);
    assertThat(log)
        .contains(
            "\"GET /boot.ipxe HTTP/1.1\" 200",
            "\"GET /menu/efi.ipxe HTTP/1.1\" 200",
            "\"GET /debian-installer/amd64/linux HTTP/1.1\" 200");
  }

  @Test
  void uefiHttpBootOfAKernelBootsItAlone() throws Exception {
    String url = python.base() + "/debian-installer/amd64/linux";
    try (NetworkBoot net = NetworkBoot.open(options(url, new ArrayList<>()).build())) {
      BootRecord boot = net.resolveBoot();
      assertThat(boot.ramdisks()).isEmpty();
      assertThat(boot.args()).isEmpty();
      assertSameBytes(boot.kernel(), DI.resolve("linux"));
    }
  }

  @Test
  void lpxelinuxReadsItsConfigurationAndUrlPathsOverHttp() throws Exception {
    try (NetworkBoot net =
        NetworkBoot.open(options(python.base() + "/lpxelinux.0", new ArrayList<>()).build())) {
      BootRecord boot = net.resolveBoot();
      assertThat(boot.provenance().config().get().path())
          .isEqualTo("/" + python.base() + "/pxelinux.cfg/default");
      assertThat(boot.kernel().path())
          .isEqualTo("/" + python.base() + "/debian-installer/amd64/linux");
      assertThat(boot.ramdisks())
          .extracting(f -> f.path())
          .containsExactly("/" + python.base() + "/debian-installer/amd64/initrd.gz");
      assertThat(boot.args()).isEqualTo("vga=788 --- quiet");
      assertSameBytes(boot.ramdisk().get(), DI.resolve("initrd.gz"));
      assertThat(boot.provenance().warnings())
          .anyMatch(
              w ->
                  w.startsWith(
                      "pxelinux: tried /"
                          + python.base()
                          + "/pxelinux.cfg/01-aa-00-86-e2-35-72, /"
                          + python.base()
                          + "/pxelinux.cfg/C0000232"));
      // The INCLUDEd file came over HTTP too; its entry's kernel is a 404, reported by URL.
      assertThatThrownBy(() -> net.resolveBoot("missing"))
          .isInstanceOf(NetworkException.class)
          .hasMessage(
              "http: GET "
                  + python.base()
                  + "/debian-installer/amd64/vmlinuz: status 404, not 200");
    }
  }

  @Test
  void ipxeKernelThatAnswers404FallsBackWithTheStatusNoted() throws Exception {
    Files.writeString(
        www.resolve("fallback.ipxe"),
        "#!ipxe\nkernel missing/vmlinuz || kernel debian-installer/amd64/linux fallback=1\nboot\n");
    String url = python.base() + "/fallback.ipxe";
    try (NetworkBoot net = NetworkBoot.open(options(url, new ArrayList<>()).build())) {
      BootRecord boot = net.resolveBoot();
      assertThat(boot.args()).isEqualTo("fallback=1");
      assertThat(boot.entry().get().notes())
          .containsExactly(
              "ipxe: "
                  + url
                  + ": line 2: kernel "
                  + python.base()
                  + "/missing/vmlinuz: http: GET "
                  + python.base()
                  + "/missing/vmlinuz: status 404, not 200");
    }
  }

  @Test
  void missingBootFileIsItsUrlAndStatus() throws Exception {
    try (NetworkBoot net =
        NetworkBoot.open(options(python.base() + "/nothing.ipxe", new ArrayList<>()).build())) {
      assertThatThrownBy(net::resolveBoot)
          .isInstanceOf(NetworkException.class)
          .hasMessage("http: GET " + python.base() + "/nothing.ipxe: status 404, not 200");
    }
    assertNothingLeft();
  }

  @Test
  void bootFileThatIsNeitherScriptNorKernelIsRefused() throws Exception {
    String url = python.base() + "/debian-installer/amd64/boot-screens/splash.png";
    try (NetworkBoot net = NetworkBoot.open(options(url, new ArrayList<>()).build())) {
      assertThatThrownBy(net::resolveBoot)
          .isInstanceOf(NoBootConfigException.class)
          .hasMessage(
              "network boot: boot file "
                  + url
                  + " is neither an iPXE script (#!ipxe) nor a Linux kernel (HdrS at 0x202); its first bytes: 89504e470d0a1a0a");
    }
  }

  @Test
  void grubBootedOverHttpReadsItsConfigurationFromThatServer() throws Exception {
    // Debian's own UEFI netboot GRUB configuration, and a per-MAC one beside it that uses GRUB's
    // names for the server it came from.
    String dir = "debian-installer/amd64/grub/";
    Files.writeString(
        www.resolve(dir + "grub.cfg-01-aa-00-86-e2-35-73"),
        "set timeout=0\nmenuentry 'per MAC' {\n  linux ($root)/debian-installer/amd64/linux root=$root cmd=$cmdpath"
            + " srv=$net_default_server\n  initrd (http)/debian-installer/amd64/initrd.gz\n}\n");
    String host = python.base().substring("http://".length());
    String url = python.base() + "/debian-installer/amd64/grubx64.efi";
    try (NetworkBoot net = NetworkBoot.open(options(url, new ArrayList<>()).build())) {
      BootRecord boot = net.resolveBoot();
      assertThat(boot.provenance().config().get().toString())
          .isEqualTo("(http," + host + ")/" + dir + "grub.cfg");
      assertThat(boot.kernel().location())
          .isEqualTo("(http," + host + ")/debian-installer/amd64/linux");
      assertThat(boot.args()).isEqualTo("vga=788 --- quiet");
      assertSameBytes(boot.kernel(), DI.resolve("linux"));
      assertSameBytes(boot.ramdisk().get(), DI.resolve("initrd.gz"));
      assertThat(net.filesFetched())
          .anyMatch(f -> f.startsWith(python.base() + "/debian-installer/amd64/linux ("));
    }
    try (NetworkBoot net =
        NetworkBoot.open(options(url, new ArrayList<>(), "aa:00:86:e2:35:73").build())) {
      BootRecord boot = net.resolveBoot();
      assertThat(boot.args())
          .isEqualTo(
              "root=http," + host + " cmd=(http," + host + ")/debian-installer/amd64 srv=" + host);
      assertSameBytes(boot.ramdisk().get(), DI.resolve("initrd.gz"));
    } finally {
      Files.delete(www.resolve(dir + "grub.cfg-01-aa-00-86-e2-35-73"));
    }
  }
}
