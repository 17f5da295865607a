package org.bootlace.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.bootlace.BootOptions;
import org.bootlace.BootSource;
import org.bootlace.image.http.HttpBlockDevice;

/**
 * {@code resolve --json} over many images in one process: a fixed pool of {@code jobs} threads
 * resolves them, at most {@code 2 × jobs} at a time, and one line of JSON per image (JSON Lines) is
 * printed in the order the images were given, as each is ready. An image that fails gets a line
 * too: {@code {"image": ..., "error": ..., "status": 1, "class": "failure"}}, with the exit status
 * and its class that a run on that image alone would have ended with. With {@code progress}, a
 * count of the images done is kept on standard error ({@link Progress}).
 */
final class BatchResolve {
  private BatchResolve() {}

  /** Most threads --jobs may ask for. */
  static final int MAX_JOBS = 256;

  /**
   * Resolves every image ({@code -} among them reads more paths from standard input, one a line)
   * and prints a line for each. Returns 0 when every image resolved, else 1.
   */
  static int run(Io io, List<String> images, BootOptions options, int jobs, boolean progress)
      throws InterruptedException {
    Iterator<String> paths = paths(io, images);
    Progress bar =
        progress ? new Progress(io.err(), images.contains("-") ? -1 : images.size()) : null;
    // Sharing a terminal with the JSON, the line is erased before each line of output.
    boolean clearFirst = progress && Progress.stdoutIsTerminal();
    AtomicInteger threads = new AtomicInteger();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            jobs,
            r -> {
              Thread t = new Thread(r, "resolve-" + threads.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    int status = ExitCodes.OK;
    Deque<Future<Line>> inFlight = new ArrayDeque<>();
    try {
      while (true) {
        while (inFlight.size() < 2 * jobs && paths.hasNext()) {
          String image = paths.next();
          inFlight.add(pool.submit(() -> line(image, options)));
        }
        if (inFlight.isEmpty()) {
          break;
        }
        Line line;
        try {
          line = inFlight.removeFirst().get();
        } catch (ExecutionException e) {
          // line() catches every Exception: what arrives here is an Error; let it be one.
          if (e.getCause() instanceof Error err) {
            throw err;
          }
          throw new IllegalStateException(e.getCause());
        }
        if (!line.resolved()) {
          status = ExitCodes.FAILURE;
        }
        if (clearFirst) {
          bar.clear();
        }
        io.out().print(line.json());
        io.out().flush();
        if (bar != null) {
          bar.imageDone(line.resolved(), System.nanoTime());
        }
      }
    } finally {
      pool.shutdownNow();
      if (bar != null) {
        bar.clear();
      }
    }
    return status;
  }

  /** One image's line of JSON, and whether the image resolved. */
  private record Line(String json, boolean resolved) {}

  /** One image's line: what it boots, or why it could not be resolved. */
  private static Line line(String image, BootOptions options) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("image", image);
    try (BootSource source = open(image, options)) {
      m.putAll(Describe.record(source.resolveBoot()));
      return new Line(Json.line(m), true);
    } catch (Exception e) {
      int status = Failure.exitCode(e);
      m.put("error", Failure.message(e));
      m.put("status", status);
      m.put("class", statusClass(status));
      return new Line(Json.line(m), false);
    }
  }

  static String statusClass(int status) {
    return switch (status) {
      case ExitCodes.OK -> "ok";
      case ExitCodes.USAGE -> "usage";
      case ExitCodes.LIMIT -> "limit";
      default -> "failure";
    };
  }

  private static BootSource open(String image, BootOptions options)
      throws IOException, CliException {
    if (!HttpBlockDevice.isRemote(image)) {
      return BootSource.open(Path.of(image), options);
    }
    java.net.URI uri;
    try {
      uri = java.net.URI.create(image);
    } catch (IllegalArgumentException e) {
      throw new CliException("not a usable URL: " + e.getMessage(), ExitCodes.USAGE);
    }
    return BootSource.open(HttpBlockDevice.open(uri, options.limits()), options);
  }

  /** The images in order; {@code -} stands for the non-empty lines of standard input. */
  private static Iterator<String> paths(Io io, List<String> images) {
    return new Iterator<>() {
      private int next;
      private BufferedReader stdin;
      private String pending;

      @Override
      public boolean hasNext() {
        while (pending == null) {
          if (stdin != null) {
            try {
              String l = stdin.readLine();
              if (l != null) {
                if (!l.isEmpty()) {
                  pending = l;
                }
                continue;
              }
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
            stdin = null;
          }
          if (next >= images.size()) {
            return false;
          }
          String i = images.get(next++);
          if (i.equals("-")) {
            stdin = new BufferedReader(new InputStreamReader(io.in(), StandardCharsets.UTF_8));
          } else {
            pending = i;
          }
        }
        return true;
      }

      @Override
      public String next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        String p = pending;
        pending = null;
        return p;
      }
    };
  }
}
