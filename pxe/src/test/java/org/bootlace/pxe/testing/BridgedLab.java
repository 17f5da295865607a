package org.bootlace.pxe.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

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
  private final ServerProcesses servers = new ServerProcesses();

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
    NetLab.run(ServerProcesses.inNamespace(ns, cmd));
  }

  /**
   * Starts {@code cmd} in namespace {@code ns} ({@code ip netns exec} execs it, so the process is
   * the server itself) with {@code env} added, and waits at most 10 s for an output line containing
   * {@code ready}; the output is kept in {@code log}.
   */
  public Process start(String ns, Map<String, String> env, String ready, Path log, String... cmd)
      throws IOException, InterruptedException {
    return servers.start(ns, env, ready, log, cmd);
  }

  /** Stops one server started here, by its process. */
  public void stop(Process p) throws InterruptedException {
    servers.stop(p);
  }

  /** Stops the servers and deletes the namespaces; an interrupt stops the clean-up early. */
  @Override
  public void close() throws IOException {
    servers.stopAllAndDelete(List.of(clientNs, proxyNs, dhcpNs));
  }
}
