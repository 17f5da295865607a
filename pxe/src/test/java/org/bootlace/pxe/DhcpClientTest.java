package org.bootlace.pxe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The DHCP exchange against servers played byte by byte. */
class DhcpClientTest {
  static final byte[] MAC = DhcpPacketTest.MAC;
  static final byte[] OTHER_MAC = {(byte) 0xaa, 0, 0, 0, 0, 1};

  record Dgram(ByteBuffer data, InetSocketAddress from) {}

  /** Answers each packet the client sends with the packets {@code server} builds from it. */
  static final class Scripted implements DatagramTransport {
    final List<DhcpPacket> sent = new ArrayList<>();
    final List<Long> sentAt = new ArrayList<>();
    final List<InetSocketAddress> sentTo = new ArrayList<>();
    final List<byte[]> sentBytes = new ArrayList<>();
    Optional<java.net.Inet4Address> address = Optional.empty();
    final Deque<Dgram> inbox = new ArrayDeque<>();
    final Function<DhcpPacket, List<Dgram>> server;
    long now; // a clock the test drives: receive() with nothing queued advances it by the timeout

    Scripted(Function<DhcpPacket, List<Dgram>> server) {
      this.server = server;
    }

    @Override
    public void send(ByteBuffer packet, InetSocketAddress to) throws java.io.IOException {
      byte[] bytes = new byte[packet.remaining()];
      packet.duplicate().get(bytes);
      sentBytes.add(bytes);
      sentTo.add(to);
      DhcpPacket p = DhcpPacket.parse(packet, "client");
      sent.add(p);
      sentAt.add(now);
      inbox.addAll(server.apply(p));
    }

    @Override
    public Optional<InetSocketAddress> receive(ByteBuffer dst, Duration timeout) {
      Dgram next = inbox.poll();
      if (next == null) {
        now += timeout.toNanos();
        return Optional.empty();
      }
      dst.clear();
      dst.put(next.data()).flip();
      return Optional.of(next.from());
    }

    @Override
    public int localPort() {
      return 68;
    }

    @Override
    public Optional<java.net.Inet4Address> interfaceAddress() {
      return address;
    }

    @Override
    public void close() {}
  }

