package org.bootlace.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.bootlace.BootRecord;
import org.bootlace.BootSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a toolstack pays per guest start when bootlace runs in its process: open the image, read the
 * partition table and filesystem metadata, evaluate the configuration, stat the kernel.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ResolveBenchmark {
  /** The image to resolve; the README's sample by default. */
  @Param("examples/sample/sample.img")
  public String image;

  @Benchmark
  public BootRecord openAndResolve() throws IOException {
    try (BootSource source = BootSource.open(Path.of(image))) {
      return source.resolveBoot();
    }
  }
}
