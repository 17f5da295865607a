package org.bootlace.qemu;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A running QEMU. Its serial console is read line by line as it comes; {@link #awaitLine} waits for
 * a line that matches. {@link #close()} always kills QEMU and removes the files extracted for it.
 */
public final class QemuVm implements Closeable {
  /** The most console lines kept. */
  static final int MAX_LINES = 100_000;

  private final Process process;
  private final Path dir;
  private final List<String> lines = new ArrayList<>();
  private final Thread reader;
  private boolean ended;

  private QemuVm(Process process, Path dir) {
    this.process = process;
    this.dir = dir;
    this.reader = new Thread(this::read, "qemu-serial");
    reader.setDaemon(true);
    reader.start();
  }

  static QemuVm start(List<String> command, Path dir) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.redirectInput(ProcessBuilder.Redirect.PIPE);
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new IOException(
          "cannot start " + command.get(0) + " (install qemu-system-x86): " + e.getMessage(), e);
    }
    return new QemuVm(p, dir);
  }

  private void read() {
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        synchronized (this) {
          if (lines.size() < MAX_LINES) {
            lines.add(line.replace("\r", ""));
          }
          notifyAll();
        }
      }
    } catch (IOException e) {
      // the process went away; ended below
    } finally {
      synchronized (this) {
        ended = true;
        notifyAll();
      }
    }
  }

  /**
   * The first console line (since the VM started) that {@code pattern} finds, waiting up to {@code
   * timeout}. Fails when the time runs out or QEMU ends first, with the console so far.
   *
   * @param pattern what to find in a line
   * @param timeout how long to wait
   * @return the line
   * @throws IOException if the time runs out or QEMU ends first; the message ends with the last 40
   *     lines of the console
   * @throws InterruptedException if the thread is interrupted while waiting
   */
  public String awaitLine(Pattern pattern, Duration timeout)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    int seen = 0;
    synchronized (this) {
      while (true) {
        for (; seen < lines.size(); seen++) {
          if (pattern.matcher(lines.get(seen)).find()) {
            return lines.get(seen);
          }
        }
        long left = deadline - System.nanoTime();
        if (ended || left <= 0) {
          throw new IOException(
              (ended ? "QEMU ended" : "no line matched in " + timeout)
                  + " waiting for /"
                  + pattern
                  + "/; console:\n"
                  + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size())));
        }
        TimeUnit.NANOSECONDS.timedWait(this, left);
      }
    }
  }

  /** {@return every console line so far, carriage returns removed; at most the first 100,000} */
  public synchronized List<String> console() {
    return List.copyOf(lines);
  }

  /**
   * Waits for QEMU to end by itself (the guest powered off, or rebooted: QEMU runs with {@code
   * -no-reboot}).
   *
   * @param timeout how long to wait
   * @return QEMU's exit status, or -1 when the time ran out first
   * @throws InterruptedException if the thread is interrupted while waiting
   */
  public int waitFor(Duration timeout) throws InterruptedException {
    return process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS) ? process.exitValue() : -1;
  }

  /**
   * Kills QEMU, waits up to ten seconds for it to go, and removes the files extracted for it.
   *
   * @throws IOException if the files cannot be removed
   */
  @Override
  public void close() throws IOException {
    process.destroyForcibly();
    try {
      process.waitFor(QemuBoot.KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
      reader.join(QemuBoot.KILL_WAIT.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      deleteTree(dir);
    }
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.delete(p);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
