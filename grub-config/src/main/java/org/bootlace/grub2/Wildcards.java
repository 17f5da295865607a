package org.bootlace.grub2;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.bootlace.GuestFileException;
import org.bootlace.LimitExceededException;
import org.bootlace.Volume;
import org.bootlace.spi.DirEntry;

/**
 * The file name expansion GRUB's regexp module installs (commands/wildcard.c): once the module is
 * loaded ({@code insmod regexp}, or the first {@code regexp} command, which loads it), an argument
 * that starts with {@code /}, {@code (} or {@code *} and holds an unescaped {@code *} or {@code ?}
 * becomes the names it matches: {@code *} any run of characters, {@code ?} one, everything else
 * literal, one path component at a time, devices matched by name. When nothing matches, the
 * argument stays as written.
 */
final class Wildcards {
  private final Machine m;
  private final String s;
  private long bytes;

  private Wildcards(Machine m, String s) {
    this.m = m;
    this.s = s;
  }

  /** The expansions of an argument still holding its escapes, or null to keep it as it is. */
  static List<String> expand(Machine m, String escaped) throws IOException {
    if (escaped.isEmpty() || "/(*".indexOf(escaped.charAt(0)) < 0) {
      return null;
    }
    return new Wildcards(m, escaped).run();
  }

  private List<String> run() throws IOException {
    int start = 0;
    List<String> paths = null;
    boolean hadRegexp = false;
    while (start < s.length()) {
      int[] split = split(start);
      int plain = split[0];
      int end = split[1];
      if (plain == end) {
        String tail = unescape(start, end);
        if (paths == null) {
          paths = new ArrayList<>(List.of(tail));
        } else {
          List<String> kept = new ArrayList<>();
          for (String o : paths) {
            String n = o + tail;
            int slash = hadRegexp ? n.lastIndexOf('/') : -1;
            if (slash < 0 || exists(n.substring(0, slash), n.substring(slash + 1))) {
              kept.add(n);
            }
          }
          if (kept.isEmpty()) {
            return null;
          }
          paths = kept;
        }
        start = end;
        continue;
      }
      PosixRegex regex = regex(plain, end);
      hadRegexp = true;
      if (paths == null) {
        paths =
            start == plain
                ? devices(regex, s.charAt(start) != '(')
                : files("", start, plain, regex);
      } else {
        List<String> merged = null;
        for (String p : paths) {
          List<String> found = files(p, start, plain, regex);
          if (found != null) {
            if (merged == null) {
              merged = new ArrayList<>();
            }
            merged.addAll(found);
          }
        }
        paths = merged;
      }
      if (paths == null) {
        return null;
      }
      start = end;
    }
    return paths;
  }

  /**
   * split_path: where the components free of wildcards end, and where the first one with them ends.
   */
  private int[] split(int from) {
    int split = from;
    int end = from;
    boolean regex = false;
    while (end < s.length()) {
      char ch = s.charAt(end);
      if (ch == '\\' && end + 1 < s.length()) {
        end++;
      } else if (ch == '*' || ch == '?') {
        regex = true;
      } else if (ch == '/' && !regex) {
        split = end + 1;
      } else if (ch == '/') {
        break;
      }
      end++;
    }
    return new int[] {regex ? split : end, end};
  }

