package org.bootlace.pxe;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.bootlace.CorruptImageException;
import org.bootlace.LimitExceededException;

/**
 * Reads files from a TFTP server (RFC 1350) in octet mode, asking for the options of RFC 2347:
 * {@code blksize} (RFC 2348), {@code tsize} and {@code timeout} (RFC 2349), {@code windowsize} (RFC
 * 7440). The first answer pins the server's transfer port; packets from other ports get an "Unknown
 * transfer ID" error and are otherwise ignored, packets from other hosts are ignored. Blocks arrive
 * in order or are dropped: a duplicate or out-of-order block makes the client acknowledge the last
 * block it has (RFC 7440 section 4), unless that acknowledgement already went out within one
 * timeout, so duplicates are never answered one for one and the sorcerer's-apprentice exchange of
 * RFC 1123 section 4.2.3.1 cannot start even with a server that resends on every acknowledgement. A
 * silence of one timeout resends the last packet, up to the retry count; the whole transfer is
 * bounded by the caller's deadline. Block numbers wrap from 65535 to 0. The byte budget is checked
 * before every block is written, so an oversized file stops at the budget.
 */
final class TftpClient {
  static final int PORT = 69;

  /**
   * What the client asks for.
   *
   * @param blockSize the blksize asked for (8 to 65464); 512 when the server ignores options
   * @param windowSize the windowsize asked for (1 to 65535)
   * @param timeout how long one silence lasts before a resend
   * @param retries resends after silences before giving up
   * @param options false to ask for no option at all (a plain RFC 1350 transfer)
   */
  record Settings(int blockSize, int windowSize, Duration timeout, int retries, boolean options) {
    Settings {
      if (blockSize < 8 || blockSize > 65464) {
        throw new IllegalArgumentException("blksize must be 8 to 65464: " + blockSize);
      }
      if (windowSize < 1 || windowSize > 65535) {
        throw new IllegalArgumentException("windowsize must be 1 to 65535: " + windowSize);
      }
      if (timeout.isNegative() || timeout.isZero() || retries < 0) {
        throw new IllegalArgumentException("timeout must be positive and retries not negative");
      }
    }

    static Settings defaults() {
      return new Settings(1468, 8, Duration.ofSeconds(1), 5, true);
    }
  }

  /** What a size probe learned: the file is there (with its size when the server said), or not. */
  record Probe(boolean found, OptionalLong size, String error) {}

  /** A finished transfer: bytes, blocks, and the block and window sizes the server agreed to. */
  record Result(long bytes, long blocks, int blockSize, int windowSize, OptionalLong tsize) {}

  private final DatagramTransport.Factory sockets;
  private final InetAddress server;
  private final int port;
  private final Settings settings;
  private final LongSupplier clock;
  private final Consumer<String> log;

  TftpClient(
      DatagramTransport.Factory sockets,
      InetAddress server,
      int port,
      Settings settings,
      LongSupplier clock,
      Consumer<String> log) {
    this.sockets = sockets;
    this.server = server;
    this.port = port;
    this.settings = settings;
    this.clock = clock;
    this.log = log;
  }

  String server() {
    return server.getHostAddress() + (port == PORT ? "" : ":" + port);
  }

  /**
   * Asks for {@code file} with {@code tsize} and stops the transfer at its first data block: found
   * with its size, found without a size (the server takes no options), or not there (an error,
   * before or after the OACK).
   */
  Probe probe(String file, long endNanos) throws IOException {
    Transfer t = new Transfer(file, null, Long.MAX_VALUE, "", endNanos, true);
    return t.run();
  }

  /**
   * Copies {@code file} to {@code out}; more than {@code maxBytes} stops the transfer with a {@link
   * LimitExceededException} naming {@code limitName}.
   */
  Result fetch(String file, WritableByteChannel out, long maxBytes, String limitName, long endNanos)
      throws IOException {
    Transfer t = new Transfer(file, out, maxBytes, limitName, endNanos, false);
    t.run();
    return new Result(t.total, t.blocks, t.blockSize, t.windowSize, t.tsize);
  }

  private final class Transfer {
    private final String file;
    private final WritableByteChannel out;
    private final long maxBytes;
    private final String limitName;
    private final long endNanos;
    private final boolean probeOnly;
    private final String where;
    private int blockSize = 512;
    private int windowSize = 1;
    private OptionalLong tsize = OptionalLong.empty();
    private long total;
    private long blocks;
    private int last; // the last block number received in order, 16 bits
    private long gapAckedAt = -1; // the block count last acknowledged
    private long lastAckNanos;
    private int pinned = -1;
    private boolean optionsSeen;

