package org.bootlace.pxe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;
import org.bootlace.Limits;
import org.bootlace.pxe.testing.NetLab;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The TFTP client against tftpd-hpa in a network namespace. */
class TftpdHpaTest {
  static final long HUNDRED_MIB = 100L << 20;
  @TempDir static Path work;
  static Path root;
  static NetLab lab;
  static Process tftpd;

  @BeforeAll
  static void serve() throws Exception {
    NetLab.require("in.tftpd", "tftpd-hpa");
    root = Files.createDirectory(work.resolve("root"));
    // A sparse 100 MiB file with marks around the block-number wrap (block 65536 at 1468 bytes
    // starts at 96206848) and at the end, so a wrong wrap shows as wrong bytes.
    try (RandomAccessFile f = new RandomAccessFile(root.resolve("big").toFile(), "rw")) {
      f.setLength(HUNDRED_MIB);
      for (long at :
          new long[] {
            0, 65535L * 1468 - 5, 65536L * 1468 - 3, 65537L * 1468 + 7, HUNDRED_MIB - 9
          }) {
        f.seek(at);
        f.write(("mark@" + at + "         ").getBytes(StandardCharsets.US_ASCII), 0, 9);
      }
    }
    Files.writeString(root.resolve("small"), "hello over tftp\n");
    lab = new NetLab();
    startTftpd();
  }

  static void startTftpd() throws Exception {
    tftpd =
        lab.startServer(
            "",
            "in.tftpd",
            "--foreground",
            "--address",
            NetLab.SERVER_IP + ":69",
            "--user",
            "root",
            "--secure",
            "--verbose",
            root.toString());
  }

  @AfterAll
  static void stop() throws Exception {
    if (lab != null) {
      lab.close();
    }
  }

  static TftpClient client(int blksize, Duration timeout, int retries) {
    return new TftpClient(
        UdpSockets.onInterface(lab.clientIf, Optional.of(lab.clientNamespace())),
        DhcpOptions.inet(new byte[] {10, (byte) 231, 0, 1}, 0),
        69,
        new TftpClient.Settings(blksize, 8, timeout, retries, true),
        System::nanoTime,
        s -> {});
  }

  static long end(int seconds) {
    return System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
  }

