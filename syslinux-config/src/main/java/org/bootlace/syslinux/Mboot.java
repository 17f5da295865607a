package org.bootlace.syslinux;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The arguments of {@code mboot.c32} (Xen and other multiboot kernels from syslinux): options
 * {@code -solaris}, {@code -aout} and their {@code -no-} forms, then the multiboot kernel and its
 * command line, then each module and its command line, separated by {@code ---} words.
 *
 * @param kernel the multiboot kernel's name
 * @param args its command line, without its own name
 * @param modules each module's name and command line, in load order
 */
record Mboot(String kernel, String args, List<String[]> modules) {
  private static final String SEPARATOR = "---";

  /** The parsed arguments, or empty with the reason mboot.c32 would fail. */
  static Optional<Mboot> parse(String args, StringBuilder whyNot) {
    List<String> words = words(args);
    int i = 0;
    while (i < words.size() && isOption(words.get(i))) {
      i++;
    }
    List<List<String>> groups = new ArrayList<>();
    List<String> group = new ArrayList<>();
    for (; i < words.size(); i++) {
      if (words.get(i).equals(SEPARATOR)) {
        groups.add(group);
        group = new ArrayList<>();
      } else {
        group.add(words.get(i));
      }
    }
    if (!group.isEmpty()) {
      groups.add(group); // a trailing --- adds no module
    }
    if (groups.isEmpty() || groups.get(0).isEmpty()) {
      whyNot.append("mboot.c32 is given no kernel");
      return Optional.empty();
    }
    for (int g = 1; g < groups.size(); g++) {
      if (groups.get(g).isEmpty()) {
        whyNot
            .append("mboot.c32 module ")
            .append(g)
            .append(" is empty: it would try to load a file named ---");
        return Optional.empty();
      }
    }
    List<String[]> modules = new ArrayList<>();
    for (List<String> m : groups.subList(1, groups.size())) {
      modules.add(new String[] {m.get(0), String.join(" ", m.subList(1, m.size()))});
    }
    List<String> k = groups.get(0);
    return Optional.of(new Mboot(k.get(0), String.join(" ", k.subList(1, k.size())), modules));
  }

  private static boolean isOption(String w) {
    String v = w.startsWith("-no") ? w.substring(3) : w;
    return v.equals("-solaris") || v.equals("-aout");
  }

  /** COM32 arguments, split at C blanks as syslinux splits them. */
  static List<String> words(String s) {
    List<String> out = new ArrayList<>();
    int i = Syntax.skipBlanks(s, 0);
    while (i < s.length()) {
      int start = i;
      while (i < s.length() && !Syntax.isBlank(s.charAt(i))) {
        i++;
      }
      out.add(s.substring(start, i));
      i = Syntax.skipBlanks(s, i);
    }
    return out;
  }
}
