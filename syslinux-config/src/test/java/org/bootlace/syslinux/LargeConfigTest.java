package org.bootlace.syslinux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.bootlace.BootMenu;
import org.bootlace.LimitExceededException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Configurations at the size {@code maxConfigBytes} allows (4 MiB), in shapes that would expose
 * work growing with the square of the input: one enormous line, millions of short ones, millions of
 * directives that each touch the whole menu. The timeouts only stop a hang.
 */
class LargeConfigTest {
  private static final int MIB = 1 << 20;

  @Test
  @Timeout(60)
  void oneAppendLineOfFourMebibytes() throws Exception {
    String config =
        "DEFAULT a\nLABEL a\n  KERNEL /vmlinuz\n  APPEND " + "x".repeat(4 * MIB - 64) + "\n";
    BootMenu menu = Sys.menu(config);
    assertThat(menu.entries()).hasSize(1);
    assertThat(menu.entries().get(0).title()).isEqualTo("a");
  }

  @Test
  @Timeout(60)
  void millionsOfBlankAndCommentLines() throws Exception {
    String config = "DEFAULT a\n" + "#\n\n".repeat(MIB + MIB / 4) + "LABEL a\n  KERNEL /vmlinuz\n";
    assertThat(Sys.menu(config).entries()).hasSize(1);
  }

  @Test
  @Timeout(60)
  void millionsOfDirectivesThatRewriteTheSameLabel() throws Exception {
    String config = "LABEL a\n  KERNEL /vmlinuz\n" + "  APPEND q\n  MENU LABEL t\n".repeat(150_000);
    assertThat(Sys.menu(config).entries()).hasSize(1);
  }

  @Test
  @Timeout(60)
  void moreLabelsThanTheMenuMayHoldEndAtTheLimit() {
    String config = "LABEL a\n  KERNEL /vmlinuz\n".repeat(150_000);
    assertThatThrownBy(() -> Sys.menu(config))
        .isInstanceOf(LimitExceededException.class)
        .hasMessageStartingWith("limit maxMenuEntries (10000) exceeded");
  }

  @Test
  @Timeout(60)
  void millionsOfMenuBlocksOpenedAndClosedEndAtTheLimit() {
    String config = "LABEL a\n  KERNEL /vmlinuz\n" + "MENU BEGIN\nMENU END\n".repeat(200_000);
    assertThatThrownBy(() -> Sys.menu(config))
        .isInstanceOf(LimitExceededException.class)
        .hasMessageStartingWith("limit maxMenuEntries (10000) exceeded");
  }

  @Test
  @Timeout(60)
  void menuBlocksNestedHundredsOfThousandsDeepEndAtALimit() {
    String config = "LABEL a\n  KERNEL /vmlinuz\n" + "MENU BEGIN\n".repeat(300_000);
    assertThatThrownBy(() -> Sys.menu(config)).isInstanceOf(LimitExceededException.class);
  }
}
