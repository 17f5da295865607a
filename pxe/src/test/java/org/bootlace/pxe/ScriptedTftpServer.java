package org.bootlace.pxe;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * A TFTP server played in memory through {@link DatagramTransport}, with the misbehaviours the
 * client must survive: every block sent twice, blocks of a window swapped, a server that resends on
 * every acknowledgement (the sorcerer's apprentice's other half), a stray packet from another port.
 * Silence is immediate: an empty inbox is a timeout.
 */
final class ScriptedTftpServer implements DatagramTransport.Factory {
  static final InetAddress SERVER = DhcpOptions.inet(new byte[] {(byte) 192, 0, 2, 1}, 0);
  final byte[] file;
  int maxBlockSize = 65464;
  int maxWindow = 65535;
  boolean options = true;
  boolean duplicateEvery;
  boolean swapPairs;
  boolean resendOnEveryAck;
  boolean strayFirst;
  boolean stray;
  String errorText;
  final List<Integer> acksReceived = new ArrayList<>();
  final List<ByteBuffer> errorsReceived = new ArrayList<>();
  long dataSent;

  private int blockSize = 512;
  private int window = 1;
  private long highestAcked = -1;
  private final Deque<Object[]> inbox = new ArrayDeque<>();

  ScriptedTftpServer(byte[] file) {
    this.file = file;
  }

  private long blocks() {
    return file.length / blockSize + 1;
  }

  private void queue(ByteBuffer b, int port) {
    inbox.add(new Object[] {b, new InetSocketAddress(SERVER, port)});
  }

  private void sendWindow(long from) {
    List<ByteBuffer> w = new ArrayList<>();
    for (long a = from; a < from + window && a <= blocks(); a++) {
      int off = (int) ((a - 1) * blockSize);
      int len = Math.min(blockSize, file.length - off);
      ByteBuffer b = ByteBuffer.allocate(4 + len).putShort((short) 3).putShort((short) a);
      b.put(file, off, len).flip();
      w.add(b);
    }
    if (swapPairs) {
      for (int i = 0; i + 1 < w.size(); i += 2) {
        ByteBuffer t = w.get(i);
        w.set(i, w.get(i + 1));
        w.set(i + 1, t);
      }
    }
    for (ByteBuffer b : w) {
      queue(b, 1069);
      dataSent++;
      if (duplicateEvery) {
        queue(b.duplicate(), 1069);
        dataSent++;
      }
    }
  }

  private void onPacket(ByteBuffer p) {
    int op = p.getShort(0);
    if (op == 1) {
      if (errorText != null) {
        ByteBuffer e =
            ByteBuffer.allocate(5 + errorText.length()).putShort((short) 5).putShort((short) 1);
        e.put(errorText.getBytes(StandardCharsets.US_ASCII)).put((byte) 0).flip();
        queue(e, 1069);
        return;
      }
      String[] parts =
          new String(p.array(), 2, p.remaining() - 2, StandardCharsets.US_ASCII).split("\0");
      StringBuilder oack = new StringBuilder();
      for (int i = 2; i + 1 < parts.length; i += 2) {
        switch (parts[i]) {
          case "blksize" -> {
            blockSize = Math.min(maxBlockSize, Integer.parseInt(parts[i + 1]));
            oack.append("blksize\0").append(blockSize).append('\0');
          }
          case "windowsize" -> {
            window = Math.min(maxWindow, Integer.parseInt(parts[i + 1]));
            oack.append("windowsize\0").append(window).append('\0');
          }
          case "tsize" -> oack.append("tsize\0").append(file.length).append('\0');
          default -> {}
        }
      }
      if (options && oack.length() > 0) {
        byte[] o = oack.toString().getBytes(StandardCharsets.US_ASCII);
        queue(ByteBuffer.allocate(2 + o.length).putShort((short) 6).put(o).flip(), 1069);
      } else {
        blockSize = 512;
        window = 1;
        sendWindow(1);
      }
      if (strayFirst) { // after the real server's first answer pinned its port
        queue(ByteBuffer.wrap(new byte[] {0, 3, 0, 1, 'x'}), 2000);
      }
    } else if (op == 4) {
      int n = Short.toUnsignedInt(p.getShort(2));
      acksReceived.add(n);
      long base = Math.max(0, highestAcked);
      long a = (base & ~0xffffL) | n;
      if (a < base - 0x8000) {
        a += 0x10000;
      } else if (a > base + 0x8000) {
        a -= 0x10000;
      }
      // RFC 7440: an acknowledgement restarts the window after it; older ones are stale.
      if (a >= highestAcked || resendOnEveryAck) {
        highestAcked = Math.max(highestAcked, a);
        if (a < blocks()) {
          sendWindow(a + 1);
        }
      }
    } else if (op == 5) {
      errorsReceived.add(p);
    }
  }

  @Override
  public DatagramTransport open(int localPort) {
    return new DatagramTransport() {
      @Override
      public void send(ByteBuffer packet, InetSocketAddress to) {
        ByteBuffer copy = ByteBuffer.allocate(packet.remaining()).put(packet).flip();
        if (to.getPort() == 2000) {
          errorsReceived.add(copy);
          return;
        }
        onPacket(copy);
      }

      @Override
      public Optional<InetSocketAddress> receive(ByteBuffer dst, Duration timeout) {
        Object[] next = inbox.poll();
        if (next == null) {
          return Optional.empty();
        }
        dst.clear();
        dst.put((ByteBuffer) next[0]).flip();
        return Optional.of((InetSocketAddress) next[1]);
      }

      @Override
      public int localPort() {
        return 0;
      }

      @Override
      public void close() {}
    };
  }
}
