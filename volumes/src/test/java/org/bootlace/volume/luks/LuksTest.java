package org.bootlace.volume.luks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bootlace.BootRecord;
import org.bootlace.BootSource;
import org.bootlace.NoBootConfigException;
import org.bootlace.testing.FakeKernels;
import org.bootlace.testing.Tools;
import org.bootlace.volume.testing.Ext4;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * LUKS volumes made by the real {@code cryptsetup luksFormat} (on a plain file, with a key file and
 * a cheap PBKDF) are reported as a warning with their UUID and skipped; the rest of the disk still
 * boots, and a disk with nothing else fails with bootlace's usual error, not a crash.
 */
class LuksTest {
  private static final int MIB = 1 << 20;

  @TempDir Path tmp;

  private Path luks(String type) throws Exception {
    Path file = Tools.sparseFile(tmp.resolve(type + ".img"), 16 * MIB);
    Path key = Tools.write(tmp, "key", "not a secret, a test key");
    Tools.run(
        "cryptsetup",
        "luksFormat",
        "--batch-mode",
        "--type",
        type,
        "--key-file",
        key.toString(),
        "--pbkdf",
        "pbkdf2",
        "--pbkdf-force-iterations",
        "1000",
        file.toString());
    return file;
  }

  private Path disk(Path luks) throws Exception {
    Path disk = Tools.sparseFile(tmp.resolve("disk.img"), 40 * MIB);
    Tools.runWithInput(
        "label: dos\nstart=2048, size=16384, type=83\nstart=18432, size=32768, type=83\n",
        "sfdisk",
        "-q",
        "--no-reread",
        "--no-tell-kernel",
        disk.toString());
    Path tree = tmp.resolve("boot");
    Tools.write(tree, "vmlinuz", FakeKernels.linux("kernel beside the LUKS volume"));
    Tools.write(
        tree,
        "grub/grub.cfg",
        "menuentry 'plain /boot' {\n  linux /vmlinuz root=/dev/mapper/luks\n}\n");
    Tools.patch(
        disk,
        MIB,
        Ext4.image(
            tree, tmp.resolve("boot.ext4"), 8 * MIB, "3b0a1b0a-0000-4000-8000-00000000b007"));
    Tools.patch(disk, 9 * MIB, Files.readAllBytes(luks));
    return disk;
  }

  @ParameterizedTest
  @ValueSource(strings = {"luks1", "luks2"})
  void anEncryptedPartitionIsReportedAndSkipped(String type) throws Exception {
    Path luks = luks(type);
    String uuid = Tools.run("cryptsetup", "luksUUID", luks.toString()).trim();
    try (BootSource source = BootSource.open(disk(luks))) {
      BootRecord r = source.resolveBoot();
      assertThat(new String(r.kernel().readAllBytes(), StandardCharsets.ISO_8859_1))
          .endsWith("kernel beside the LUKS volume");
      assertThat(source.assembledVolumes()).isEmpty();
      assertThat(r.provenance().warnings())
          .contains(
              "luks: disk.img[raw][msdos2]: encrypted volume ("
                  + type.toUpperCase(java.util.Locale.ROOT)
                  + ", UUID "
                  + uuid
                  + "), skipped");
    }
  }

  @Test
  void aDiskWithOnlyAnEncryptedVolumeHasNoConfigurationAndSaysWhy() throws Exception {
    Path luks = luks("luks2");
    String uuid = Tools.run("cryptsetup", "luksUUID", luks.toString()).trim();
    try (BootSource source = BootSource.open(luks)) {
      assertThatThrownBy(source::resolveBoot).isInstanceOf(NoBootConfigException.class);
      assertThat(source.warnings())
          .containsExactly(
              "luks: luks2.img[raw]: encrypted volume (LUKS2, UUID " + uuid + "), skipped");
    }
  }
}
