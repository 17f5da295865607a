package org.bootlace.image.vmdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bootlace.image.Images.assertSameAsQemu;
import static org.bootlace.image.Images.qemuImg;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.bootlace.image.Images;
import org.bootlace.testing.Tools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * VMDK disks of every subformat qemu-img writes, read whole through bootlace and compared with
 * qemu-img's raw conversion; an OVA holding one, read in place; a streamOptimized disk with its
 * grain directory at the end (as VMware writes them) and a damaged primary grain directory.
 */
class VmdkDifferentialTest {
  @TempDir static Path dir;
  static Path source;

  @BeforeAll
  static void source() throws IOException {
    source = Images.sourceDisk(dir, "source.raw", 5, 23);
  }

  private static Path convert(String name, String subformat) {
    Path out = dir.resolve(name);
    qemuImg(
        "convert",
        "-f",
        "raw",
        "-O",
        "vmdk",
        "-o",
        "subformat=" + subformat,
        source.toString(),
        out.toString());
    return out;
  }

  @Test
  void monolithicSparse() throws IOException {
    assertThat(assertSameAsQemu(convert("ms.vmdk", "monolithicSparse"), dir)).isEqualTo("vmdk");
  }

  @Test
  void streamOptimized() throws IOException {
    assertSameAsQemu(convert("so.vmdk", "streamOptimized"), dir);
  }

  @Test
  void monolithicFlatFollowsItsExtentInAnAllowedDirectory() throws IOException {
    assertSameAsQemu(convert("mf.vmdk", "monolithicFlat"), dir, dir);
  }

  @Test
  void twoGbMaxExtentSparse() throws IOException {
    assertSameAsQemu(convert("tgs.vmdk", "twoGbMaxExtentSparse"), dir, dir);
  }

  @Test
  void twoGbMaxExtentFlat() throws IOException {
    assertSameAsQemu(convert("tgf.vmdk", "twoGbMaxExtentFlat"), dir, dir);
  }

  @Test
  void descriptorWithZeroExtent() throws IOException {
    Path flat = convert("zx.vmdk", "monolithicFlat");
    String text = Files.readString(flat);
    Files.writeString(
        flat, text.replace("# The Disk Data Base", "RW 2048 ZERO\n\n# The Disk Data Base"));
    try (Images.Opened o = Images.open(flat, dir)) {
      assertThat(o.disk().size()).isEqualTo((5L << 20) + 2048 * 512);
      assertThat(o.disk().read(5L << 20, 4096)).containsOnly(0);
      assertThat(Images.sha256(o.disk().read(0, 5 << 20)))
          .isEqualTo(Images.sha256(Files.readAllBytes(source)));
    }
  }

  @Test
  void childOfASparseParent() throws IOException {
    Path base = convert("parent.vmdk", "monolithicSparse");
    Path child = dir.resolve("child.vmdk");
    qemuImg(
        "create",
        "-q",
        "-f",
        "vmdk",
        "-b",
        base.getFileName().toString(),
        "-F",
        "vmdk",
        child.toString());
    Images.qemuIo(child, "vmdk", "write -P 0x42 1048576 65536");
    assertSameAsQemu(child, dir, dir);
  }

  @Test
  void ovaIsReadInPlace() throws IOException {
    Path disk = convert("disk1.vmdk", "streamOptimized");
    Path ovf = Tools.write(dir, "appliance.ovf", "<?xml version=\"1.0\"?><Envelope/>\n");
    Path ova = dir.resolve("appliance.ova");
    Tools.run(
        "tar",
        "--format=ustar",
        "-C",
        dir.toString(),
        "-cf",
        ova.toString(),
        "appliance.ovf",
        "disk1.vmdk");
    try (Images.Opened o = Images.open(ova)) {
      assertThat(o.format()).isEqualTo("ova");
      assertThat(Images.sha256(o.disk())).isEqualTo(Images.qemuSha256(disk, dir));
    }
    assertThat(ovf).exists();
  }

  @Test
  void streamOptimizedWithTheGrainDirectoryAtTheEnd() throws IOException {
    Path so = convert("atend.vmdk", "streamOptimized");
    String want = Images.qemuSha256(so, dir);
    byte[] header = Tools.read(so, 0, 512);
    // As VMware writes them: gdOffset GD_AT_END in the header, then a footer marker, the footer
    // (the header with the real offset) and the end-of-stream marker at the end of the file.
    long size = Files.size(so);
    ByteBuffer tail = ByteBuffer.allocate(1536).order(ByteOrder.LITTLE_ENDIAN);
    tail.putLong(0, 1).putInt(8, 0).putInt(12, 3); // footer marker: numSectors 1, type 3
    tail.put(512, header);
    try (var ch = java.nio.channels.FileChannel.open(so, StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap(tail.array()), size);
    }
    Tools.patch(
        so,
        56,
        (byte) 0xff,
        (byte) 0xff,
        (byte) 0xff,
        (byte) 0xff,
        (byte) 0xff,
        (byte) 0xff,
        (byte) 0xff,
        (byte) 0xff);
    try (Images.Opened o = Images.open(so)) {
      assertThat(Images.sha256(o.disk())).isEqualTo(want);
    }
  }

  @Test
  void damagedPrimaryGrainDirectoryFallsBackToTheRedundantOne() throws IOException {
    Path ms = convert("rgd.vmdk", "monolithicSparse");
    String want = Images.qemuSha256(ms, dir);
    long gd = ByteBuffer.wrap(Tools.read(ms, 56, 8)).order(ByteOrder.LITTLE_ENDIAN).getLong();
    Tools.patch(ms, gd * 512, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0x7f);
    try (Images.Opened o = Images.open(ms)) {
      assertThat(Images.sha256(o.disk())).isEqualTo(want);
      assertThat(o.warnings().list())
          .containsExactly(
              "rgd.vmdk: vmdk grain directory entry 0 at sector "
                  + gd
                  + " points at sector 2147483647 beyond the end of the file; the redundant grain directory is used");
    }
  }
}
