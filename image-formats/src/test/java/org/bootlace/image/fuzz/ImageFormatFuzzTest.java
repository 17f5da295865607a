package org.bootlace.image.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.bootlace.image.qcow2.Qcow2Format;
import org.bootlace.image.vhd.VhdFormat;
import org.bootlace.image.vhdx.VhdxFormat;
import org.bootlace.image.vmdk.VmdkFormat;

/**
 * Each image format over a file made of the fuzz input (see {@link FormatWalk}). Seeds: {@code
 * ImageFormatFuzzTestInputs/<format>/}, made by {@code fuzz/make-image-seeds.sh}.
 */
class ImageFormatFuzzTest {
  @FuzzTest(maxDuration = "60s")
  void qcow2(byte[] image) {
    FormatWalk.walk(new Qcow2Format(), image);
  }

  @FuzzTest(maxDuration = "60s")
  void vhd(byte[] image) {
    FormatWalk.walk(new VhdFormat(), image);
  }

  @FuzzTest(maxDuration = "60s")
  void vhdx(byte[] image) {
    FormatWalk.walk(new VhdxFormat(), image);
  }

  @FuzzTest(maxDuration = "60s")
  void vmdk(byte[] image) {
    FormatWalk.walk(new VmdkFormat(), image);
  }
}
