package com.example.toolstack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectBootTest {
  @TempDir Path dir;

  @Test
  void theSampleImageBootsItsSingleUserEntry() throws Exception {
    Path kernel = dir.resolve("vmlinuz");
    String args =
        DirectBoot.prepare(
            Path.of("..", "sample", "sample.img"),
            "Debian GNU/Linux, kernel 6.1.0-sample (single-user mode)",
            kernel);
    assertEquals("root=/dev/xvda2 ro console=hvc0 single", args);
    assertEquals(200036, Files.size(kernel));
  }
}
