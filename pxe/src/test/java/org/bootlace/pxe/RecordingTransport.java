package org.bootlace.pxe;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** A real socket that keeps a copy of every datagram it receives, with its sender. */
final class RecordingTransport implements DatagramTransport {
  record Received(byte[] data, InetSocketAddress from) {}

  private final DatagramTransport real;
  private final List<Received> received;

  RecordingTransport(DatagramTransport real, List<Received> received) {
    this.real = real;
    this.received = received;
  }

  @Override
  public void send(ByteBuffer packet, InetSocketAddress to) throws IOException {
    real.send(packet, to);
  }

  @Override
  public Optional<InetSocketAddress> receive(ByteBuffer dst, Duration timeout) throws IOException {
    Optional<InetSocketAddress> from = real.receive(dst, timeout);
    if (from.isPresent()) {
      byte[] copy = new byte[dst.remaining()];
      dst.duplicate().get(copy);
      synchronized (received) {
        received.add(new Received(copy, from.get()));
      }
    }
    return from;
  }

  @Override
  public int localPort() {
    return real.localPort();
  }

  @Override
  public Optional<Inet4Address> interfaceAddress() throws IOException {
    return real.interfaceAddress();
  }

  @Override
  public void close() throws IOException {
    real.close();
  }
}
