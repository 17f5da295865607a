package org.bootlace.pxe;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.bootlace.CorruptImageException;

/**
 * Asks DHCP for an address and boot information on behalf of one MAC address, as a PXE ROM does:
 * DHCPDISCOVER, the offers, DHCPREQUEST, DHCPACK (RFC 2131 section 3.1). The answers are asked to
 * be broadcast (the flag of RFC 2131 section 4.1), because the host asking does not own the guest's
 * MAC address. Requests are sent again after 1, 2, 4, ... seconds (the first interval configurable,
 * at most 64 s between tries) until the deadline; answers for another transaction or another MAC
 * address, requests, and malformed packets are ignored (and counted in the error when nothing
 * usable came). Offers arriving in a short window after the first are collected: offers carrying
 * boot information ({@code PXEClient} in option 60, a boot file) win over bare address offers, as a
 * PXE ROM prefers them; a proxyDHCP offer (option 60 {@code PXEClient} and no address) supplies the
 * boot information when the address offer has none. At most {@link #MAX_OFFERS} offers are kept.
 *
 * <p>A PXE server that answers without a boot file (a proxyDHCP server offering a boot menu, as
 * dnsmasq's {@code pxe-service} does) is asked again, as a PXE ROM asks it after the address is
 * bound: a DHCPREQUEST to UDP port {@value #PXE_PORT} of the boot server its option 43 lists for
 * the first menu item (else of the PXE server itself), naming that item in sub-option 71; the boot
 * server's DHCPACK gives the boot file. The boot server answers {@code ciaddr}, which must lie in
 * its subnet; the host asking does not own the guest's address, so {@code ciaddr} is the address of
 * the host's own interface, which it must have.
 */
final class DhcpClient {
  static final int CLIENT_PORT = 68;
  static final int SERVER_PORT = 67;

  /** The port of PXE boot servers (PXE 2.1 specification, section 2.2.7). */
  static final int PXE_PORT = 4011;

  /** At most this many offers are kept; later ones are ignored. */
  static final int MAX_OFFERS = 16;

  /** At most this many DHCPREQUESTs go to a boot server before giving up on it. */
  static final int MAX_BOOT_SERVER_REQUESTS = 4;

  private static final long MAX_INTERVAL_NANOS = Duration.ofSeconds(64).toNanos();

  /** What the client says about itself. */
  record Identity(byte[] mac, String vendorClass, int arch, Optional<byte[]> uuid) {}

  private final DatagramTransport transport;
  private final Identity id;
  private final Duration firstInterval;
  private final Duration offerWindow;
  private final LongSupplier clock;
  private final Consumer<String> log;
  private final String macText;
  private final InetSocketAddress broadcast;
  private int ignored;
  private String lastIgnored = "";

  DhcpClient(
      DatagramTransport transport,
      Identity id,
      Duration firstInterval,
      Duration offerWindow,
      LongSupplier clock,
      Consumer<String> log) {
    this.transport = transport;
    this.id = id;
    this.firstInterval = firstInterval;
    this.offerWindow = offerWindow;
    this.clock = clock;
    this.log = log;
    this.macText = Addresses.mac(id.mac(), ':');
    this.broadcast =
        new InetSocketAddress(DhcpOptions.inet(new byte[] {-1, -1, -1, -1}, 0), SERVER_PORT);
  }

  /** Runs the exchange; {@code endNanos} (on {@code clock}) bounds all of it. */
  Lease obtain(int xid, long endNanos) throws IOException {
    return obtain(xid, clock.getAsLong(), endNanos);
  }

