package org.bootlace.pxe;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;
import org.bootlace.testing.FuzzProperty;

/**
 * The network decoders on hostile packets: a DHCP packet decoded, every option read and option 43
 * decoded as PXE vendor options; the DHCP client given the input as every server answer (its
 * transaction id and MAC address patched in so it gets past the matching); a TFTP packet decoded;
 * the TFTP client given the input as every server packet. Seeds: {@code
 * PxeFuzzTestInputs/<method>/}, packets in servers' shapes.
 */
class PxeFuzzTest {
  private static final InetSocketAddress SERVER =
      new InetSocketAddress(DhcpOptions.inet(new byte[] {(byte) 192, 0, 2, 1}, 0), 67);

  @FuzzTest(maxDuration = "60s")
  void dhcp(byte[] packet) {
    FuzzProperty.holds(
        () -> {
          DhcpPacket p = DhcpPacket.parse(ByteBuffer.wrap(packet), "fuzz");
          DhcpOptions o = p.options();
          for (int code : o.all().keySet()) {
            o.text(code);
            o.addresses(code);
          }
          o.unsigned32(DhcpOptions.LEASE_TIME);
          o.address(DhcpOptions.SERVER_ID);
          PxeVendorOptions.parse(o.raw(DhcpOptions.VENDOR_SPECIFIC), "fuzz");
        });
  }

  @FuzzTest(maxDuration = "60s")
  void dhcpClient(byte[] answer) {
    byte[] mac = DhcpPacketTest.MAC;
    long[] now = {0};
    DatagramTransport t =
        new DatagramTransport() {
          boolean pending;

          @Override
          public void send(ByteBuffer packet, InetSocketAddress to) {
            pending = true;
          }

          @Override
          public Optional<InetSocketAddress> receive(ByteBuffer dst, Duration timeout) {
            if (!pending) {
              now[0] += timeout.toNanos();
              return Optional.empty();
            }
            pending = false;
            dst.clear();
            dst.put(answer, 0, Math.min(answer.length, dst.capacity()));
            if (dst.position() >= 34) {
              dst.putInt(4, 0x1234);
              dst.put(28, mac);
            }
            dst.flip();
            return Optional.of(SERVER);
          }

          @Override
          public int localPort() {
            return 68;
          }

          @Override
          public void close() {}
        };
    DhcpClient c =
        new DhcpClient(
            t,
            new DhcpClient.Identity(mac, "PXEClient", 0, Optional.empty()),
            Duration.ofSeconds(1),
            Duration.ZERO,
            () -> now[0],
            s -> {});
    FuzzProperty.holds(
        () -> {
          Lease l = c.obtain(0x1234, Duration.ofSeconds(8).toNanos());
          l.describe();
          l.bootServer();
        });
  }

  @FuzzTest(maxDuration = "60s")
  void tftp(byte[] packet) {
    FuzzProperty.holds(() -> TftpPacket.parse(ByteBuffer.wrap(packet), "fuzz"));
  }

  @FuzzTest(maxDuration = "60s")
  void tftpClient(byte[] packet) {
    DatagramTransport.Factory f =
        port ->
            new DatagramTransport() {
              int answers;

              @Override
              public void send(ByteBuffer p, InetSocketAddress to) {}

              @Override
              public Optional<InetSocketAddress> receive(ByteBuffer dst, Duration timeout) {
                if (answers++ > 3) {
                  return Optional.empty();
                }
                dst.clear();
                dst.put(packet, 0, Math.min(packet.length, dst.capacity())).flip();
                return Optional.of(new InetSocketAddress(SERVER.getAddress(), 1069));
              }

              @Override
              public int localPort() {
                return 0;
              }

              @Override
              public void close() {}
            };
    TftpClient c =
        new TftpClient(
            f,
            SERVER.getAddress(),
            69,
            new TftpClient.Settings(512, 4, Duration.ofMillis(1), 1, true),
            System::nanoTime,
            s -> {});
    FuzzProperty.holds(
        () ->
            c.fetch(
                "f",
                java.nio.channels.Channels.newChannel(java.io.OutputStream.nullOutputStream()),
                1 << 20,
                "maxKernelBytes",
                System.nanoTime() + Duration.ofSeconds(5).toNanos()));
    FuzzProperty.holds(() -> c.probe("f", System.nanoTime() + Duration.ofSeconds(5).toNanos()));
  }
}
