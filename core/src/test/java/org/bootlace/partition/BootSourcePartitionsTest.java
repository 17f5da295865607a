package org.bootlace.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.bootlace.BootOptions;
import org.bootlace.BootSource;
import org.bootlace.CorruptImageException;
import org.bootlace.image.RawImageFormat;
import org.bootlace.spi.Drivers;
import org.bootlace.spi.Partition;
import org.bootlace.spi.PartitionTableDriver;
import org.bootlace.testing.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The drivers as a caller meets them: through {@link BootSource}, registered in code or found as
 * services.
 */
class BootSourcePartitionsTest {
  @TempDir Path dir;

  private static BootOptions options() {
    return BootOptions.builder()
        .drivers(
            Drivers.builder()
                .add(new RawImageFormat())
                .add(new MbrPartitionTableDriver())
                .add(new GptPartitionTableDriver())
                .build())
        .build();
  }

  private static List<String> describe(List<Partition> parts) {
    return parts.stream()
        .map(p -> p.grubName().orElse("-") + " " + p.offset() + "+" + p.length() + " " + p.device())
        .toList();
  }

  @Test
  void msdosDisk() throws Exception {
    Path img = Fixtures.mbr(dir);
    try (BootSource source = BootSource.open(img, options())) {
      assertThat(source.imageFormat()).isEqualTo("raw");
      assertThat(source.partitionScheme()).isEqualTo("msdos");
      assertThat(describe(source.partitions()))
          .containsExactly(
              "msdos1 1048576+2097152 disk.img[raw][msdos1]",
              "msdos4 13631488+2097152 disk.img[raw][msdos4]",
              "msdos5 5242880+1048576 disk.img[raw][msdos5]",
              "msdos6 7340032+1048576 disk.img[raw][msdos6]",
              "msdos7 9437184+2097152 disk.img[raw][msdos7]");
      assertThat(source.warnings()).isEmpty();
    }
  }

  @Test
  void gptDiskWithABrokenPrimaryHeader() throws Exception {
    Path img = Fixtures.gpt(dir);
    long crc = Fixtures.headerU32(img, 512, 1, 0x10);
    Tools.patch(img, 512 + 0x10, Fixtures.u32(crc ^ 1));
    try (BootSource source = BootSource.open(img, options())) {
      assertThat(source.partitionScheme()).isEqualTo("gpt");
      assertThat(describe(source.partitions()))
          .containsExactly(
              "gpt1 1048576+1048576 disk.img[raw][gpt1]",
              "gpt2 2097152+8388608 disk.img[raw][gpt2]",
              "gpt3 10485760+16777216 disk.img[raw][gpt3]",
              "gpt5 27262976+4194304 disk.img[raw][gpt5]");
      assertThat(source.warnings())
          .containsExactly(
              String.format(
                  Locale.ROOT,
                  "gpt: disk.img[raw]: primary header at LBA 1: header CRC32 at 0x210: 0x%08x !="
                      + " computed 0x%08x; using the backup header at LBA 131071",
                  crc ^ 1,
                  crc));
    }
  }

  @Test
  void gptDiskWithBothHeadersBroken() throws Exception {
    Path img = Fixtures.gpt(dir);
    Tools.patch(img, 512, new byte[8]);
    Tools.patch(img, 131071 * 512L, new byte[8]);
    assertThatThrownBy(() -> BootSource.open(img, options()))
        .isExactlyInstanceOf(CorruptImageException.class)
        .hasMessage(
            "gpt: disk.img[raw]: primary header at LBA 1: signature at 0x200: bytes"
                + " 0000000000000000 != \"EFI PART\"; backup header at LBA 131071: signature at"
                + " 0x3fffe00: bytes 0000000000000000 != \"EFI PART\"");
  }

  @Test
  void wholeDiskFilesystemHasNoTable() throws Exception {
    Path img = Tools.sparseFile(dir.resolve("fat.img"), 32 * Fixtures.MIB);
    Tools.run("mkfs.vfat", img.toString());
    try (BootSource source = BootSource.open(img, options())) {
      assertThat(source.partitionScheme()).isEqualTo("none");
      assertThat(source.partitions()).extracting(Partition::number).containsExactly(0);
    }
  }

  @Test
  void bothDriversAreServices() {
    assertThat(Drivers.discover().partitionTables())
        .extracting(PartitionTableDriver::name)
        .containsSubsequence("gpt", "msdos");
  }
}
