package org.bootlace.image.qcow2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bootlace.image.Images.qemuImg;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bootlace.CorruptImageException;
import org.bootlace.LimitExceededException;
import org.bootlace.Limits;
import org.bootlace.UnsupportedFeatureException;
import org.bootlace.block.BlockDevice;
import org.bootlace.block.BlockDevices;
import org.bootlace.image.Images;
import org.bootlace.spi.DriverContext;
import org.bootlace.spi.Warnings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile qcow2 headers and tables: hand-built bytes, and one field patched in a qemu-img image.
 */
class Qcow2CorruptionTest {
  @TempDir static Path dir;
  static byte[] real;

  /**
   * A 4 MiB image, 64 KiB clusters, its first cluster of data written: header, L1, refcounts, L2,
   * data.
   */
  @BeforeAll
  static void fixture() throws IOException {
    Path p = dir.resolve("real.qcow2");
    qemuImg("create", "-q", "-f", "qcow2", p.toString(), "4M");
    Images.qemuIo(p, "qcow2", "write -P 0x61 0 65536");
    real = Files.readAllBytes(p);
  }

  private static BlockDevice openBytes(byte[] b, Limits limits) throws IOException {
    BlockDevice file = BlockDevices.ofBytes(b, "x.qcow2");
    return new Qcow2Format().open(file, new DriverContext(limits, new Warnings()));
  }

  private static BlockDevice openBytes(byte[] b) throws IOException {
    return openBytes(b, Limits.defaults());
  }

  private static byte[] patched(int offset, long value, int width) {
    byte[] b = real.clone();
    for (int i = 0; i < width; i++) {
      b[offset + i] = (byte) (value >>> (8 * (width - 1 - i)));
    }
    return b;
  }

  /** A minimal version 3 header: 64 KiB clusters, 1 MiB, L1 of one entry at 0x10000. */
  static byte[] handBuilt() {
    ByteBuffer b = ByteBuffer.allocate(3 << 16);
    b.putInt(0, 0x514649fb).putInt(4, 3).putInt(20, 16).putLong(24, 1 << 20);
    b.putInt(36, 1).putLong(40, 0x10000).putInt(96, 4).putInt(100, 104);
    return b.array();
  }

  @Test
  void realFixtureReads() throws IOException {
    try (BlockDevice d = openBytes(real)) {
      assertThat(d.read(0, 4)).containsOnly(0x61);
      assertThat(d.read(65536, 4)).containsOnly(0);
    }
  }

  @Test
  void handBuiltEmptyImageReadsZeros() throws IOException {
    try (BlockDevice d = openBytes(handBuilt())) {
      assertThat(d.size()).isEqualTo(1 << 20);
      assertThat(d.read(12345, 100)).containsOnly(0);
    }
  }

  @Test
  void clusterBitsOutOfRange() {
    assertThatThrownBy(() -> openBytes(patched(20, 30, 4)))
        .isInstanceOf(CorruptImageException.class)
        .hasMessage("x.qcow2: qcow2 header cluster_bits at 0x14: 30 is outside 9..21");
    byte[] h = handBuilt();
    h[23] = 8;
    assertThatThrownBy(() -> openBytes(h))
        .isInstanceOf(CorruptImageException.class)
        .hasMessage("x.qcow2: qcow2 header cluster_bits at 0x14: 8 is outside 9..21");
  }

  @Test
  void hugeL1IsALimit() {
    assertThatThrownBy(() -> openBytes(patched(36, 0xffff_ffffL, 4)))
        .isInstanceOf(LimitExceededException.class)
        .hasMessage(
            "limit maxMetadataBytes (67108864) exceeded: x.qcow2: qcow2 L1 table of 4294967295 entries,"
                + " in bytes (34359738360) (raise it with Limits.builder().maxMetadataBytes(...))");
  }

  @Test
  void l1TooSmallForTheVirtualSize() {
    byte[] h = handBuilt();
    ByteBuffer.wrap(h).putLong(24, 1L << 40);
    assertThatThrownBy(() -> openBytes(h))
        .isInstanceOf(CorruptImageException.class)
        .hasMessage(
            "x.qcow2: qcow2 header l1_size at 0x24: 1 entries cannot map the virtual size 1099511627776 (needs 2048)");
  }

