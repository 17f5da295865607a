package org.bootlace.fuzz;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;
import org.bootlace.block.BlockDevice;
import org.bootlace.block.BlockDevices;
import org.bootlace.partition.GptPartitionTableDriver;
import org.bootlace.partition.MbrPartitionTableDriver;
import org.bootlace.spi.DriverContext;
import org.bootlace.spi.Partition;
import org.bootlace.spi.PartitionTableDriver;
import org.bootlace.spi.Probe;
import org.bootlace.spi.Warnings;
import org.bootlace.testing.FuzzProperty;

/**
 * Each partition table driver over a disk made of the fuzz input: probe, then read whatever the
 * probe says, then read one sector of every partition found (the slices must lie on the disk).
 * Seeds: {@code PartitionTableFuzzTestInputs/<method>/}, made by {@code fuzz/make-seeds.sh}.
 */
class PartitionTableFuzzTest {
  @FuzzTest(maxDuration = "60s")
  @DictionaryFile(resourcePath = "partition.dict")
  void mbr(byte[] disk) {
    readTable(new MbrPartitionTableDriver(), BlockDevices.ofBytes(disk, "fuzz.img"));
  }

  @FuzzTest(maxDuration = "60s")
  @DictionaryFile(resourcePath = "partition.dict")
  void gpt512(byte[] disk) {
    readTable(new GptPartitionTableDriver(), BlockDevices.ofBytes(disk, "fuzz.img"));
  }

  @FuzzTest(maxDuration = "60s")
  @DictionaryFile(resourcePath = "partition.dict")
  void gpt4096(byte[] disk) {
    readTable(new GptPartitionTableDriver(), BlockDevices.ofBytes(disk, "fuzz.img", 4096));
  }

  /** The partitions read, or null when the driver refused the disk. */
  static List<Partition> readTable(PartitionTableDriver driver, BlockDevice disk) {
    Probe probe = FuzzProperty.value(() -> driver.probe(disk));
    if (probe == null) {
      // Drivers refuse garbage in probe with "no", but a read error on a tiny disk is clean too.
      return null;
    }
    // Read even when the probe says no: read must refuse on its own, never trust the probe.
    List<Partition> parts =
        FuzzProperty.value(
            () -> driver.read(disk, new DriverContext(FuzzProperty.LIMITS, new Warnings())));
    if (parts == null) {
      return null;
    }
    for (Partition p : parts) {
      if (p.offset() < 0 || p.length() <= 0 || p.length() > disk.size() - p.offset()) {
        throw new AssertionError(p + " does not lie on the " + disk.size() + "-byte disk");
      }
      FuzzProperty.holds(() -> p.device().read(0, (int) Math.min(512, p.device().size())));
    }
    return parts;
  }
}
