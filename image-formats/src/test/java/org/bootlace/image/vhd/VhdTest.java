package org.bootlace.image.vhd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bootlace.image.Images.assertSameAsQemu;
import static org.bootlace.image.Images.qemuImg;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.bootlace.CorruptImageException;
import org.bootlace.LimitExceededException;
import org.bootlace.UnsupportedFeatureException;
import org.bootlace.image.Images;
import org.bootlace.testing.Tools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * VHD disks made by qemu-img (fixed and dynamic) compared whole with its raw conversion; a
 * differencing disk built from one (qemu does not write those) compared with its expected content;
 * damaged footers and hostile headers.
 */
class VhdTest {
  @TempDir static Path dir;
  static Path source;

  @BeforeAll
  static void source() throws IOException {
    source = Images.sourceDisk(dir, "source.raw", 5, 31);
  }

  private static Path convert(String name, String subformat) {
    Path out = dir.resolve(name);
    qemuImg(
        "convert",
        "-f",
        "raw",
        "-O",
        "vpc",
        "-o",
        "subformat=" + subformat,
        source.toString(),
        out.toString());
    return out;
  }

  @Test
  void dynamic() throws IOException {
    assertThat(assertSameAsQemu(convert("dyn.vhd", "dynamic"), dir)).isEqualTo("vhd");
  }

  @Test
  void fixed() throws IOException {
    assertThat(assertSameAsQemu("vpc", convert("fixed.vhd", "fixed"), dir)).isEqualTo("vhd");
  }

  @Test
  void forcedCurrentSize() throws IOException {
    Path p = dir.resolve("force.vhd");
    qemuImg(
        "convert",
        "-f",
        "raw",
        "-O",
        "vpc",
        "-o",
        "subformat=dynamic,force_size=on",
        source.toString(),
        p.toString());
    assertSameAsQemu(p, dir);
  }

  @Test
  void damagedFooterFallsBackToTheCopyAtTheStart() throws IOException {
    Path p = convert("damaged.vhd", "dynamic");
    String want = Images.qemuSha256(p, dir);
    long end = Files.size(p) - 512;
    byte[] footer = Tools.read(p, end, 512);
    // One bit of the unique id flipped: the checksum no longer matches (a fixed byte written there
    // changed nothing when the random id already held it).
    Tools.patch(p, end + 70, (byte) (footer[70] ^ 1));
    try (Images.Opened o = Images.open(p)) {
      assertThat(Images.sha256(o.disk())).isEqualTo(want);
      assertThat(o.warnings().list()).hasSize(1);
      assertThat(o.warnings().list().get(0))
          .startsWith(
              "damaged.vhd: vhd footer at 0x" + Long.toHexString(end) + ": checksum at 0x40: ")
          .endsWith("; the copy at 0x0 is used");
    }
  }

  @Test
  void fixedDiskWithADamagedFooterHasNoCopy() throws IOException {
    Path p = convert("fixed-damaged.vhd", "fixed");
    long end = Files.size(p) - 512;
    byte[] footer = Tools.read(p, end, 512);
    Tools.patch(p, end + 70, (byte) (footer[70] ^ 1));
    assertThatThrownBy(() -> Images.open(p).close())
        .isInstanceOf(CorruptImageException.class)
        .hasMessageStartingWith(
            "fixed-damaged.vhd: vhd footer at 0x" + Long.toHexString(end) + ": checksum at 0x40: ");
  }

  @Test
  void batBeyondTheFile() throws IOException {
    Path p = convert("bat.vhd", "dynamic");
    byte[] b = Files.readAllBytes(p);
    ByteBuffer.wrap(b).putLong(512 + 16, 0x7000_0000L);
    fixHeaderChecksum(b, 512);
    Files.write(p, b);
    assertThatThrownBy(() -> Images.open(p).close())
        .isInstanceOf(CorruptImageException.class)
        .hasMessage(
            "bat.vhd: vhd dynamic header table offset at 0x210: 0x70000000 + "
                + 4L * ByteBuffer.wrap(b).getInt(512 + 28)
                + " bytes is beyond the end of the file (size "
                + b.length
                + ")");
  }

  @Test
  void hugeBatIsALimit() throws IOException {
    Path p = convert("hugebat.vhd", "dynamic");
    byte[] b = Files.readAllBytes(p);
    ByteBuffer.wrap(b).putInt(512 + 28, 0x2000_0000);
    fixHeaderChecksum(b, 512);
    Files.write(p, b);
    assertThatThrownBy(() -> Images.open(p).close())
        .isInstanceOf(LimitExceededException.class)
        .hasMessage(
            "limit maxMetadataBytes (67108864) exceeded: hugebat.vhd: vhd BAT of 536870912 entries, in bytes"
                + " (2147483648) (raise it with Limits.builder().maxMetadataBytes(...))");
  }

