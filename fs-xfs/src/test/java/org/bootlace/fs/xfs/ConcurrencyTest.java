package org.bootlace.fs.xfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bootlace.testing.OpenedFs;
import org.bootlace.testing.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One open filesystem shared by threads: lookups, listings and reads agree with one thread's. */
class ConcurrencyTest {
  @Test
  void threadsShareOneFilesystem(@TempDir Path tmp) throws Exception {
    Path src = Files.createDirectories(tmp.resolve("src"));
    for (int i = 0; i < 400; i++) {
      Tools.write(
          src,
          String.format(java.util.Locale.ROOT, "dir/file-with-a-long-name-%03d", i),
          ("f" + i).repeat(500));
    }
    Path image = XfsImages.mkfs(src, tmp.resolve("c.img"), 32 << 20);
    try (OpenedFs o = XfsImages.open(image)) {
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<Integer>> results = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
          int start = t;
          results.add(
              pool.submit(
                  () -> {
                    int ok = 0;
                    for (int i = start; i < 400; i += 4) {
                      String name =
                          String.format(
                              java.util.Locale.ROOT, "/dir/file-with-a-long-name-%03d", i);
                      if (new String(o.read(name), StandardCharsets.UTF_8)
                              .equals(("f" + i).repeat(500))
                          && o.fs.list(o.node("/dir")).size() == 400) {
                        ok++;
                      }
                    }
                    return ok;
                  }));
        }
        int total = 0;
        for (Future<Integer> f : results) {
          total += f.get();
        }
        assertThat(total).isEqualTo(400);
      } finally {
        pool.shutdownNow();
      }
    }
  }
}
