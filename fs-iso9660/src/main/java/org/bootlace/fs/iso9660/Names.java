package org.bootlace.fs.iso9660;

import static org.bootlace.binary.Checks.hex;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.bootlace.CorruptImageException;

/**
 * The names a directory shows and how a looked-up name matches them, as Linux mounts ISO 9660 by
 * default: Rock Ridge names exactly; Joliet names with ";1" and trailing dots dropped, matched
 * ignoring ASCII case and trailing dots (check=relaxed); plain ISO names mapped to lower case with
 * the ";1" version dropped (map=normal). Plain names are also matched ignoring ASCII case, as
 * ISOLINUX and GRUB match them, so a configuration that names {@code /ISOLINUX/VMLINUZ} finds it.
 */
final class Names {
  private Names() {}

  /** Which of the image's trees is read. */
  enum Tree {
    ROCK_RIDGE,
    JOLIET,
    PLAIN
  }

  /** Linux's map=normal translation of an ISO 9660 file identifier; may be empty. */
  static String plain(byte[] raw) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length);
    int len = raw.length;
    for (int i = 0; i < len; i++) {
      int c = raw[i] & 0xff;
      if (c == 0) {
        break;
      }
      if (c >= 'A' && c <= 'Z') {
        c |= 0x20;
      }
      if (c == '.' && i == len - 3 && raw[i + 1] == ';' && raw[i + 2] == '1') {
        break;
      }
      if (c == ';' && i == len - 2 && raw[i + 1] == '1') {
        break;
      }
      if (c == ';' || c == '/') {
        c = '.';
      }
      out.write(c);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /** A Joliet identifier (UCS-2 big-endian) as Linux shows it; may be empty. */
  static String joliet(byte[] raw, String where, long at) throws CorruptImageException {
    if ((raw.length & 1) != 0) {
      throw DirRecord.fail(where, at, "Joliet file identifier length " + raw.length + " is odd");
    }
    int units = 0;
    while (units < raw.length / 2 && (raw[2 * units] != 0 || raw[2 * units + 1] != 0)) {
      units++;
    }
    String s;
    try {
      s =
          StandardCharsets.UTF_16BE
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPLACE)
              .onUnmappableCharacter(CodingErrorAction.REPLACE)
              .decode(ByteBuffer.wrap(raw, 0, 2 * units))
              .toString();
    } catch (CharacterCodingException e) {
      throw DirRecord.fail(where, at, "Joliet file identifier is not UCS-2");
    }
    if (s.indexOf('/') >= 0) {
      throw DirRecord.fail(where, at, "Joliet file identifier \"" + s + "\" contains '/'");
    }
    int len = s.length();
    if (len > 2 && s.charAt(len - 2) == ';' && s.charAt(len - 1) == '1') {
      len -= 2;
    }
    while (len >= 2 && s.charAt(len - 1) == '.') {
      len--;
    }
    return s.substring(0, len);
  }

  /** A Rock Ridge NM name, which must be usable as a path component. */
  static String rockRidge(byte[] raw, String where, long at) throws CorruptImageException {
    for (byte c : raw) {
      if (c == '/' || c == 0) {
        throw new CorruptImageException(
            String.format(
                Locale.ROOT,
                "%s: record at %s: Rock Ridge name contains '/' or NUL",
                where,
                hex(at)));
      }
    }
    String s = new String(raw, StandardCharsets.UTF_8);
    if (s.isEmpty() || s.equals(".") || s.equals("..")) {
      throw new CorruptImageException(
          String.format(
              Locale.ROOT, "%s: record at %s: Rock Ridge name \"%s\"", where, hex(at), s));
    }
    return s;
  }

  /** Whether {@code wanted} names the entry shown as {@code shown} in a tree of this kind. */
  static boolean matches(Tree tree, String shown, String wanted) {
    switch (tree) {
      case ROCK_RIDGE:
        return shown.equals(wanted);
      case JOLIET:
        return equalsIgnoreAsciiCase(stripDots(shown), stripDots(wanted));
      default:
        return equalsIgnoreAsciiCase(shown, wanted);
    }
  }

  private static String stripDots(String s) {
    int len = s.length();
    while (len > 0 && s.charAt(len - 1) == '.') {
      len--;
    }
    return s.substring(0, len);
  }

  static boolean equalsIgnoreAsciiCase(String a, String b) {
    if (a.length() != b.length()) {
      return false;
    }
    for (int i = 0; i < a.length(); i++) {
      char x = a.charAt(i);
      char y = b.charAt(i);
      if (x != y && lower(x) != lower(y)) {
        return false;
      }
    }
    return true;
  }

  private static char lower(char c) {
    return c >= 'A' && c <= 'Z' ? (char) (c | 0x20) : c;
  }
}
