package org.bootlace.pxe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.bootlace.BootRecord;
import org.bootlace.Limits;
import org.bootlace.pxe.testing.NetLab;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Debian installer's netboot tree served by dnsmasq (DHCP and TFTP) in a network namespace,
 * booted from a second namespace as a PXE ROM and pxelinux would.
 */
class DnsmasqNetworkBootTest {
  static final Path DI = Path.of("/usr/lib/debian-installer/images/12/amd64/text");
  static final String MAC = "aa:00:86:e2:35:72";
  static final String OTHER_MAC = "aa:00:86:e2:35:73";

  @TempDir static Path work;
  static Path root;
  static NetLab lab;

  @BeforeAll
  static void serve() throws Exception {
    if (!Files.isDirectory(DI)) {
      throw new IOException(
          DI + " is missing: install the Debian package debian-installer-12-netboot-amd64");
    }
    root = Files.createDirectory(work.resolve("tftp"));
    for (String name : List.of("pxelinux.0", "ldlinux.c32")) {
      Files.createSymbolicLink(root.resolve(name), DI.resolve(name).toRealPath());
    }
    // The installer's tree as directories of links, so files can be added (grub.cfg-01-...).
    NetLab.run(
        "cp", "-rs", DI.resolve("debian-installer").toRealPath().toString(), root.toString());
    Files.writeString(
        root.resolve("debian-installer/amd64/grub/grub.cfg-01-aa-00-86-e2-35-77"),
        "menuentry 'Mine' {\n  linux /debian-installer/amd64/linux mac=$net_default_mac ip=$net_default_ip from=$net_default_server\n}\n");
    Path cfg = Files.createDirectory(root.resolve("pxelinux.cfg"));
    Files.copy(DI.resolve("pxelinux.cfg/default"), cfg.resolve("default"));
    // One MAC gets its own file; one subnet (10.231.0.128/25 = 0AE70080, shortened to 0AE700
    // would be the /24) gets a hex-IP file that only addresses in 10.231.0.1xx match as 0AE7006.
    Files.writeString(
        cfg.resolve("01-aa-00-86-e2-35-73"),
        "DEFAULT mine\nLABEL mine\n  KERNEL debian-installer/amd64/linux\n  APPEND initrd=debian-installer/amd64/initrd.gz priority=low\n  IPAPPEND 3\n");
    lab = new NetLab();
    lab.dnsmasq(
        root,
        work,
        "--dhcp-range=10.231.0.100,10.231.0.109,255.255.255.0,1h",
        "--dhcp-host=aa:00:86:e2:35:76,set:efi",
        "--dhcp-host=aa:00:86:e2:35:77,set:efi",
        "--dhcp-boot=tag:efi,debian-installer/amd64/bootnetx64.efi",
        "--dhcp-boot=pxelinux.0",
        "--dhcp-host=aa:00:86:e2:35:7f,ignore");
  }

  @AfterAll
  static void stop() throws Exception {
    if (lab != null) {
      lab.close();
    }
  }

  static NetworkBootOptions.Builder options(String mac, List<String> progress) {
    return NetworkBootOptions.builder(mac)
        .interfaceName(lab.clientIf)
        .networkNamespace(lab.clientNamespace())
        .downloadDirectory(work)
        .limits(Limits.builder().timeout(Duration.ofSeconds(30)).build())
        .progress(progress::add);
  }

