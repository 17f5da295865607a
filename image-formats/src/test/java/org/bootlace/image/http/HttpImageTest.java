package org.bootlace.image.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bootlace.image.Images.qemuImg;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.bootlace.BootOptions;
import org.bootlace.BootRecord;
import org.bootlace.BootSource;
import org.bootlace.CorruptImageException;
import org.bootlace.LimitExceededException;
import org.bootlace.Limits;
import org.bootlace.UnsupportedFeatureException;
import org.bootlace.image.Images;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Images on a local web server (python3 on 127.0.0.1): every format read whole over range requests
 * equals qemu's raw conversion of the same file; a guest resolves without fetching the whole image;
 * servers that drop connections, lie about lengths, ignore Range or change the object fail cleanly
 * or are retried.
 */
class HttpImageTest {
  @TempDir static Path dir;
  static Path source;

  @BeforeAll
  static void images() throws IOException {
    source = Images.sourceDisk(dir, "source.raw", 3, 77);
    qemuImg(
        "convert",
        "-f",
        "raw",
        "-O",
        "qcow2",
        "-c",
        source.toString(),
        dir.resolve("d.qcow2").toString());
    qemuImg(
        "convert", "-f", "raw", "-O", "vpc", source.toString(), dir.resolve("d.vhd").toString());
    qemuImg(
        "convert", "-f", "raw", "-O", "vhdx", source.toString(), dir.resolve("d.vhdx").toString());
    qemuImg(
        "convert",
        "-f",
        "raw",
        "-O",
        "vmdk",
        "-o",
        "subformat=streamOptimized",
        source.toString(),
        dir.resolve("d.vmdk").toString());
  }

  @Test
  void everyFormatReadsOverHttpAsQemuReadsTheFile() throws Exception {
    try (RangeServer s = RangeServer.start(dir, "normal")) {
      for (String name : new String[] {"d.qcow2", "d.vhd", "d.vhdx", "d.vmdk", "source.raw"}) {
        HttpBlockDevice dev = HttpBlockDevice.open(s.uri(name), Limits.defaults());
        assertThat(dev.size()).isEqualTo(Files.size(dir.resolve(name)));
        try (Images.Opened o = Images.open(dev)) {
          String want =
              name.equals("source.raw")
                  ? Images.sha256(Files.readAllBytes(source))
                  : Images.qemuSha256(dir.resolve(name), dir);
          assertThat(Images.sha256(o.disk())).as(name).isEqualTo(want);
          byte[] local = Files.readAllBytes(source);
          Random r = new Random(name.hashCode());
          for (int i = 0; i < 30 && o.disk().size() >= local.length; i++) {
            int len = 1 + r.nextInt(200_000);
            int at = r.nextInt(local.length - len);
            assertThat(o.disk().read(at, len))
                .isEqualTo(java.util.Arrays.copyOfRange(local, at, at + len));
          }
        }
      }
    }
  }

  @Test
  void aGuestResolvesWithoutFetchingTheWholeImage() throws Exception {
    // The sample guest, followed by 48 MiB of incompressible data the resolver never needs.
    Path big = dir.resolve("big.raw");
    byte[] sample = Files.readAllBytes(Path.of("..", "examples", "sample", "sample.img"));
    byte[] filler = new byte[48 << 20];
    new Random(5).nextBytes(filler);
    Files.write(big, sample);
    Files.write(big, filler, java.nio.file.StandardOpenOption.APPEND);
    Path q = dir.resolve("big.qcow2");
    qemuImg("convert", "-f", "raw", "-O", "qcow2", big.toString(), q.toString());
    try (RangeServer s = RangeServer.start(dir, "normal");
        BootSource local = BootSource.open(Path.of("..", "examples", "sample", "sample.img"))) {
      HttpBlockDevice dev = HttpBlockDevice.open(s.uri("big.qcow2"), Limits.defaults());
      try (BootSource remote = BootSource.open(dev, BootOptions.defaults())) {
        BootRecord got = remote.resolveBoot();
        BootRecord want = local.resolveBoot();
        assertThat(got.args()).isEqualTo(want.args());
        assertThat(got.kernel().location()).isEqualTo(want.kernel().location());
        assertThat(remote.imageFormat()).isEqualTo("qcow2");
        assertThat(dev.bytesFetched()).isLessThan(Files.size(q) / 4);
      }
    }
  }

