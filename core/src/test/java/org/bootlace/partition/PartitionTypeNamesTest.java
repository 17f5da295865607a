package org.bootlace.partition;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.bootlace.testing.Tools;
import org.junit.jupiter.api.Test;

/** The type names bootlace reports are util-linux's, letter for letter. */
class PartitionTypeNamesTest {
  /** {@code sfdisk --label L -T}: an id, two spaces, a name per line. */
  private static Map<String, String> sfdiskTypes(String label) {
    Map<String, String> names = new HashMap<>();
    for (String line : Tools.run("sfdisk", "--label", label, "-T").split("\n")) {
      String[] parts = line.trim().split(" {2}", 2);
      if (parts.length == 2) {
        names.put(parts[0].toLowerCase(Locale.ROOT), parts[1].trim());
      }
    }
    return names;
  }

  @Test
  void mbrTypeNamesMatchSfdisk() {
    Map<String, String> sfdisk = sfdiskTypes("dos");
    assertThat(MbrTypes.all()).hasSizeGreaterThan(20);
    MbrTypes.all()
        .forEach(
            (type, name) ->
                assertThat(name)
                    .as("type 0x%02x", type)
                    .isEqualTo(sfdisk.get(Integer.toHexString(type))));
  }

  @Test
  void gptTypeNamesMatchSfdisk() {
    Map<String, String> sfdisk = sfdiskTypes("gpt");
    assertThat(GptTypes.all())
        .containsKey("bc13c2ff-59e6-4262-a352-b275fd6f7172")
        .hasSizeGreaterThan(10);
    GptTypes.all().forEach((guid, name) -> assertThat(name).as(guid).isEqualTo(sfdisk.get(guid)));
  }
}
