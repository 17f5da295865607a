package org.bootlace.pxe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.bootlace.CorruptImageException;
import org.bootlace.LimitExceededException;
import org.bootlace.Limits;
import org.bootlace.UnsupportedFeatureException;
import org.bootlace.Volume;
import org.bootlace.block.BlockDevices;
import org.bootlace.internal.Deadline;
import org.bootlace.pxe.testing.NetLab;
import org.bootlace.pxe.testing.PythonHttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP file tree against real servers on 127.0.0.1 only: Python's http.server serving the
 * Debian installer's netboot files, and a scripted server for redirects, loops and stalls.
 */
class HttpTreeTest {
  static final Path DI =
      Path.of("/usr/lib/debian-installer/images/12/amd64/text/debian-installer/amd64");

  @TempDir static Path work;
  static PythonHttpServer python;
  static ScriptedHttpServer scripted;

  @BeforeAll
  static void serve() throws Exception {
    if (!Files.isDirectory(DI)) {
      throw new IOException(
          DI + " is missing: install the Debian package debian-installer-12-netboot-amd64");
    }
    Path root = Files.createDirectory(work.resolve("www"));
    NetLab.run("cp", "-rs", DI.getParent().toRealPath().toString(), root.toString());
    python = new PythonHttpServer(root, work.resolve("python.log"));
    scripted = new ScriptedHttpServer();
  }

  @AfterAll
  static void stop() throws Exception {
    if (python != null) {
      python.close();
    }
    if (scripted != null) {
      scripted.close();
    }
    // The links into the installer's tree, removed here so JUnit does not warn about each.
    NetLab.run("rm", "-rf", work.resolve("www").toString());
  }

  record Tree(NetTree tree, Volume volume, Path spool, List<String> progress)
      implements AutoCloseable {
    @Override
    public void close() throws IOException {
      tree.close();
    }
  }

  static Tree tree(Limits limits) throws IOException {
    Path spool = Files.createTempDirectory(work, "spool-");
    List<String> progress = new ArrayList<>();
    HttpFetcher f =
        new HttpFetcher(
            limits, () -> System.nanoTime() + limits.timeout().toNanos(), Optional.empty());
    NetTree t = new NetTree(Optional.empty(), f, spool, limits, progress::add);
    Volume v =
        Volume.ofFileSystem(
            "http", BlockDevices.ofBytes(new byte[0], "http"), t, limits, new Deadline());
    return new Tree(t, v, spool, progress);
  }

  static Limits limits(Duration timeout) {
    return Limits.builder().timeout(timeout).build();
  }

