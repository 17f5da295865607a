package org.bootlace.grub.legacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.bootlace.BootMenu;
import org.bootlace.LimitExceededException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Menus at the size {@code maxConfigBytes} allows (4 MiB) in shapes that would expose work growing
 * with the square of the input. The timeouts only stop a hang.
 */
class LargeMenuTest {
  private static final int MIB = 1 << 20;

  @Test
  @Timeout(60)
  void oneKernelLineOfFourMebibytes() throws Exception {
    String menu = "title a\nkernel /vmlinuz " + "x".repeat(4 * MIB - 64) + "\n";
    BootMenu m = Legacy.menu(menu);
    assertThat(m.entries()).hasSize(1);
    assertThat(m.entries().get(0).title()).isEqualTo("a");
  }

  @Test
  @Timeout(60)
  void millionsOfCommandsInOneEntry() throws Exception {
    String menu = "title a\nkernel /vmlinuz\n" + "root (hd0)\n".repeat(350_000);
    assertThat(Legacy.menu(menu).entries()).hasSize(1);
  }

  @Test
  @Timeout(60)
  void millionsOfBlankLinesAndComments() throws Exception {
    String menu = "#\n\n".repeat(MIB) + "title a\nkernel /vmlinuz\n";
    assertThat(Legacy.menu(menu).entries()).hasSize(1);
  }

  @Test
  @Timeout(60)
  void moreTitlesThanTheMenuMayHoldEndAtTheLimit() {
    String menu = "title a\nkernel /vmlinuz\n".repeat(150_000);
    assertThatThrownBy(() -> Legacy.menu(menu))
        .isInstanceOf(LimitExceededException.class)
        .hasMessageStartingWith("limit maxMenuEntries (10000) exceeded");
  }
}
