package org.bootlace.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The privileged half of {@code bootlace pygrub --runas=UID}, as pygrub splits it: create the
 * output files as root, run the parsing in a fresh process inside new mount, network and IPC
 * namespaces ({@code unshare}), which confines itself before it reads a byte of the image (see
 * {@link Privileges}), then keep or remove the files by its exit status. The parent never parses
 * the image.
 */
final class RunAs {
  private RunAs() {}

  static int run(Io io, Path outDir, boolean notReally, List<String> originalArgs)
      throws IOException, CliException {
    if (!Privileges.load().isRoot()) {
      throw new CliException("--runas needs root: it opens the files as root, then gives root up");
    }
    try (OutputFiles files = new OutputFiles(outDir)) {
      List<String> cmd =
          new ArrayList<>(
              List.of("unshare", "--mount", "--net", "--ipc", "--propagation", "private", "--"));
      cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      cmd.addAll(
          List.of(
              "-XX:TieredStopAtLevel=1",
              "-XX:+UseSerialGC",
              "-cp",
              System.getProperty("java.class.path")));
      cmd.add(Main.class.getName());
      cmd.addAll(originalArgs);
      cmd.add("--deprivileged-worker");
      Path kernel = null;
      Path ramdisk = null;
      if (!notReally) {
        kernel = files.create("boot_kernel.");
        ramdisk = files.create("boot_ramdisk.");
        cmd.add("--kernel-file=" + kernel);
        cmd.add("--ramdisk-file=" + ramdisk);
      }
      Process worker =
          new ProcessBuilder(cmd)
              .redirectInput(ProcessBuilder.Redirect.INHERIT)
              .redirectErrorStream(false)
              .start();
      Thread err = pump(worker.getErrorStream(), io.err());
      worker.getInputStream().transferTo(io.out());
      io.out().flush();
      int code;
      try {
        code = worker.waitFor();
        err.join();
      } catch (InterruptedException e) {
        worker.destroyForcibly();
        Thread.currentThread().interrupt();
        throw new CliException("interrupted");
      }
      if (code == ExitCodes.OK) {
        // pygrub's rule: an output the worker left empty (no ramdisk) is removed.
        if (ramdisk != null && Files.size(ramdisk) == 0) {
          Files.delete(ramdisk);
        }
        files.commit();
      }
      return code;
    }
  }

  private static Thread pump(java.io.InputStream in, java.io.PrintStream out) {
    Thread t =
        new Thread(
            () -> {
              try {
                in.transferTo(out);
                out.flush();
              } catch (IOException e) {
                // the worker's stderr closed early; its exit status still says what happened
              }
            },
            "runas-stderr");
    t.setDaemon(true);
    t.start();
    return t;
  }
}