    Transfer(
        String file,
        WritableByteChannel out,
        long maxBytes,
        String limitName,
        long endNanos,
        boolean probeOnly) {
      this.file = file;
      this.out = out;
      this.maxBytes = maxBytes;
      this.limitName = limitName;
      this.endNanos = endNanos;
      this.probeOnly = probeOnly;
      this.where = "tftp: " + server() + ": " + file;
    }

    Probe run() throws IOException {
      checkName();
      try (DatagramTransport sock = sockets.open(0)) {
        return exchange(sock);
      }
    }

    private void checkName() throws NetworkException {
      if (file.isEmpty() || file.length() > 1024) {
        throw new NetworkException(
            where + ": a file name of " + file.length() + " characters cannot be asked for");
      }
      for (int i = 0; i < file.length(); i++) {
        char c = file.charAt(i);
        if (c < 0x20 || c >= 0x7f) {
          throw new NetworkException(
              where + ": the file name holds a character TFTP cannot carry at index " + i);
        }
      }
    }

    private Probe exchange(DatagramTransport sock) throws IOException {
      Map<String, String> asked = new LinkedHashMap<>();
      if (settings.options()) {
        asked.put("blksize", Integer.toString(settings.blockSize()));
        asked.put("tsize", "0");
        asked.put(
            "timeout", Long.toString(Math.max(1, Math.min(255, settings.timeout().toSeconds()))));
        if (settings.windowSize() > 1) {
          asked.put("windowsize", Integer.toString(settings.windowSize()));
        }
      }
      ByteBuffer lastSent = TftpPacket.readRequest(file, asked);
      InetSocketAddress lastTo = new InetSocketAddress(server, port);
      sock.send(lastSent.duplicate(), lastTo);
      int silences = 0;
      int inWindow = 0;
      ByteBuffer buf = ByteBuffer.allocate(TftpPacket.MAX_PACKET + 1);
      while (true) {
        long now = clock.getAsLong();
        long left = endNanos - now;
        if (left <= 0) {
          throw new NetworkException(
              where + ": timed out after " + blocks + " blocks (" + total + " bytes)");
        }
        long wait = Math.min(left, settings.timeout().toNanos());
        var from = sock.receive(buf, Duration.ofNanos(wait));
        if (from.isEmpty()) {
          if (clock.getAsLong() - endNanos >= 0) {
            continue; // reported above
          }
          if (++silences > settings.retries()) {
            throw new NetworkException(
                where
                    + ": timed out: no answer after "
                    + settings.retries()
                    + " resends ("
                    + blocks
                    + " blocks, "
                    + total
                    + " bytes received)");
          }
          sock.send(lastSent.duplicate(), lastTo);
          continue;
        }
        InetSocketAddress src = from.get();
        if (!src.getAddress().equals(server)) {
          continue; // not our server: nothing to say to it
        }
        if (pinned < 0) {
          pinned = src.getPort();
          lastTo = src;
        } else if (src.getPort() != pinned) {
          sock.send(TftpPacket.error(TftpPacket.ERR_UNKNOWN_TID, "Unknown transfer ID"), src);
          continue;
        }
        TftpPacket p;
        try {
          p = TftpPacket.parse(buf, src.getAddress().getHostAddress() + ":" + src.getPort());
        } catch (CorruptImageException e) {
          abort(sock, "malformed packet");
          throw new CorruptImageException(where + ": " + e.getMessage(), e);
        }
        if (p instanceof TftpPacket.Error e) {
          if (probeOnly) {
            return new Probe(false, OptionalLong.empty(), e.describe());
          }
          throw new NetworkException(where + ": " + e.describe());
        }
        if (p instanceof TftpPacket.OptionAck o) {
          if (blocks > 0 || asked.isEmpty() || optionsSeen) {
            abort(sock, "unexpected OACK");
            throw new CorruptImageException(
                where + ": OACK after the transfer began or without options asked");
          }
          optionsSeen = true;
          accept(o.options(), asked);
          lastSent = TftpPacket.ack(0);
          sock.send(lastSent.duplicate(), lastTo);
          silences = 0;
          continue;
        }
        if (p instanceof TftpPacket.Ack) {
          abort(sock, "a reading client receives no ACK");
          throw new CorruptImageException(where + ": the server sent an ACK to a reading client");
        }
        TftpPacket.Data d = (TftpPacket.Data) p;
        if (probeOnly) {
          // The first block proves a readable file: some servers announce a directory's size
          // and fail only when it is read.
          abort(sock, "size probe only");
          return new Probe(true, optionsSeen ? tsize : OptionalLong.empty(), "");
        }
        int expected = (last + 1) & 0xffff;
        if (d.block() != expected) {
          // A duplicate or a block out of order: acknowledge what we have, but only when no
          // acknowledgement of it went out within one timeout, so duplicates never double.
          long t = clock.getAsLong();
          if (gapAckedAt != blocks || t - lastAckNanos >= settings.timeout().toNanos()) {
            gapAckedAt = blocks;
            lastSent = TftpPacket.ack(last);
            sock.send(lastSent.duplicate(), lastTo);
            lastAckNanos = t;
            inWindow = 0;
          }
          continue;
        }
        int len = d.payload().remaining();
        if (len > blockSize) {
          abort(sock, "block too large");
          throw new CorruptImageException(
              where
                  + ": block "
                  + blocks
                  + 1
                  + " holds "
                  + len
                  + " bytes, more than the block size "
                  + blockSize);
        }
        if (total + len > maxBytes) {
          abort(sock, "file too large");
          throw new LimitExceededException(
              limitName, maxBytes, where + ": the server sent more than " + maxBytes + " bytes");
        }
        ByteBuffer payload = d.payload();
        while (payload.hasRemaining()) {
          out.write(payload);
        }
        total += len;
        blocks++;
        last = d.block();
        silences = 0;
        inWindow++;
        if (len < blockSize) {
          sock.send(TftpPacket.ack(last), lastTo);
          if (tsize.isPresent() && tsize.getAsLong() != total) {
            throw new CorruptImageException(
                where
                    + ": the server announced tsize "
                    + tsize.getAsLong()
                    + " but sent "
                    + total
                    + " bytes");
          }
          log.accept(where + ": " + total + " bytes in " + blocks + " blocks of " + blockSize);
          return new Probe(true, OptionalLong.of(total), "");
        }
        if (inWindow >= windowSize) {
          lastSent = TftpPacket.ack(last);
          sock.send(lastSent.duplicate(), lastTo);
          lastAckNanos = clock.getAsLong();
          gapAckedAt = blocks;
          inWindow = 0;
        }
      }
    }

