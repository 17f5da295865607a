package org.bootlace.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.bootlace.BootOptions;
import org.bootlace.BootSource;
import org.bootlace.block.BlockDevices;
import org.bootlace.partition.GptPartitionTableDriver;
import org.bootlace.partition.MbrPartitionTableDriver;
import org.bootlace.spi.Partition;
import org.bootlace.spi.PartitionTableDriver;
import org.bootlace.testing.FuzzProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The seeds are tables the drivers read whole (fuzz/make-seeds.sh says how each was made): the
 * fuzzer starts from inputs that pass every check, not from ones refused at the first.
 */
class FuzzSeedsTest {
  private static byte[] seed(String path) throws IOException {
    try (InputStream in = FuzzSeedsTest.class.getResourceAsStream(path)) {
      return in.readAllBytes();
    }
  }

  @ParameterizedTest
  @CsvSource({
    "mbr/mbr-primary.img, msdos, 512, msdos1 msdos2 msdos3 msdos4",
    "mbr/mbr-ebr.img, msdos, 512, msdos1 msdos3 msdos5 msdos6 msdos7",
    "gpt512/gpt-sgdisk.img, gpt, 512, gpt1 gpt2 gpt3",
    "gpt512/gpt-small.img, gpt, 512, gpt1 gpt2",
    "gpt4096/gpt-4k.img, gpt, 4096, gpt1 gpt2",
  })
  void partitionSeedIsReadWhole(String seed, String scheme, int sector, String names)
      throws IOException {
    PartitionTableDriver driver =
        scheme.equals("gpt") ? new GptPartitionTableDriver() : new MbrPartitionTableDriver();
    List<Partition> parts =
        PartitionTableFuzzTest.readTable(
            driver,
            BlockDevices.ofBytes(seed("PartitionTableFuzzTestInputs/" + seed), "seed", sector));
    assertThat(parts).isNotNull();
    assertThat(String.join(" ", parts.stream().map(p -> p.grubName().orElse("disk")).toList()))
        .isEqualTo(names);
  }

  @ParameterizedTest
  @CsvSource({"mbr-ebr.img, msdos, 5", "gpt-small.img, gpt, 2", "gpt-4k.img, gpt, 2"})
  void diskSeedOpensWithItsTable(String seed, String scheme, int partitions) throws IOException {
    byte[] disk = seed("BootSourceFuzzTestInputs/disk/" + seed);
    try (BootSource s =
        BootSource.open(
            BlockDevices.ofBytes(disk, "seed"),
            BootOptions.builder().limits(FuzzProperty.LIMITS).build())) {
      assertThat(s.partitionScheme()).isEqualTo(scheme);
      assertThat(s.partitions()).hasSize(partitions);
    }
  }
}
