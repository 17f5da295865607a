package org.bootlace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.bootlace.testing.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bootlace resolve --explain} and {@code bootlace pygrub} on a qcow2 guest served over HTTP
 * by the image-formats tests' range server (python3, 127.0.0.1 only).
 */
class RemoteImageCliTest {
  static final Path SERVER =
      Path.of(
          "..",
          "image-formats",
          "src",
          "test",
          "resources",
          "org",
          "bootlace",
          "image",
          "http",
          "range_server.py");

  @TempDir Path dir;

  @Test
  void resolveAndPygrubOverHttp() throws Exception {
    Path sample = Path.of("..", "examples", "sample", "sample.img");
    Tools.run(
        "qemu-img",
        "convert",
        "-f",
        "raw",
        "-O",
        "qcow2",
        "-c",
        sample.toString(),
        dir.resolve("guest.qcow2").toString());
    Process server =
        new ProcessBuilder("python3", SERVER.toString(), dir.toString(), "normal")
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    try {
      String port =
          new BufferedReader(
                  new InputStreamReader(server.getInputStream(), StandardCharsets.US_ASCII))
              .readLine();
      String url = "http://127.0.0.1:" + port.trim() + "/guest.qcow2";
      CliRun local = CliRun.of("resolve", sample.toString());
      CliRun remote = CliRun.of("resolve", "--explain", url);
      assertThat(remote.exitCode()).as(remote.stderr()).isZero();
      assertThat(remote.out())
          .contains(
              local.out().lines().filter(l -> l.startsWith("args")).findFirst().orElseThrow());
      assertThat(remote.out())
          .containsPattern(
              "explain  remote image "
                  + url.replace(".", "\\.")
                  + ": \\d+ HTTP requests, \\d+ bytes fetched of "
                  + Files.size(dir.resolve("guest.qcow2")));
      Path out = Files.createDirectories(dir.resolve("out"));
      CliRun pygrub =
          CliRun.of("pygrub", "-q", "--output-format=simple", "--output-directory=" + out, url);
      assertThat(pygrub.exitCode()).as(pygrub.stderr()).isZero();
      assertThat(pygrub.out()).contains("args root=/dev/xvda2 ro console=hvc0 quiet");
    } finally {
      server.destroy();
      server.waitFor(5, TimeUnit.SECONDS);
    }
  }
}
