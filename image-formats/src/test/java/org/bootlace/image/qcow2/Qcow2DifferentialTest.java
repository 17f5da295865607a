package org.bootlace.image.qcow2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bootlace.image.Images.assertSameAsQemu;
import static org.bootlace.image.Images.qemuImg;
import static org.bootlace.image.Images.qemuIo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bootlace.image.Images;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * qcow2 images made by qemu-img in every shape it writes, each read whole through bootlace and
 * compared with {@code qemu-img convert -O raw} of the same image, and at random odd ranges.
 */
class Qcow2DifferentialTest {
  @TempDir static Path dir;
  static Path source;

  @BeforeAll
  static void source() throws IOException {
    source = Images.sourceDisk(dir, "source.raw", 6, 11);
  }

  private Path convert(String name, String... options) {
    Path out = dir.resolve(name);
    String[] args = new String[options.length + 6];
    args[0] = "convert";
    args[1] = "-f";
    args[2] = "raw";
    args[3] = "-O";
    args[4] = "qcow2";
    System.arraycopy(options, 0, args, 5, options.length);
    args[args.length - 1] = source.toString();
    String[] full = java.util.Arrays.copyOf(args, args.length + 1);
    full[full.length - 1] = out.toString();
    qemuImg(full);
    return out;
  }

  @Test
  void version3DefaultClusters() throws IOException {
    assertThat(assertSameAsQemu(convert("v3.qcow2"), dir)).isEqualTo("qcow2");
  }

  @Test
  void version2() throws IOException {
    Path p = convert("v2.qcow2", "-o", "compat=0.10");
    try (Images.Opened o = Images.open(p)) {
      assertThat(((Qcow2Disk) o.disk()).version()).isEqualTo(2);
    }
    assertSameAsQemu(p, dir);
  }

  @Test
  void zlibCompressed() throws IOException {
    assertSameAsQemu(convert("zlib.qcow2", "-c"), dir);
  }

  @Test
  void zstdCompressed() throws IOException {
    assertSameAsQemu(convert("zstd.qcow2", "-c", "-o", "compression_type=zstd"), dir);
  }

  @Test
  void smallClusters() throws IOException {
    assertSameAsQemu(convert("c512.qcow2", "-o", "cluster_size=512"), dir);
  }

  @Test
  void largeClustersCompressed() throws IOException {
    assertSameAsQemu(convert("c2m.qcow2", "-c", "-o", "cluster_size=2M"), dir);
  }

  @Test
  void extendedL2Subclusters() throws IOException {
    Path p = convert("ext.qcow2", "-o", "extended_l2=on,cluster_size=128k");
    // Partial writes leave subclusters allocated, zero and unallocated in one cluster.
    qemuIo(p, "qcow2", "write -P 0x5a 131072 4096");
    qemuIo(p, "qcow2", "write -z 200704 8192");
    assertSameAsQemu(p, dir);
  }

  @Test
  void externalDataFile() throws IOException {
    Path data = dir.resolve("ext-data.raw");
    Path p = convert("datafile.qcow2", "-o", "data_file=" + data);
    assertSameAsQemu(p, dir, dir);
  }

  @Test
  void backingChainWithZeroClustersAndOverwrites() throws IOException {
    Path base = convert("base.qcow2", "-c");
    Path mid = dir.resolve("mid.qcow2");
    qemuImg("create", "-q", "-f", "qcow2", "-b", "base.qcow2", "-F", "qcow2", mid.toString());
    qemuIo(mid, "qcow2", "write -P 0xab 1048576 65536");
    Path top = dir.resolve("top.qcow2");
    qemuImg(
        "create", "-q", "-f", "qcow2", "-b", mid.toString(), "-F", "qcow2", top.toString(), "8M");
    qemuIo(top, "qcow2", "write -z 0 131072");
    qemuIo(top, "qcow2", "write -P 0x11 3000000 5000");
    qemuIo(top, "qcow2", "write -P 0x22 7340032 4096");
    assertSameAsQemu(top, dir, dir);
  }

  @Test
  void rawBackingFile() throws IOException {
    Path top = dir.resolve("over-raw.qcow2");
    qemuImg("create", "-q", "-f", "qcow2", "-b", "source.raw", "-F", "raw", top.toString());
    qemuIo(top, "qcow2", "write -P 0x33 65536 65536");
    assertSameAsQemu(top, dir, dir);
  }

  @Test
  void internalSnapshotsListedActiveStateRead() throws IOException {
    Path p = convert("snap.qcow2");
    qemuImg("snapshot", "-c", "before-update", p.toString());
    qemuIo(p, "qcow2", "write -P 0x77 0 65536");
    assertSameAsQemu(p, dir);
    try (Images.Opened o = Images.open(p)) {
      assertThat(((Qcow2Disk) o.disk()).snapshots())
          .extracting(Qcow2Snapshot::name)
          .containsExactly("before-update");
      assertThat(o.warnings().list())
          .containsExactly(
              "snap.qcow2: qcow2 has 1 internal snapshot(s) [before-update]; the active state is read");
    }
  }

  @Test
  void dirtyBitIsAWarning() throws IOException {
    Path p = convert("dirty.qcow2");
    Files.copy(p, dir.resolve("dirty-copy.qcow2"));
    org.bootlace.testing.Tools.patch(p, 0x4f, (byte) 1);
    try (Images.Opened o = Images.open(p)) {
      assertThat(o.warnings().list())
          .containsExactly(
              "dirty.qcow2: qcow2 dirty bit set (not closed cleanly; refcounts may be stale, data is read as it is)");
      assertThat(Images.sha256(o.disk()))
          .isEqualTo(Images.qemuSha256(dir.resolve("dirty-copy.qcow2"), dir));
    }
  }
}