  static Dgram from(int last, ByteBuffer b) {
    try {
      return new Dgram(
          b,
          new InetSocketAddress(
              InetAddress.getByAddress(new byte[] {(byte) 192, 0, 2, (byte) last}), 67));
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  static DhcpBytes reply(DhcpPacket req, int type, int server, int yiaddr) {
    return new DhcpBytes(2, req.xid(), req.chaddr(), new int[] {192, 0, 2, yiaddr})
        .opt(53, type)
        .opt(54, 192, 0, 2, server)
        .opt(51, 0, 0, 0x0e, 0x10)
        .opt(1, 255, 255, 255, 0);
  }

  static Lease run(Scripted t) throws Exception {
    DhcpClient c =
        new DhcpClient(
            t,
            new DhcpClient.Identity(MAC, "PXEClient:Arch:00000:UNDI:002001", 0, Optional.empty()),
            Duration.ofSeconds(1),
            Duration.ofMillis(300),
            () -> t.now,
            s -> {});
    return c.obtain(0x1234abcd, Duration.ofSeconds(20).toNanos());
  }

  @Test
  void discoverOfferRequestAck() throws Exception {
    Scripted t =
        new Scripted(
            req ->
                req.messageType() == DhcpPacket.DISCOVER
                    ? List.of(
                        from(
                            1,
                            reply(req, DhcpPacket.OFFER, 1, 50)
                                .siaddr(192, 0, 2, 9)
                                .file("boot/pxelinux.0")
                                .build()))
                    : List.of(
                        from(
                            1,
                            reply(req, DhcpPacket.ACK, 1, 50)
                                .text(209, "cfg/a")
                                .text(210, "/srv/")
                                .opt(211, 0, 0, 0, 60)
                                .build())));
    Lease l = run(t);
    assertThat(l.address().getHostAddress()).isEqualTo("192.0.2.50");
    assertThat(l.server().getHostAddress()).isEqualTo("192.0.2.1");
    assertThat(l.bootServer().getHostAddress()).isEqualTo("192.0.2.9");
    assertThat(l.bootFile()).contains("boot/pxelinux.0");
    assertThat(l.configFile()).contains("cfg/a");
    assertThat(l.pathPrefix()).contains("/srv/");
    assertThat(l.rebootSeconds()).hasValue(60);
    assertThat(l.leaseSeconds()).hasValue(3600);
    DhcpPacket discover = t.sent.get(0);
    assertThat(discover.flags()).isEqualTo(0x8000);
    assertThat(discover.chaddr()).isEqualTo(MAC);
    assertThat(discover.options().text(60)).contains("PXEClient:Arch:00000:UNDI:002001");
    assertThat(discover.options().raw(93).get()).containsExactly(0, 0);
    assertThat(discover.options().raw(94).get()).containsExactly(1, 2, 1);
    assertThat(discover.options().raw(61).get())
        .containsExactly(1, 0xaa, 0x00, 0x86, 0xe2, 0x35, 0x72);
    DhcpPacket request = t.sent.get(1);
    assertThat(request.messageType()).isEqualTo(DhcpPacket.REQUEST);
    assertThat(request.xid()).isEqualTo(0x1234abcd);
    assertThat(request.options().address(50).get().getHostAddress()).isEqualTo("192.0.2.50");
    assertThat(request.options().address(54).get().getHostAddress()).isEqualTo("192.0.2.1");
  }

  @Test
  void otherTransactionsMacsAndGarbageAreIgnored() throws Exception {
    Scripted t =
        new Scripted(
            req -> {
              if (req.messageType() != DhcpPacket.DISCOVER) {
                return List.of(from(1, reply(req, DhcpPacket.ACK, 1, 50).build()));
              }
              DhcpBytes otherXid =
                  new DhcpBytes(2, req.xid() + 1, MAC, new int[] {192, 0, 2, 66})
                      .opt(53, 2)
                      .opt(54, 192, 0, 2, 6);
              DhcpBytes otherMac =
                  new DhcpBytes(2, req.xid(), OTHER_MAC, new int[] {192, 0, 2, 77})
                      .opt(53, 2)
                      .opt(54, 192, 0, 2, 7);
              return List.of(
                  from(6, otherXid.build()),
                  from(7, otherMac.build()),
                  from(8, ByteBuffer.wrap(new byte[] {1, 2, 3})),
                  from(1, reply(req, DhcpPacket.OFFER, 1, 50).build()));
            });
    assertThat(run(t).address().getHostAddress()).isEqualTo("192.0.2.50");
  }

  @Test
  void pxeOfferIsPreferredOverAnEarlierPlainOne() throws Exception {
    Scripted t =
        new Scripted(
            req ->
                req.messageType() == DhcpPacket.DISCOVER
                    ? List.of(
                        from(1, reply(req, DhcpPacket.OFFER, 1, 50).build()),
                        from(
                            2,
                            reply(req, DhcpPacket.OFFER, 2, 60)
                                .text(60, "PXEClient")
                                .file("pxelinux.0")
                                .build()))
                    : List.of(
                        from(
                            2,
                            reply(req, DhcpPacket.ACK, 2, 60)
                                .text(60, "PXEClient")
                                .file("pxelinux.0")
                                .build())));
    Lease l = run(t);
    assertThat(l.server().getHostAddress()).isEqualTo("192.0.2.2");
    assertThat(l.bootFile()).contains("pxelinux.0");
    assertThat(t.sent.get(1).options().address(54).get().getHostAddress()).isEqualTo("192.0.2.2");
  }

  @Test
  void proxyDhcpOfferSuppliesTheBootInformation() throws Exception {
    Scripted t =
        new Scripted(
            req ->
                req.messageType() == DhcpPacket.DISCOVER
                    ? List.of(
                        from(1, reply(req, DhcpPacket.OFFER, 1, 50).build()),
                        from(
                            5,
                            new DhcpBytes(2, req.xid(), MAC, new int[] {0, 0, 0, 0})
                                .siaddr(192, 0, 2, 5)
                                .opt(53, 2)
                                .opt(54, 192, 0, 2, 5)
                                .text(60, "PXEClient")
                                .text(67, "pxelinux.0")
                                .build()))
                    : List.of(from(1, reply(req, DhcpPacket.ACK, 1, 50).build())));
    Lease l = run(t);
    assertThat(l.server().getHostAddress()).isEqualTo("192.0.2.1");
    assertThat(l.proxyServer().get().getHostAddress()).isEqualTo("192.0.2.5");
    assertThat(l.bootServer().getHostAddress()).isEqualTo("192.0.2.5");
    assertThat(l.bootFile()).contains("pxelinux.0");
  }

  @Test
  void silenceIsRetriedWithBackoffUntilTheDeadline() {
    Scripted t = new Scripted(req -> List.of());
    assertThatThrownBy(() -> run(t))
        .isInstanceOf(NetworkException.class)
        .hasMessage(
            "dhcp: no DHCPOFFER for MAC aa:00:86:e2:35:72 within 20000 ms (5 DHCPDISCOVER sent)");
    // 1, 2, 4, 8 s apart, then the 20 s deadline.
    assertThat(t.sentAt)
        .containsExactly(0L, 1_000_000_000L, 3_000_000_000L, 7_000_000_000L, 15_000_000_000L);
  }

  @Test
  void nakIsAnError() {
    Scripted t =
        new Scripted(
            req ->
                req.messageType() == DhcpPacket.DISCOVER
                    ? List.of(from(1, reply(req, DhcpPacket.OFFER, 1, 50).build()))
                    : List.of(
                        from(
                            1,
                            new DhcpBytes(2, req.xid(), MAC, new int[] {0, 0, 0, 0})
                                .opt(53, 6)
                                .opt(54, 192, 0, 2, 1)
                                .text(56, "address taken")
                                .build())));
    assertThatThrownBy(() -> run(t))
        .isInstanceOf(NetworkException.class)
        .hasMessage(
            "dhcp: server 192.0.2.1 refused 192.0.2.50 for MAC aa:00:86:e2:35:72 (DHCPNAK: address taken)");
  }

  @Test
  void onlyProxyOffersIsAnError() {
    Scripted t =
        new Scripted(
            req ->
                List.of(
                    from(
                        5,
                        new DhcpBytes(2, req.xid(), MAC, new int[] {0, 0, 0, 0})
                            .opt(53, 2)
                            .opt(54, 192, 0, 2, 5)
                            .text(60, "PXEClient")
                            .build())));
    assertThatThrownBy(() -> run(t))
        .isInstanceOf(NetworkException.class)
        .hasMessage(
            "dhcp: offers for MAC aa:00:86:e2:35:72 came only from proxyDHCP servers, none gave an address");
  }
}
