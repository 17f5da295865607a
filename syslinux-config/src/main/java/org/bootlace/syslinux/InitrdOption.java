package org.bootlace.syslinux;

import java.util.ArrayList;
import java.util.List;

/**
 * The ramdisks a Linux command line names, found as syslinux 6's Linux loader finds them: the first
 * {@code initrd=} in the arguments, then comma-separated names, each ending at a comma, a space or
 * the end. Only that first {@code initrd=} is loaded (APPEND's comes before the one INITRD adds, so
 * APPEND's wins). Like pygrub, bootlace takes it out of the arguments handed to the kernel;
 * syslinux itself leaves it in.
 *
 * @param names the ramdisk names in load order
 * @param args the arguments without that {@code initrd=} word
 * @param notes what was odd
 */
record InitrdOption(List<String> names, String args, List<String> notes) {
  private static final String KEY = "initrd=";

  static InitrdOption extract(String args) {
    int at = args.indexOf(KEY);
    if (at < 0) {
      return new InitrdOption(List.of(), args, List.of());
    }
    List<String> names = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    int p = at + KEY.length();
    while (true) {
      int start = p;
      while (p < args.length() && args.charAt(p) != ' ' && args.charAt(p) != ',') {
        p++;
      }
      String name = args.substring(start, p);
      if (name.isEmpty()) {
        notes.add("initrd= names an empty file; syslinux fails to load it");
      } else {
        names.add(name);
      }
      if (p < args.length() && args.charAt(p) == ',') {
        p++;
        continue;
      }
      break;
    }
    String rest;
    if (at == 0 || Syntax.isBlank(args.charAt(at - 1))) {
      String left = args.substring(0, at);
      String right = args.substring(p);
      if (right.startsWith(" ")) {
        right = right.substring(1);
      } else if (left.endsWith(" ")) {
        left = left.substring(0, left.length() - 1);
      }
      rest = left + right;
    } else {
      rest = args;
      notes.add(
          "syslinux takes the 'initrd=' inside '"
              + Interpreter.shorten(wordAround(args, at))
              + "' as the ramdisk list; the argument stays as written");
    }
    int second = args.indexOf(KEY, p);
    if (second >= 0) {
      notes.add(
          "a later '"
              + Interpreter.shorten(wordAround(args, second))
              + "' is not loaded: syslinux loads only the first initrd=; it stays in the arguments");
    }
    return new InitrdOption(names, rest, notes);
  }

  private static String wordAround(String s, int at) {
    int start = at;
    while (start > 0 && !Syntax.isBlank(s.charAt(start - 1))) {
      start--;
    }
    int end = at;
    while (end < s.length() && !Syntax.isBlank(s.charAt(end))) {
      end++;
    }
    return s.substring(start, end);
  }
}
