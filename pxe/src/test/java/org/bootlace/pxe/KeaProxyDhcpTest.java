package org.bootlace.pxe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.bootlace.BootRecord;
import org.bootlace.Limits;
import org.bootlace.pxe.testing.BridgedLab;
import org.bootlace.pxe.testing.NetLab;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ISC Kea as the only address server of a segment, and dnsmasq in proxy mode on another host of the
 * segment giving the PXE boot information and serving the Debian installer's netboot tree over
 * TFTP; then Kea alone, giving {@code next-server} and {@code boot-file-name} itself. Kea reads
 * only the configuration the test writes ({@code -c}) and keeps its lease, lock and pid files in
 * the test's directory; every server is stopped by its process when its test ends.
 */
class KeaProxyDhcpTest {
  static final Path DI = DnsmasqNetworkBootTest.DI;
  static final String MAC = "aa:00:86:e2:36:01";

  @TempDir static Path work;
  static Path root;
  static BridgedLab lab;

  @BeforeAll
  static void setUp() throws Exception {
    if (!Files.isDirectory(DI)) {
      throw new IOException(
          DI + " is missing: install the Debian package debian-installer-12-netboot-amd64");
    }
    NetLab.require("kea-dhcp4", "kea-dhcp4-server");
    NetLab.require("dnsmasq", "dnsmasq-base");
    root = Files.createDirectory(work.resolve("tftp"));
    for (String name : List.of("pxelinux.0", "ldlinux.c32")) {
      Files.createSymbolicLink(root.resolve(name), DI.resolve(name).toRealPath());
    }
    NetLab.run(
        "cp", "-rs", DI.resolve("debian-installer").toRealPath().toString(), root.toString());
    Path cfg = Files.createDirectory(root.resolve("pxelinux.cfg"));
    Files.copy(DI.resolve("pxelinux.cfg/default"), cfg.resolve("default"));
    lab = new BridgedLab();
  }

  @AfterAll
  static void tearDown() throws Exception {
    if (lab != null) {
      lab.close();
    }
  }

  /** Kea on the bridge with the pool 10.231.0.100-109 and {@code subnetExtra} in the subnet. */
  static Process kea(String name, String subnetExtra) throws Exception {
    Path dir = Files.createDirectory(work.resolve(name));
    Path conf = dir.resolve("kea-dhcp4.conf");
    Files.writeString(
        conf,
        String.format(
            Locale.ROOT,
            """
        {"Dhcp4": {
          "interfaces-config": {"interfaces": ["%s"], "dhcp-socket-type": "raw"},
          "lease-database": {"type": "memfile", "name": "%s", "lfc-interval": 0},
          "valid-lifetime": 3600,
          "subnet4": [{"id": 1, "subnet": "10.231.0.0/24",
                       "pools": [{"pool": "10.231.0.100 - 10.231.0.109"}],
                       "option-data": [{"name": "routers", "data": "10.231.0.1"}]%s}],
          "loggers": [{"name": "kea-dhcp4", "output_options": [{"output": "stdout"}], "severity": "INFO"}]
        }}
        """,
            lab.bridge,
            dir.resolve("leases4.csv"),
            subnetExtra),
        java.nio.charset.StandardCharsets.UTF_8);
    return lab.start(
        lab.dhcpNs,
        Map.of(
            "KEA_PIDFILE_DIR",
            dir.toString(),
            "KEA_LOCKFILE_DIR",
            dir.toString(),
            "KEA_LOGGER_DESTINATION",
            "stdout"),
        "DHCP4_STARTED",
        dir.resolve("kea.log"),
        "kea-dhcp4",
        "-c",
        conf.toString());
  }