  /** wildcard.c's unescape: a backslash takes the next character as it is. */
  private String unescape(int from, int to) {
    StringBuilder b = new StringBuilder();
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c == '\\') {
        if (i + 1 >= to) {
          break;
        }
        c = s.charAt(++i);
      }
      b.append(c);
    }
    return b.toString();
  }

  /** make_dir: the prefix and the plain components, escapes of regex characters removed. */
  private String dir(String prefix, int from, int to) {
    StringBuilder b = new StringBuilder(prefix);
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < to && "*.\\|+{}[]?".indexOf(s.charAt(i + 1)) >= 0) {
        c = s.charAt(++i);
      }
      b.append(c);
    }
    return b.toString();
  }

  /** make_regex: the component as an anchored expression; only * and ? are wildcards. */
  private PosixRegex regex(int from, int to) throws IOException {
    StringBuilder b = new StringBuilder("^");
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\\' -> {
          b.append(c);
          if (i + 1 < to) {
            b.append(s.charAt(++i));
          }
        }
        case '.', '(', ')', '@', '+', '|', '{', '}', '[', ']' -> b.append('\\').append(c);
        case '*' -> b.append(".*");
        case '?' -> b.append('.');
        default -> b.append(c);
      }
    }
    b.append('$');
    try {
      return PosixRegex.compile(b.toString());
    } catch (PosixRegex.CompileError e) {
      return null;
    }
  }

  private boolean matches(PosixRegex regex, String name) throws LimitExceededException {
    String at = m.where;
    m.s.step(at);
    return regex.exec(name, () -> m.s.step(at)) != null;
  }

  private void count(String name) throws LimitExceededException {
    bytes += name.length();
    long max = m.s.limits.maxVariableBytes();
    if (bytes > 16 * max) {
      throw new LimitExceededException(
          "maxVariableBytes",
          max,
          "the names " + s + " expands to at " + m.where + " grow past it");
    }
  }

  /** match_devices: every device, in grub_device_iterate's order, whose "(name)" matches. */
  private List<String> devices(PosixRegex regex, boolean noParts) throws IOException {
    if (regex == null) {
      return null;
    }
    List<String> out = null;
    for (Volume v : m.s.devices.iterationOrder()) {
      String name = m.s.devices.name(v);
      if (noParts && name.indexOf(',') >= 0) {
        continue;
      }
      String paren = "(" + name + ")";
      if (matches(regex, paren)) {
        count(paren);
        if (out == null) {
          out = new ArrayList<>();
        }
        out.add(paren);
      }
    }
    return out;
  }

  /** The volume and path a directory name names: its device, or $root's. */
  private Object[] locate(String dir) throws IOException {
    String device;
    String path;
    if (dir.startsWith("(")) {
      int close = dir.indexOf(')');
      if (close < 0) {
        return null;
      }
      device = dir.substring(1, close);
      path = dir.substring(close + 1);
    } else {
      device = m.env.get("root");
      path = dir;
      if (device == null) {
        return null;
      }
    }
    try {
      Devices.Resolved d = m.s.devices.device(device);
      Devices.Resolved r =
          BtrfsSubvolumes.view(
              m,
              new Devices.Resolved(
                  d.volume(), path.isEmpty() ? "/" : path, d.device(), d.substitution()));
      return new Object[] {r.volume(), r.path()};
    } catch (GrubFail e) {
      return null;
    }
  }

  private List<DirEntry> list(String dir) throws IOException {
    Object[] at = locate(dir);
    if (at == null) {
      return null;
    }
    try {
      return ((Volume) at[0]).list((String) at[1]);
    } catch (GuestFileException e) {
      return null;
    }
  }

  /** match_files: the entries of the directory whose names match, each with the directory. */
  private List<String> files(String prefix, int from, int to, PosixRegex regex) throws IOException {
    String dir = dir(prefix, from, to);
    if (regex == null) {
      return null;
    }
    List<DirEntry> entries = list(dir);
    if (entries == null) {
      return null;
    }
    List<String> out = null;
    for (DirEntry e : entries) {
      if (e.name().equals(".") || e.name().equals("..") || !matches(regex, e.name())) {
        continue;
      }
      count(dir + e.name());
      if (out == null) {
        out = new ArrayList<>();
      }
      out.add(dir + e.name());
    }
    return out;
  }

  /** check_file: whether the directory holds the name (any directory, for an empty name). */
  private boolean exists(String dir, String base) throws IOException {
    List<DirEntry> entries = list(dir);
    if (entries == null) {
      return false;
    }
    if (base.isEmpty()) {
      return true;
    }
    for (DirEntry e : entries) {
      m.s.step(m.where);
      if (e.name().equals(base)) {
        return true;
      }
    }
    return false;
  }
}
