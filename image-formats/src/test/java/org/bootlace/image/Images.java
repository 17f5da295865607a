package org.bootlace.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.bootlace.Limits;
import org.bootlace.block.BlockDevice;
import org.bootlace.block.BlockDevices;
import org.bootlace.internal.Deadline;
import org.bootlace.spi.DriverContext;
import org.bootlace.spi.Drivers;
import org.bootlace.spi.ImageFormat;
import org.bootlace.spi.Warnings;
import org.bootlace.testing.Tools;

/** Test helpers: qemu-img, opening an image as bootlace does, whole-disk comparisons. */
public final class Images {
  private Images() {}

  /** Runs qemu-img (Debian package qemu-utils). */
  public static String qemuImg(String... args) {
    String[] cmd = new String[args.length + 1];
    cmd[0] = "qemu-img";
    System.arraycopy(args, 0, cmd, 1, args.length);
    return Tools.run(cmd);
  }

  /** Runs qemu-io (Debian package qemu-utils) with one command on a writable image. */
  public static String qemuIo(Path image, String format, String command) {
    return Tools.run("qemu-io", "-f", format, "-c", command, image.toString());
  }

  /**
   * A raw disk of {@code mib} MiB with every kind of content a converter treats differently: random
   * bytes, text (compressible), zero runs and partly written clusters.
   */
  public static Path sourceDisk(Path dir, String name, int mib, long seed) throws IOException {
    byte[] d = new byte[mib << 20];
    Random r = new Random(seed);
    for (int chunk = 0; chunk < d.length / 65536; chunk++) {
      int at = chunk * 65536;
      switch (chunk % 5) {
        case 0 -> {
          byte[] b = new byte[65536];
          r.nextBytes(b);
          System.arraycopy(b, 0, d, at, b.length);
        }
        case 1 -> {
          byte[] t =
              ("chunk " + chunk + " of a compressible text line\n")
                  .getBytes(StandardCharsets.UTF_8);
          for (int i = 0; i + t.length <= 65536; i += t.length) {
            System.arraycopy(t, 0, d, at + i, t.length);
          }
        }
        case 2 -> {} // zeros
        case 3 -> {
          byte[] b = new byte[700];
          r.nextBytes(b);
          System.arraycopy(b, 0, d, at + 4096 + chunk, b.length);
        }
        default -> d[at + 65535] = (byte) chunk;
      }
    }
    Path p = dir.resolve(name);
    Files.write(p, d);
    return p;
  }

  /** The image's contents as qemu sees them: qemu-img convert -O raw, then sha256. */
  public static String qemuSha256(Path image, Path scratch) throws IOException {
    Path raw = scratch.resolve(image.getFileName() + ".ref.raw");
    qemuImg("convert", "-O", "raw", image.toString(), raw.toString());
    try {
      return sha256(Files.readAllBytes(raw));
    } finally {
      Files.deleteIfExists(raw);
    }
  }

  public static String sha256(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  /** sha256 of the whole device, read in 1 MiB pieces. */
  public static String sha256(BlockDevice dev) throws IOException {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[1 << 20];
      for (long at = 0; at < dev.size(); at += buf.length) {
        int n = (int) Math.min(buf.length, dev.size() - at);
        dev.read(at, ByteBuffer.wrap(buf, 0, n));
        md.update(buf, 0, n);
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  /** An opened image: the virtual disk, the format that decoded it, the warnings. */
  public record Opened(BlockDevice disk, String format, Warnings warnings, BlockDevice file)
      implements AutoCloseable {
    @Override
    public void close() throws IOException {
      try {
        disk.close();
      } finally {
        file.close();
      }
    }
  }

  /** Opens {@code image} as BootSource does, allowing files in {@code allowed}. */
  public static Opened open(Path image, Limits limits, Path... allowed) throws IOException {
    BlockDevice file = BlockDevices.open(image);
    try {
      Warnings w = new Warnings();
      DriverContext ctx =
          new DriverContext(
              limits,
              w,
              AllowedDirectories.forImage(image, List.of(allowed), limits, new Deadline()));
      for (ImageFormat f : Drivers.discover().imageFormats()) {
        if (f.probe(file).matched()) {
          return new Opened(f.open(file, ctx), f.name(), w, file);
        }
      }
      throw new AssertionError("no format");
    } catch (IOException | RuntimeException e) {
      file.close();
      throw e;
    }
  }

  /** Opens an image on {@code file} (a remote one, say) that may name no other file. */
  public static Opened open(BlockDevice file) throws IOException {
    Warnings w = new Warnings();
    DriverContext ctx = new DriverContext(Limits.defaults(), w);
    for (ImageFormat f : Drivers.discover().imageFormats()) {
      if (f.probe(file).matched()) {
        return new Opened(f.open(file, ctx), f.name(), w, file);
      }
    }
    throw new AssertionError("no format");
  }

  public static Opened open(Path image, Path... allowed) throws IOException {
    return open(image, Limits.defaults(), allowed);
  }

  /**
   * Asserts that {@code image} read through bootlace equals qemu's raw conversion as a whole, and
   * at 200 random odd offsets and lengths; returns the opened image's format.
   */
  public static String assertSameAsQemu(Path image, Path scratch, Path... allowed)
      throws IOException {
    return assertSameAsQemu(null, image, scratch, allowed);
  }

  /**
   * As {@link #assertSameAsQemu(Path, Path, Path...)}, telling qemu the format (qemu probes a fixed
   * VHD, whose only signature is its footer, as raw).
   */
  public static String assertSameAsQemu(
      String qemuFormat, Path image, Path scratch, Path... allowed) throws IOException {
    Path raw = scratch.resolve(image.getFileName() + ".ref.raw");
    if (qemuFormat == null) {
      qemuImg("convert", "-O", "raw", image.toString(), raw.toString());
    } else {
      qemuImg("convert", "-f", qemuFormat, "-O", "raw", image.toString(), raw.toString());
    }
    try (Opened o = open(image, allowed)) {
      byte[] ref = Files.readAllBytes(raw);
      assertThat(o.disk().size()).as("virtual size").isEqualTo(ref.length);
      assertThat(sha256(o.disk())).as("sha256 of the whole disk").isEqualTo(sha256(ref));
      Random r = new Random(image.getFileName().toString().hashCode());
      for (int i = 0; i < 200; i++) {
        int len = 1 + r.nextInt(300_000);
        long at = (long) (r.nextDouble() * Math.max(1, ref.length - len));
        byte[] got = o.disk().read(at, Math.min(len, ref.length));
        byte[] want = java.util.Arrays.copyOfRange(ref, (int) at, (int) at + got.length);
        assertThat(got).as("read of %d bytes at %d", got.length, at).isEqualTo(want);
      }
      return o.format();
    } finally {
      Files.deleteIfExists(raw);
    }
  }

  public static void uncheck(IOException e) {
    throw new UncheckedIOException(e);
  }
}
