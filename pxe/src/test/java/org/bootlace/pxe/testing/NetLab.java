package org.bootlace.pxe.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

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
  private final ServerProcesses servers = new ServerProcesses();

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
    run(ServerProcesses.inNamespace(serverNs, cmd));
  }

  public void inClient(String... cmd) throws IOException, InterruptedException {
    run(ServerProcesses.inNamespace(clientNs, cmd));
  }

  /**
   * Starts a server in the server namespace and waits (bounded) for a line containing {@code
   * ready}.
   */
  public Process startServer(String ready, String... cmd) throws IOException, InterruptedException {
    return servers.start(serverNs, Map.of(), ready, null, cmd);
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
    ServerProcesses.run(cmd);
  }

  public void stop(Process p) throws InterruptedException {
    servers.stop(p);
  }

  /** Stops the servers and deletes the namespaces; an interrupt stops the clean-up early. */
  @Override
  public void close() throws IOException {
    servers.stopAllAndDelete(List.of(serverNs, clientNs));
  }
}