  /**
   * Runs the exchange for a budget that began at {@code startNanos} and ends at {@code endNanos}.
   */
  Lease obtain(int xid, long startNanos, long endNanos) throws IOException {
    long start = startNanos;
    List<Offer> offers = new ArrayList<>();
    long interval = firstInterval.toNanos();
    int discovers = 0;
    while (offers.isEmpty()) {
      long now = clock.getAsLong();
      if (now - endNanos >= 0) {
        throw new NetworkException(
            "dhcp: no DHCPOFFER for MAC "
                + macText
                + " within "
                + Duration.ofNanos(endNanos - start).toMillis()
                + " ms ("
                + discovers
                + " DHCPDISCOVER sent"
                + ignoredNote()
                + ")");
      }
      transport.send(request(DhcpPacket.DISCOVER, xid, start, Optional.empty()), broadcast);
      discovers++;
      log.accept("dhcp: DHCPDISCOVER for " + macText + " (xid 0x" + Integer.toHexString(xid) + ")");
      long waitEnd = min(now + interval, endNanos);
      while (true) {
        Optional<Answer> a = receive(xid, waitEnd);
        if (a.isEmpty()) {
          break;
        }
        if (a.get().packet().messageType() != DhcpPacket.OFFER) {
          ignore(
              "a "
                  + DhcpPacket.typeName(a.get().packet().messageType())
                  + " while waiting for offers");
          continue;
        }
        if (offers.size() >= MAX_OFFERS) {
          ignore(
              "an offer from "
                  + a.get().from().getAddress().getHostAddress()
                  + " beyond the "
                  + MAX_OFFERS
                  + " kept");
          continue;
        }
        if (offers.isEmpty()) {
          waitEnd = min(clock.getAsLong() + offerWindow.toNanos(), endNanos);
        }
        offers.add(new Offer(a.get().packet(), a.get().from()));
        log.accept("dhcp: DHCPOFFER from " + a.get().from().getAddress().getHostAddress());
      }
      interval = Math.min(interval * 2, MAX_INTERVAL_NANOS);
    }
    Optional<Offer> proxy = offers.stream().filter(Offer::isProxy).findFirst();
    Optional<Offer> chosen =
        offers.stream()
            .filter(o -> !o.isProxy() && o.hasAddress() && o.hasBootInfo())
            .findFirst()
            .or(() -> offers.stream().filter(o -> !o.isProxy() && o.hasAddress()).findFirst());
    if (chosen.isEmpty()) {
      throw new NetworkException(
          "dhcp: offers for MAC "
              + macText
              + " came only from proxyDHCP servers, none gave an address");
    }
    Offer offer = chosen.get();
    Inet4Address serverId = offer.serverId();
    DhcpPacket ack = requestAck(xid, start, offer, serverId, endNanos);
    boolean noFile = offer.bootFile().isEmpty() && fileOf(ack).isEmpty();
    Optional<Offer> bootInfo = proxy.filter(p -> noFile);
    if (bootInfo.isEmpty()
        && noFile
        && offer.pxeClass()
        && offer.packet().options().has(DhcpOptions.VENDOR_SPECIFIC)) {
      bootInfo = Optional.of(offer); // the address server is the PXE server too and wants discovery
    }
    if (bootInfo.isPresent() && bootInfo.get().bootFile().isEmpty()) {
      bootInfo = Optional.of(bootServerAck(xid, start, bootInfo.get(), endNanos));
    }
    return lease(offer, ack, bootInfo);
  }

  private static String fileOf(DhcpPacket p) {
    return p.options().text(DhcpOptions.BOOT_FILE).orElse(p.file());
  }

  private DhcpPacket requestAck(
      int xid, long start, Offer offer, Inet4Address serverId, long endNanos) throws IOException {
    long interval = firstInterval.toNanos();
    int requests = 0;
    while (true) {
      long now = clock.getAsLong();
      if (now - endNanos >= 0) {
        throw new NetworkException(
            "dhcp: no DHCPACK from "
                + serverId.getHostAddress()
                + " for MAC "
                + macText
                + " after "
                + requests
                + " DHCPREQUEST"
                + ignoredNote());
      }
      transport.send(request(DhcpPacket.REQUEST, xid, start, Optional.of(offer)), broadcast);
      requests++;
      log.accept(
          "dhcp: DHCPREQUEST "
              + offer.packet.yiaddr().getHostAddress()
              + " from "
              + serverId.getHostAddress());
      long waitEnd = min(now + interval, endNanos);
      while (true) {
        Optional<Answer> a = receive(xid, waitEnd);
        if (a.isEmpty()) {
          break;
        }
        DhcpPacket p = a.get().packet();
        java.net.InetAddress from =
            p.options()
                .address(DhcpOptions.SERVER_ID)
                .map(x -> (java.net.InetAddress) x)
                .orElse(a.get().from().getAddress());
        if (!from.equals(serverId)) {
          ignore("an answer from " + from.getHostAddress() + ", not the server chosen");
          continue;
        }
        if (p.messageType() == DhcpPacket.NAK) {
          throw new NetworkException(
              "dhcp: server "
                  + serverId.getHostAddress()
                  + " refused "
                  + offer.packet.yiaddr().getHostAddress()
                  + " for MAC "
                  + macText
                  + " (DHCPNAK"
                  + p.options().text(DhcpOptions.MESSAGE).map(m -> ": " + m).orElse("")
                  + ")");
        }
        if (p.messageType() != DhcpPacket.ACK) {
          ignore("a " + DhcpPacket.typeName(p.messageType()) + " while waiting for DHCPACK");
          continue;
        }
        if (!p.yiaddr().equals(offer.packet.yiaddr())) {
          ignore("a DHCPACK for " + p.yiaddr().getHostAddress() + ", not the address requested");
          continue;
        }
        log.accept(
            "dhcp: DHCPACK " + p.yiaddr().getHostAddress() + " from " + serverId.getHostAddress());
        return p;
      }
      interval = Math.min(interval * 2, MAX_INTERVAL_NANOS);
    }
  }

