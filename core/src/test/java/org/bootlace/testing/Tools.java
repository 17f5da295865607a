package org.bootlace.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real tools (mkfs.ext4, sfdisk, debugfs, ...) that build and check test fixtures. A
 * missing tool fails the test with the package to install: fixtures are never silently skipped.
 */
public final class Tools {
  private Tools() {}

  /** The result of one command. */
  public record Result(int exitCode, String stdout, String stderr) {}

  /** Runs {@code command}; fails unless it exits 0. Returns standard output. */
  public static String run(String... command) {
    Result r = exec(null, command);
    if (r.exitCode != 0) {
      throw new AssertionError(
          String.join(" ", command) + " exited " + r.exitCode + "\n" + r.stdout + r.stderr);
    }
    return r.stdout;
  }

  /** Runs {@code command} with {@code stdin} as its input; fails unless it exits 0. */
  public static String runWithInput(String stdin, String... command) {
    Result r = exec(stdin, command);
    if (r.exitCode != 0) {
      throw new AssertionError(
          String.join(" ", command) + " exited " + r.exitCode + "\n" + r.stdout + r.stderr);
    }
    return r.stdout;
  }

  /** Runs {@code command} and returns whatever happened. */
  public static Result exec(String stdin, String... command) {
    List<String> cmd = new ArrayList<>(List.of(command));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().put("LC_ALL", "C");
    try {
      Path out = Files.createTempFile("bootlace-tool", ".out");
      Path err = Files.createTempFile("bootlace-tool", ".err");
      try {
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        if (stdin == null) {
          pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        }
        Process p;
        try {
          p = pb.start();
        } catch (IOException e) {
          throw new AssertionError(
              "cannot run "
                  + command[0]
                  + " (install it; .ci/run lists the packages): "
                  + e.getMessage());
        }
        if (stdin != null) {
          try (var in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
          }
        }
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
          p.destroyForcibly();
          throw new AssertionError(String.join(" ", command) + " did not finish in 10 minutes");
        }
        return new Result(
            p.exitValue(),
            Files.readString(out, StandardCharsets.ISO_8859_1),
            Files.readString(err, StandardCharsets.ISO_8859_1));
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Creates a sparse file of {@code size} bytes. */
  public static Path sparseFile(Path path, long size) {
    try (var ch =
        java.nio.channels.FileChannel.open(
            path,
            java.nio.file.StandardOpenOption.CREATE,
            java.nio.file.StandardOpenOption.WRITE,
            java.nio.file.StandardOpenOption.TRUNCATE_EXISTING)) {
      if (size > 0) {
        ch.write(java.nio.ByteBuffer.wrap(new byte[1]), size - 1);
      }
      return path;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes {@code text} to {@code dir/relative}, creating parent directories. */
  public static Path write(Path dir, String relative, String text) {
    return write(dir, relative, text.getBytes(StandardCharsets.UTF_8));
  }

  /** Writes {@code bytes} to {@code dir/relative}, creating parent directories. */
  public static Path write(Path dir, String relative, byte[] bytes) {
    try {
      Path p = dir.resolve(relative);
      Files.createDirectories(p.getParent());
      return Files.write(p, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Overwrites bytes of a file at {@code offset}: the one way tests corrupt a real image. */
  public static void patch(Path image, long offset, byte... bytes) {
    try (var ch =
        java.nio.channels.FileChannel.open(image, java.nio.file.StandardOpenOption.WRITE)) {
      ch.write(java.nio.ByteBuffer.wrap(bytes), offset);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads {@code length} bytes of a file at {@code offset}. */
  public static byte[] read(Path image, long offset, int length) {
    try (var ch = java.nio.channels.FileChannel.open(image)) {
      java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(length);
      while (b.hasRemaining() && ch.read(b, offset + b.position()) > 0) {}
      return b.array();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
