package org.bootlace.kernel.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.InputStream;
import org.bootlace.GuestFiles;
import org.bootlace.Limits;
import org.bootlace.kernel.BootMode;
import org.bootlace.kernel.KernelInfo;
import org.bootlace.kernel.KernelInspector;
import org.bootlace.pe.PeImage;
import org.bootlace.testing.FuzzProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Kernel inspection and the PE reader over a file made of the fuzz input: setup headers, ELF
 * headers and notes, multiboot, arm64 and PE headers, and every decompressor. Seeds: {@code
 * KernelFuzzTestInputs/inspect/}.
 */
class KernelFuzzTest {
  static final Limits LIMITS =
      FuzzProperty.LIMITS.toBuilder().maxDecompressedKernelBytes(16 << 20).build();

  @FuzzTest(maxDuration = "60s")
  @DictionaryEntries({
    "HdrS",
    "ELF",
    "MZ",
    "PE\u0000\u0000",
    "ARMd",
    "Xen\u0000",
    "Linux\u0000",
    "Linux version ",
    "BZh9",
    "\u0002\u0021\u004c\u0018",
    "LZO\u0000",
    "7zXZ",
    ".linux",
    ".initrd",
    ".cmdline"
  })
  void inspect(byte[] kernel) {
    FuzzProperty.holds(() -> KernelInspector.inspect(GuestFiles.ofBytes(kernel, "fuzz"), LIMITS));
    FuzzProperty.holds(() -> PeImage.read(GuestFiles.ofBytes(kernel, "fuzz")));
  }

  /**
   * Every seed (kernel/make-fuzz-seeds.sh) is read to its notes and banner: the fuzzer starts deep.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "vmlinux",
        "vmlinux.gzip",
        "vmlinux.xz",
        "vmlinux.lzma",
        "vmlinux.bzip2",
        "vmlinux.lzop",
        "vmlinux.lz4",
        "vmlinux.zstd",
        "bzImage"
      })
  void seedIsReadWhole(String seed) throws IOException {
    byte[] bytes;
    try (InputStream in = getClass().getResourceAsStream("KernelFuzzTestInputs/inspect/" + seed)) {
      bytes = in.readAllBytes();
    }
    KernelInfo info = KernelInspector.inspect(GuestFiles.ofBytes(bytes, seed), LIMITS);
    assertThat(info.findings()).isEmpty();
    assertThat(info.version()).contains("6.1.0-fuzz");
    assertThat(info.bootsAs()).containsKeys(BootMode.XEN_PV, BootMode.XEN_PVH);
    assertThat(info.notes()).hasSize(5);
  }
}