  @Test
  void serverIgnoringRangeIsRefused() throws Exception {
    try (RangeServer s = RangeServer.start(dir, "ignore-range")) {
      assertThatThrownBy(() -> HttpBlockDevice.open(s.uri("d.qcow2"), Limits.defaults()))
          .isInstanceOf(UnsupportedFeatureException.class)
          .hasMessage(
              s.uri("d.qcow2")
                  + ": the server ignores Range requests (it answered 200 to bytes=0-262143);"
                  + " bootlace does not download whole images");
    }
  }

  @Test
  void droppedConnectionsAreRetried() throws Exception {
    try (RangeServer s = RangeServer.start(dir, "drop")) {
      HttpBlockDevice dev = HttpBlockDevice.open(s.uri("d.vhd"), Limits.defaults());
      try (Images.Opened o = Images.open(dev)) {
        assertThat(Images.sha256(o.disk())).isEqualTo(Images.qemuSha256(dir.resolve("d.vhd"), dir));
      }
      assertThat(dev.requests()).isGreaterThan(2);
    }
  }

  @Test
  void aBodyShorterThanItsLengthFailsAfterRetries() throws Exception {
    try (RangeServer s = RangeServer.start(dir, "short-body")) {
      assertThatThrownBy(() -> HttpBlockDevice.open(s.uri("d.vhd"), Limits.defaults()))
          .isInstanceOf(CorruptImageException.class)
          // (the JDK's client reports the early close itself, in words of its own)
          .hasMessageStartingWith(s.uri("d.vhd") + ": bytes 0-262143: ")
          .hasMessageEndingWith(" (after 3 attempts)");
    }
  }

  @Test
  void aServerChangingTheTotalSizeFails() throws Exception {
    try (RangeServer s = RangeServer.start(dir, "wrong-total")) {
      HttpBlockDevice dev = HttpBlockDevice.open(s.uri("source.raw"), Limits.defaults());
      assertThatThrownBy(() -> dev.read(1 << 20, 16))
          .isInstanceOf(CorruptImageException.class)
          .hasMessage(
              s.uri("source.raw")
                  + ": bytes 1048576-1310719: Content-Range says the object has 3149824 bytes,"
                  + " not 3145728 as before: it changed");
    }
  }

  @Test
  void anObjectThatChangesFailsCleanly() throws Exception {
    try (RangeServer s = RangeServer.start(dir, "etag-change")) {
      HttpBlockDevice dev = HttpBlockDevice.open(s.uri("source.raw"), Limits.defaults());
      dev.read(1 << 20, 16);
      assertThatThrownBy(() -> dev.read(2 << 20, 16))
          .isInstanceOf(CorruptImageException.class)
          .hasMessage(
              s.uri("source.raw")
                  + ": bytes 2097152-2359295: the object changed while it was read (ETag \"v1\" became \"v2\")");
    }
  }

  @Test
  void requestsAreBounded() throws Exception {
    try (RangeServer s = RangeServer.start(dir, "normal")) {
      HttpBlockDevice dev =
          HttpBlockDevice.open(s.uri("source.raw"), Limits.builder().maxRemoteRequests(2).build());
      dev.read(1 << 20, 16);
      assertThatThrownBy(() -> dev.read(2 << 20, 16))
          .isInstanceOf(LimitExceededException.class)
          .hasMessage(
              "limit maxRemoteRequests (2) exceeded: "
                  + s.uri("source.raw")
                  + ": one more HTTP request (raise it with Limits.builder().maxRemoteRequests(...))");
      HttpBlockDevice small =
          HttpBlockDevice.open(
              s.uri("source.raw"), Limits.builder().maxRemoteBytes(300_000).build());
      assertThatThrownBy(() -> small.read(1 << 20, 16))
          .isInstanceOf(LimitExceededException.class)
          .hasMessage(
              "limit maxRemoteBytes (300000) exceeded: "
                  + s.uri("source.raw")
                  + ": bytes fetched over HTTP (524288) (raise it with Limits.builder().maxRemoteBytes(...))");
    }
  }

  @Test
  void queryStringsStayOutOfMessages() throws Exception {
    try (RangeServer s = RangeServer.start(dir, "normal")) {
      HttpBlockDevice dev =
          HttpBlockDevice.open(
              java.net.URI.create(s.uri("source.raw") + "?X-Signature=secret"), Limits.defaults());
      assertThat(dev.toString()).isEqualTo(s.uri("source.raw").toString());
    }
  }
}
