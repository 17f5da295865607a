package org.bootlace.image.vmdk;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bootlace.image.Images.qemuImg;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bootlace.CorruptImageException;
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
 * Hostile VMDK headers, tables and descriptors: hand-built bytes and fields patched in qemu-img's
 * images.
 */
class VmdkCorruptionTest {
  @TempDir static Path dir;
  static byte[] sparse;
  static long gdSector;

  /** A 2 MiB monolithicSparse disk with its first grain written. */
  @BeforeAll
  static void fixture() throws IOException {
    Path p = dir.resolve("real.vmdk");
    qemuImg("create", "-q", "-f", "vmdk", p.toString(), "2M");
    Images.qemuIo(p, "vmdk", "write -P 0x61 0 65536");
    sparse = Files.readAllBytes(p);
    gdSector = le(sparse).getLong(56);
  }

  private static ByteBuffer le(byte[] b) {
    return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
  }

  private static BlockDevice open(byte[] b) throws IOException {
    return new VmdkFormat()
        .open(
            BlockDevices.ofBytes(b, "x.vmdk"),
            new DriverContext(Limits.defaults(), new Warnings()));
  }

  @Test
  void grainTableEntryPointingAtTheHeader() throws IOException {
    byte[] b = sparse.clone();
    long gt = le(b).getInt((int) gdSector * 512);
    le(b).putInt((int) gt * 512, 1);
    try (BlockDevice d = open(b)) {
      assertThatThrownBy(() -> d.read(0, 512))
          .isInstanceOf(CorruptImageException.class)
          .hasMessage(
              "x.vmdk[vmdk]: vmdk grain table entry 0 of the table at sector "
                  + gt
                  + ": grain at sector 1 lies in the header and metadata (sectors 0 to "
                  + (le(b).getLong(64) - 1)
                  + ")");
    }
  }

  @Test
  void grainBeyondTheFile() throws IOException {
    byte[] b = sparse.clone();
    long gt = le(b).getInt((int) gdSector * 512);
    le(b).putInt((int) gt * 512, 0x100000);
    try (BlockDevice d = open(b)) {
      assertThatThrownBy(() -> d.read(0, 512))
          .isInstanceOf(CorruptImageException.class)
          .hasMessage(
              "x.vmdk[vmdk]: vmdk grain table entry 0 of the table at sector "
                  + gt
                  + ": grain at sector 1048576 is beyond the end of the file (size "
                  + b.length
                  + ")");
    }
  }

  @Test
  void bothGrainDirectoriesDamaged() {
    byte[] b = sparse.clone();
    le(b).putLong(56, 0x7fff_ffffL);
    le(b).putLong(48, 0);
    assertThatThrownBy(() -> open(b))
        .isInstanceOf(CorruptImageException.class)
        .hasMessage(
            "x.vmdk: vmdk grain directory at sector 2147483647 lies outside the file (size "
                + b.length
                + "); the redundant one is absent");
  }

  @Test
  void grainSizeNotAPowerOfTwo() {
    byte[] b = sparse.clone();
    le(b).putLong(20, 100);
    assertThatThrownBy(() -> open(b))
        .isInstanceOf(CorruptImageException.class)
        .hasMessage(
            "x.vmdk: vmdk sparse header grainSize at 0x14: 100 sectors (must be a power of two up to 2048)");
  }

