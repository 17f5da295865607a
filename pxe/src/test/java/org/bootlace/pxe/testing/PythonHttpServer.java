package org.bootlace.pxe.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Python's {@code http.server} serving a directory on 127.0.0.1 at a port the kernel picks, its
 * request log kept in a file. Fails naming the Debian package when python3 is missing.
 */
public final class PythonHttpServer implements AutoCloseable {
  private static final Pattern SERVING = Pattern.compile("Serving HTTP on \\S+ port (\\d+)");
  private final Process process;
  public final int port;
  public final Path log;

  public PythonHttpServer(Path root, Path log) throws IOException, InterruptedException {
    this(
        List.of(
            NetLab.require("python3", "python3").toString(),
            "-u",
            "-m",
            "http.server",
            "0",
            "--bind",
            "127.0.0.1",
            "--directory",
            root.toString()),
        root,
        log);
  }

  /**
   * The same server speaking HTTPS with a self-signed certificate made by openssl for 127.0.0.1.
   */
  public static PythonHttpServer https(Path root, Path work)
      throws IOException, InterruptedException {
    NetLab.require("openssl", "openssl");
    Path key = work.resolve("tls.key");
    Path cert = work.resolve("tls.crt");
    NetLab.run(
        "openssl",
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        key.toString(),
        "-out",
        cert.toString(),
        "-days",
        "1",
        "-subj",
        "/CN=127.0.0.1");
    String script =
        "import http.server, ssl, sys\n"
            + "s = http.server.ThreadingHTTPServer(('127.0.0.1', 0), http.server.SimpleHTTPRequestHandler)\n"
            + "c = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)\n"
            + "c.load_cert_chain(sys.argv[1], sys.argv[2])\n"
            + "s.socket = c.wrap_socket(s.socket, server_side=True)\n"
            + "print('Serving HTTP on 127.0.0.1 port', s.server_address[1], flush=True)\n"
            + "s.serve_forever()\n";
    return new PythonHttpServer(
        List.of(
            NetLab.require("python3", "python3").toString(),
            "-u",
            "-c",
            script,
            cert.toString(),
            key.toString()),
        root,
        work.resolve("https.log"));
  }

  private PythonHttpServer(List<String> cmd, Path root, Path log)
      throws IOException, InterruptedException {
    this.log = log;
    ProcessBuilder pb =
        new ProcessBuilder(cmd).directory(root.toFile()).redirectError(log.toFile());
    process = pb.start();
    BufferedReader r =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    int found = -1;
    while (System.nanoTime() < end) {
      if (!r.ready()) {
        if (!process.isAlive()) {
          break;
        }
        Thread.sleep(20);
        continue;
      }
      String line = r.readLine();
      if (line == null) {
        break;
      }
      Matcher m = SERVING.matcher(line);
      if (m.find()) {
        found = Integer.parseInt(m.group(1));
        break;
      }
    }
    if (found < 0) {
      process.destroyForcibly();
      throw new IOException("python3 -m http.server did not start");
    }
    port = found;
  }

  public String base() {
    return "http://127.0.0.1:" + port;
  }

  @Override
  public void close() {
    try {
      process.destroy();
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