  /** dnsmasq on the second host: TFTP from the netboot tree, and {@code extra} (a proxy range). */
  static Process dnsmasq(String name, String... extra) throws Exception {
    Path dir = Files.createDirectory(work.resolve(name));
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "dnsmasq",
                "--no-daemon",
                "--conf-file=/dev/null",
                "--port=0",
                "--user=root",
                "--group=root",
                "--interface=" + lab.proxyIf,
                "--bind-interfaces",
                "--log-dhcp",
                "--dhcp-leasefile=" + dir.resolve("leases"),
                "--pid-file=" + dir.resolve("pid"),
                "--log-facility=-",
                "--enable-tftp",
                "--tftp-root=" + root));
    cmd.addAll(List.of(extra));
    return lab.start(
        lab.proxyNs, Map.of(), "TFTP root", dir.resolve("dnsmasq.log"), cmd.toArray(String[]::new));
  }

  static NetworkBootOptions.Builder options(String mac, List<String> progress) {
    return NetworkBootOptions.builder(mac)
        .interfaceName(lab.clientIf)
        .networkNamespace(lab.clientNamespace())
        .downloadDirectory(work)
        .limits(Limits.builder().timeout(Duration.ofSeconds(30)).build())
        .progress(progress::add);
  }

  static void assertInstallerKernel(NetworkBoot net) throws Exception {
    BootRecord boot = net.resolveBoot();
    assertThat(boot.kernel().path()).isEqualTo("/debian-installer/amd64/linux");
    assertThat(boot.args()).isEqualTo("vga=788 --- quiet");
    Path kernel = work.resolve("vmlinuz-" + System.nanoTime());
    boot.kernel().copyTo(kernel);
    assertThat(Files.mismatch(kernel, DI.resolve("debian-installer/amd64/linux"))).isEqualTo(-1);
    Files.delete(kernel);
  }

  @Test
  void keaLeasesTheAddressAndDnsmasqProxyGivesTheBootFileThroughPort4011() throws Exception {
    Process kea = kea("kea-proxy", "");
    Process proxy = null;
    try {
      proxy =
          dnsmasq(
              "dnsmasq-proxy",
              "--dhcp-range=10.231.0.0,proxy",
              "--pxe-service=x86PC,Debian installer,pxelinux",
              "--pxe-service=x86PC,Boot from local disk,0");
      List<String> progress = new ArrayList<>();
      List<RecordingTransport.Received> received = new ArrayList<>();
      DatagramTransport.Factory real =
          UdpSockets.onInterface(lab.clientIf, Optional.of(lab.clientNamespace()));
      try (NetworkBoot net =
          NetworkBoot.open(
              options(MAC, progress)
                  .transports(
                      port ->
                          port == DhcpClient.CLIENT_PORT
                              ? new RecordingTransport(real.open(port), received)
                              : real.open(port))
                  .build())) {
        Lease l = net.lease();
        assertThat(l.server().getHostAddress()).isEqualTo(BridgedLab.DHCP_IP);
        assertThat(l.address().getHostAddress()).startsWith("10.231.0.10");
        assertThat(l.proxyServer().map(a -> a.getHostAddress())).contains(BridgedLab.PROXY_IP);
        assertThat(l.bootServer().getHostAddress()).isEqualTo(BridgedLab.PROXY_IP);
        assertThat(l.bootFile()).contains("pxelinux.0");
        assertThat(l.routers()).extracting(a -> a.getHostAddress()).containsExactly("10.231.0.1");
        assertInstallerKernel(net);
      }
      assertThat(progress)
          .contains(
              "dhcp: DHCPREQUEST to boot server 10.231.0.3:4011 (menu item 'Debian installer', type 32768)",
              "dhcp: DHCPACK from boot server 10.231.0.3:4011 (menu item 'Debian installer', type 32768): boot file pxelinux.0");
      assertThat(Files.readString(work.resolve("kea-proxy/leases4.csv"))).contains(MAC);
      realProxyOfferReadsAndOneFieldPatchedIsNamed(received);
      // dnsmasq answered the request on port 4011 (the client's own address as ciaddr) with the
      // file.
      assertThat(Files.readString(work.resolve("dnsmasq-proxy/dnsmasq.log")))
          .contains("PXE(" + lab.proxyIf + ") " + BridgedLab.CLIENT_IP + " " + MAC + " pxelinux.0");
    } finally {
      if (proxy != null) {
        lab.stop(proxy);
      }
      lab.stop(kea);
    }
    assertThat(kea.isAlive()).isFalse();
  }

  /** dnsmasq's own proxy offer: its PXE options as read, then the menu's first length patched. */
  static void realProxyOfferReadsAndOneFieldPatchedIsNamed(
      List<RecordingTransport.Received> received) throws Exception {
    RecordingTransport.Received offer =
        received.stream()
            .filter(
                r ->
                    r.from().getAddress().getHostAddress().equals(BridgedLab.PROXY_IP)
                        && r.from().getPort() == 67)
            .findFirst()
            .orElseThrow();
    DhcpPacket p = DhcpPacket.parse(ByteBuffer.wrap(offer.data()), "dnsmasq");
    assertThat(p.messageType()).isEqualTo(DhcpPacket.OFFER);
    assertThat(p.yiaddr().isAnyLocalAddress()).isTrue();
    assertThat(p.file()).isEmpty();
    byte[] o43 = p.options().raw(DhcpOptions.VENDOR_SPECIFIC).orElseThrow();
    PxeVendorOptions pxe = PxeVendorOptions.parse(Optional.of(o43), "dnsmasq");
    assertThat(pxe.discoveryControl()).isEqualTo(3);
    assertThat(pxe.menu())
        .containsExactly(
            new PxeVendorOptions.MenuItem(0x8000, "Debian installer"),
            new PxeVendorOptions.MenuItem(0, "Boot from local disk"));
    assertThat(pxe.serverFor(0x8000).map(a -> a.getHostAddress())).contains(BridgedLab.PROXY_IP);
    // The first menu entry's description length, one past what the sub-option holds.
    int menu = indexOfSubOption(o43, PxeVendorOptions.BOOT_MENU);
    byte[] patched = o43.clone();
    int room = Byte.toUnsignedInt(o43[menu + 1]) - 3;
    patched[menu + 4] = (byte) (room + 1);
    assertThatThrownBy(
            () -> PxeVendorOptions.parse(Optional.of(patched), BridgedLab.PROXY_IP + ":67"))
        .isInstanceOf(org.bootlace.CorruptImageException.class)
        .hasMessage(
            "dhcp: packet from 10.231.0.3:67: option 43 (PXE): sub-option 9 at offset "
                + menu
                + " (boot menu): entry at offset 0: description of "
                + (room + 1)
                + " bytes runs past the end ("
                + room
                + " bytes left)");
  }

  static int indexOfSubOption(byte[] v, int code) {
    int p = 0;
    while (p + 1 < v.length && Byte.toUnsignedInt(v[p]) != code) {
      p += 2 + Byte.toUnsignedInt(v[p + 1]);
    }
    return p;
  }

  @Test
  void aDhcpServerThatIsAlsoThePxeServerIsAskedOnPort4011Too() throws Exception {
    // dnsmasq alone, leasing addresses and offering a PXE menu instead of a boot file.
    Process dnsmasq =
        dnsmasq(
            "dnsmasq-full",
            "--dhcp-range=10.231.0.150,10.231.0.159,255.255.255.0,1h",
            "--pxe-service=x86PC,Debian installer,pxelinux");
    try {
      List<String> progress = new ArrayList<>();
      try (NetworkBoot net = NetworkBoot.open(options("aa:00:86:e2:36:03", progress).build())) {
        Lease l = net.lease();
        assertThat(l.server().getHostAddress()).isEqualTo(BridgedLab.PROXY_IP);
        assertThat(l.address().getHostAddress()).startsWith("10.231.0.15");
        assertThat(l.bootFile()).contains("pxelinux.0");
        assertThat(net.resolveBoot().kernel().path()).isEqualTo("/debian-installer/amd64/linux");
      }
      assertThat(progress)
          .contains(
              "dhcp: DHCPREQUEST to boot server 10.231.0.3:4011 (menu item 'Debian installer', type 32768)");
    } finally {
      lab.stop(dnsmasq);
    }
  }

  @Test
  void interfaceAddressIsReadInTheSocketsOwnNamespace() throws Exception {
    // The client's interface has 10.231.0.2 in its namespace; the host has no such interface.
    try (DatagramTransport t =
        UdpSockets.onInterface(lab.clientIf, Optional.of(lab.clientNamespace())).open(0)) {
      assertThat(t.interfaceAddress().map(a -> a.getHostAddress())).contains(BridgedLab.CLIENT_IP);
    }
    // A bridge port has no address of its own.
    String port = "bc" + lab.id;
    try (DatagramTransport t =
        UdpSockets.onInterface(port, Optional.of(Path.of("/run/netns", lab.dhcpNs))).open(0)) {
      assertThat(t.interfaceAddress()).isEmpty();
    }
  }

  @Test
  void keaAloneGivesNextServerAndBootFileName() throws Exception {
    Process kea =
        kea("kea-classic", ", \"next-server\": \"10.231.0.3\", \"boot-file-name\": \"pxelinux.0\"");
    Process tftp = null;
    try {
      tftp = dnsmasq("dnsmasq-tftp"); // TFTP only: no DHCP range, so Kea is the only DHCP server
      List<String> progress = new ArrayList<>();
      try (NetworkBoot net = NetworkBoot.open(options("aa:00:86:e2:36:02", progress).build())) {
        Lease l = net.lease();
        assertThat(l.server().getHostAddress()).isEqualTo(BridgedLab.DHCP_IP);
        assertThat(l.proxyServer()).isEmpty();
        assertThat(l.nextServer().map(a -> a.getHostAddress())).contains(BridgedLab.PROXY_IP);
        assertThat(l.bootFile()).contains("pxelinux.0");
        assertInstallerKernel(net);
      }
      assertThat(progress).noneMatch(p -> p.contains("4011"));
    } finally {
      if (tftp != null) {
        lab.stop(tftp);
      }
      lab.stop(kea);
    }
    assertThat(kea.isAlive()).isFalse();
  }
}