    /** Checks the server's OACK against what was asked (RFC 2347: it may only lower or keep). */
    private void accept(Map<String, String> got, Map<String, String> asked)
        throws org.bootlace.BootlaceException {
      for (Map.Entry<String, String> e : got.entrySet()) {
        String name = e.getKey();
        if (!asked.containsKey(name)) {
          throw new CorruptImageException(where + ": OACK: option " + name + " was not asked for");
        }
        long v = number(name, e.getValue());
        switch (name) {
          case "blksize" -> {
            if (v < 8 || v > settings.blockSize()) {
              throw new CorruptImageException(
                  where + ": OACK: blksize " + v + " is outside 8.." + settings.blockSize());
            }
            blockSize = (int) v;
          }
          case "windowsize" -> {
            if (v < 1 || v > settings.windowSize()) {
              throw new CorruptImageException(
                  where + ": OACK: windowsize " + v + " is outside 1.." + settings.windowSize());
            }
            windowSize = (int) v;
          }
          case "tsize" -> {
            tsize = OptionalLong.of(v);
            if (v > maxBytes) {
              throw new LimitExceededException(
                  limitName, maxBytes, where + ": the server announced a size of " + v + " bytes");
            }
          }
          default -> {} // timeout: the server's own resend interval
        }
      }
    }

    private long number(String name, String value) throws CorruptImageException {
      if (value.isEmpty()
          || value.length() > 18
          || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
        throw new CorruptImageException(
            where + ": OACK: " + name + " value '" + value + "' is not a decimal number");
      }
      return Long.parseLong(value);
    }

    private void abort(DatagramTransport sock, String why) {
      if (pinned < 0) {
        return;
      }
      try {
        sock.send(
            TftpPacket.error(TftpPacket.ERR_UNDEFINED, why), new InetSocketAddress(server, pinned));
      } catch (IOException e) {
        // the transfer is being given up anyway; the server times out on its own
      }
    }
  }
}
