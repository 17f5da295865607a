package org.bootlace.benchmarks;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import org.bootlace.BootSource;
import org.bootlace.GuestFile;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Copying a kernel out of an ext4 image, against the same number of bytes read straight from the
 * image file: "disk speed" is the baseline. The image is built by {@code benchmarks/run.sh} with
 * mkfs.ext4 -d (a {@code /boot/vmlinuz} of the given size).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CopyKernelBenchmark {
  @Param("benchmarks/target/bench-kernel.img")
  public String kernelImage;

  private BootSource source;
  private GuestFile kernel;
  private Path out;
  private FileChannel raw;

  @Setup(Level.Trial)
  public void open() throws IOException {
    source = BootSource.open(Path.of(kernelImage));
    kernel = source.volume(0).orElseThrow().open("/boot/vmlinuz");
    raw = FileChannel.open(Path.of(kernelImage));
    out = Files.createTempFile("bench-kernel", ".out");
  }

  @TearDown(Level.Trial)
  public void close() throws IOException {
    source.close();
    raw.close();
    Files.deleteIfExists(out);
  }

  /** bootlace: the kernel through the ext4 extent map into a file. */
  @Benchmark
  public long copyKernel() throws IOException {
    try (FileChannel ch =
        FileChannel.open(out, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
      kernel.writeTo(ch);
      return ch.size();
    }
  }

  /** Baseline: as many bytes read sequentially from the image file and written the same way. */
  @Benchmark
  public long copyRawBytes() throws IOException {
    try (FileChannel ch =
        FileChannel.open(out, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);
      long left = kernel.size();
      long at = 0;
      while (left > 0) {
        buf.clear();
        if (left < buf.capacity()) {
          buf.limit((int) left);
        }
        int n = raw.read(buf, at);
        buf.flip();
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        at += n;
        left -= n;
      }
      return ch.size();
    }
  }
}
