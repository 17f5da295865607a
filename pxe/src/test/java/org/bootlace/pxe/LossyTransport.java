package org.bootlace.pxe;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/** A real socket that loses a share of the packets each way and delays each received one. */
final class LossyTransport implements DatagramTransport {
  /** Shared by every socket of one test: one random sequence, one count. */
  static final class Stats {
    final AtomicLong dropped = new AtomicLong();
    final AtomicLong passed = new AtomicLong();
    final Random random;

    Stats(long seed) {
      random = new Random(seed);
    }
  }

  private final DatagramTransport real;
  private final double loss;
  private final Duration delay;
  private final Stats stats;

  LossyTransport(DatagramTransport real, double loss, Duration delay, Stats stats) {
    this.real = real;
    this.loss = loss;
    this.delay = delay;
    this.stats = stats;
  }

  @Override
  public void send(ByteBuffer packet, InetSocketAddress to) throws IOException {
    if (stats.random.nextDouble() < loss) {
      stats.dropped.incrementAndGet();
      packet.position(packet.limit());
      return;
    }
    stats.passed.incrementAndGet();
    real.send(packet, to);
  }

  @Override
  public Optional<InetSocketAddress> receive(ByteBuffer dst, Duration timeout) throws IOException {
    long end = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left = end - System.nanoTime();
      if (left <= 0) {
        return Optional.empty();
      }
      Optional<InetSocketAddress> from = real.receive(dst, Duration.ofNanos(left));
      if (from.isEmpty()) {
        return from;
      }
      if (stats.random.nextDouble() < loss) {
        stats.dropped.incrementAndGet();
        continue;
      }
      try {
        Thread.sleep(delay.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      }
      return from;
    }
  }

  @Override
  public int localPort() {
    return real.localPort();
  }

  @Override
  public void close() throws IOException {
    real.close();
  }
}
