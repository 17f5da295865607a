package org.bootlace.grub.legacy;

/**
 * One line split the way GRUB 0.97 splits it ({@code find_command} and {@code skip_to} in
 * stage2/cmdline.c): the name runs to the first space, tab or {@code =}; the argument starts after
 * every space, tab and {@code =} that follow. So {@code default=0}, {@code timeout 5} and {@code
 * title = x} all work, and the argument keeps whatever trails it.
 *
 * @param name the command name, compared case-sensitively
 * @param arg the rest of the line
 * @param line the file line it starts on
 */
record Command(String name, String arg, int line) {

  static Command split(String text, int line) {
    int end = 0;
    while (end < text.length() && !isBlank(text.charAt(end)) && text.charAt(end) != '=') {
      end++;
    }
    int arg = end;
    while (arg < text.length() && (isBlank(text.charAt(arg)) || text.charAt(arg) == '=')) {
      arg++;
    }
    return new Command(text.substring(0, end), text.substring(arg), line);
  }

  /** GRUB's word separators. */
  static boolean isBlank(char c) {
    return c == ' ' || c == '\t';
  }

  /** {@code skip_to(0, ...)}: past the current word and the blanks after it. */
  static int nextWord(String s, int from) {
    int i = from;
    while (i < s.length() && !isBlank(s.charAt(i))) {
      i++;
    }
    while (i < s.length() && isBlank(s.charAt(i))) {
      i++;
    }
    return i;
  }

  /** The first word of {@code s}. */
  static String firstWord(String s) {
    int i = 0;
    while (i < s.length() && !isBlank(s.charAt(i))) {
      i++;
    }
    return s.substring(0, i);
  }

  @Override
  public String toString() {
    return arg.isEmpty() ? name : name + " " + arg;
  }
}
