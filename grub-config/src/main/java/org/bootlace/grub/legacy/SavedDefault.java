package org.bootlace.grub.legacy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.bootlace.FileStat;
import org.bootlace.GuestFile;
import org.bootlace.LimitExceededException;
import org.bootlace.Volume;
import org.bootlace.spi.FileType;

/**
 * The entry {@code default saved} boots: the number in the file {@code default} next to the menu
 * file, which {@code grub-set-default} writes as the number (or the word {@code default}) on its
 * first line followed by ten {@code #} lines and a warning, and {@code savedefault} rewrites in
 * place as the number, a NUL and newlines over its first 10 bytes. Stage2 reads those 10 bytes and
 * takes the leading number; Debian's {@code savedefault --once} writes {@code PREVIOUS:NEXT} and
 * Debian's stage2 then takes the number after the colon. Anything unreadable leaves entry 0, as in
 * GRUB.
 *
 * @param entry the entry number
 * @param reason what the file said, for the menu's default reason
 * @param warning set when the file was missing or unreadable as a number
 */
record SavedDefault(int entry, String reason, Optional<String> warning) {
  /** Stage2 reads this much of the file ({@code char buf[10]}). */
  static final int READ_BYTES = 10;

  static SavedDefault read(Volume volume, String configPath, String where) throws IOException {
    String path = configPath.substring(0, configPath.lastIndexOf('/') + 1) + "default";
    byte[] head;
    try {
      Optional<FileStat> stat = volume.stat(path);
      if (stat.isEmpty() || stat.get().type() != FileType.REGULAR) {
        return fallback(path + " not found", where);
      }
      head = readHead(volume.open(path));
    } catch (LimitExceededException e) {
      throw e;
    } catch (org.bootlace.BootlaceException e) {
      return fallback(path + " unreadable (" + e.getMessage() + ")", where);
    }
    if (head.length == 0) {
      return fallback(path + " is empty", where);
    }
    int end = 0;
    while (end < head.length && head[end] != 0) {
      end++;
    }
    String text = new String(head, 0, end, StandardCharsets.ISO_8859_1);
    int colon = text.indexOf(':');
    String number = colon >= 0 ? text.substring(colon + 1) : text;
    try {
      int n = GrubNumber.parse(number, 0).value();
      String how = colon >= 0 ? " (savedefault --once: the number after the colon)" : "";
      return new SavedDefault(n, path + " holds " + n + how, Optional.empty());
    } catch (GrubFailure e) {
      if (text.startsWith("default")) {
        // grub-set-default's keyword; stage2 fails to read it as a number, which means entry 0.
        return new SavedDefault(
            0, path + " holds 'default', which means entry 0", Optional.empty());
      }
      return fallback(path + " starts with '" + printable(text) + "', not a number", where);
    }
  }

  private static SavedDefault fallback(String why, String where) {
    return new SavedDefault(
        0,
        why + ": GRUB uses entry 0",
        Optional.of(where + ": default saved: " + why + "; GRUB uses entry 0"));
  }

  private static byte[] readHead(GuestFile file) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(READ_BYTES);
    while (buf.hasRemaining()) {
      int n = file.read(buf.position(), buf);
      if (n <= 0) {
        break;
      }
    }
    byte[] out = new byte[buf.position()];
    buf.flip().get(out);
    return out;
  }

  private static String printable(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      b.append(c >= ' ' && c < 0x7f ? c : '?');
    }
    return b.toString();
  }
}
