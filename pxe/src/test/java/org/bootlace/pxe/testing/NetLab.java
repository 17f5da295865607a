package org.bootlace.pxe.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Two network namespaces the tests create, a server and a client, joined by one veth pair, with the
 * private subnet 10.231.0.0/24 inside them only. Servers run in the server namespace; the client
 * side is reached by creating sockets inside the client namespace. {@link #close()} stops every
 * server and deletes both namespaces (and with them the veth pair).
 */
public final class NetLab implements AutoCloseable {
  public static final String SERVER_IP = "10.231.0.1";
  public static final String CLIENT_IP = "10.231.0.2";

  public final String id = HexFormat.of().formatHex(new SecureRandom().generateSeed(3));
  public final String serverNs = "blpxe-s-" + id;
  public final String clientNs = "blpxe-c-" + id;
  public final String serverIf = "bls" + id;
  public final String clientIf = "blc" + id;
  private final List<Process> servers = new ArrayList<>();

  public NetLab() throws IOException, InterruptedException {
    for (String tool : List.of("ip", "tc")) {
      require(tool, "iproute2");
    }
    boolean ok = false;
    try {
      run("ip", "netns", "add", serverNs);
      run("ip", "netns", "add", clientNs);
      run(
          "ip", "link", "add", serverIf, "netns", serverNs, "type", "veth", "peer", "name",
          clientIf, "netns", clientNs);
      inServer("ip", "addr", "add", SERVER_IP + "/24", "dev", serverIf);
      inServer("ip", "link", "set", serverIf, "up");
      inServer("ip", "link", "set", "lo", "up");
      inClient("ip", "addr", "add", CLIENT_IP + "/24", "dev", clientIf);
      inClient("ip", "link", "set", clientIf, "up");
      inClient("ip", "link", "set", "lo", "up");
      ok = true;
    } finally {
      if (!ok) {
        close();
      }
    }
  }

  /** Fails with the Debian package to install when {@code tool} is missing. */
  public static Path require(String tool, String pkg) throws IOException {
    for (String dir : List.of("/usr/sbin", "/usr/bin", "/sbin", "/bin")) {
      Path p = Path.of(dir, tool);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    throw new IOException(tool + " is missing: install the Debian package " + pkg);
  }

  public Path clientNamespace() {
    return Path.of("/run/netns", clientNs);
  }

  public void inServer(String... cmd) throws IOException, InterruptedException {
    run(prefixed(serverNs, cmd));
  }

  public void inClient(String... cmd) throws IOException, InterruptedException {
    run(prefixed(clientNs, cmd));
  }

  private static String[] prefixed(String ns, String... cmd) {
    String[] all = new String[cmd.length + 4];
    all[0] = "ip";
    all[1] = "netns";
    all[2] = "exec";
    all[3] = ns;
    System.arraycopy(cmd, 0, all, 4, cmd.length);
    return all;
  }

  /**
   * Starts a server in the server namespace and waits (bounded) for a line containing {@code
   * ready}.
   */
  public Process startServer(String ready, String... cmd) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(prefixed(serverNs, cmd)).redirectErrorStream(true);
    Process p = pb.start();
    servers.add(p);
    BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    Thread drain = null;
    while (System.nanoTime() < end) {
      if (ready.isEmpty()) {
        break;
      }
      if (!r.ready()) {
        if (!p.isAlive()) {
          throw new IOException(String.join(" ", cmd) + " exited: " + seen);
        }
        Thread.sleep(20);
        continue;
      }
      String line = r.readLine();
      if (line == null) {
        throw new IOException(String.join(" ", cmd) + " exited: " + seen);
      }
      seen.append(line).append('\n');
      if (line.contains(ready)) {
        drain =
            new Thread(
                () -> {
                  try {
                    while (r.readLine() != null) {
                      // keep the pipe from filling
                    }
                  } catch (IOException e) {
                    // the server was stopped
                  }
                });
        drain.setDaemon(true);
        drain.start();
        return p;
      }
    }
    if (ready.isEmpty()) {
      Thread.sleep(300);
      return p;
    }
    throw new IOException(String.join(" ", cmd) + " not ready in 10 s: " + seen);
  }

  /**
   * dnsmasq serving DHCP (a pool in the subnet) and TFTP from {@code root}, with extra arguments.
   */
  public Process dnsmasq(Path root, Path work, String... extra)
      throws IOException, InterruptedException {
    require("dnsmasq", "dnsmasq-base");
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "dnsmasq",
                "--no-daemon",
                "--conf-file=/dev/null",
                "--port=0",
                "--user=root",
                "--group=root",
                "--interface=" + serverIf,
                "--bind-interfaces",
                "--log-dhcp",
                "--no-ping",
                "--dhcp-leasefile=" + work.resolve("leases"),
                "--pid-file=" + work.resolve("pid"),
                "--log-facility=-",
                "--enable-tftp",
                "--tftp-root=" + root));
    cmd.addAll(List.of(extra));
    return startServer("TFTP root", cmd.toArray(String[]::new));
  }

  public static void run(String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(20, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException(String.join(" ", cmd) + ": timed out");
    }
    if (p.exitValue() != 0) {
      throw new IOException(String.join(" ", cmd) + ": exit " + p.exitValue() + ": " + out.strip());
    }
  }

  public void stop(Process p) throws InterruptedException {
    p.destroy();
    if (!p.waitFor(5, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
  }

  /** Stops the servers and deletes the namespaces; an interrupt stops the clean-up early. */
  @Override
  public void close() throws IOException {
    try {
      stopAll();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while stopping the network lab");
    }
  }

  private void stopAll() throws IOException, InterruptedException {
    for (Process p : servers) {
      stop(p);
    }
    IOException first = null;
    for (String ns : List.of(serverNs, clientNs)) {
      if (Files.exists(Path.of("/run/netns", ns))) {
        try {
          run("ip", "netns", "del", ns);
        } catch (IOException e) {
          first = first == null ? e : first;
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
