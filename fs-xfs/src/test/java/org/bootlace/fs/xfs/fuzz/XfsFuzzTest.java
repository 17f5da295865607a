package org.bootlace.fs.xfs.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.bootlace.binary.Le;
import org.bootlace.fs.xfs.XfsFilesystemDriver;
import org.bootlace.testing.FilesystemWalk;

/**
 * The XFS driver over an image unpacked from the fuzz input: probe, open (even when the probe says
 * no), then walk every directory, look every name up again, read every file and every link. Seeds:
 * {@code XfsFuzzTestInputs/walk/}, made by {@code fuzz/make-xfs-seeds.sh}.
 */
class XfsFuzzTest {
  /** The unpacked image's size: the smallest XFS mkfs.xfs makes. */
  static final int IMAGE_SIZE = 16 << 20;

  static final int SECTOR = 512;

  /**
   * A packed input is a run of records, each a 4-byte little-endian sector number and that sector's
   * 512 bytes, laid over a zeroed image; sector numbers past the image are dropped, and so is a
   * short last record.
   */
  static byte[] unpack(byte[] input) {
    byte[] image = new byte[IMAGE_SIZE];
    for (int at = 0; at + 4 + SECTOR <= input.length; at += 4 + SECTOR) {
      long sector = Le.u32(input, at);
      if (sector < IMAGE_SIZE / SECTOR) {
        System.arraycopy(input, at + 4, image, (int) sector * SECTOR, SECTOR);
      }
    }
    return image;
  }

  @FuzzTest(maxDuration = "60s")
  void walk(byte[] input) {
    FilesystemWalk.walk(new XfsFilesystemDriver(), unpack(input));
  }
}