  /**
   * Asks the boot server for the boot file of the default menu item: DHCPREQUEST to port {@value
   * #PXE_PORT}, at most {@link #MAX_BOOT_SERVER_REQUESTS} times, until the deadline.
   */
  private Offer bootServerAck(int xid, long start, Offer pxeServer, long endNanos)
      throws IOException {
    String sender =
        pxeServer.from().getAddress().getHostAddress() + ":" + pxeServer.from().getPort();
    PxeVendorOptions pxe =
        PxeVendorOptions.parse(
            pxeServer.packet().options().raw(DhcpOptions.VENDOR_SPECIFIC), sender);
    Optional<PxeVendorOptions.MenuItem> item = pxe.defaultItem();
    if (item.isPresent() && item.get().type() == 0) {
      throw new NetworkException(
          "dhcp: PXE server "
              + pxeServer.serverId().getHostAddress()
              + " for MAC "
              + macText
              + ": the first boot menu item '"
              + item.get().description()
              + "' is local boot (type 0): nothing to fetch from the network");
    }
    Inet4Address server = item.flatMap(i -> pxe.serverFor(i.type())).orElse(pxeServer.serverId());
    Inet4Address self =
        transport
            .interfaceAddress()
            .orElseThrow(
                () ->
                    new NetworkException(
                        "dhcp: PXE server "
                            + pxeServer.serverId().getHostAddress()
                            + " gave MAC "
                            + macText
                            + " no boot file: asking boot server "
                            + server.getHostAddress()
                            + " on port "
                            + PXE_PORT
                            + " needs an IPv4 address on the interface, which answers come back to; it has none"));
    InetSocketAddress to = new InetSocketAddress(server, PXE_PORT);
    Map<Integer, byte[]> extra = new LinkedHashMap<>();
    item.ifPresent(
        i -> extra.put(DhcpOptions.VENDOR_SPECIFIC, PxeVendorOptions.bootItemRequest(i.type())));
    extra.put(DhcpOptions.SERVER_ID, pxeServer.serverId().getAddress());
    String what =
        "boot server "
            + server.getHostAddress()
            + ":"
            + PXE_PORT
            + item.map(i -> " (menu item '" + i.description() + "', type " + i.type() + ")")
                .orElse("");
    long interval = firstInterval.toNanos();
    int requests = 0;
    while (requests < MAX_BOOT_SERVER_REQUESTS && clock.getAsLong() - endNanos < 0) {
      long now = clock.getAsLong();
      transport.send(request(DhcpPacket.REQUEST, xid, start, Optional.empty(), extra, self), to);
      requests++;
      log.accept("dhcp: DHCPREQUEST to " + what);
      long waitEnd = min(now + interval, endNanos);
      while (true) {
        Optional<Answer> a = receive(xid, waitEnd);
        if (a.isEmpty()) {
          break;
        }
        DhcpPacket p = a.get().packet();
        String from = a.get().from().getAddress().getHostAddress();
        if (!a.get().from().getAddress().equals(server)) {
          ignore("an answer from " + from + ", not the boot server " + server.getHostAddress());
          continue;
        }
        if (p.messageType() != DhcpPacket.ACK) {
          ignore(
              "a "
                  + DhcpPacket.typeName(p.messageType())
                  + " from boot server "
                  + from
                  + ", not a DHCPACK");
          continue;
        }
        PxeVendorOptions answered =
            PxeVendorOptions.parse(
                p.options().raw(DhcpOptions.VENDOR_SPECIFIC),
                from + ":" + a.get().from().getPort());
        if (item.isPresent()
            && answered.bootItem().isPresent()
            && answered.bootItem().get().type() != item.get().type()) {
          ignore(
              "a DHCPACK from boot server "
                  + from
                  + " for boot item type "
                  + answered.bootItem().get().type()
                  + ", not "
                  + item.get().type());
          continue;
        }
        Offer ack = new Offer(p, a.get().from());
        if (ack.bootFile().isEmpty()) {
          ignore("a DHCPACK from boot server " + from + " with no boot file");
          continue;
        }
        log.accept("dhcp: DHCPACK from " + what + ": boot file " + ack.bootFile());
        return ack;
      }
      interval = Math.min(interval * 2, MAX_INTERVAL_NANOS);
    }
    throw new NetworkException(
        "dhcp: no DHCPACK with a boot file from "
            + what
            + " for MAC "
            + macText
            + " after "
            + requests
            + " DHCPREQUEST"
            + ignoredNote());
  }

