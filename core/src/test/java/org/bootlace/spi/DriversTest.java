package org.bootlace.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import org.bootlace.BootMenu;
import org.bootlace.block.BlockDevice;
import org.bootlace.image.RawImageFormat;
import org.junit.jupiter.api.Test;

class DriversTest {
  /** Another driver that calls itself "raw". */
  private static final class OtherRaw implements ImageFormat {
    @Override
    public String name() {
      return "raw";
    }

    @Override
    public Probe probe(BlockDevice file) {
      return Probe.no("never");
    }

    @Override
    public BlockDevice open(BlockDevice file, DriverContext context) throws IOException {
      throw new AssertionError();
    }
  }

  @Test
  void aNameRegisteredTwiceIsACallerBug() {
    Drivers.Builder b = Drivers.builder().add(new RawImageFormat());
    assertThatThrownBy(() -> b.add(new OtherRaw()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "an image format driver named 'raw' is already registered"
                + " (org.bootlace.image.RawImageFormat, then org.bootlace.spi.DriversTest$OtherRaw)");
  }

  /** A configuration parser named {@code name} that finds nothing. */
  private static BootConfigParser parser(String name) {
    return new BootConfigParser() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public List<ConfigLocation> locations() {
        return List.of();
      }

      @Override
      public BootMenu parse(ConfigContext context) {
        throw new AssertionError();
      }
    };
  }

  @Test
  void aParserNameRegisteredTwiceIsRefusedAndTheFirstStays() {
    BootConfigParser first = parser("grub2");
    Drivers.Builder b = Drivers.builder().add(first).add(parser("syslinux"));
    BootConfigParser second = parser("grub2");
    assertThatThrownBy(() -> b.add(second))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "a configuration driver named 'grub2' is already registered ("
                + first.getClass().getName()
                + ", then "
                + second.getClass().getName()
                + ")");
    assertThat(b.build().configParsers().get(0)).isSameAs(first);
    assertThat(b.build().configParsers())
        .extracting(Driver::name)
        .containsExactly("grub2", "syslinux");
  }

  @Test
  void driversOfDifferentKindsMayShareANameAndOrderIsPriorityThenName() {
    Drivers d = Drivers.discover();
    assertThat(d.imageFormats()).extracting(Driver::name).contains("raw");
    assertThat(d.partitionTables()).extracting(Driver::name).containsExactly("gpt", "msdos");
  }
}
