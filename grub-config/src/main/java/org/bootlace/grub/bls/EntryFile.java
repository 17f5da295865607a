package org.bootlace.grub.bls;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The keys of one entry file, read line by line exactly as blscfg's {@code read_entry} reads them
 * (and not as the Boot Loader Specification describes):
 *
 * <ul>
 *   <li>lines end at {@code \n}; every {@code \r} is dropped; a NUL byte ends the line's text, as
 *       it ends a C string;
 *   <li>leading spaces and tabs are skipped; a line then starting with {@code #} is a comment;
 *   <li>the key ends at the first space of the line, or, if it has none, at its first tab; the
 *       value starts after the spaces and tabs that follow and keeps trailing blanks;
 *   <li>a line with no separator, or whose separator is its last character, ends the file: what
 *       follows is ignored. That includes an empty line, which the specification would skip.
 * </ul>
 *
 * <p>Keys keep their order and may repeat; which keys repeat and which are read once is {@link
 * BlsEntries}'s business. There is no line limit beyond the file's: blscfg has none and the file is
 * bounded by {@code maxConfigBytes}. Keys and values are decoded as UTF-8; bytes that are not UTF-8
 * become U+FFFD. The delimiters are ASCII, so decoding never moves a line, key or value boundary.
 */
final class EntryFile {
  /** One {@code key value} line; {@code line} is 1-based. */
  record KeyValue(String key, String value, int line) {}

  private final List<KeyValue> keys;

  private EntryFile(List<KeyValue> keys) {
    this.keys = keys;
  }

  List<KeyValue> keys() {
    return keys;
  }

  /** The value of the first line with {@code key}, as blscfg's {@code bls_get_val} finds it. */
  Optional<String> first(String key) {
    for (KeyValue kv : keys) {
      if (kv.key().equals(key)) {
        return Optional.of(kv.value());
      }
    }
    return Optional.empty();
  }

  /** The values of every line with {@code key}, in file order. */
  List<String> all(String key) {
    List<String> out = new ArrayList<>();
    for (KeyValue kv : keys) {
      if (kv.key().equals(key)) {
        out.add(kv.value());
      }
    }
    return List.copyOf(out);
  }

  static EntryFile parse(byte[] content) {
    List<KeyValue> keys = new ArrayList<>();
    byte[] line = new byte[content.length];
    int number = 0;
    int pos = 0;
    while (pos < content.length) {
      number++;
      // Copy one line without its carriage returns; stop the text at a NUL but read on to '\n'.
      int length = 0;
      boolean ended = false;
      while (pos < content.length && content[pos] != '\n') {
        byte c = content[pos++];
        if (c == 0) {
          ended = true;
        } else if (c != '\r' && !ended) {
          line[length++] = c;
        }
      }
      pos++; // the '\n', or past the end
      int start = 0;
      while (start < length && (line[start] == ' ' || line[start] == '\t')) {
        start++;
      }
      if (start < length && line[start] == '#') {
        continue;
      }
      int separator = indexOf(line, start, length, (byte) ' ');
      if (separator < 0) {
        separator = indexOf(line, start, length, (byte) '\t');
      }
      if (separator < 0 || separator + 1 == length) {
        break; // blscfg stops reading the file here
      }
      int value = separator + 1;
      while (value < length && (line[value] == ' ' || line[value] == '\t')) {
        value++;
      }
      keys.add(new KeyValue(decode(line, start, separator), decode(line, value, length), number));
    }
    return new EntryFile(List.copyOf(keys));
  }

  private static int indexOf(byte[] b, int from, int to, byte c) {
    for (int k = from; k < to; k++) {
      if (b[k] == c) {
        return k;
      }
    }
    return -1;
  }

  /** Malformed UTF-8 becomes U+FFFD, one per malformed sequence, as Java's decoder replaces it. */
  private static String decode(byte[] b, int from, int to) {
    return new String(b, from, to - from, StandardCharsets.UTF_8);
  }
}