  @Test
  void l1BeyondTheFile() {
    assertThatThrownBy(() -> openBytes(patched(40, 0x7000_0000L, 8)))
        .isInstanceOf(CorruptImageException.class)
        .hasMessage(
            "x.qcow2: qcow2 header l1_table_offset at 0x28: 0x70000000 + 8 bytes is beyond the end of the file (size "
                + real.length
                + ")");
  }

  @Test
  void l2TableBeyondTheFile() throws IOException {
    long l1Offset = ByteBuffer.wrap(real).getLong(40);
    byte[] b = patched((int) l1Offset, 0x8000_0000_7000_0000L, 8);
    try (BlockDevice d = openBytes(b)) {
      assertThatThrownBy(() -> d.read(0, 512))
          .isInstanceOf(CorruptImageException.class)
          .hasMessage(
              "x.qcow2: qcow2 L1 entry 0: L2 table at 0x70000000 is beyond the end of the file (size "
                  + real.length
                  + ")");
    }
  }

  @Test
  void dataClusterBeyondTheFile() throws IOException {
    long l1Offset = ByteBuffer.wrap(real).getLong(40);
    long l2 = ByteBuffer.wrap(real).getLong((int) l1Offset) & 0x00ff_ffff_ffff_fe00L;
    byte[] b = patched((int) l2, 0x8000_0000_7000_0000L, 8);
    try (BlockDevice d = openBytes(b)) {
      assertThatThrownBy(() -> d.read(0, 512))
          .isInstanceOf(CorruptImageException.class)
          .hasMessage(
              "x.qcow2: qcow2 guest offset 0x0: data at 0x70000000 is beyond the end of the file (size "
                  + real.length
                  + ")");
    }
  }

  @Test
  void unalignedDataCluster() throws IOException {
    long l1Offset = ByteBuffer.wrap(real).getLong(40);
    long l2 = ByteBuffer.wrap(real).getLong((int) l1Offset) & 0x00ff_ffff_ffff_fe00L;
    byte[] b = patched((int) l2, 0x8000_0000_0003_0200L, 8);
    try (BlockDevice d = openBytes(b)) {
      assertThatThrownBy(() -> d.read(0, 512))
          .isInstanceOf(CorruptImageException.class)
          .hasMessage(
              "x.qcow2: qcow2 L2 entry 0 of the table at "
                  + org.bootlace.binary.Checks.hex(l2)
                  + ": cluster offset 0x30200 is not cluster aligned");
    }
  }

  @Test
  void compressedClusterInTheHeader() throws IOException {
    long l1Offset = ByteBuffer.wrap(real).getLong(40);
    long l2 = ByteBuffer.wrap(real).getLong((int) l1Offset) & 0x00ff_ffff_ffff_fe00L;
    byte[] b = patched((int) l2, 0x4000_0000_0000_0100L, 8);
    try (BlockDevice d = openBytes(b)) {
      assertThatThrownBy(() -> d.read(0, 512))
          .isInstanceOf(CorruptImageException.class)
          .hasMessage(
              "x.qcow2: qcow2 L2 entry 0 of the table at "
                  + org.bootlace.binary.Checks.hex(l2)
                  + ": compressed data at 0x100 overlaps the header");
    }
  }

  @Test
  void garbageCompressedData() throws IOException {
    long l1Offset = ByteBuffer.wrap(real).getLong(40);
    long l2 = ByteBuffer.wrap(real).getLong((int) l1Offset) & 0x00ff_ffff_ffff_fe00L;
    // Point cluster 0 at the L1 table's cluster as if it held 1 sector of deflate data.
    byte[] b = patched((int) l2, 0x4000_0000_0000_0000L | l1Offset, 8);
    try (BlockDevice d = openBytes(b)) {
      assertThatThrownBy(() -> d.read(0, 512))
          .isInstanceOf(CorruptImageException.class)
          .hasMessageStartingWith(
              "x.qcow2: qcow2 compressed cluster for guest cluster 0 at "
                  + org.bootlace.binary.Checks.hex(l1Offset)
                  + ": ");
    }
  }

