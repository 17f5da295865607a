package org.bootlace.grub2;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** GRUB's option parser for extended commands (lib/arg.c grub_arg_parse), quirks included. */
final class Options {
  /** One option: long name, short letter (0 for none), whether it takes a value. */
  record Opt(String name, char letter, boolean value, boolean optional, boolean repeatable) {
    static Opt flag(String name, char letter) {
      return new Opt(name, letter, false, false, false);
    }

    static Opt value(String name, char letter) {
      return new Opt(name, letter, true, false, false);
    }
  }

  /** A parse: which options were given (with values) and the other arguments. */
  static final class Parsed {
    final Map<String, List<String>> given = new HashMap<>();
    final List<String> args = new ArrayList<>();

    boolean has(String name) {
      return given.containsKey(name);
    }

    /** The value of a non-repeatable option; null when given without one. */
    String value(String name) {
      List<String> v = given.get(name);
      return v == null || v.isEmpty() ? null : v.get(v.size() - 1);
    }

    List<String> values(String name) {
      return given.getOrDefault(name, List.of());
    }
  }

  /** A rejected command line, with GRUB's message. */
  static final class Rejected extends Exception {
    Rejected(String message) {
      super(message, null, false, false);
    }
  }

  private Options() {}

  private static Opt byLetter(List<Opt> opts, char c) {
    for (Opt o : opts) {
      if (o.letter() != 0 && o.letter() == c) {
        return o;
      }
    }
    return null;
  }

  private static Opt byName(List<Opt> opts, String name) {
    for (Opt o : opts) {
      if (o.name().equals(name)) {
        return o;
      }
    }
    return null;
  }

  private static void record(Parsed p, Opt o, String value) {
    List<String> list = p.given.computeIfAbsent(o.name(), k -> new ArrayList<>());
    if (o.repeatable()) {
      if (value != null) {
        list.add(value);
      }
    } else {
      list.clear();
      if (value != null) {
        list.add(value);
      }
    }
  }

  static Parsed parse(List<String> argv, List<Opt> opts, boolean acceptDash) throws Rejected {
    Parsed p = new Parsed();
    for (int cur = 0; cur < argv.size(); cur++) {
      String arg = argv.get(cur);
      if (!arg.startsWith("-") || arg.length() == 1) {
        p.args.add(arg);
        continue;
      }
      Opt opt;
      String option = null;
      if (arg.charAt(1) != '-') {
        if (acceptDash) {
          boolean all = true;
          for (int i = 1; i < arg.length(); i++) {
            if (byLetter(opts, arg.charAt(i)) == null) {
              all = false;
              break;
            }
          }
          if (!all) {
            p.args.add(arg);
            continue;
          }
        }
        int i = 1;
        while (true) {
          opt = byLetter(opts, arg.charAt(i));
          if (opt == null) {
            throw new Rejected("unknown argument `-" + arg.charAt(i) + "'");
          }
          i++;
          if (i < arg.length()) {
            if (opt.value() && !opt.optional()) {
              throw new Rejected("missing mandatory option for `" + opt.name() + "'");
            }
            record(p, opt, null);
          } else {
            if (opt.value() && cur + 1 < argv.size()) {
              String next = argv.get(cur + 1);
              if (!opt.optional() || next.length() < 2 || next.charAt(0) != '-') {
                option = argv.get(++cur);
              }
            }
            break;
          }
        }
      } else {
        if (arg.length() == 2) {
          for (cur++; cur < argv.size(); cur++) {
            p.args.add(argv.get(cur));
          }
          break;
        }
        int eq = arg.indexOf('=');
        String name;
        if (eq >= 0) {
          name = arg.substring(2, eq);
          option = arg.substring(eq + 1);
        } else {
          name = arg.substring(2);
        }
        opt = byName(opts, name);
        if (option == null
            && cur + 1 < argv.size()
            && !argv.get(cur + 1).startsWith("-")
            && opt != null
            && opt.value()) {
          option = argv.get(++cur);
        }
        if (opt == null && acceptDash) {
          p.args.add(arg);
          continue;
        }
        if (opt == null) {
          throw new Rejected("unknown argument `" + arg + "'");
        }
      }
      if (opt.value() && !(option == null && opt.optional())) {
        if (option == null) {
          throw new Rejected("missing mandatory option for `" + opt.name() + "'");
        }
        record(p, opt, option);
      } else {
        if (option != null) {
          throw new Rejected(
              "a value was assigned to the argument `"
                  + arg
                  + "' while it doesn't require an argument");
        }
        record(p, opt, null);
      }
    }
    return p;
  }
}
