package org.bootlace.fs.ext.fuzz;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.bootlace.fs.ext.ExtFilesystemDriver;
import org.bootlace.testing.FilesystemWalk;

/**
 * The ext driver over an image made of the fuzz input: probe, open (even when the probe says no:
 * open must refuse by itself), then walk every directory, look every name up again, read every file
 * (its first MiB, its last block and past its end) and every link. Reads go through a deadline as
 * bootlace's own do. Seeds: {@code ExtFuzzTestInputs/walk/}, made by {@code fuzz/make-seeds.sh}.
 */
class ExtFuzzTest {
  @FuzzTest(maxDuration = "60s")
  @DictionaryFile(resourcePath = "ext.dict")
  void walk(byte[] image) {
    FilesystemWalk.walk(new ExtFilesystemDriver(), image);
  }
}
