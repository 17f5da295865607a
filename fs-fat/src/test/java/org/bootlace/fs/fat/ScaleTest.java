package org.bootlace.fs.fat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.bootlace.Limits;
import org.bootlace.block.BlockDevices;
import org.bootlace.spi.DirEntry;
import org.bootlace.testing.OpenedFs;
import org.junit.jupiter.api.Test;

/** The reader stays linear at FAT's own bounds: a 2 MiB directory of 32760 long names. */
class ScaleTest {
  @Test
  void aFullSizeRootDirectoryIsListedAndSearchedQuickly() throws IOException {
    // FAT12, 512-byte sectors: 1 reserved, one FAT sector (TinyFat's boot sector and FAT
    // copied), 65520 root records (4095 sectors) from 0x400, 100 clusters.
    int rootSectors = 4095;
    int total = 1 + 1 + rootSectors + 100;
    byte[] b = new TinyFat().u16(0x11, 65520).u16(0x13, total).b;
    b[0x10] = 1;
    byte[] image = new byte[total * 512];
    System.arraycopy(b, 0, image, 0, 0x400);
    int root = 0x400;
    for (int i = 0; i < 32760; i++) {
      String shortName = String.format(Locale.ROOT, "N%07d   ", i);
      String longName = String.format(Locale.ROOT, "Name %06d.x", i);
      write(
          image,
          root + 64 * i,
          lfn(0x41, ShortName.checksum(shortName.getBytes(StandardCharsets.UTF_8), 0), longName));
      byte[] rec = new byte[32];
      System.arraycopy(shortName.getBytes(StandardCharsets.UTF_8), 0, rec, 0, 11);
      rec[11] = 0x20;
      write(image, root + 64 * i + 32, rec);
    }
    long start = System.nanoTime();
    try (OpenedFs fs =
        OpenedFs.open(
            new FatFilesystemDriver(),
            BlockDevices.ofBytes(image, "big-root.img"),
            Limits.defaults())) {
      List<DirEntry> all = fs.fs.list(fs.fs.root());
      assertThat(all).hasSize(32760);
      assertThat(all.get(32759).name()).isEqualTo("Name 032759.x");
      for (int i = 0; i < 200; i++) {
        assertThat(
                fs.fs.lookup(
                    fs.fs.root(), "NAME 0327" + String.format(Locale.ROOT, "%02d", i % 60) + ".X"))
            .isPresent();
      }
    }
    assertThat((System.nanoTime() - start) / 1_000_000).as("milliseconds").isLessThan(5_000);
  }

  static byte[] lfn(int ord, int sum, String name) {
    TinyFat t = new TinyFat().lfn(0, 0, ord, sum, name);
    byte[] r = new byte[32];
    System.arraycopy(t.b, 0, r, 0, 32);
    return r;
  }

  static void write(byte[] image, int at, byte[] rec) {
    System.arraycopy(rec, 0, image, at, rec.length);
  }
}