  @Test
  void unknownDiskType() throws IOException {
    Path p = convert("type.vhd", "fixed");
    byte[] b = Files.readAllBytes(p);
    int f = b.length - 512;
    ByteBuffer.wrap(b).putInt(f + 60, 7);
    fixFooterChecksum(b, f);
    Files.write(p, b);
    assertThatThrownBy(() -> Images.open(p).close())
        .isInstanceOf(UnsupportedFeatureException.class)
        .hasMessage(
            "type.vhd: vhd footer at 0x"
                + Integer.toHexString(f)
                + ": disk type at 0x3c: 7 (2 fixed, 3 dynamic and 4 differencing are known)");
  }

  @Test
  void differencingDiskReadsItsSectorsAndTheParents() throws IOException {
    Path parent = convert("parent.vhd", "dynamic");
    Path child = dir.resolve("child.vhd");
    byte[] parentRaw = rawOf(parent);
    byte[] b = differencing(parentRaw.length, ".\\parent.vhd", new int[] {1, 2, 3, 100});
    Files.write(child, b);
    byte[] want = parentRaw.clone();
    for (int s : new int[] {1, 2, 3, 100}) {
      Arrays.fill(want, s * 512, s * 512 + 512, (byte) 0xee);
    }
    try (Images.Opened o = Images.open(child, dir)) {
      assertThat(Images.sha256(o.disk())).isEqualTo(Images.sha256(want));
      assertThat(o.disk().read(1000, 600)).isEqualTo(Arrays.copyOfRange(want, 1000, 1600));
    }
    assertThatThrownBy(() -> Images.open(child).close())
        .isInstanceOf(UnsupportedFeatureException.class)
        .hasMessage(
            "child.vhd: parent './parent.vhd' refused: no directory is allowed for files an image names"
                + " (BootOptions.allowBackingDir, --allow-backing-dir)");
  }

  @Test
  void differencingParentOutsideTheAllowedDirectory() throws IOException {
    Path child = dir.resolve("escape.vhd");
    Files.write(child, differencing(5 << 20, "..\\..\\etc\\shadow", new int[] {}));
    assertThatThrownBy(() -> Images.open(child, dir).close())
        .isInstanceOf(UnsupportedFeatureException.class)
        .hasMessage(
            "escape.vhd: parent '../../etc/shadow' refused: /etc/shadow is outside the allowed directories");
  }

  private static byte[] rawOf(Path image) throws IOException {
    Path raw = dir.resolve(image.getFileName() + ".raw");
    qemuImg("convert", "-O", "raw", image.toString(), raw.toString());
    return Files.readAllBytes(raw);
  }

  /**
   * A differencing VHD of {@code size} bytes naming {@code parent} in a W2ru locator, its first
   * block allocated with {@code sectors} present (0xee) and the rest left to the parent.
   */
  private static byte[] differencing(long size, String parent, int[] sectors) throws IOException {
    Path empty = dir.resolve("empty-" + System.nanoTime() + ".vhd");
    qemuImg(
        "create",
        "-q",
        "-f",
        "vpc",
        "-o",
        "subformat=dynamic,force_size=on",
        empty.toString(),
        Long.toString(size));
    byte[] b = Files.readAllBytes(empty);
    byte[] footer = Arrays.copyOfRange(b, b.length - 512, b.length);
    ByteBuffer.wrap(footer).putInt(60, 4);
    fixFooterChecksum(footer, 0);
    int blockSize = ByteBuffer.wrap(b).getInt(512 + 32);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(b, 0, b.length - 512);
    int locatorAt = out.size();
    byte[] loc = new byte[512];
    byte[] name = parent.getBytes(StandardCharsets.UTF_16LE);
    System.arraycopy(name, 0, loc, 0, name.length);
    out.write(loc);
    int blockAt = out.size();
    byte[] bitmap = new byte[512];
    for (int s : sectors) {
      bitmap[s >>> 3] |= (byte) (0x80 >>> (s & 7));
    }
    out.write(bitmap);
    byte[] data = new byte[blockSize];
    Arrays.fill(data, (byte) 0xee);
    out.write(data);
    out.write(footer);
    byte[] r = out.toByteArray();
    System.arraycopy(footer, 0, r, 0, 512);
    ByteBuffer h = ByteBuffer.wrap(r);
    int entry = 512 + 576; // the first parent locator entry of the dynamic header at 512
    h.put(entry, "W2ru".getBytes(StandardCharsets.US_ASCII));
    h.putInt(entry + 4, 1).putInt(entry + 8, name.length).putLong(entry + 16, locatorAt);
    fixHeaderChecksum(r, 512);
    long table = h.getLong(512 + 16);
    h.putInt((int) table, blockAt / 512);
    return r;
  }

  static void fixFooterChecksum(byte[] b, int at) {
    ByteBuffer.wrap(b).putInt(at + 64, 0);
    long sum = 0;
    for (int i = 0; i < 512; i++) {
      sum += b[at + i] & 0xff;
    }
    ByteBuffer.wrap(b).putInt(at + 64, (int) ~sum);
  }

  static void fixHeaderChecksum(byte[] b, int at) {
    ByteBuffer.wrap(b).putInt(at + 36, 0);
    long sum = 0;
    for (int i = 0; i < 1024; i++) {
      sum += b[at + i] & 0xff;
    }
    ByteBuffer.wrap(b).putInt(at + 36, (int) ~sum);
  }
}
