package org.bootlace.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bootlace.BootOptions;
import org.bootlace.BootRecord;
import org.bootlace.BootSource;
import org.bootlace.GuestFile;
import org.bootlace.UnsupportedFeatureException;
import org.bootlace.testing.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample guest kept as qcow2, VHD, VHDX and VMDK resolves through {@link BootSource} exactly as
 * the raw disk does; the two hostile cases of images naming host files end in a clean refusal.
 */
class ImageFormatsTest {
  static final Path SAMPLE = Path.of("sample", "sample.img");

  @TempDir Path dir;

  private static byte[] bytes(GuestFile f) throws IOException {
    try (InputStream in = f.openStream()) {
      return in.readAllBytes();
    }
  }

  private void assertResolvesLikeRaw(Path image, String format, BootOptions options)
      throws IOException {
    try (BootSource raw = BootSource.open(SAMPLE);
        BootSource other = BootSource.open(image, options)) {
      BootRecord want = raw.resolveBoot();
      BootRecord got = other.resolveBoot();
      assertThat(other.imageFormat()).isEqualTo(format);
      assertThat(got.provenance().imageFormat()).isEqualTo(format);
      assertThat(got.args()).isEqualTo(want.args());
      assertThat(got.kernel().location()).isEqualTo(want.kernel().location());
      assertThat(bytes(got.kernel())).isEqualTo(bytes(want.kernel()));
      assertThat(bytes(got.ramdisk().orElseThrow())).isEqualTo(bytes(want.ramdisk().orElseThrow()));
      assertThat(got.entry().orElseThrow().title()).isEqualTo(want.entry().orElseThrow().title());
    }
  }

  private Path convert(String name, String format, String... options) {
    Path out = dir.resolve(name);
    String[] cmd = new String[6 + options.length + 2];
    int i = 0;
    for (String s : new String[] {"qemu-img", "convert", "-f", "raw", "-O", format}) {
      cmd[i++] = s;
    }
    for (String s : options) {
      cmd[i++] = s;
    }
    cmd[i++] = SAMPLE.toString();
    cmd[i] = out.toString();
    Tools.run(cmd);
    return out;
  }

  @Test
  void compressedQcow2() throws IOException {
    assertResolvesLikeRaw(convert("s.qcow2", "qcow2", "-c"), "qcow2", BootOptions.defaults());
  }

  @Test
  void zstdQcow2WithARawBackingFile() throws IOException {
    Path base = Files.copy(SAMPLE, dir.resolve("base.raw"));
    Path top = dir.resolve("top.qcow2");
    Tools.run(
        "qemu-img",
        "create",
        "-q",
        "-f",
        "qcow2",
        "-o",
        "compression_type=zstd",
        "-b",
        base.getFileName().toString(),
        "-F",
        "raw",
        top.toString());
    assertResolvesLikeRaw(top, "qcow2", BootOptions.builder().allowBackingDir(dir).build());
  }

  @Test
  void vhdVhdxAndVmdk() throws IOException {
    assertResolvesLikeRaw(convert("s.vhd", "vpc"), "vhd", BootOptions.defaults());
    assertResolvesLikeRaw(convert("s.vhdx", "vhdx"), "vhdx", BootOptions.defaults());
    assertResolvesLikeRaw(
        convert("s.vmdk", "vmdk", "-o", "subformat=streamOptimized"),
        "vmdk",
        BootOptions.defaults());
    assertResolvesLikeRaw(
        convert("flat.vmdk", "vmdk", "-o", "subformat=monolithicFlat"),
        "vmdk",
        BootOptions.builder().allowBackingDir(dir).build());
  }

  @Test
  void qcow2NamingAHostFileAsItsBackingFileIsRefused() {
    Path top = dir.resolve("evil.qcow2");
    Tools.run(
        "qemu-img",
        "create",
        "-q",
        "-f",
        "qcow2",
        "-u",
        "-b",
        "/etc/shadow",
        "-F",
        "raw",
        top.toString(),
        "16M");
    assertThatThrownBy(() -> BootSource.open(top).close())
        .isInstanceOf(UnsupportedFeatureException.class)
        .hasMessage(
            "evil.qcow2: backing file '/etc/shadow' refused: no directory is allowed for files an image names"
                + " (BootOptions.allowBackingDir, --allow-backing-dir)");
    assertThatThrownBy(
            () -> BootSource.open(top, BootOptions.builder().allowBackingDir(dir).build()).close())
        .isInstanceOf(UnsupportedFeatureException.class)
        .hasMessage(
            "evil.qcow2: backing file '/etc/shadow' refused: /etc/shadow is outside the allowed directories");
  }

  @Test
  void vmdkFlatExtentNamingAHostFileIsRefused() throws IOException {
    Path vmdk =
        Tools.write(
            dir,
            "evil.vmdk",
            "# Disk DescriptorFile\nversion=1\ncreateType=\"monolithicFlat\"\nRW 2048 FLAT \"/etc/shadow\" 0\n");
    assertThatThrownBy(
            () -> BootSource.open(vmdk, BootOptions.builder().allowBackingDir(dir).build()).close())
        .isInstanceOf(UnsupportedFeatureException.class)
        .hasMessage(
            "evil.vmdk: extent '/etc/shadow' refused: /etc/shadow is outside the allowed directories");
  }
}
