package org.bootlace.partition;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.bootlace.BootlaceException;
import org.bootlace.Limits;
import org.bootlace.binary.Le;
import org.bootlace.block.BlockDevice;
import org.bootlace.block.BlockDevices;
import org.bootlace.spi.PartitionTableDriver;
import org.junit.jupiter.api.Test;

/**
 * Random damage to valid tables, with fixed seeds: each driver's probe answers and its read returns
 * or throws one of bootlace's exceptions, never anything else. Checksums are repaired in most runs
 * so the damage reaches the checks behind them.
 */
class PartitionFuzzTest {
  private static final int RUNS = 2000;

  private static boolean readOrRefuse(PartitionTableDriver driver, byte[] bytes) {
    BlockDevice disk = BlockDevices.ofBytes(bytes, "fuzz.img");
    try {
      driver.probe(disk);
      Fixtures.read(driver, disk, Limits.builder().maxPartitions(64).build());
      return true;
    } catch (BootlaceException refused) {
      return false;
    } catch (Exception e) {
      throw new AssertionError("unexpected " + e, e);
    }
  }

  @Test
  void damagedMbrTables() {
    Random random = new Random(20240511);
    byte[] b = MbrImage.standard().bytes;
    byte[] clean = b.clone();
    // The MBR and the three EBRs' tables.
    int[] sectors = {0, 256, 512, 768};
    int read = 0;
    for (int run = 0; run < RUNS; run++) {
      for (int sector : sectors) {
        System.arraycopy(clean, sector * 512, b, sector * 512, 512);
      }
      for (int n = 1 + random.nextInt(6); n > 0; n--) {
        int sector = sectors[random.nextInt(sectors.length)];
        b[sector * 512 + 0x1be + random.nextInt(66)] = (byte) random.nextInt(256);
      }
      if (readOrRefuse(new MbrPartitionTableDriver(), b)) {
        read++;
      }
    }
    // Both outcomes must occur, or the damage never reached the checks.
    assertThat(read).isBetween(1, RUNS - 1);
  }

  @Test
  void damagedGptTables() {
    Random random = new Random(7);
    GptImage g = GptImage.standard(512, 256);
    byte[] b = g.build();
    byte[] clean = b.clone();
    int read = 0;
    for (int run = 0; run < RUNS; run++) {
      System.arraycopy(clean, 0, b, 0, clean.length);
      for (int n = 1 + random.nextInt(4); n > 0; n--) {
        // Header fields, or the used entries of the array, in either copy.
        boolean header = random.nextBoolean();
        int base = random.nextBoolean() ? 1 : 255;
        int at =
            header
                ? base * 512 + random.nextInt(96)
                : (base == 1 ? 2 : 223) * 512 + random.nextInt(3 * 128);
        b[at] = (byte) random.nextInt(256);
        if (random.nextInt(4) == 0) {
          b[at] = (byte) (random.nextBoolean() ? 0xff : 0);
        }
      }
      if (random.nextInt(4) != 0) {
        for (int lba : new int[] {1, 255}) {
          int arrayLba = lba == 1 ? 2 : 223;
          Le.putU32(b, lba * 512 + 0x58, GptImage.crc(b, arrayLba * 512, 16384));
          GptImage.rehashHeader(b, lba * 512);
        }
      }
      if (readOrRefuse(new GptPartitionTableDriver(), b)) {
        read++;
      }
    }
    assertThat(read).isBetween(1, RUNS - 1);
  }
}
