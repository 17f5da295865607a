package org.bootlace.fs.btrfs.fuzz;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.bootlace.fs.btrfs.BtrfsFilesystemDriver;
import org.bootlace.testing.FilesystemWalk;

/**
 * The btrfs driver over an image made of the fuzz input: probe, open (even when the probe says no),
 * then walk every directory of the default subvolume, look every name up again, read every file and
 * every link. Reads go through a deadline as bootlace's own do. Seeds: {@code
 * BtrfsFuzzTestInputs/walk/}, made by {@code fuzz/make-btrfs-seeds.sh}.
 */
class BtrfsFuzzTest {
  @FuzzTest(maxDuration = "60s")
  @DictionaryFile(resourcePath = "btrfs.dict")
  void walk(byte[] image) {
    FilesystemWalk.walk(new BtrfsFilesystemDriver(), image);
  }
}