  @Test
  void versionFourIsUnsupported() {
    assertThatThrownBy(() -> openBytes(patched(4, 4, 4)))
        .isInstanceOf(UnsupportedFeatureException.class)
        .hasMessage("x.qcow2: qcow2 header version at 0x4: 4 (only 2 and 3 are supported)");
  }

  @Test
  void unknownIncompatibleFeatureIsNamed() {
    assertThatThrownBy(() -> openBytes(patched(72, 0x100, 8)))
        .isInstanceOf(UnsupportedFeatureException.class)
        .hasMessage("x.qcow2: qcow2 header incompatible_features at 0x48: unknown bits 0x100");
  }

  @Test
  void encryptionIsRefusedClearly() {
    // (qemu-img makes LUKS images only after a key-derivation benchmark of seconds; the field is
    // what bootlace reads, so it is patched.)
    assertThatThrownBy(() -> openBytes(patched(32, 2, 4)))
        .isInstanceOf(UnsupportedFeatureException.class)
        .hasMessage(
            "x.qcow2: qcow2 header crypt_method at 0x20: 2 (LUKS): encrypted images are not supported");
    byte[] h = handBuilt();
    h[35] = 1;
    assertThatThrownBy(() -> openBytes(h))
        .isInstanceOf(UnsupportedFeatureException.class)
        .hasMessage(
            "x.qcow2: qcow2 header crypt_method at 0x20: 1 (AES): encrypted images are not supported");
  }

  @Test
  void corruptBitIsAWarning() throws IOException {
    Warnings w = new Warnings();
    new Qcow2Format()
        .open(
            BlockDevices.ofBytes(patched(72, 2, 8), "x.qcow2"),
            new DriverContext(Limits.defaults(), w))
        .close();
    assertThat(w.list())
        .containsExactly(
            "x.qcow2: qcow2 corrupt bit set (qemu found an inconsistency in this image; read anyway)");
  }

  @Test
  void truncatedFile() {
    byte[] b = java.util.Arrays.copyOf(real, 0x30000);
    assertThatThrownBy(() -> openBytes(b).read(0, 512)).isInstanceOf(CorruptImageException.class);
  }

  @Test
  void backingNameOutsideTheHeaderCluster() {
    byte[] b = patched(8, 0x20000, 8);
    b[19] = 10;
    assertThatThrownBy(() -> openBytes(b))
        .isInstanceOf(CorruptImageException.class)
        .hasMessage(
            "x.qcow2: qcow2 header backing_file_offset at 0x8: 0x20000 + 10 bytes is outside the header cluster");
  }

  @Test
  void backingNamedInAByteArrayImageIsNotOpened() throws IOException {
    Path p = dir.resolve("over.qcow2");
    qemuImg(
        "create", "-q", "-f", "qcow2", "-u", "-b", "base.qcow2", "-F", "qcow2", p.toString(), "1M");
    assertThatThrownBy(() -> openBytes(Files.readAllBytes(p)))
        .isInstanceOf(UnsupportedFeatureException.class)
        .hasMessage(
            "the image names its backing file 'base.qcow2', which is not opened: no image directory was allowed");
  }

  @Test
  void linearAtMegabyteL1() throws IOException {
    // 64 GiB of 512-byte clusters: an L1 table of 2 Mi entries (16 MiB), read and used quickly.
    Path p = dir.resolve("big.qcow2");
    qemuImg("create", "-q", "-f", "qcow2", "-o", "cluster_size=512", p.toString(), "64G");
    long t = System.nanoTime();
    try (Images.Opened o = Images.open(p)) {
      assertThat(o.disk().read(o.disk().size() - 4096, 4096)).containsOnly(0);
    }
    assertThat((System.nanoTime() - t) / 1_000_000).isLessThan(5000);
  }
}
