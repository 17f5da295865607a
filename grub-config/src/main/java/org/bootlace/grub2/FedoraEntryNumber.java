package org.bootlace.grub2;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * How Fedora's and RHEL's GRUB (Fedora 30 on, RHEL 8 on) turns {@code default} and {@code fallback}
 * into an entry number: get_entry_number_helper in their normal/menu.c. Unlike upstream, which
 * reads a leading digit as a number, it tries ids first, then titles, and a number last, which must
 * then be the whole word. Its quirks are kept, as they decide what boots:
 *
 * <ul>
 *   <li>An id is compared only up to the first blank of the value; what follows the blank must be
 *       empty for {@code default} (so {@code id>Title with blanks} names nothing), and is the rest
 *       of the list for {@code fallback}.
 *   <li>A match is the length matched, and zero means none: an empty id or title never matches an
 *       empty value, a one-character id never matches when a blank follows it in the value, and an
 *       empty id matches any value that starts with a blank.
 *   <li>A number must be all the value for {@code default} ({@code 2abc}, {@code 2 } and {@code
 *       1>1} name nothing), and may be followed by blanks in {@code fallback}.
 * </ul>
 *
 * GRUB compares bytes; so does this, on the UTF-8 form, up to the first NUL.
 */
final class FedoraEntryNumber {
  /** What the helper found: an entry or -1, how, and the tail GRUB keeps (null when none). */
  record Found(int entry, String how, String tail) {}

  private FedoraEntryNumber() {}

  /** get_entry_number_helper. */
  static Found helper(List<Menus.Def> entries, String value) {
    int nul = value.indexOf('\0');
    String val = nul >= 0 ? value.substring(0, nul) : value;
    byte[] v = val.getBytes(StandardCharsets.UTF_8);
    int l = 0;
    while (l < v.length && !Gnu.isSpace((char) v[l])) {
      l++;
    }
    for (int i = 0; i < entries.size(); i++) {
      if (menuEntryEq(bytes(entries.get(i).effectiveId()), v, l) != 0) {
        return new Found(i, "id", new String(v, l, v.length - l, StandardCharsets.UTF_8));
      }
    }
    for (int i = 0; i < entries.size(); i++) {
      if (menuEntryEq(bytes(entries.get(i).title()), v, -1) != 0) {
        return new Found(i, "title", null);
      }
    }
    Gnu.Number n = Gnu.strtoul(val, 0);
    String tail = val.substring(n.end());
    if (n.error() == Gnu.Number.Error.BAD_NUMBER
        || (!tail.isEmpty() && !Gnu.isSpace(tail.charAt(0)))) {
      return new Found(-1, "nothing", null);
    }
    return new Found((int) n.value(), "number", tail);
  }

  private static byte[] bytes(String s) {
    int nul = s.indexOf('\0');
    return (nul >= 0 ? s.substring(0, nul) : s).getBytes(StandardCharsets.UTF_8);
  }

  private static int at(byte[] s, int i) {
    return i < s.length ? s[i] & 0xff : 0;
  }

  /**
   * Fedora's menuentry_eq: how far {@code spec} matches {@code id} at this menu level, 0 for no
   * match; a single {@code >} ends the level, {@code >>} is a literal {@code >}; with a limit, id
   * positions past it are not compared, and an id ending exactly there before a blank in spec
   * counts as one shorter.
   */
  static int menuEntryEq(byte[] id, byte[] spec, int limit) {
    int p1 = 0;
    int p2 = 0;
    while (limit == -1 || p1 <= limit) {
      int c2 = at(spec, p2);
      int c2next = at(spec, p2 + 1);
      int c1 = at(id, p1);
      if (c2 == '>' && c2next != '>' && c1 == 0) {
        return p2;
      }
      if (c2 == '>' && c2next != '>') {
        return 0;
      }
      if (c2 == '>') {
        p2++;
        c2 = at(spec, p2);
      }
      if (c1 != c2) {
        if (limit > -1 && p1 == limit && c1 == 0 && Gnu.isSpace((char) c2)) {
          return p1 - 1;
        }
        return 0;
      }
      if (c1 == 0) {
        return p1;
      }
      p1++;
      p2++;
    }
    return 0;
  }
}
