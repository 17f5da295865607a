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
 * Three hosts on one Ethernet segment, each a network namespace the test creates: a DHCP server
 * (10.231.0.1, on the bridge itself), a second server (10.231.0.3: a proxyDHCP and TFTP server) and
 * the client (10.231.0.2), both joined to the bridge by veth pairs. Everything stays inside the
 * namespaces; {@link #close()} stops every server started here (by its process) and deletes the
 * namespaces, and with them the bridge and the veth pairs.
 */
public final class BridgedLab implements AutoCloseable {
  public static final String DHCP_IP = "10.231.0.1";
  public static final String CLIENT_IP = "10.231.0.2";
  public static final String PROXY_IP = "10.231.0.3";

  public final String id = HexFormat.of().formatHex(new SecureRandom().generateSeed(3));
  public final String dhcpNs = "blbr-d-" + id;
  public final String proxyNs = "blbr-p-" + id;
  public final String clientNs = "blbr-c-" + id;
  public final String bridge = "blbr" + id;
  public final String proxyIf = "blp" + id;
  public final String clientIf = "blc" + id;
  private final List<Process> servers = new ArrayList<>();

  public BridgedLab() throws IOException, InterruptedException {
    NetLab.require("ip", "iproute2");
    boolean ok = false;
    try {
      for (String ns : List.of(dhcpNs, proxyNs, clientNs)) {
        NetLab.run("ip", "netns", "add", ns);
        in(ns, "ip", "link", "set", "lo", "up");
      }
      in(dhcpNs, "ip", "link", "add", bridge, "type", "bridge");
      in(dhcpNs, "ip", "addr", "add", DHCP_IP + "/24", "dev", bridge);
      in(dhcpNs, "ip", "link", "set", bridge, "up");
      join(proxyNs, proxyIf, "bp" + id, PROXY_IP);
      join(clientNs, clientIf, "bc" + id, CLIENT_IP);
      ok = true;
    } finally {
      if (!ok) {
        close();
      }
    }
  }

  /** A veth pair: {@code inner} in {@code ns} with {@code ip}, {@code port} on the bridge. */
  private void join(String ns, String inner, String port, String ip)
      throws IOException, InterruptedException {
    in(dhcpNs, "ip", "link", "add", port, "type", "veth", "peer", "name", inner, "netns", ns);
    in(dhcpNs, "ip", "link", "set", port, "master", bridge);
    in(dhcpNs, "ip", "link", "set", port, "up");
    in(ns, "ip", "addr", "add", ip + "/24", "dev", inner);
    in(ns, "ip", "link", "set", inner, "up");
  }

  public Path clientNamespace() {
    return Path.of("/run/netns", clientNs);
  }

  public static void in(String ns, String... cmd) throws IOException, InterruptedException {
    NetLab.run(prefixed(ns, cmd));
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
   * Starts {@code cmd} in namespace {@code ns} ({@code ip netns exec} execs it, so the process is
   * the server itself) with {@code env} added, and waits at most 10 s for an output line containing
   * {@code ready}; the output is kept in {@code log}.
   */
  public Process start(
      String ns, java.util.Map<String, String> env, String ready, Path log, String... cmd)
      throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(prefixed(ns, cmd)).redirectErrorStream(true);
    pb.environment().putAll(env);
    Process p = pb.start();
    servers.add(p);
    boolean up = false;
    try {
      waitReady(p, ready, log, cmd);
      up = true;
      return p;
    } finally {
      if (!up) {
        stop(p); // a server that did not come up is stopped now, not at close()
      }
    }
  }

  private void waitReady(Process p, String ready, Path log, String... cmd)
      throws IOException, InterruptedException {
    BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() - end < 0) {
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
        Files.writeString(log, seen);
        Thread drain =
            new Thread(
                () -> {
                  try {
                    String l;
                    while ((l = r.readLine()) != null) {
                      Files.writeString(log, l + "\n", java.nio.file.StandardOpenOption.APPEND);
                    }
                  } catch (IOException e) {
                    // the server was stopped
                  }
                });
        drain.setDaemon(true);
        drain.start();
        return;
      }
    }
    throw new IOException(String.join(" ", cmd) + " not ready in 10 s: " + seen);
  }

  /** Stops one server started here, by its process. */
  public void stop(Process p) throws InterruptedException {
    p.destroy();
    if (!p.waitFor(5, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
    servers.remove(p);
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
    for (Process p : List.copyOf(servers)) {
      stop(p);
    }
    IOException first = null;
    for (String ns : List.of(clientNs, proxyNs, dhcpNs)) {
      if (Files.exists(Path.of("/run/netns", ns))) {
        try {
          NetLab.run("ip", "netns", "del", ns);
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
