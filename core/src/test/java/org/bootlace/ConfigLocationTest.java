package org.bootlace;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.bootlace.spi.BootConfigParser;
import org.bootlace.spi.ConfigContext;
import org.bootlace.spi.ConfigLocation;
import org.bootlace.testing.MemFs;
import org.bootlace.testing.TestImages;
import org.junit.jupiter.api.Test;

/** How the resolver finds configurations: {@code *SUFFIX} patterns and presence-only locations. */
class ConfigLocationTest {
  /** Records the path and content size it was handed; its menu is empty. */
  private static final class Recorder implements BootConfigParser {
    final ConfigLocation location;
    final List<String> seen = new ArrayList<>();

    Recorder(ConfigLocation location) {
      this.location = location;
    }

    @Override
    public String name() {
      return "recorder";
    }

    @Override
    public List<ConfigLocation> locations() {
      return List.of(location);
    }

    @Override
    public BootMenu parse(ConfigContext ctx) {
      seen.add(ctx.path() + " " + ctx.content().length);
      return BootMenu.builder()
          .parser(name())
          .config(new FileRef(ctx.volume(), ctx.path()))
          .defaultReason("none")
          .build();
    }
  }

  private static List<String> seen(ConfigLocation location, MemFs.Builder fs, Limits limits)
      throws IOException {
    Recorder r = new Recorder(location);
    try (BootSource s = TestImages.open(fs.build(), limits, r)) {
      s.menu();
    }
    return r.seen;
  }

  @Test
  void suffixPatternTakesTheFirstMatchingNameWithoutCase() throws IOException {
    MemFs.Builder fs =
        MemFs.builder()
            .file("/EFI/Linux/README.txt", "x")
            .file("/EFI/Linux/b.EFI", "bb")
            .file("/EFI/Linux/c.efi", "ccc");
    assertThat(seen(new ConfigLocation("/EFI/Linux/*.efi", 1), fs, Limits.defaults()))
        .containsExactly("/EFI/Linux/b.EFI 2");
  }

  @Test
  void presenceOnlyLocationIsNotReadSoItsSizeIsNoLimit() throws IOException {
    MemFs.Builder fs = MemFs.builder().file("/EFI/Linux/big.efi", new byte[4096]);
    Limits small = Limits.builder().maxConfigBytes(100).build();
    assertThat(seen(new ConfigLocation("/EFI/Linux/*.efi", 1, true), fs, small))
        .containsExactly("/EFI/Linux/big.efi 0");
  }
}
