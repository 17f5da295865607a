package org.bootlace.grub2;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** grubenv blocks as grub-editenv writes them: 1024 bytes, padded with '#'. */
final class Grubenv {
  private Grubenv() {}

  static byte[] block(String... lines) {
    StringBuilder b = new StringBuilder(EnvBlock.SIGNATURE);
    for (String l : lines) {
      b.append(l).append('\n');
    }
    byte[] head = b.toString().getBytes(StandardCharsets.UTF_8);
    byte[] out = Arrays.copyOf(head, Math.max(1024, head.length));
    Arrays.fill(out, head.length, out.length, (byte) '#');
    return out;
  }
}
