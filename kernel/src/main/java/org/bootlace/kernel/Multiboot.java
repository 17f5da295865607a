package org.bootlace.kernel;

import java.util.ArrayList;
import java.util.List;
import org.bootlace.binary.Checks;
import org.bootlace.binary.Le;

/**
 * Multiboot (0x1BADB002, in the first 8 KiB, 4-byte aligned) and Multiboot2 (0xE85250D6, in the
 * first 32 KiB, 8-byte aligned) headers, each found only with a valid checksum, as the
 * specifications require of a loader.
 */
final class Multiboot {
  static final long MAGIC1 = 0x1BADB002L;
  static final long MAGIC2 = 0xE85250D6L;
  static final int SEARCH1 = 8192;
  static final int SEARCH2 = 32768;

  private Multiboot() {}

  /** The headers found in {@code head}, described for people. */
  static List<String> find(byte[] head, int length) {
    List<String> out = new ArrayList<>();
    for (int at = 0; at + 12 <= Math.min(length, SEARCH1); at += 4) {
      if (Le.u32(head, at) == MAGIC1) {
        long flags = Le.u32(head, at + 4);
        if (((MAGIC1 + flags + Le.u32(head, at + 8)) & 0xffff_ffffL) == 0) {
          out.add("multiboot header at " + Checks.hex(at) + " (flags " + Checks.hex(flags) + ")");
          break;
        }
      }
    }
    for (int at = 0; at + 16 <= Math.min(length, SEARCH2); at += 8) {
      if (Le.u32(head, at) == MAGIC2) {
        long arch = Le.u32(head, at + 4);
        long len = Le.u32(head, at + 8);
        if (((MAGIC2 + arch + len + Le.u32(head, at + 12)) & 0xffff_ffffL) == 0) {
          String a = arch == 0 ? "i386" : arch == 4 ? "mips32" : "architecture " + arch;
          out.add("multiboot2 header at " + Checks.hex(at) + " (" + a + ", " + len + " bytes)");
          break;
        }
      }
    }
    return out;
  }
}
