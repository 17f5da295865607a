package org.bootlace.sdboot;

import com.google.common.collect.ImmutableList;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A Type 1 entry ({@code loader/entries/*.conf}) or loader.conf, as systemd-boot reads them: one
 * {@code key value} a line, the key up to the first blank, the value the rest with blanks around it
 * removed; lines starting with {@code #} and blank lines ignored. Keys may repeat.
 */
record EntryFile(List<Line> lines) {
  record Line(int number, String key, String value) {}

  EntryFile {
    lines = ImmutableList.copyOf(lines);
  }

  static EntryFile parse(byte[] content) {
    String text = new String(content, StandardCharsets.UTF_8);
    List<Line> out = new ArrayList<>();
    int number = 0;
    int at = 0;
    while (at <= text.length()) {
      int nl = text.indexOf('\n', at);
      int end = nl < 0 ? text.length() : nl;
      number++;
      String line = text.substring(at, end).strip();
      at = end + 1;
      if (!line.isEmpty() && !line.startsWith("#")) {
        int sp = 0;
        while (sp < line.length() && line.charAt(sp) != ' ' && line.charAt(sp) != '\t') {
          sp++;
        }
        out.add(new Line(number, line.substring(0, sp), line.substring(sp).strip()));
      }
      if (nl < 0) {
        break;
      }
    }
    return new EntryFile(out);
  }

  /** The last value of {@code key}: systemd-boot keeps the last of a key that may appear once. */
  Optional<String> last(String key) {
    String v = null;
    for (Line l : lines) {
      if (l.key().equals(key)) {
        v = l.value();
      }
    }
    return Optional.ofNullable(v);
  }

  /** Every value of {@code key}, in order. */
  List<String> all(String key) {
    return lines.stream().filter(l -> l.key().equals(key)).map(Line::value).toList();
  }

  /** The line of the last {@code key} (the one that counts), or 1. */
  int lineOf(String key) {
    return lines.stream()
        .filter(l -> l.key().equals(key))
        .mapToInt(Line::number)
        .reduce((a, b) -> b)
        .orElse(1);
  }
}