  @Test
  void hundredMebibytesPastTheBlockNumberWrap() throws Exception {
    Path out = work.resolve("big.out");
    TftpClient.Result r;
    try (FileChannel ch =
        FileChannel.open(out, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      r =
          client(1468, Duration.ofSeconds(1), 5)
              .fetch("big", ch, HUNDRED_MIB, "maxRamdiskBytes", end(120));
    }
    assertThat(r.bytes()).isEqualTo(HUNDRED_MIB);
    assertThat(r.blockSize()).isEqualTo(1468);
    assertThat(r.tsize()).hasValue(HUNDRED_MIB);
    assertThat(r.blocks()).isEqualTo(HUNDRED_MIB / 1468 + 1).isGreaterThan(65536);
    assertThat(r.windowSize()).isEqualTo(1); // tftpd-hpa 5.2 does not take windowsize
    assertThat(Files.mismatch(out, root.resolve("big"))).isEqualTo(-1);
    Files.delete(out);
  }

  @Test
  void blksizeAndTsizeAreNegotiated() throws Exception {
    var sink = new java.io.ByteArrayOutputStream();
    TftpClient.Result r =
        client(512, Duration.ofSeconds(1), 5)
            .fetch(
                "small",
                java.nio.channels.Channels.newChannel(sink),
                1000,
                "maxConfigBytes",
                end(10));
    assertThat(sink.toString(StandardCharsets.US_ASCII)).isEqualTo("hello over tftp\n");
    assertThat(r.blockSize()).isEqualTo(512);
    assertThat(r.tsize()).hasValue(16);
  }

  @Test
  void missingFileIsTheServersError() {
    assertThatThrownBy(
            () ->
                client(512, Duration.ofSeconds(1), 5)
                    .fetch(
                        "nothing/here",
                        java.nio.channels.Channels.newChannel(new java.io.ByteArrayOutputStream()),
                        1000,
                        "x",
                        end(10)))
        .isInstanceOf(NetworkException.class)
        .hasMessage("tftp: 10.231.0.1: nothing/here: server error 1 (File not found)");
  }

  @Test
  void deadServerTimesOut() {
    TftpClient dead =
        new TftpClient(
            UdpSockets.onInterface(lab.clientIf, Optional.of(lab.clientNamespace())),
            DhcpOptions.inet(new byte[] {10, (byte) 231, 0, 1}, 0),
            6969,
            new TftpClient.Settings(512, 1, Duration.ofMillis(200), 2, true),
            System::nanoTime,
            s -> {});
    long start = System.nanoTime();
    assertThatThrownBy(
            () ->
                dead.fetch(
                    "small",
                    java.nio.channels.Channels.newChannel(new java.io.ByteArrayOutputStream()),
                    1000,
                    "x",
                    end(10)))
        .isInstanceOf(NetworkException.class)
        .hasMessage(
            "tftp: 10.231.0.1:6969: small: timed out: no answer after 2 resends (0 blocks, 0 bytes received)");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
  }

  @Test
  void serverStoppedMidTransferLeavesNothingBehind() throws Exception {
    Path spool = Files.createDirectory(work.resolve("spool"));
    TftpClient c = client(1468, Duration.ofMillis(300), 2);
    Limits limits = Limits.builder().maxRamdiskBytes(HUNDRED_MIB).build();
    TftpFileSystem fs = new TftpFileSystem(c, spool, limits, () -> end(30), s -> {});
    var node = fs.lookup(fs.root(), "big").orElseThrow();
    assertThat(node.size()).isEqualTo(HUNDRED_MIB);
    Thread killer =
        new Thread(
            () -> {
              try {
                // Stop every tftpd process once the download is under way (by their ids).
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (System.nanoTime() < deadline) {
                  try (var files = Files.list(spool)) {
                    if (files.anyMatch(p -> p.toFile().length() > (1 << 20))) {
                      break;
                    }
                  }
                  Thread.sleep(5);
                }
                tftpd.descendants().forEach(ProcessHandle::destroyForcibly);
                tftpd.destroyForcibly();
              } catch (Exception e) {
                throw new RuntimeException(e);
              }
            });
    killer.start();
    try {
      assertThatThrownBy(() -> fs.read(node, 0, java.nio.ByteBuffer.allocate(10)))
          .isInstanceOf(NetworkException.class)
          .hasMessageStartingWith("tftp: 10.231.0.1: big: timed out: no answer after 2 resends (")
          .hasMessageEndingWith(" bytes received)");
    } finally {
      killer.join(30_000);
      startTftpd(); // for the tests that run after this one
    }
    try (var left = Files.list(spool)) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void realOackWithOneFieldPatchedIsRefusedByName() throws Exception {
    // tftpd-hpa's own OACK, captured from the socket, then one byte patched.
    java.util.List<byte[]> received = new java.util.ArrayList<>();
    DatagramTransport.Factory real =
        UdpSockets.onInterface(lab.clientIf, Optional.of(lab.clientNamespace()));
    DatagramTransport.Factory recording =
        port -> {
          DatagramTransport t = real.open(port);
          return new DatagramTransport() {
            @Override
            public void send(java.nio.ByteBuffer packet, java.net.InetSocketAddress to)
                throws java.io.IOException {
              t.send(packet, to);
            }

            @Override
            public Optional<java.net.InetSocketAddress> receive(
                java.nio.ByteBuffer dst, Duration timeout) throws java.io.IOException {
              var from = t.receive(dst, timeout);
              if (from.isPresent()) {
                byte[] copy = new byte[dst.remaining()];
                dst.duplicate().get(copy);
                received.add(copy);
              }
              return from;
            }

            @Override
            public int localPort() {
              return t.localPort();
            }

            @Override
            public void close() throws java.io.IOException {
              t.close();
            }
          };
        };
    TftpClient c =
        new TftpClient(
            recording,
            DhcpOptions.inet(new byte[] {10, (byte) 231, 0, 1}, 0),
            69,
            new TftpClient.Settings(512, 1, Duration.ofSeconds(1), 5, true),
            System::nanoTime,
            s -> {});
    c.fetch(
        "small",
        java.nio.channels.Channels.newChannel(new java.io.ByteArrayOutputStream()),
        1000,
        "x",
        end(10));
    byte[] oack = received.get(0);
    assertThat(TftpPacket.parse(java.nio.ByteBuffer.wrap(oack), "tftpd"))
        .isInstanceOf(TftpPacket.OptionAck.class);
    byte[] bad = oack.clone();
    bad[3] = 0x07; // inside the first option name
    assertThatThrownBy(() -> TftpPacket.parse(java.nio.ByteBuffer.wrap(bad), "10.231.0.1:1069"))
        .isInstanceOf(org.bootlace.CorruptImageException.class)
        .hasMessage(
            "tftp: packet from 10.231.0.1:1069: OACK option name at offset 2: byte 0x7 at offset 3 is not printable ASCII");
    byte[] badOp = oack.clone();
    badOp[1] = 9;
    assertThatThrownBy(() -> TftpPacket.parse(java.nio.ByteBuffer.wrap(badOp), "10.231.0.1:1069"))
        .isInstanceOf(org.bootlace.CorruptImageException.class)
        .hasMessage(
            "tftp: packet from 10.231.0.1:1069: opcode 9 is none of DATA (3), ACK (4), ERROR (5), OACK (6)");
  }
}