  private static long min(long a, long b) {
    return a - b < 0 ? a : b;
  }

  private record Answer(DhcpPacket packet, InetSocketAddress from) {}

  /** The next reply for this transaction and MAC before {@code endNanos}, or empty. */
  private Optional<Answer> receive(int xid, long endNanos) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(DhcpPacket.MAX_PACKET + 1);
    while (true) {
      long left = endNanos - clock.getAsLong();
      if (left <= 0) {
        return Optional.empty();
      }
      Optional<InetSocketAddress> from = transport.receive(buf, Duration.ofNanos(left));
      if (from.isEmpty()) {
        return Optional.empty();
      }
      String sender = from.get().getAddress().getHostAddress() + ":" + from.get().getPort();
      DhcpPacket p;
      try {
        p = DhcpPacket.parse(buf, sender);
      } catch (CorruptImageException e) {
        ignore(e.getMessage());
        continue;
      }
      if (p.op() != DhcpPacket.BOOTREPLY) {
        continue; // a request: our own broadcast or another client's
      }
      if (p.xid() != xid) {
        ignore(
            "a reply from "
                + sender
                + " for another transaction (xid 0x"
                + Integer.toHexString(p.xid())
                + ")");
        continue;
      }
      if (!java.util.Arrays.equals(p.chaddr(), id.mac())) {
        ignore(
            "a reply from "
                + sender
                + " for another MAC address ("
                + Addresses.mac(p.chaddr(), ':')
                + ")");
        continue;
      }
      return Optional.of(new Answer(p, from.get()));
    }
  }

  private void ignore(String why) {
    ignored++;
    lastIgnored = why;
    log.accept("dhcp: ignored " + why);
  }

  private String ignoredNote() {
    return ignored == 0 ? "" : "; ignored " + ignored + " packets, the last: " + lastIgnored;
  }

  ByteBuffer request(int type, int xid, long start, Optional<Offer> offer) {
    return request(type, xid, start, offer, Map.of(), DhcpOptions.inet(new byte[4], 0));
  }

  /**
   * A request from {@code ciaddr} with {@code extra} options added (or replacing the usual ones).
   */
  ByteBuffer request(
      int type,
      int xid,
      long start,
      Optional<Offer> offer,
      Map<Integer, byte[]> extra,
      Inet4Address ciaddr) {
    Map<Integer, byte[]> o = new LinkedHashMap<>();
    o.put(DhcpOptions.MESSAGE_TYPE, new byte[] {(byte) type});
    byte[] clientId = new byte[id.mac().length + 1];
    clientId[0] = DhcpPacket.HTYPE_ETHERNET;
    System.arraycopy(id.mac(), 0, clientId, 1, id.mac().length);
    o.put(DhcpOptions.CLIENT_ID, clientId);
    o.put(DhcpOptions.MAX_MESSAGE_SIZE, new byte[] {0x05, (byte) 0xc0}); // 1472
    o.put(
        DhcpOptions.PARAMETER_LIST,
        new byte[] {1, 3, 6, 12, 43, 51, 54, 60, 66, 67, (byte) 209, (byte) 210, (byte) 211});
    o.put(DhcpOptions.VENDOR_CLASS, id.vendorClass().getBytes(StandardCharsets.US_ASCII));
    o.put(DhcpOptions.CLIENT_ARCH, new byte[] {(byte) (id.arch() >> 8), (byte) id.arch()});
    o.put(DhcpOptions.CLIENT_NDI, new byte[] {1, 2, 1}); // UNDI 2.1, as PXE 2.1 ROMs send
    id.uuid()
        .ifPresent(
            u -> {
              byte[] v = new byte[17];
              System.arraycopy(u, 0, v, 1, 16);
              o.put(DhcpOptions.CLIENT_UUID, v);
            });
    if (offer.isPresent()) {
      o.put(DhcpOptions.REQUESTED_IP, offer.get().packet.yiaddr().getAddress());
      o.put(DhcpOptions.SERVER_ID, offer.get().serverId().getAddress());
    }
    o.putAll(extra);
    long secs = Math.min(0xffff, Math.max(0, (clock.getAsLong() - start) / 1_000_000_000L));
    return DhcpPacket.encode(xid, (int) secs, DhcpPacket.FLAG_BROADCAST, ciaddr, id.mac(), o);
  }

  /** An offer and who sent it. */
  record Offer(DhcpPacket packet, InetSocketAddress from) {
    boolean hasAddress() {
      return !packet.yiaddr().isAnyLocalAddress();
    }

    boolean pxeClass() {
      return packet
          .options()
          .text(DhcpOptions.VENDOR_CLASS)
          .map(v -> v.startsWith("PXEClient"))
          .orElse(false);
    }

    boolean isProxy() {
      return !hasAddress() && pxeClass();
    }

    boolean hasBootInfo() {
      return pxeClass() || !bootFile().isEmpty();
    }

    String bootFile() {
      return packet.options().text(DhcpOptions.BOOT_FILE).orElse(packet.file());
    }

    Inet4Address serverId() {
      return packet
          .options()
          .address(DhcpOptions.SERVER_ID)
          .orElseGet(
              () ->
                  from.getAddress() instanceof Inet4Address v4
                      ? v4
                      : DhcpOptions.inet(new byte[4], 0));
    }
  }

  private Lease lease(Offer offer, DhcpPacket ack, Optional<Offer> proxy) {
    DhcpOptions a = ack.options();
    DhcpOptions o = offer.packet().options();
    // Boot information: the ACK's, else the offer's, else a proxyDHCP offer's.
    DhcpPacket bootPacket = ack;
    DhcpOptions boot = a;
    Optional<Inet4Address> proxyServer = Optional.empty();
    String bootFile = a.text(DhcpOptions.BOOT_FILE).orElse(ack.file());
    if (bootFile.isEmpty()) {
      bootFile = o.text(DhcpOptions.BOOT_FILE).orElse(offer.packet().file());
      bootPacket = offer.packet();
      boot = o;
      if (bootFile.isEmpty() && proxy.isPresent()) {
        bootPacket = proxy.get().packet();
        boot = bootPacket.options();
        bootFile = proxy.get().bootFile();
        proxyServer = Optional.of(proxy.get().serverId());
      }
    }
    Inet4Address next = bootPacket.siaddr();
    String sname = boot.text(DhcpOptions.TFTP_SERVER).orElse(bootPacket.sname());
    return new Lease(
        macText,
        ack.yiaddr(),
        a.address(DhcpOptions.SERVER_ID).orElse(offer.serverId()),
        a.unsigned32(DhcpOptions.LEASE_TIME),
        a.address(DhcpOptions.SUBNET_MASK).or(() -> o.address(DhcpOptions.SUBNET_MASK)),
        a.addresses(DhcpOptions.ROUTERS),
        a.addresses(DhcpOptions.DNS),
        a.text(DhcpOptions.HOST_NAME),
        next.isAnyLocalAddress() ? Optional.empty() : Optional.of(next),
        sname.isEmpty() ? Optional.empty() : Optional.of(sname),
        bootFile.isEmpty() ? Optional.empty() : Optional.of(bootFile),
        pick(a, boot, DhcpOptions.PXELINUX_CONFIG_FILE),
        pick(a, boot, DhcpOptions.PXELINUX_PATH_PREFIX),
        a.unsigned32(DhcpOptions.PXELINUX_REBOOT_TIME),
        boot.text(DhcpOptions.VENDOR_CLASS),
        proxyServer);
  }

  private static Optional<String> pick(DhcpOptions first, DhcpOptions second, int code) {
    return first.text(code).or(() -> second.text(code));
  }
}