  static List<Path> left(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.toList();
    }
  }

  @Test
  void kernelAndInitrdArriveWholeThroughDirectoryRedirects() throws Exception {
    try (Tree t = tree(limits(Duration.ofSeconds(60)))) {
      String base = "/" + python.base() + "/debian-installer/amd64/";
      // /debian-installer answers 301 to /debian-installer/: a directory, walked through.
      assertThat(t.volume().isDirectory("/" + python.base() + "/debian-installer")).isTrue();
      assertThat(t.volume().isFile(base + "linux")).isTrue();
      assertThat(t.volume().stat(base + "initrd.gz").get().size())
          .isEqualTo(Files.size(DI.resolve("initrd.gz")));
      Path kernel = work.resolve("kernel-" + System.nanoTime());
      t.volume().open(base + "linux").copyTo(kernel);
      assertThat(Files.mismatch(kernel, DI.resolve("linux"))).isEqualTo(-1);
      Path initrd = work.resolve("initrd-" + System.nanoTime());
      t.volume().open(base + "initrd.gz").copyTo(initrd);
      assertThat(Files.mismatch(initrd, DI.resolve("initrd.gz"))).isEqualTo(-1);
      assertThat(t.tree().fetched())
          .extracting(NetTree.Fetched::url)
          .containsExactly(
              python.base() + "/debian-installer/amd64/linux",
              python.base() + "/debian-installer/amd64/initrd.gz");
      Files.delete(kernel);
      Files.delete(initrd);
      assertThat(left(t.spool())).hasSize(2);
    }
    assertThat(Files.readString(python.log))
        .contains("\"GET /debian-installer/amd64/initrd.gz HTTP/1.1\" 200");
  }

  @Test
  void closingRemovesEveryFetchedFile() throws Exception {
    Tree t = tree(limits(Duration.ofSeconds(30)));
    t.volume().readConfig("/" + python.base() + "/debian-installer/amd64/pxelinux.cfg/default");
    assertThat(left(t.spool())).hasSize(1);
    t.close();
    assertThat(left(t.spool())).isEmpty();
  }

  @Test
  void missingFileIsStatus404ByUrl() throws Exception {
    try (Tree t = tree(limits(Duration.ofSeconds(30)))) {
      String path = "/" + python.base() + "/debian-installer/amd64/vmlinuz";
      assertThat(t.volume().isFile(path)).isFalse();
      assertThatThrownBy(() -> t.tree().requireFile(path))
          .isInstanceOf(NetworkException.class)
          .hasMessage(
              "http: GET "
                  + python.base()
                  + "/debian-installer/amd64/vmlinuz: status 404, not 200");
    }
  }

  @Test
  void oneRedirectIsFollowed() throws Exception {
    scripted
        .redirect("/old/linux", 302, "/new/linux")
        .body("/new/linux", "kernel bytes".getBytes(StandardCharsets.US_ASCII));
    try (Tree t = tree(limits(Duration.ofSeconds(30)))) {
      byte[] got = t.volume().open("/" + scripted.base() + "/old/linux").readAllBytes();
      assertThat(new String(got, StandardCharsets.US_ASCII)).isEqualTo("kernel bytes");
      assertThat(t.tree().fetched())
          .extracting(NetTree.Fetched::url)
          .containsExactly(scripted.base() + "/new/linux");
    }
  }

  @Test
  void redirectLoopIsRefused() throws Exception {
    scripted
        .redirect("/loop/a", 301, "/loop/b")
        .redirect("/loop/b", 307, scripted.base() + "/loop/a");
    try (Tree t = tree(limits(Duration.ofSeconds(30)))) {
      assertThatThrownBy(() -> t.volume().isFile("/" + scripted.base() + "/loop/a"))
          .isInstanceOf(NetworkException.class)
          .hasMessage(
              "http: GET "
                  + scripted.base()
                  + "/loop/a: redirect loop: "
                  + scripted.base()
                  + "/loop/b leads back to "
                  + scripted.base()
                  + "/loop/a");
    }
  }

  @Test
  void sixRedirectsAreTooMany() throws Exception {
    for (int i = 0; i < 6; i++) {
      scripted.redirect("/hop/" + i, 302, "/hop/" + (i + 1));
    }
    scripted.body("/hop/6", new byte[] {1});
    try (Tree t = tree(limits(Duration.ofSeconds(30)))) {
      assertThatThrownBy(() -> t.volume().isFile("/" + scripted.base() + "/hop/0"))
          .isInstanceOf(LimitExceededException.class)
          .hasMessage(
              "limit maxHttpRedirects (5) exceeded: http: GET "
                  + scripted.base()
                  + "/hop/0 redirected once more, to "
                  + scripted.base()
                  + "/hop/6 (raise it with Limits.builder().maxHttpRedirects(...))");
    }
    // Five are followed.
    try (Tree t = tree(limits(Duration.ofSeconds(30)))) {
      assertThat(t.volume().isFile("/" + scripted.base() + "/hop/1")).isTrue();
    }
  }

  @Test
  void redirectToAnotherSchemeIsRefused() throws Exception {
    scripted.redirect("/to-file", 302, "file:///etc/passwd");
    try (Tree t = tree(limits(Duration.ofSeconds(30)))) {
      assertThatThrownBy(() -> t.volume().isFile("/" + scripted.base() + "/to-file"))
          .isInstanceOf(NetworkException.class)
          .hasMessage(
              "http: GET "
                  + scripted.base()
                  + "/to-file: redirect to 'file:///etc/passwd' refused: only http and https are followed");
    }
  }

  @Test
  void stalledBodyTimesOutAndLeavesNothing() throws Exception {
    scripted.on(
        "/stall/linux",
        out -> {
          ScriptedHttpServer.write(
              out, "HTTP/1.1 200 OK\r\nContent-Length: 1000000\r\nConnection: close\r\n\r\n");
          out.write(new byte[4096]);
          out.flush();
          Thread.sleep(20_000);
        });
    try (Tree t = tree(limits(Duration.ofSeconds(2)))) {
      var file = t.volume().open("/" + scripted.base() + "/stall/linux");
      assertThat(file.size()).isEqualTo(1_000_000);
      Path out = work.resolve("stalled-" + System.nanoTime());
      long start = System.nanoTime();
      assertThatThrownBy(() -> file.copyTo(out))
          .isInstanceOf(NetworkException.class)
          .hasMessage(
              "http: GET "
                  + scripted.base()
                  + "/stall/linux: not finished within the timeout of 2000 ms (4096 body bytes received)");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
      assertThat(left(t.spool())).isEmpty();
      assertThat(out).doesNotExist();
    }
  }

  @Test
  void bodyLongerThanTheLimitIsCutWhileItStreams() throws Exception {
    // No Content-Length: the body ends when the connection closes; 64 KiB arrive, the limit is
    // 10000.
    scripted.on(
        "/big/initrd",
        out -> {
          ScriptedHttpServer.write(out, "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n");
          for (int i = 0; i < 16; i++) {
            out.write(new byte[4096]);
          }
        });
    Limits small =
        Limits.builder()
            .timeout(Duration.ofSeconds(10))
            .maxKernelBytes(10_000)
            .maxRamdiskBytes(10_000)
            .build();
    try (Tree t = tree(small)) {
      assertThatThrownBy(() -> t.volume().isFile("/" + scripted.base() + "/big/initrd"))
          .isInstanceOf(LimitExceededException.class)
          .hasMessageStartingWith(
              "limit maxRamdiskBytes (10000) exceeded: http: GET "
                  + scripted.base()
                  + "/big/initrd: body bytes received (");
      assertThat(left(t.spool())).isEmpty();
    }
  }

  @Test
  void announcedLengthOverTheLimitIsRefusedBeforeTheBody() throws Exception {
    Limits small =
        Limits.builder()
            .timeout(Duration.ofSeconds(10))
            .maxKernelBytes(1_000_000)
            .maxRamdiskBytes(1_000_000)
            .build();
    try (Tree t = tree(small)) {
      var initrd = t.volume().open("/" + python.base() + "/debian-installer/amd64/initrd.gz");
      Path out = work.resolve("big-" + System.nanoTime());
      assertThatThrownBy(() -> initrd.copyTo(out))
          .isInstanceOf(LimitExceededException.class)
          .hasMessage(
              "limit maxRamdiskBytes (1000000) exceeded: http: GET "
                  + python.base()
                  + "/debian-installer/amd64/initrd.gz: Content-Length "
                  + Files.size(DI.resolve("initrd.gz"))
                  + " (raise it with Limits.builder().maxRamdiskBytes(...))");
      assertThat(left(t.spool())).isEmpty();
      assertThat(out).doesNotExist();
    }
  }

  @Test
  void moreBytesThanFirstAnnouncedAreCorrupt() throws Exception {
    // The probe is told 10 bytes; the fetch then gets 20.
    int[] calls = {0};
    scripted.on(
        "/grows/linux",
        out -> {
          int n = ++calls[0] == 1 ? 10 : 20;
          ScriptedHttpServer.write(
              out, "HTTP/1.1 200 OK\r\nContent-Length: " + n + "\r\nConnection: close\r\n\r\n");
          out.write(new byte[n]);
        });
    try (Tree t = tree(limits(Duration.ofSeconds(10)))) {
      var f = t.volume().open("/" + scripted.base() + "/grows/linux");
      assertThatThrownBy(() -> f.copyTo(work.resolve("grows-" + System.nanoTime())))
          .isInstanceOf(CorruptImageException.class)
          .hasMessage(
              "http: GET "
                  + scripted.base()
                  + "/grows/linux: the server sent more than the 10 bytes it announced before");
      assertThat(left(t.spool())).isEmpty();
    }
  }

  @Test
  void requestsAreCountedAgainstMaxRemoteRequests() throws Exception {
    Limits few = Limits.builder().timeout(Duration.ofSeconds(10)).maxRemoteRequests(2).build();
    try (Tree t = tree(few)) {
      assertThatThrownBy(
              () -> t.volume().isFile("/" + python.base() + "/debian-installer/amd64/linux"))
          .isInstanceOf(LimitExceededException.class)
          .hasMessage(
              "limit maxRemoteRequests (2) exceeded: http: GET "
                  + python.base()
                  + "/debian-installer/amd64: one more HTTP request (raise it with Limits.builder().maxRemoteRequests(...))");
    }
  }

  @Test
  void bytesAreCountedAgainstMaxRemoteBytes() throws Exception {
    Limits few = Limits.builder().timeout(Duration.ofSeconds(10)).maxRemoteBytes(1_000_000).build();
    try (Tree t = tree(few)) {
      var kernel = t.volume().open("/" + python.base() + "/debian-installer/amd64/linux");
      assertThatThrownBy(() -> kernel.copyTo(work.resolve("k-" + System.nanoTime())))
          .isInstanceOf(LimitExceededException.class)
          .hasMessageStartingWith(
              "limit maxRemoteBytes (1000000) exceeded: http: GET "
                  + python.base()
                  + "/debian-installer/amd64/linux: bytes fetched over HTTP (");
      assertThat(left(t.spool())).isEmpty();
    }
  }

  @Test
  void httpsIsSpokenAndAnUntrustedCertificateRefused() throws Exception {
    try (PythonHttpServer tls =
            PythonHttpServer.https(work.resolve("www"), Files.createTempDirectory(work, "tls-"));
        Tree t = tree(limits(Duration.ofSeconds(20)))) {
      String url = "https://127.0.0.1:" + tls.port + "/debian-installer/amd64/linux";
      assertThatThrownBy(() -> t.tree().requireFile("/" + url))
          .isInstanceOf(NetworkException.class)
          .hasMessageStartingWith(
              "http: GET " + url + ": SSLHandshakeException: PKIX path building failed");
    }
  }

  @Test
  void urlPathsResolveAsTheTreeWalksThem() {
    assertThat(NetTree.urlOf("/http://192.0.2.1/boot/linux"))
        .contains("http://192.0.2.1/boot/linux");
    assertThat(NetTree.urlOf("/debian/HTTPS://h:8443/a/../b")).contains("https://h:8443/b");
    assertThat(NetTree.urlOf("/http://a/x/http://b/y")).contains("http://b/y");
    assertThat(NetTree.urlOf("/pxelinux.cfg/default")).isEmpty();
  }

  @Test
  void badUrlsAreRefusedByName() {
    assertThatThrownBy(() -> HttpFetcher.checked("ftp://192.0.2.1/linux"))
        .isInstanceOf(UnsupportedFeatureException.class)
        .hasMessage("http: 'ftp://192.0.2.1/linux': only http and https URLs are fetched");
    assertThatThrownBy(() -> HttpFetcher.checked("http://user:pw@192.0.2.1/linux"))
        .isInstanceOf(UnsupportedFeatureException.class)
        .hasMessage(
            "http: 'http://user:pw@192.0.2.1/linux': user names and passwords in URLs are not sent");
    assertThatThrownBy(() -> HttpFetcher.checked("http://192.0.2.1/a b"))
        .isInstanceOf(CorruptImageException.class)
        .hasMessage("http: 'http://192.0.2.1/a b' is not a valid URL: Illegal character in path");
    assertThatThrownBy(() -> HttpFetcher.checked("http:///linux"))
        .isInstanceOf(CorruptImageException.class)
        .hasMessage("http: 'http:///linux': the URL names no host");
  }

  @Test
  void insideANamespaceHttpIsRefusedNotSentFromTheWrongOne() throws Exception {
    Limits l = limits(Duration.ofSeconds(5));
    HttpFetcher f =
        new HttpFetcher(
            l, () -> System.nanoTime() + 5_000_000_000L, Optional.of(Path.of("/run/netns/x")));
    assertThatThrownBy(() -> f.probe(HttpFetcher.checked(python.base() + "/linux")))
        .isInstanceOf(UnsupportedFeatureException.class)
        .hasMessage(
            "http: GET "
                + python.base()
                + "/linux: HTTP is not fetched inside network namespace /run/netns/x;"
                + " run the whole process in it (ip netns exec) instead");
    assertThat(f.requests()).isZero();
  }
}