  @Test
  void hugeCapacityIsBoundedByTheDirectorySize() {
    ByteBuffer h = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);
    h.putInt(0, 0x564d444b).putInt(4, 1).putLong(12, 1L << 50).putLong(20, 1).putInt(44, 1);
    assertThatThrownBy(() -> open(h.array()))
        .isInstanceOf(org.bootlace.LimitExceededException.class)
        .hasMessage(
            "limit maxMetadataBytes (67108864) exceeded: x.vmdk: vmdk grain directory of 1125899906842624 entries,"
                + " in bytes (4503599627370496) (raise it with Limits.builder().maxMetadataBytes(...))");
  }

  /** Fuzz finding: a descriptor size near 2^64 sectors overflowed into a huge allocation. */
  @Test
  void hugeEmbeddedDescriptorSize() {
    byte[] b = sparse.clone();
    le(b).putLong(36, 0xffff_fdab_f42a_cb14L);
    assertThatThrownBy(() -> open(b))
        .isInstanceOf(org.bootlace.LimitExceededException.class)
        .hasMessage(
            "limit maxMetadataBytes (67108864) exceeded: x.vmdk: vmdk embedded descriptor of 18446741513710521108"
                + " sectors (raise it with Limits.builder().maxMetadataBytes(...))");
  }

  @Test
  void flatExtentNamingAHostFileIsRefused() throws IOException {
    Path d = dir.resolve("host.vmdk");
    Files.writeString(
        d,
        "# Disk DescriptorFile\nversion=1\nCID=1\nparentCID=ffffffff\ncreateType=\"monolithicFlat\"\nRW 8 FLAT \"/etc/shadow\" 0\n");
    assertThatThrownBy(() -> Images.open(d, dir).close())
        .isInstanceOf(UnsupportedFeatureException.class)
        .hasMessage(
            "host.vmdk: extent '/etc/shadow' refused: /etc/shadow is outside the allowed directories");
    assertThatThrownBy(() -> Images.open(d).close())
        .isInstanceOf(UnsupportedFeatureException.class)
        .hasMessage(
            "host.vmdk: extent '/etc/shadow' refused: no directory is allowed for files an image names"
                + " (BootOptions.allowBackingDir, --allow-backing-dir)");
  }

  @Test
  void flatExtentShorterThanDeclared() throws IOException {
    Files.write(dir.resolve("short-flat.raw"), new byte[4096]);
    Path d = dir.resolve("short.vmdk");
    Files.writeString(d, "# Disk DescriptorFile\nRW 16 FLAT \"short-flat.raw\" 4\n");
    assertThatThrownBy(() -> Images.open(d, dir).close())
        .isInstanceOf(CorruptImageException.class)
        .hasMessage(
            "short.vmdk: vmdk descriptor line 2: flat extent short-flat.raw holds 4096 bytes, fewer than sectors 4 + 16");
  }

  @Test
  void aDiskInsideAnOvaMayNameNoOtherFile() throws IOException {
    Path sub = Files.createDirectories(dir.resolve("ova"));
    Files.writeString(sub.resolve("a.ovf"), "<Envelope/>\n");
    Files.writeString(
        sub.resolve("disk.vmdk"), "# Disk DescriptorFile\nRW 8 FLAT \"/etc/shadow\" 0\n");
    Files.write(sub.resolve("second.vmdk"), sparse);
    Path ova = dir.resolve("x.ova");
    org.bootlace.testing.Tools.run(
        "tar",
        "--format=ustar",
        "-C",
        sub.toString(),
        "-cf",
        ova.toString(),
        "a.ovf",
        "disk.vmdk",
        "second.vmdk");
    assertThatThrownBy(() -> Images.open(ova, dir).close())
        .isInstanceOf(UnsupportedFeatureException.class)
        .hasMessage(
            "the image names its extent '/etc/shadow', which is not opened: a disk inside an OVA may not name other files");
  }

  @Test
  void unsupportedExtentType() throws IOException {
    Path d = dir.resolve("cowd.vmdk");
    Files.writeString(d, "# Disk DescriptorFile\nRW 16 VMFSSPARSE \"x\"\n");
    assertThatThrownBy(() -> Images.open(d, dir).close())
        .isInstanceOf(UnsupportedFeatureException.class)
        .hasMessage(
            "cowd.vmdk: vmdk descriptor line 2: extent type VMFSSPARSE is not supported (FLAT, VMFS, SPARSE and ZERO are)");
  }

  @Test
  void extentLoopingBackToTheDescriptor() throws IOException {
    Path d = dir.resolve("self.vmdk");
    Files.writeString(d, "# Disk DescriptorFile\nRW 16 SPARSE \"self.vmdk\"\n");
    assertThatThrownBy(() -> Images.open(d, dir).close())
        .isInstanceOf(CorruptImageException.class)
        .hasMessage(
            "self.vmdk: extent 'self.vmdk' refused: "
                + d.toRealPath()
                + " is already open in this chain (a loop)");
  }

  @Test
  void compressedGrainMarkerForAnotherGrain() throws IOException {
    Path so = dir.resolve("so.vmdk");
    qemuImg("create", "-q", "-f", "raw", dir.resolve("so.raw").toString(), "1M");
    Images.qemuIo(dir.resolve("so.raw"), "raw", "write -P 0x33 0 1M");
    qemuImg(
        "convert",
        "-f",
        "raw",
        "-O",
        "vmdk",
        "-o",
        "subformat=streamOptimized",
        dir.resolve("so.raw").toString(),
        so.toString());
    byte[] b = Files.readAllBytes(so);
    long gd = le(b).getLong(56);
    long gt = le(b).getInt((int) gd * 512);
    long grain = le(b).getInt((int) gt * 512);
    le(b).putLong((int) grain * 512, 128);
    try (BlockDevice d = open(b)) {
      assertThatThrownBy(() -> d.read(0, 512))
          .isInstanceOf(CorruptImageException.class)
          .hasMessage(
              "x.vmdk[vmdk]: vmdk compressed grain 0 at sector " + grain + ": marker lba 128 != 0");
    }
  }
}
