package org.bootlace.sdboot;

import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An entry's file name with systemd-boot's boot counting taken apart: {@code name+LEFT[-DONE].conf}
 * (or {@code .efi}) has LEFT tries left and DONE tries done; the entry's id is the name without the
 * counter ({@code name.conf}). See the Boot Loader Specification's "Boot counting".
 *
 * @param id the file name without the boot counter
 * @param triesLeft the tries left, when the name has a counter
 * @param triesDone the tries done, when the name has a counter (0 if only LEFT is written)
 */
record EntryName(String id, OptionalInt triesLeft, OptionalInt triesDone) {
  private static final Pattern COUNTER =
      Pattern.compile("^(.*)\\+(\\d{1,9})(?:-(\\d{1,9}))?(\\.[^.+]+)$");

  static EntryName of(String fileName) {
    Matcher m = COUNTER.matcher(fileName);
    if (!m.matches()) {
      return new EntryName(fileName, OptionalInt.empty(), OptionalInt.empty());
    }
    return new EntryName(
        m.group(1) + m.group(4),
        OptionalInt.of(Integer.parseInt(m.group(2))),
        OptionalInt.of(m.group(3) == null ? 0 : Integer.parseInt(m.group(3))));
  }

  /** An entry with a counter at 0: systemd-boot tried it and it never booted; it sorts last. */
  boolean bad() {
    return triesLeft.isPresent() && triesLeft.getAsInt() == 0;
  }
}
