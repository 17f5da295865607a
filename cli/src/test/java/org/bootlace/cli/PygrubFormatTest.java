package org.bootlace.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class PygrubFormatTest {
  @Test
  void sxp() throws Exception {
    assertThat(
            PygrubFormat.SXP.format(
                "/d/boot_kernel.abc", Optional.of("/d/boot_ramdisk.x"), "ro quiet"))
        .isEqualTo(
            "linux (kernel '/d/boot_kernel.abc')(ramdisk '/d/boot_ramdisk.x')(args 'ro quiet')");
    assertThat(PygrubFormat.SXP.format("/d/k", Optional.empty(), ""))
        .isEqualTo("linux (kernel '/d/k')");
    assertThat(PygrubFormat.SXP.format("None", Optional.empty(), "ro"))
        .isEqualTo("linux (kernel None)(args 'ro')");
  }

  @Test
  void simpleFormats() throws Exception {
    assertThat(PygrubFormat.SIMPLE.format("/d/k", Optional.of("/d/r"), "ro"))
        .isEqualTo("kernel /d/k\nramdisk /d/r\nargs ro\n\n");
    assertThat(PygrubFormat.SIMPLE0.format("/d/k", Optional.empty(), "ro"))
        .isEqualTo("kernel /d/k\0args ro\0\0");
  }

  @Test
  void simpleRefusesValuesHoldingItsSeparator() {
    assertThatThrownBy(() -> PygrubFormat.SIMPLE.format("/d/k", Optional.empty(), "a\nb"))
        .isInstanceOf(CliException.class)
        .hasMessage("simple format cannot represent delimiter-containing value");
  }
}
