package org.bootlace.image.http;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The test HTTP server ({@code range_server.py}, python3) serving a directory on 127.0.0.1 in one
 * of its modes; stopped when closed.
 */
public final class RangeServer implements AutoCloseable {
  private final Process process;
  private final int port;

  private RangeServer(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  public static RangeServer start(Path dir, String mode) throws IOException {
    Path script = Files.createTempFile("range_server", ".py");
    try (InputStream in = RangeServer.class.getResourceAsStream("range_server.py")) {
      Files.write(script, in.readAllBytes());
    }
    Process p;
    try {
      p =
          new ProcessBuilder("python3", script.toString(), dir.toString(), mode)
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
    } catch (IOException e) {
      throw new AssertionError(
          "cannot run python3 (install the python3 package): " + e.getMessage());
    }
    BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII));
    String line = r.readLine();
    Files.deleteIfExists(script);
    if (line == null) {
      p.destroyForcibly();
      throw new AssertionError("range_server.py did not start");
    }
    return new RangeServer(p, Integer.parseInt(line.trim()));
  }

  public URI uri(String file) {
    return URI.create("http://127.0.0.1:" + port + "/" + file);
  }

  @Override
  public void close() {
    try {
      process.destroy();
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
