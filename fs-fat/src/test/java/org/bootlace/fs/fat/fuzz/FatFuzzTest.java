package org.bootlace.fs.fat.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.bootlace.fs.fat.FatFilesystemDriver;
import org.bootlace.testing.FilesystemWalk;

/**
 * The FAT driver over an image made of the fuzz input: probe, open (even when the probe says no:
 * open must refuse by itself), then walk every directory, look every name up again and read every
 * file. Reads go through a deadline as bootlace's own do. Seeds: {@code FatFuzzTestInputs/walk/},
 * made by {@code fuzz/make-fat-seeds.sh}.
 */
class FatFuzzTest {
  @FuzzTest(maxDuration = "60s")
  void walk(byte[] image) {
    FilesystemWalk.walk(new FatFilesystemDriver(), image);
  }
}
