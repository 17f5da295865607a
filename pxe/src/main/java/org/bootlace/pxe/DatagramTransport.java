package org.bootlace.pxe;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;

/**
 * One UDP socket as network boot uses it. The default ({@link UdpSockets}) binds a socket to one
 * interface, optionally inside a network namespace; a caller may supply its own (a toolstack that
 * runs the exchange on the guest's bridge through its own means, a test harness).
 */
public interface DatagramTransport extends Closeable {
  /** Sends the remaining bytes of {@code packet} as one datagram. */
  void send(ByteBuffer packet, InetSocketAddress to) throws IOException;

  /**
   * Waits at most {@code timeout} for one datagram and puts it into {@code dst} (cleared first,
   * flipped after); a datagram larger than {@code dst} is cut, which the caller sees as a full
   * buffer. Returns the sender, or empty when nothing arrived in time.
   */
  Optional<InetSocketAddress> receive(ByteBuffer dst, Duration timeout) throws IOException;

  /** The local UDP port the socket was bound to as asked (0: an ephemeral port). */
  int localPort();

  /**
   * The IPv4 address this socket's interface has, which servers answering a unicast request reply
   * to (a PXE boot server on port 4011 answers {@code ciaddr}); empty when unknown.
   */
  default Optional<java.net.Inet4Address> interfaceAddress() throws IOException {
    return Optional.empty();
  }

  /** Opens transports; {@code localPort} 0 means any free port. */
  @FunctionalInterface
  interface Factory {
    DatagramTransport open(int localPort) throws IOException;
  }
}
