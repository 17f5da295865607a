package org.bootlace.image.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import org.bootlace.image.qcow2.Qcow2Format;
import org.bootlace.image.vhd.VhdFormat;
import org.bootlace.image.vhdx.VhdxFormat;
import org.bootlace.image.vmdk.VmdkFormat;
import org.bootlace.spi.ImageFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The seeds reach what the fuzzer should break: each opens and its disk is read (bytes read). */
class ImageFormatFuzzSeedsTest {
  @ParameterizedTest
  @CsvSource({
    // format, seed, virtual size (64 KiB; qemu rounds VHD up to a CHS geometry)
    "qcow2, v3-512.qcow2, 65536",
    "qcow2, v2-512.qcow2, 65536",
    "qcow2, zlib.qcow2, 65536",
    "qcow2, zstd.qcow2, 65536",
    "qcow2, extl2.qcow2, 65536",
    "vhd, fixed.vhd, 69632",
    "vhd, dynamic-empty.vhd, 69632",
    "vmdk, sparse.vmdk, 65536",
    "vmdk, stream.vmdk, 65536",
    "vhdx, dynamic.vhdx, 2097152",
    // names an extent file, which the fuzz target may not open: refused
    "vmdk, descriptor.vmdk, -1",
  })
  void seedIsRead(String format, String seed, long size) throws IOException {
    byte[] image;
    try (InputStream in =
        getClass().getResourceAsStream("ImageFormatFuzzTestInputs/" + format + "/" + seed)) {
      image = in.readAllBytes();
    }
    ImageFormat f =
        switch (format) {
          case "qcow2" -> new Qcow2Format();
          case "vhd" -> new VhdFormat();
          case "vhdx" -> new VhdxFormat();
          default -> new VmdkFormat();
        };
    assertThat(FormatWalk.walk(f, image)).isEqualTo(size < 0 ? -1 : FormatWalk.plannedBytes(size));
  }
}
