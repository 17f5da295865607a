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
  /**
   * Sends the remaining bytes of {@code packet} as one datagram.
   *
   * @param packet the datagram, from its position to its limit
   * @param to the destination address and port
   * @throws IOException if the datagram could not be sent
   */
  void send(ByteBuffer packet, InetSocketAddress to) throws IOException;

  /**
   * Waits at most {@code timeout} for one datagram and puts it into {@code dst} (cleared first,
   * flipped after); a datagram larger than {@code dst} is cut, which the caller sees as a full
   * buffer. Returns the sender, or empty when nothing arrived in time.
   *
   * @param dst receives the datagram
   * @param timeout the longest wait, zero to poll
   * @return the sender's address and port, or empty
   * @throws IOException if the socket fails
   */
  Optional<InetSocketAddress> receive(ByteBuffer dst, Duration timeout) throws IOException;

  /**
   * The local UDP port the socket was bound to as asked (0: an ephemeral port).
   *
   * @return the port number given to {@link Factory#open(int)}
   */
  int localPort();

  /**
   * The IPv4 address this socket's interface has, which servers answering a unicast request reply
   * to (a PXE boot server on port 4011 answers {@code ciaddr}); empty when unknown.
   *
   * @return the interface's address, or empty; the default is empty
   * @throws IOException if the socket fails while asking
   */
  default Optional<java.net.Inet4Address> interfaceAddress() throws IOException {
    return Optional.empty();
  }

  /** Opens transports; {@code localPort} 0 means any free port. */
  @FunctionalInterface
  interface Factory {
    /**
     * Opens one transport bound to a local UDP port.
     *
     * @param localPort 0 to 65535; 0 for any free port
     * @return the open transport, which the caller closes
     * @throws IOException if the socket could not be opened or bound
     */
    DatagramTransport open(int localPort) throws IOException;
  }
}
