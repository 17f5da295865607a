package org.bootlace.grub2;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bootlace.LimitExceededException;

/**
 * GRUB's environment (kern/env.c, normal/context.c): a stack of contexts, each with its own
 * variables and its own menu. A new context ({@code configfile}, entering a submenu) starts with
 * copies of the exported variables only (of all of them in Fedora's GRUB); closing it drops
 * everything set inside. Variables with a write hook in GRUB keep their hook's effect: {@code root}
 * loses surrounding parentheses, and unsetting a hooked variable empties it.
 */
final class Env {
  /** A variable: its value, whether it is exported, and where it got its value (for people). */
  record Var(String value, boolean global, String origin) {}

  private static final Set<String> HOOKED =
      Set.of(
          "root",
          "prefix",
          "lang",
          "locale_dir",
          "secondary_locale_dir",
          "pager",
          "color_normal",
          "color_highlight",
          "check_signatures",
          "net_default_server",
          "pxe_default_server",
          "net_default_ip",
          "net_default_mac",
          "btrfs_subvol",
          "btrfs_subvolid");

  private static final class Context {
    final Map<String, Var> vars = new LinkedHashMap<>();
    Menus.Menu menu;
    long bytes;

    Context copy() {
      Context c = new Context();
      c.vars.putAll(vars);
      c.menu = menu;
      c.bytes = bytes;
      return c;
    }
  }

  private final long maxVariableBytes;
  private final long maxTotalBytes;
  private final List<Context> stack = new ArrayList<>();

  /**
   * The btrfs module's subvolume choice: GRUB keeps it outside the variable contexts, so every
   * context sees the last one made; a copy (a menu entry run on its own) starts from this one's.
   */
  final BtrfsSubvolumes.State btrfs;

  Env(long maxVariableBytes) {
    this.maxVariableBytes = maxVariableBytes;
    this.maxTotalBytes = Math.multiplyExact(maxVariableBytes, 16);
    this.btrfs = new BtrfsSubvolumes.State();
    stack.add(new Context());
  }

  private Env(Env other) {
    this.maxVariableBytes = other.maxVariableBytes;
    this.maxTotalBytes = other.maxTotalBytes;
    this.btrfs = other.btrfs.copy();
    for (Context c : other.stack) {
      stack.add(c.copy());
    }
  }

  /** An independent copy: variables and the current menus (menus themselves are shared). */
  Env copy() {
    return new Env(this);
  }

  private Context top() {
    return stack.get(stack.size() - 1);
  }

  String get(String name) {
    Var v = top().vars.get(name);
    return v == null ? null : v.value();
  }

  Var var(String name) {
    return top().vars.get(name);
  }

  private static long size(String name, String value) {
    return utf8Length(name) + utf8Length(value);
  }

  /**
   * The length of {@code s} in UTF-8, as {@code getBytes(UTF_8)} would make it (a lone surrogate is
   * one byte, the {@code ?} it becomes), counted without encoding: every assignment counts it.
   */
  static long utf8Length(String s) {
    long n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n += 1;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        n += 4;
        i++;
      } else if (Character.isSurrogate(c)) {
        n += 1;
      } else {
        n += 3;
      }
    }
    return n;
  }

  void set(String name, String value, String origin) throws LimitExceededException {
    if (name.equals("root")
        && value.length() >= 2
        && value.startsWith("(")
        && value.endsWith(")")) {
      value = value.substring(1, value.length() - 1);
    }
    long len = utf8Length(value);
    if (len > maxVariableBytes) {
      throw new LimitExceededException(
          "maxVariableBytes",
          maxVariableBytes,
          "variable " + abbreviate(name) + " (" + len + " bytes) at " + origin);
    }
    Context c = top();
    Var old = c.vars.get(name);
    long delta = size(name, value) - (old == null ? 0 : size(name, old.value()));
    if (total() + delta > maxTotalBytes) {
      throw new LimitExceededException(
          "maxVariableBytes",
          maxVariableBytes,
          "all variables together exceed 16 times that at " + origin);
    }
    c.bytes += delta;
    c.vars.put(name, new Var(value, old != null && old.global(), origin));
    BtrfsSubvolumes.assigned(btrfs, name, value);
  }

  private long total() {
    long t = 0;
    for (Context c : stack) {
      t += c.bytes;
    }
    return t;
  }

  void unset(String name, String origin) throws LimitExceededException {
    Context c = top();
    Var old = c.vars.get(name);
    if (old == null) {
      return;
    }
    if (HOOKED.contains(name)) {
      set(name, "", origin);
      return;
    }
    c.bytes -= size(name, old.value());
    c.vars.remove(name);
  }

  void export(String name, String origin) throws LimitExceededException {
    if (top().vars.get(name) == null) {
      set(name, "", origin);
    }
    Var v = top().vars.get(name);
    top().vars.put(name, new Var(v.value(), true, v.origin()));
  }

  /**
   * Opens a new context with no menu holding copies of the exported variables, or, in Fedora's GRUB
   * ({@code exportAll}), of every variable, each then exported.
   */
  void open(boolean exportAll) {
    Context c = new Context();
    for (Map.Entry<String, Var> e : top().vars.entrySet()) {
      Var v = e.getValue();
      if (v.global() || exportAll) {
        c.vars.put(e.getKey(), v.global() ? v : new Var(v.value(), true, v.origin()));
        c.bytes += size(e.getKey(), v.value());
      }
    }
    stack.add(c);
  }

  void close() {
    if (stack.size() > 1) {
      stack.remove(stack.size() - 1);
    }
  }

  Menus.Menu menu() {
    return top().menu;
  }

  void setMenu(Menus.Menu menu) {
    top().menu = menu;
  }

  /** The variables of the current context, in the order they were first set. */
  Map<String, Var> variables() {
    return top().vars;
  }

  static String abbreviate(String s) {
    return s.length() <= 60 ? s : s.substring(0, 57) + "...";
  }
}
