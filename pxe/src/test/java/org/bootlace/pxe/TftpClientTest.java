package org.bootlace.pxe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import org.bootlace.LimitExceededException;
import org.junit.jupiter.api.Test;

class TftpClientTest {
  private static byte[] data(int n) {
    byte[] b = new byte[n];
    new Random(n).nextBytes(b);
    return b;
  }

  private static TftpClient client(ScriptedTftpServer s, int blksize, int window) {
    return new TftpClient(
        s,
        ScriptedTftpServer.SERVER,
        69,
        new TftpClient.Settings(blksize, window, Duration.ofSeconds(1), 3, true),
        System::nanoTime,
        x -> {});
  }

  private static long end() {
    return System.nanoTime() + Duration.ofSeconds(30).toNanos();
  }

  @Test
  void blockNumbersWrapPastBlock65535() throws Exception {
    byte[] file = data(8 * 70_000 + 3); // 70001 blocks of 8 bytes
    ScriptedTftpServer s = new ScriptedTftpServer(file);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    TftpClient.Result r =
        client(s, 8, 16).fetch("f", Channels.newChannel(out), Long.MAX_VALUE, "x", end());
    assertThat(out.toByteArray()).isEqualTo(file);
    assertThat(r.blocks()).isEqualTo(70_001);
    assertThat(r.windowSize()).isEqualTo(16);
    assertThat(r.tsize()).hasValue(file.length);
  }

  @Test
  void windowOfEightAcknowledgesOncePerWindow() throws Exception {
    byte[] file = data(512 * 80);
    ScriptedTftpServer s = new ScriptedTftpServer(file);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    client(s, 512, 8).fetch("f", Channels.newChannel(out), Long.MAX_VALUE, "x", end());
    assertThat(out.toByteArray()).isEqualTo(file);
    // ACK 0 for the OACK, one per full window of 8 (80 blocks), one for the empty last block.
    assertThat(s.acksReceived).hasSize(1 + 10 + 1);
  }

  @Test
  void duplicatesAgainstAServerThatResendsOnEveryAckDoNotMultiply() throws Exception {
    byte[] file = data(512 * 200 + 1);
    ScriptedTftpServer s = new ScriptedTftpServer(file);
    s.duplicateEvery = true;
    s.resendOnEveryAck = true;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    client(s, 512, 1).fetch("f", Channels.newChannel(out), Long.MAX_VALUE, "x", end());
    assertThat(out.toByteArray()).isEqualTo(file);
    // One ACK per block (and ACK 0): duplicates arriving within a timeout are not answered.
    assertThat(s.acksReceived).hasSize(202);
    assertThat(s.dataSent).isLessThan(2 * 201 + 10);
  }

  @Test
  void outOfOrderBlocksInAWindowAreAskedForAgain() throws Exception {
    byte[] file = data(1024 * 64 + 100);
    ScriptedTftpServer s = new ScriptedTftpServer(file);
    s.swapPairs = true;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    client(s, 1024, 4).fetch("f", Channels.newChannel(out), Long.MAX_VALUE, "x", end());
    assertThat(out.toByteArray()).isEqualTo(file);
  }

  @Test
  void packetsFromAnotherPortGetUnknownTransferId() throws Exception {
    byte[] file = data(600);
    ScriptedTftpServer s = new ScriptedTftpServer(file);
    s.strayFirst = true;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    client(s, 512, 1).fetch("f", Channels.newChannel(out), Long.MAX_VALUE, "x", end());
    assertThat(out.toByteArray()).isEqualTo(file);
    assertThat(s.errorsReceived).hasSize(1);
    assertThat(s.errorsReceived.get(0).array())
        .isEqualTo("\0\5\0\5Unknown transfer ID\0".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void noOptionsMeans512ByteBlocks() throws Exception {
    byte[] file = data(512 * 3);
    ScriptedTftpServer s = new ScriptedTftpServer(file);
    s.options = false;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    TftpClient.Result r =
        client(s, 1468, 8).fetch("f", Channels.newChannel(out), Long.MAX_VALUE, "x", end());
    assertThat(out.toByteArray()).isEqualTo(file);
    assertThat(r.blockSize()).isEqualTo(512);
    assertThat(r.blocks()).isEqualTo(4);
  }

  @Test
  void serverErrorIsReportedWithCodeAndText() {
    ScriptedTftpServer s = new ScriptedTftpServer(new byte[0]);
    s.errorText = "File not found";
    assertThatThrownBy(
            () ->
                client(s, 512, 1)
                    .fetch(
                        "pxelinux.cfg/default",
                        Channels.newChannel(new ByteArrayOutputStream()),
                        10,
                        "x",
                        end()))
        .isInstanceOf(NetworkException.class)
        .hasMessage("tftp: 192.0.2.1: pxelinux.cfg/default: server error 1 (File not found)");
  }

  @Test
  void limitStopsTheTransferAtTheAnnouncedSize() {
    ScriptedTftpServer s = new ScriptedTftpServer(data(5000));
    assertThatThrownBy(
            () ->
                client(s, 512, 1)
                    .fetch(
                        "big",
                        Channels.newChannel(new ByteArrayOutputStream()),
                        4096,
                        "maxKernelBytes",
                        end()))
        .isInstanceOf(LimitExceededException.class)
        .hasMessage(
            "limit maxKernelBytes (4096) exceeded: tftp: 192.0.2.1: big: the server announced a size of 5000 bytes"
                + " (raise it with Limits.builder().maxKernelBytes(...))");
  }

  @Test
  void limitStopsTheTransferWhileItRuns() {
    ScriptedTftpServer s = new ScriptedTftpServer(data(5000));
    s.options = false;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThatThrownBy(
            () ->
                client(s, 512, 1)
                    .fetch("big", Channels.newChannel(out), 4096, "maxKernelBytes", end()))
        .isInstanceOf(LimitExceededException.class)
        .hasMessage(
            "limit maxKernelBytes (4096) exceeded: tftp: 192.0.2.1: big: the server sent more than 4096 bytes"
                + " (raise it with Limits.builder().maxKernelBytes(...))");
    assertThat(out.size()).isEqualTo(4096);
  }
}