  @Test
  void installerDefaultEntryResolvesToItsKernelAndInitrd() throws Exception {
    List<String> progress = new ArrayList<>();
    try (NetworkBoot net = NetworkBoot.open(options(MAC, progress).build())) {
      assertThat(net.lease().address().getHostAddress()).startsWith("10.231.0.10");
      assertThat(net.lease().bootFile()).contains("pxelinux.0");
      assertThat(net.lease().server().getHostAddress()).isEqualTo(NetLab.SERVER_IP);
      BootRecord boot = net.resolveBoot();
      assertThat(boot.kernel().path()).isEqualTo("/debian-installer/amd64/linux");
      assertThat(boot.ramdisks())
          .extracting(f -> f.path())
          .containsExactly("/debian-installer/amd64/initrd.gz");
      assertThat(boot.args()).isEqualTo("vga=788 --- quiet");
      assertThat(boot.provenance().config().get().path()).isEqualTo("/pxelinux.cfg/default");
      Path kernel = work.resolve("vmlinuz-" + System.nanoTime());
      boot.kernel().copyTo(kernel);
      assertThat(Files.mismatch(kernel, DI.resolve("debian-installer/amd64/linux"))).isEqualTo(-1);
      Path initrd = work.resolve("initrd-" + System.nanoTime());
      boot.ramdisk().get().copyTo(initrd);
      assertThat(Files.mismatch(initrd, DI.resolve("debian-installer/amd64/initrd.gz")))
          .isEqualTo(-1);
      assertThat(net.filesFetched())
          .anyMatch(f -> f.contains("/debian-installer/amd64/initrd.gz (40810276 bytes)"));
      Files.delete(kernel);
      Files.delete(initrd);
    }
    assertThat(progress).first().isEqualTo("requesting info for MAC address " + MAC);
    assertThat(progress)
        .anyMatch(
            l ->
                l.matches(
                    "getting cfg for IP 10\\.231\\.0\\.10\\d \\(0AE7006.\\) from server 10\\.231\\.0\\.1"));
    assertThat(progress)
        .contains(
            "downloading kernel debian-installer/amd64/linux",
            "downloading initrd debian-installer/amd64/initrd.gz");
    try (var left = Files.list(work)) {
      assertThat(left.filter(p -> p.getFileName().toString().startsWith("bootlace-pxe-")))
          .isEmpty();
    }
  }

  @Test
  void perMacFileWinsForThatMacOnlyWithIpappend() throws Exception {
    try (NetworkBoot net = NetworkBoot.open(options(OTHER_MAC, new ArrayList<>()).build())) {
      BootRecord boot = net.resolveBoot();
      String ip = net.lease().address().getHostAddress();
      assertThat(boot.provenance().config().get().path())
          .isEqualTo("/pxelinux.cfg/01-aa-00-86-e2-35-73");
      assertThat(boot.args())
          .isEqualTo(
              "priority=low ip="
                  + ip
                  + ":10.231.0.1:10.231.0.1:255.255.255.0 BOOTIF=01-aa-00-86-e2-35-73");
    }
  }

  @Test
  void hexIpFileWinsForItsSubnet() throws Exception {
    Path hex = root.resolve("pxelinux.cfg/0AE700");
    Files.writeString(
        hex,
        "DEFAULT subnet\nLABEL subnet\n  KERNEL debian-installer/amd64/linux\n  APPEND subnet=1\n");
    try (NetworkBoot net =
        NetworkBoot.open(options("aa:00:86:e2:35:74", new ArrayList<>()).build())) {
      BootRecord boot = net.resolveBoot();
      assertThat(boot.provenance().config().get().path()).isEqualTo("/pxelinux.cfg/0AE700");
      assertThat(boot.args()).isEqualTo("subnet=1");
    } finally {
      Files.delete(hex);
    }
  }

