package org.bootlace.pxe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bootlace.CorruptImageException;
import org.bootlace.pxe.DhcpClientTest.Dgram;
import org.bootlace.pxe.DhcpClientTest.Scripted;
import org.junit.jupiter.api.Test;

/**
 * proxyDHCP and PXE boot server discovery against servers played byte by byte: an address server
 * (192.0.2.1) with no boot information, a proxyDHCP server (192.0.2.5) offering a PXE menu, and the
 * boot server (192.0.2.9) it lists, asked on port 4011.
 */
class ProxyDhcpTest {
  static final byte[] MAC = DhcpClientTest.MAC;

  /**
   * Option 43 as dnsmasq sends it in proxy mode: discovery control 3, one server, a menu, a prompt.
   */
  static final int[] MENU_43 = {
    6, 1, 3, 8, 7, 0x80, 0x00, 1, 192, 0, 2, 9, 9, 20, 0x80, 0x00, 9, 'I', 'n', 's', 't', 'a', 'l',
    'l', 'e', 'r', 0x00, 0x00, 5, 'L', 'o', 'c', 'a', 'l', 10, 4, 0, 'P', 'X', 'E', 255
  };

  static Dgram fromPort(int last, int port, ByteBuffer b) {
    try {
      return new Dgram(
          b,
          new InetSocketAddress(
              InetAddress.getByAddress(new byte[] {(byte) 192, 0, 2, (byte) last}), port));
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  static DhcpBytes proxyOffer(DhcpPacket req, int[] option43) {
    return new DhcpBytes(2, req.xid(), req.chaddr(), new int[] {0, 0, 0, 0})
        .opt(53, 2)
        .opt(54, 192, 0, 2, 5)
        .text(60, "PXEClient")
        .opt(43, option43);
  }

  static DhcpBytes bootServerAck(DhcpPacket req, int itemType) {
    return new DhcpBytes(2, req.xid(), req.chaddr(), new int[] {192, 0, 2, 77})
        .siaddr(192, 0, 2, 9)
        .file("pxelinux.0")
        .opt(53, 5)
        .opt(54, 192, 0, 2, 9)
        .text(60, "PXEClient")
        .opt(43, 71, 4, itemType >> 8, itemType & 0xff, 0, 0, 255);
  }

  /**
   * The address server and the proxy answer on port 67; the boot server answers on 4011 with {@code
   * ack}.
   */
  static Scripted segment(java.util.function.Function<DhcpPacket, List<Dgram>> bootServer) {
    return new Scripted(
        req -> {
          if (req.messageType() == DhcpPacket.DISCOVER) {
            return List.of(
                DhcpClientTest.from(1, DhcpClientTest.reply(req, DhcpPacket.OFFER, 1, 50).build()),
                DhcpClientTest.from(5, proxyOffer(req, MENU_43).build()));
          }
          if (req.options().has(DhcpOptions.REQUESTED_IP)) {
            return List.of(
                DhcpClientTest.from(1, DhcpClientTest.reply(req, DhcpPacket.ACK, 1, 50).build()));
          }
          return bootServer.apply(req);
        });
  }

  @Test
  void proxyMenuWithoutBootFileIsFollowedToTheBootServerOnPort4011() throws Exception {
    Scripted t = segment(req -> List.of(fromPort(9, 4011, bootServerAck(req, 0x8000).build())));
    t.address = Optional.of(DhcpOptions.inet(new byte[] {(byte) 192, 0, 2, 77}, 0));
    Lease l = DhcpClientTest.run(t);
    assertThat(l.address().getHostAddress()).isEqualTo("192.0.2.50");
    assertThat(l.server().getHostAddress()).isEqualTo("192.0.2.1");
    assertThat(l.proxyServer().get().getHostAddress()).isEqualTo("192.0.2.9");
    assertThat(l.nextServer().get().getHostAddress()).isEqualTo("192.0.2.9");
    assertThat(l.bootServer().getHostAddress()).isEqualTo("192.0.2.9");
    assertThat(l.bootFile()).contains("pxelinux.0");
    assertThat(l.vendorClass()).contains("PXEClient");
    assertThat(l.describe())
        .isEqualTo(
            "address 192.0.2.50 for aa:00:86:e2:35:72 from DHCP server 192.0.2.1"
                + " (boot information from proxyDHCP 192.0.2.9), lease 3600 s, boot server 192.0.2.9, boot file pxelinux.0");
    // DISCOVER, REQUEST (to the address server), REQUEST (to the boot server).
    assertThat(t.sent).hasSize(3);
    assertThat(t.sentTo.get(1).toString()).isEqualTo("/255.255.255.255:67");
    assertThat(t.sentTo.get(2).toString()).isEqualTo("/192.0.2.9:4011");
    DhcpPacket bs = t.sent.get(2);
    assertThat(bs.messageType()).isEqualTo(DhcpPacket.REQUEST);
    assertThat(bs.xid()).isEqualTo(0x1234abcd);
    assertThat(bs.options().has(DhcpOptions.REQUESTED_IP)).isFalse();
    byte[] raw = t.sentBytes.get(2);
    // ciaddr: the interface's own address, which dnsmasq requires in its subnet and answers to.
    assertThat(java.util.Arrays.copyOfRange(raw, 12, 16)).containsExactly(192, 0, 2, 77);
    assertThat(java.util.Arrays.copyOfRange(raw, 16, 28)).containsOnly(0); // yiaddr, siaddr, giaddr
    assertThat(bs.options().raw(43).get()).containsExactly(71, 4, 0x80, 0x00, 0, 0, 255);
    assertThat(bs.options().raw(54).get()).containsExactly(192, 0, 2, 5);
    assertThat(bs.options().text(60)).contains("PXEClient:Arch:00000:UNDI:002001");
    assertThat(bs.options().raw(93).get()).containsExactly(0, 0);
  }

  @Test
  void ackForAnotherItemOrFromAnotherHostIsIgnoredAndFourRequestsAreTheBound() {
    Scripted t =
        segment(
            req ->
                List.of(
                    fromPort(9, 4011, bootServerAck(req, 0x8001).build()),
                    fromPort(8, 4011, bootServerAck(req, 0x8000).build())));
    t.address = Optional.of(DhcpOptions.inet(new byte[] {(byte) 192, 0, 2, 77}, 0));
    assertThatThrownBy(() -> DhcpClientTest.run(t))
        .isInstanceOf(NetworkException.class)
        .hasMessage(
            "dhcp: no DHCPACK with a boot file from boot server 192.0.2.9:4011 (menu item 'Installer', type 32768)"
                + " for MAC aa:00:86:e2:35:72 after 4 DHCPREQUEST; ignored 8 packets, the last: an answer from 192.0.2.8,"
                + " not the boot server 192.0.2.9");
    assertThat(t.sentTo.subList(2, 6)).extracting(Object::toString).containsOnly("/192.0.2.9:4011");
    // Retried 1, 2 and 4 s apart, as the DHCP requests are.
    List<Long> gaps = new ArrayList<>();
    for (int i = 3; i < 6; i++) {
      gaps.add(t.sentAt.get(i) - t.sentAt.get(i - 1));
    }
    assertThat(gaps).containsExactly(1_000_000_000L, 2_000_000_000L, 4_000_000_000L);
  }

  @Test
  void bootServerAckWithoutBootFileIsIgnored() {
    Scripted t =
        segment(
            req ->
                List.of(
                    fromPort(
                        9,
                        4011,
                        new DhcpBytes(2, req.xid(), req.chaddr(), new int[] {0, 0, 0, 0})
                            .opt(53, 5)
                            .opt(54, 192, 0, 2, 9)
                            .build())));
    t.address = Optional.of(DhcpOptions.inet(new byte[] {(byte) 192, 0, 2, 77}, 0));
    assertThatThrownBy(() -> DhcpClientTest.run(t))
        .isInstanceOf(NetworkException.class)
        .hasMessageEndingWith(
            "after 4 DHCPREQUEST; ignored 4 packets, the last: a DHCPACK from boot server 192.0.2.9 with no boot file");
  }

  @Test
  void withoutAnInterfaceAddressTheBootServerCannotAnswerAndSaysSo() {
    Scripted t = segment(req -> List.of());
    assertThatThrownBy(() -> DhcpClientTest.run(t))
        .isInstanceOf(NetworkException.class)
        .hasMessage(
            "dhcp: PXE server 192.0.2.5 gave MAC aa:00:86:e2:35:72 no boot file: asking boot server 192.0.2.9"
                + " on port 4011 needs an IPv4 address on the interface, which answers come back to; it has none");
  }

  @Test
  void localBootAsTheFirstMenuItemIsNotFetched() {
    int[] local = {9, 8, 0, 0, 5, 'L', 'o', 'c', 'a', 'l', 255};
    Scripted t =
        new Scripted(
            req ->
                req.messageType() == DhcpPacket.DISCOVER
                    ? List.of(
                        DhcpClientTest.from(
                            1, DhcpClientTest.reply(req, DhcpPacket.OFFER, 1, 50).build()),
                        DhcpClientTest.from(5, proxyOffer(req, local).build()))
                    : List.of(
                        DhcpClientTest.from(
                            1, DhcpClientTest.reply(req, DhcpPacket.ACK, 1, 50).build())));
    assertThatThrownBy(() -> DhcpClientTest.run(t))
        .isInstanceOf(NetworkException.class)
        .hasMessage(
            "dhcp: PXE server 192.0.2.5 for MAC aa:00:86:e2:35:72: the first boot menu item 'Local' is local boot"
                + " (type 0): nothing to fetch from the network");
  }

  @Test
  void proxyOfferWithBootFileNeedsNoDiscovery() throws Exception {
    Scripted t =
        new Scripted(
            req ->
                req.messageType() == DhcpPacket.DISCOVER
                    ? List.of(
                        DhcpClientTest.from(
                            1, DhcpClientTest.reply(req, DhcpPacket.OFFER, 1, 50).build()),
                        DhcpClientTest.from(
                            5,
                            proxyOffer(req, MENU_43)
                                .siaddr(192, 0, 2, 5)
                                .file("boot/grub/i386-pc/core.0")
                                .build()))
                    : List.of(
                        DhcpClientTest.from(
                            1, DhcpClientTest.reply(req, DhcpPacket.ACK, 1, 50).build())));
    Lease l = DhcpClientTest.run(t);
    assertThat(l.bootFile()).contains("boot/grub/i386-pc/core.0");
    assertThat(l.proxyServer().get().getHostAddress()).isEqualTo("192.0.2.5");
    assertThat(t.sent).hasSize(2);
  }

  @Test
  void addressFieldsComeFromTheAckAndBootFieldsFromTheProxy() throws Exception {
    Scripted t =
        new Scripted(
            req ->
                req.messageType() == DhcpPacket.DISCOVER
                    ? List.of(
                        DhcpClientTest.from(
                            5,
                            new DhcpBytes(2, req.xid(), MAC, new int[] {0, 0, 0, 0})
                                .siaddr(192, 0, 2, 6)
                                .sname("boot-6")
                                .file("ignored-if-option-67")
                                .opt(53, 2)
                                .opt(54, 192, 0, 2, 5)
                                .text(60, "PXEClient")
                                .text(67, "bios/pxelinux.0")
                                .text(209, "cfg/proxy")
                                .text(210, "/proxy/")
                                .build()),
                        DhcpClientTest.from(
                            1, DhcpClientTest.reply(req, DhcpPacket.OFFER, 1, 50).build()))
                    : List.of(
                        DhcpClientTest.from(
                            1,
                            DhcpClientTest.reply(req, DhcpPacket.ACK, 1, 50)
                                .opt(3, 192, 0, 2, 254)
                                .opt(6, 192, 0, 2, 53)
                                .text(12, "guest")
                                .text(209, "cfg/dhcp")
                                .build())));
    Lease l = DhcpClientTest.run(t);
    // The proxy answered first; the request still goes to the address server.
    assertThat(t.sent.get(1).options().raw(54).get()).containsExactly(192, 0, 2, 1);
    assertThat(l.address().getHostAddress()).isEqualTo("192.0.2.50");
    assertThat(l.server().getHostAddress()).isEqualTo("192.0.2.1");
    assertThat(l.subnetMask().get().getHostAddress()).isEqualTo("255.255.255.0");
    assertThat(l.routers()).extracting(a -> a.getHostAddress()).containsExactly("192.0.2.254");
    assertThat(l.dnsServers()).extracting(a -> a.getHostAddress()).containsExactly("192.0.2.53");
    assertThat(l.hostName()).contains("guest");
    assertThat(l.leaseSeconds()).hasValue(3600);
    assertThat(l.nextServer().get().getHostAddress()).isEqualTo("192.0.2.6");
    assertThat(l.tftpServerName()).contains("boot-6");
    assertThat(l.bootFile()).contains("bios/pxelinux.0");
    assertThat(l.configFile())
        .contains("cfg/dhcp"); // the DHCP server's own option wins where it gives one
    assertThat(l.pathPrefix()).contains("/proxy/");
    assertThat(l.proxyServer().get().getHostAddress()).isEqualTo("192.0.2.5");
    assertThat(l.bootServer().getHostAddress()).isEqualTo("192.0.2.6");
  }

  @Test
  void theDhcpServersOwnBootFileWinsOverTheProxy() throws Exception {
    Scripted t =
        new Scripted(
            req ->
                req.messageType() == DhcpPacket.DISCOVER
                    ? List.of(
                        DhcpClientTest.from(
                            1,
                            DhcpClientTest.reply(req, DhcpPacket.OFFER, 1, 50)
                                .file("own.0")
                                .build()),
                        DhcpClientTest.from(5, proxyOffer(req, MENU_43).build()))
                    : List.of(
                        DhcpClientTest.from(
                            1,
                            DhcpClientTest.reply(req, DhcpPacket.ACK, 1, 50)
                                .file("own.0")
                                .build())));
    Lease l = DhcpClientTest.run(t);
    assertThat(l.bootFile()).contains("own.0");
    assertThat(l.proxyServer()).isEmpty();
    assertThat(t.sent).hasSize(2); // no boot server request
  }

  @Test
  void offersBeyondSixteenAreNotKept() throws Exception {
    Scripted t =
        new Scripted(
            req -> {
              if (req.messageType() != DhcpPacket.DISCOVER) {
                return List.of(
                    DhcpClientTest.from(
                        1, DhcpClientTest.reply(req, DhcpPacket.ACK, 1, 50).build()));
              }
              List<Dgram> offers = new ArrayList<>();
              for (int i = 1; i <= 16; i++) {
                offers.add(
                    DhcpClientTest.from(
                        i, DhcpClientTest.reply(req, DhcpPacket.OFFER, i, 49 + i).build()));
              }
              // The 17th would win (it has boot information) if it were kept.
              offers.add(
                  DhcpClientTest.from(
                      17,
                      DhcpClientTest.reply(req, DhcpPacket.OFFER, 17, 99)
                          .text(60, "PXEClient")
                          .file("pxelinux.0")
                          .build()));
              return offers;
            });
    Lease l = DhcpClientTest.run(t);
    assertThat(l.server().getHostAddress()).isEqualTo("192.0.2.1");
    assertThat(l.bootFile()).isEmpty();
  }

  @Test
  void vendorOptionsAreReadWhole() throws Exception {
    byte[] v = bytes(MENU_43);
    PxeVendorOptions o = PxeVendorOptions.parse(Optional.of(v), "192.0.2.5:67");
    assertThat(o.discoveryControl()).isEqualTo(3);
    assertThat(o.servers())
        .containsExactly(
            new PxeVendorOptions.BootServers(
                0x8000, List.of(DhcpOptions.inet(new byte[] {(byte) 192, 0, 2, 9}, 0))));
    assertThat(o.menu())
        .containsExactly(
            new PxeVendorOptions.MenuItem(0x8000, "Installer"),
            new PxeVendorOptions.MenuItem(0, "Local"));
    assertThat(o.bootItem()).isEmpty();
    assertThat(
            PxeVendorOptions.parse(Optional.of(bytes(71, 4, 0x80, 1, 0, 3, 255)), "x").bootItem())
        .contains(new PxeVendorOptions.BootItem(0x8001, 3));
  }

  @Test
  void vendorOptionCorruptionIsNamed() {
    assertCorrupt(
        bytes(6, 2, 3, 3),
        "dhcp: packet from 192.0.2.5:67: option 43 (PXE): sub-option 6 at offset 0 (discovery control): length 2 != 1");
    assertCorrupt(
        bytes(6, 1, 3, 9),
        "dhcp: packet from 192.0.2.5:67: option 43 (PXE): sub-option 9 at offset 3: no length byte");
    assertCorrupt(
        bytes(9, 9, 0x80, 0),
        "dhcp: packet from 192.0.2.5:67: option 43 (PXE): sub-option 9 at offset 0: length 9 runs past the end (2 bytes left)");
    assertCorrupt(
        bytes(8, 7, 0x80, 0, 2, 192, 0, 2, 9),
        "dhcp: packet from 192.0.2.5:67: option 43 (PXE): sub-option 8 at offset 0 (boot servers): entry at offset 0: 2 addresses run past the end (4 bytes left)");
    assertCorrupt(
        bytes(8, 2, 0x80, 0),
        "dhcp: packet from 192.0.2.5:67: option 43 (PXE): sub-option 8 at offset 0 (boot servers): entry at offset 0: 2 bytes, less than the 3 of type and count");
    assertCorrupt(
        bytes(9, 5, 0x80, 0, 3, 'a', 'b'),
        "dhcp: packet from 192.0.2.5:67: option 43 (PXE): sub-option 9 at offset 0 (boot menu): entry at offset 0: description of 3 bytes runs past the end (2 bytes left)");
    assertCorrupt(
        bytes(9, 4, 0x80, 0, 1, 0x1b),
        "dhcp: packet from 192.0.2.5:67: option 43 (PXE): sub-option 9 at offset 0 (boot menu): entry at offset 0: description holds control character 0x1b at index 0");
    assertCorrupt(
        bytes(71, 3, 0x80, 0, 0),
        "dhcp: packet from 192.0.2.5:67: option 43 (PXE): sub-option 71 at offset 0 (boot item): length 3 != 4");
  }

  @Test
  void vendorOptionsOfAMegabyteAreReadInOnePass() throws Exception {
    // Far beyond what a packet holds; the parser must stay linear all the same.
    byte[] v = new byte[1 << 20];
    for (int i = 0; i + 3 <= v.length; i += 3) {
      v[i] = 6;
      v[i + 1] = 1;
      v[i + 2] = 3;
    }
    long start = System.nanoTime();
    assertThat(PxeVendorOptions.parse(Optional.of(v), "x").discoveryControl()).isEqualTo(3);
    assertThat(System.nanoTime() - start).isLessThan(2_000_000_000L);
  }

  static void assertCorrupt(byte[] option43, String message) {
    assertThatThrownBy(() -> PxeVendorOptions.parse(Optional.of(option43), "192.0.2.5:67"))
        .isInstanceOf(CorruptImageException.class)
        .hasMessage(message);
  }

  static byte[] bytes(int... v) {
    byte[] b = new byte[v.length];
    for (int i = 0; i < v.length; i++) {
      b[i] = (byte) v[i];
    }
    return b;
  }
}
