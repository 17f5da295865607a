package org.bootlace.image.vhdx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bootlace.image.Images.assertSameAsQemu;
import static org.bootlace.image.Images.qemuImg;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bootlace.CorruptImageException;
import org.bootlace.UnsupportedFeatureException;
import org.bootlace.image.Images;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** VHDX disks made by qemu-img compared whole with its raw conversion; damaged headers; logs. */
class VhdxTest {
  @TempDir static Path dir;
  static Path source;

  @BeforeAll
  static void source() throws IOException {
    source = Images.sourceDisk(dir, "source.raw", 5, 41);
  }

  private static Path convert(String name, String options) {
    Path out = dir.resolve(name);
    qemuImg("convert", "-f", "raw", "-O", "vhdx", "-o", options, source.toString(), out.toString());
    return out;
  }

  @Test
  void dynamic() throws IOException {
    assertThat(assertSameAsQemu(convert("dyn.vhdx", "subformat=dynamic"), dir)).isEqualTo("vhdx");
  }

  @Test
  void fixed() throws IOException {
    assertSameAsQemu(convert("fixed.vhdx", "subformat=fixed"), dir);
  }

  @Test
  void smallBlocksWithWrites() throws IOException {
    Path p = convert("small.vhdx", "block_size=1M");
    Images.qemuIo(p, "vhdx", "write -P 0x99 3000000 70000");
    assertSameAsQemu(p, dir);
  }

  @Test
  void theHeaderWithTheHigherSequenceNumberIsCurrentAndADamagedOneIsSkipped() throws IOException {
    Path p = convert("hdr.vhdx", "subformat=dynamic");
    String want = Images.qemuSha256(p, dir);
    byte[] b = Files.readAllBytes(p);
    ByteBuffer le = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    long s1 = le.getLong(0x10000 + 8);
    long s2 = le.getLong(0x20000 + 8);
    int current = Long.compareUnsigned(s1, s2) >= 0 ? 0x10000 : 0x20000;
    b[current + 200] ^= 1;
    Files.write(p, b);
    try (Images.Opened o = Images.open(p)) {
      assertThat(Images.sha256(o.disk())).isEqualTo(want);
      assertThat(o.warnings().list()).hasSize(1);
      assertThat(o.warnings().list().get(0))
          .startsWith(
              "hdr.vhdx: vhdx header "
                  + (current == 0x10000 ? 1 : 2)
                  + " at 0x"
                  + Integer.toHexString(current)
                  + ": CRC-32C ")
          .endsWith("; the other header is used");
    }
  }

  @Test
  void nonEmptyLogIsRefused() throws IOException {
    Path p = convert("log.vhdx", "subformat=dynamic");
    byte[] b = Files.readAllBytes(p);
    for (int h : new int[] {0x10000, 0x20000}) {
      for (int i = 0; i < 16; i++) {
        b[h + 48 + i] = (byte) (i + 1);
      }
      fixCrc(b, h, 4096);
    }
    Files.write(p, b);
    assertThatThrownBy(() -> Images.open(p).close())
        .isInstanceOf(UnsupportedFeatureException.class)
        .hasMessage(
            "log.vhdx: vhdx log is not empty (log GUID 04030201-0605-0807-090a-0b0c0d0e0f10): replaying it would"
                + " write to the image; let Hyper-V or qemu open it read-write once");
  }

  @Test
  void bothHeadersDamaged() throws IOException {
    Path p = convert("both.vhdx", "subformat=dynamic");
    byte[] b = Files.readAllBytes(p);
    b[0x10000] = 'x';
    b[0x20000] = 'x';
    Files.write(p, b);
    assertThatThrownBy(() -> Images.open(p).close())
        .isInstanceOf(CorruptImageException.class)
        .hasMessage(
            "both.vhdx: vhdx header 1 at 0x10000: signature 0x64616578 is not 'head'; both.vhdx: vhdx header 2 at"
                + " 0x20000: signature 0x64616578 is not 'head'");
  }

  @Test
  void batEntryPointingIntoTheHeaderArea() throws IOException {
    Path p = convert("batbad.vhdx", "subformat=dynamic");
    byte[] b = Files.readAllBytes(p);
    ByteBuffer le = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    // The BAT region's offset from the first region table's BAT entry.
    long batAt = le.getLong(0x30000 + 16 + 16);
    le.putLong((int) batAt, 6); // fully present at file offset 0
    Files.write(p, b);
    try (Images.Opened o = Images.open(p)) {
      assertThatThrownBy(() -> o.disk().read(0, 512))
          .isInstanceOf(CorruptImageException.class)
          .hasMessage(
              "batbad.vhdx: vhdx BAT entry 0: block at 0x0 is not inside the file (size "
                  + b.length
                  + ") past its first MiB");
    }
  }

  static void fixCrc(byte[] b, int at, int len) {
    ByteBuffer le = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    le.putInt(at + 4, 0);
    java.util.zip.CRC32C c = new java.util.zip.CRC32C();
    c.update(b, at, len);
    le.putInt(at + 4, (int) c.getValue());
  }
}