  @Test
  void lossAndDelayStillBoot() throws Exception {
    // 10% of the packets each way lost and 20 ms of delay, in the client's sockets (this kernel
    // may lack sch_netem, so the loss is made where bootlace receives and sends).
    List<String> progress = new ArrayList<>();
    DatagramTransport.Factory real =
        UdpSockets.onInterface(lab.clientIf, java.util.Optional.of(lab.clientNamespace()));
    LossyTransport.Stats stats = new LossyTransport.Stats(42);
    try (NetworkBoot net =
        NetworkBoot.open(
            options(MAC, progress)
                .transports(
                    port -> new LossyTransport(real.open(port), 0.10, Duration.ofMillis(20), stats))
                .tftpTimeout(Duration.ofMillis(300))
                .tftpRetries(20)
                .build())) {
      BootRecord boot = net.resolveBoot();
      assertThat(boot.kernel().path()).isEqualTo("/debian-installer/amd64/linux");
      assertThat(boot.args()).isEqualTo("vga=788 --- quiet");
      // A 42 KiB file whole through the lossy path (the 8 MiB kernel at dnsmasq's one block
      // per round trip would take minutes).
      Path loader = work.resolve("lossy-" + System.nanoTime());
      net.volume().open("/pxelinux.0").copyTo(loader);
      assertThat(Files.mismatch(loader, DI.resolve("pxelinux.0"))).isEqualTo(-1);
      Files.delete(loader);
    }
    assertThat(stats.dropped.get()).isGreaterThan(5);
  }

