package org.bootlace.pxe.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Servers a lab starts inside its namespaces: each is waited for (at most 10 s) until a line of its
 * output says it is ready, its output is drained from then on so the pipe never fills, and it is
 * stopped by its process, never by name.
 */
final class ServerProcesses {
  private final List<Process> running = new ArrayList<>();

  /** Runs {@code cmd} with a bound of 20 s; fails with its output when it exits non-zero. */
  static void run(String... cmd) throws IOException, InterruptedException {
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

  /** {@code cmd} run inside namespace {@code ns} by {@code ip netns exec}, which execs it. */
  static String[] inNamespace(String ns, String... cmd) {
    String[] all = new String[cmd.length + 4];
    all[0] = "ip";
    all[1] = "netns";
    all[2] = "exec";
    all[3] = ns;
    System.arraycopy(cmd, 0, all, 4, cmd.length);
    return all;
  }

  /** Deletes the namespaces that exist; the first failure is thrown after trying them all. */
  static void deleteNamespaces(List<String> names) throws IOException, InterruptedException {
    IOException first = null;
    for (String ns : names) {
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

  /**
   * Starts {@code cmd} inside {@code ns} with {@code env} added and waits for an output line
   * containing {@code ready} (an empty {@code ready}: 300 ms). The output up to then and after it
   * goes to {@code log} when one is given. A server that does not come up is stopped at once.
   */
  Process start(String ns, Map<String, String> env, String ready, Path log, String... cmd)
      throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(inNamespace(ns, cmd)).redirectErrorStream(true);
    pb.environment().putAll(env);
    Process p = pb.start();
    running.add(p);
    boolean up = false;
    try {
      waitReady(p, ready, log, String.join(" ", cmd));
      up = true;
      return p;
    } finally {
      if (!up) {
        stop(p);
      }
    }
  }

  private static void waitReady(Process p, String ready, Path log, String name)
      throws IOException, InterruptedException {
    BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!ready.isEmpty() && System.nanoTime() - end < 0) {
      if (!r.ready()) {
        if (!p.isAlive()) {
          throw new IOException(name + " exited: " + seen);
        }
        Thread.sleep(20);
        continue;
      }
      String line = r.readLine();
      if (line == null) {
        throw new IOException(name + " exited: " + seen);
      }
      seen.append(line).append('\n');
      if (line.contains(ready)) {
        drain(r, seen, log);
        return;
      }
    }
    if (!ready.isEmpty()) {
      throw new IOException(name + " not ready in 10 s: " + seen);
    }
    drain(r, seen, log);
    Thread.sleep(300);
  }

  /** Reads the rest of the output on a daemon thread, appending it to {@code log} if given. */
  private static void drain(BufferedReader r, CharSequence seen, Path log) throws IOException {
    if (log != null) {
      Files.writeString(log, seen);
    }
    Thread drain =
        new Thread(
            () -> {
              try {
                String line;
                while ((line = r.readLine()) != null) {
                  if (log != null) {
                    Files.writeString(log, line + "\n", StandardOpenOption.APPEND);
                  }
                }
              } catch (IOException e) {
                // the server was stopped
              }
            });
    drain.setDaemon(true);
    drain.start();
  }

  /** Stops one server started here, by its process. */
  void stop(Process p) throws InterruptedException {
    p.destroy();
    if (!p.waitFor(5, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
    running.remove(p);
  }

  /**
   * A lab's clean-up: stops every server still running, then deletes the lab's namespaces; an
   * interrupt stops the clean-up early.
   */
  void stopAllAndDelete(List<String> namespaces) throws IOException {
    try {
      for (Process p : List.copyOf(running)) {
        stop(p);
      }
      deleteNamespaces(namespaces);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while stopping the network lab");
    }
  }
}
