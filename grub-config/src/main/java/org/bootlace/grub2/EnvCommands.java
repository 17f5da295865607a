package org.bootlace.grub2;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.bootlace.grub2.Options.Opt;

/**
 * {@code load_env} and {@code save_env} (commands/loadenv.c). The file is {@code -f FILE} or {@code
 * $prefix/grubenv}; {@code load_env} with names sets only those. {@code save_env} checks what GRUB
 * checks and records what GRUB would write, but bootlace never writes to an image.
 */
final class EnvCommands {
  private EnvCommands() {}

  private static final List<Opt> OPTIONS =
      List.of(Opt.value("file", 'f'), Opt.flag("skip-sig", 's'));

  private static Options.Parsed options(List<String> args) throws GrubFail {
    try {
      return Options.parse(args, OPTIONS, false);
    } catch (Options.Rejected e) {
      throw new GrubFail(GrubFail.BAD_ARGUMENT, e.getMessage());
    }
  }

  private static String file(Machine m, Options.Parsed p) throws GrubFail {
    if (p.has("file")) {
      return p.value("file");
    }
    String prefix = m.env.get("prefix");
    if (prefix == null) {
      throw new GrubFail(GrubFail.FILE_NOT_FOUND, "variable `prefix' isn't set");
    }
    return prefix + "/grubenv";
  }

  private static List<EnvBlock.Pair> read(Machine m, String spec, Devices.Resolved[] where)
      throws IOException, GrubFail {
    Devices.Resolved r = Builtins.open(m, spec);
    where[0] = r;
    List<EnvBlock.Pair> pairs = EnvBlock.parse(r.volume().readConfig(r.path()));
    if (pairs == null) {
      throw new GrubFail(GrubFail.BAD_FILE_TYPE, "invalid environment block");
    }
    return pairs;
  }

  static int load(Machine m, List<String> args) throws IOException, GrubFail {
    Options.Parsed p = options(args);
    String spec = file(m, p);
    Devices.Resolved[] where = new Devices.Resolved[1];
    List<EnvBlock.Pair> pairs;
    try {
      pairs = read(m, spec, where);
    } catch (GrubFail e) {
      m.s.explain(m.where + ": load_env " + spec + ": " + e.getMessage());
      throw e;
    }
    String name = m.s.name(where[0].volume(), where[0].path());
    List<String> loaded = new ArrayList<>();
    for (EnvBlock.Pair pair : pairs) {
      if (p.args.isEmpty() || p.args.contains(pair.name())) {
        m.env.set(pair.name(), pair.value(), "load_env from " + name + " at " + m.where);
        loaded.add(pair.name() + "=" + Env.abbreviate(pair.value()));
      }
    }
    m.s.explain(
        m.where
            + ": load_env read "
            + name
            + (loaded.isEmpty() ? ": nothing" : ": " + String.join(", ", loaded)));
    return 0;
  }

  static int save(Machine m, List<String> args) throws IOException, GrubFail {
    Options.Parsed p = options(args);
    if (p.args.isEmpty()) {
      throw new GrubFail(GrubFail.BAD_ARGUMENT, "no variable is specified");
    }
    String spec = file(m, p);
    Devices.Resolved[] where = new Devices.Resolved[1];
    read(m, spec, where);
    List<String> values = new ArrayList<>();
    for (String v : p.args) {
      String value = m.env.get(v);
      if (value != null) {
        values.add(v + "=" + Env.abbreviate(value));
      }
    }
    if (!m.inEntry) {
      m.s.explain(
          m.where
              + ": save_env would write "
              + String.join(", ", values)
              + " to "
              + m.s.name(where[0].volume(), where[0].path())
              + " (bootlace writes nothing)");
    }
    return 0;
  }
}