  @Test
  void noDhcpServerIsAClearTimeout() throws Exception {
    // A MAC dnsmasq is told to ignore: nothing answers it.
    long start = System.nanoTime();
    assertThatThrownBy(
            () ->
                NetworkBoot.open(
                    options("aa:00:86:e2:35:7f", new ArrayList<>())
                        .limits(Limits.builder().timeout(Duration.ofSeconds(3)).build())
                        .build()))
        .isInstanceOf(NetworkException.class)
        .hasMessageStartingWith(
            "dhcp: no DHCPOFFER for MAC aa:00:86:e2:35:7f within 3000 ms (2 DHCPDISCOVER sent");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void localbootEntryFallsBackToTheGivenDiskOrSaysWhy() throws Exception {
    Path cfg = root.resolve("pxelinux.cfg/01-aa-00-86-e2-35-75");
    Files.writeString(cfg, "DEFAULT local\nLABEL local\n  LOCALBOOT 0\n");
    try (NetworkBoot net =
        NetworkBoot.open(options("aa:00:86:e2:35:75", new ArrayList<>()).build())) {
      assertThatThrownBy(net::resolveBoot)
          .isInstanceOf(org.bootlace.BootEntryException.class)
          .hasMessageEndingWith(
              "entry 0 'local' is LOCALBOOT: it boots the local disk; give the guest's disk image to fall back to it");
    }
    // With the guest's disk given, the disk's own configuration decides, as pygrub would.
    Path disk = Path.of("../examples/sample/sample.img");
    try (NetworkBoot net =
        NetworkBoot.open(options("aa:00:86:e2:35:75", new ArrayList<>()).localDisk(disk).build())) {
      BootRecord boot = net.resolveBoot();
      assertThat(boot.kernel().location()).isEqualTo("(hd0,msdos1)/vmlinuz-6.1.0-sample");
      assertThat(boot.args()).isEqualTo("root=/dev/xvda2 ro console=hvc0 quiet");
      assertThat(boot.provenance().config().get().path()).isEqualTo("/grub/menu.lst");
    } finally {
      Files.delete(cfg);
    }
  }

  @Test
  void grubNetImageReadsItsGrubCfgUnderItsPrefix() throws Exception {
    try (NetworkBoot net =
        NetworkBoot.open(options("aa:00:86:e2:35:76", new ArrayList<>()).build())) {
      assertThat(net.lease().bootFile()).contains("debian-installer/amd64/bootnetx64.efi");
      BootRecord boot = net.resolveBoot();
      assertThat(boot.provenance().config().get().path())
          .isEqualTo("/debian-installer/amd64/grub/grub.cfg");
      assertThat(boot.provenance().parser()).contains("grub2");
      assertThat(boot.kernel().path()).isEqualTo("/debian-installer/amd64/linux");
      assertThat(boot.ramdisks())
          .extracting(f -> f.path())
          .containsExactly("/debian-installer/amd64/initrd.gz");
      assertThat(boot.args()).isEqualTo("vga=788 --- quiet");
      assertThat(boot.provenance().warnings())
          .anyMatch(
              w ->
                  w.startsWith(
                      "grub: tried /debian-installer/amd64/grub/grub.cfg-01-aa-00-86-e2-35-76, /debian-installer/amd64/grub/grub.cfg-0AE7006"));
    }
  }

  @Test
  void grubPerMacFileWinsAndSeesTheNetVariables() throws Exception {
    try (NetworkBoot net =
        NetworkBoot.open(options("aa:00:86:e2:35:77", new ArrayList<>()).build())) {
      BootRecord boot = net.resolveBoot();
      assertThat(boot.provenance().config().get().path())
          .isEqualTo("/debian-installer/amd64/grub/grub.cfg-01-aa-00-86-e2-35-77");
      assertThat(boot.args())
          .isEqualTo(
              "mac=aa:00:86:e2:35:77 ip="
                  + net.lease().address().getHostAddress()
                  + " from=10.231.0.1");
    }
  }

  @Test
  void realOfferWithOneFieldPatchedIsRefusedByName() throws Exception {
    // dnsmasq's own DHCPOFFER, captured from the socket, then one field patched at a time.
    List<byte[]> received = new ArrayList<>();
    DatagramTransport.Factory real =
        UdpSockets.onInterface(lab.clientIf, java.util.Optional.of(lab.clientNamespace()));
    DatagramTransport.Factory recording =
        port -> {
          DatagramTransport t = real.open(port);
          return new DatagramTransport() {
            @Override
            public void send(java.nio.ByteBuffer packet, java.net.InetSocketAddress to)
                throws IOException {
              t.send(packet, to);
            }

            @Override
            public java.util.Optional<java.net.InetSocketAddress> receive(
                java.nio.ByteBuffer dst, Duration timeout) throws IOException {
              var from = t.receive(dst, timeout);
              if (from.isPresent() && port == 68) {
                byte[] copy = new byte[dst.remaining()];
                dst.duplicate().get(copy);
                received.add(copy);
              }
              return from;
            }

            @Override
            public int localPort() {
              return t.localPort();
            }

            @Override
            public void close() throws IOException {
              t.close();
            }
          };
        };
    try (NetworkBoot net =
        NetworkBoot.open(options(MAC, new ArrayList<>()).transports(recording).build())) {
      assertThat(net.lease().bootFile()).contains("pxelinux.0");
    }
    byte[] offer = received.get(0);
    assertThat(DhcpPacket.parse(java.nio.ByteBuffer.wrap(offer), "dnsmasq").messageType())
        .isEqualTo(DhcpPacket.OFFER);
    byte[] badMagic = offer.clone();
    badMagic[239] = 0x64;
    assertThatThrownBy(() -> DhcpPacket.parse(java.nio.ByteBuffer.wrap(badMagic), "10.231.0.1:67"))
        .isInstanceOf(org.bootlace.CorruptImageException.class)
        .hasMessage(
            "dhcp: packet from 10.231.0.1:67: magic cookie at offset 236: 0x63825364 != 0x63825363");
    byte[] badOp = offer.clone();
    badOp[0] = 7;
    assertThatThrownBy(() -> DhcpPacket.parse(java.nio.ByteBuffer.wrap(badOp), "10.231.0.1:67"))
        .isInstanceOf(org.bootlace.CorruptImageException.class)
        .hasMessage(
            "dhcp: packet from 10.231.0.1:67: op at offset 0: 7 is neither 1 (request) nor 2 (reply)");
    byte[] badFile = offer.clone();
    badFile[108] = 0x1b; // an escape character in the boot file name
    assertThatThrownBy(() -> DhcpPacket.parse(java.nio.ByteBuffer.wrap(badFile), "10.231.0.1:67"))
        .isInstanceOf(org.bootlace.CorruptImageException.class)
        .hasMessage(
            "dhcp: packet from 10.231.0.1:67: file field at offset 108: control character 0x1b");
  }
}
