package org.bootlace.grub2;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.bootlace.FileStat;
import org.bootlace.LimitExceededException;
import org.bootlace.spi.FileType;

/**
 * {@code test} and {@code [} (commands/test.c): evaluated left to right exactly as GRUB does,
 * three-argument forms first, then two-argument forms, then {@code ( ) ! -a -o}, and anything else
 * as a string that is true when not empty. File tests look at the guest's files on the device the
 * name gives (or {@code $root}); like GRUB, {@code -d} and {@code -f} see a symbolic link as
 * itself, not its target.
 */
final class TestCommand {
  private final Machine m;
  private final List<String> args;
  private int argn;
  private int depth;

  private TestCommand(Machine m, List<String> args) {
    this.m = m;
    this.args = args;
  }

  static boolean run(Machine m, String name, List<String> args) throws IOException {
    int argc = args.size();
    if (argc >= 1 && args.get(argc - 1).equals("]")) {
      argc--;
    }
    return new TestCommand(m, args.subList(0, argc)).parse();
  }

  private static final class Ctx {
    boolean and = true;
    boolean or;
    boolean invert;

    void update(boolean val) {
      and = and && (invert != val);
      invert = false;
    }
  }

  private boolean parse() throws IOException {
    if (++depth > m.s.limits.maxCallDepth()) {
      throw new LimitExceededException(
          "maxCallDepth",
          m.s.limits.maxCallDepth(),
          "test parentheses nested deeper than that at " + m.where);
    }
    Ctx ctx = new Ctx();
    int argc = args.size();
    while (argn < argc) {
      m.s.step(m.where);
      if (argn + 2 < argc) {
        String a = args.get(argn);
        String op = args.get(argn + 1);
        String b = args.get(argn + 2);
        Boolean v = threeArgs(a, op, b);
        if (v != null) {
          ctx.update(v);
          argn += 3;
          continue;
        }
      }
      if (argn + 1 < argc) {
        Boolean v = twoArgs(args.get(argn), args.get(argn + 1));
        if (v != null) {
          ctx.update(v);
          argn += 2;
          continue;
        }
      }
      String a = args.get(argn);
      if (a.equals(")")) {
        argn++;
        depth--;
        return ctx.or || ctx.and;
      }
      if (a.equals("(")) {
        argn++;
        ctx.update(parse());
        continue;
      }
      if (a.equals("!")) {
        ctx.invert = !ctx.invert;
        argn++;
        continue;
      }
      if (a.equals("-a")) {
        argn++;
        continue;
      }
      if (a.equals("-o")) {
        ctx.or = ctx.or || ctx.and;
        ctx.and = true;
        argn++;
        continue;
      }
      ctx.update(!a.isEmpty());
      argn++;
    }
    depth--;
    return ctx.or || ctx.and;
  }

  private static int cmp(String a, String b) {
    return GrubStrings.compare(a, b);
  }

  private Boolean threeArgs(String a, String op, String b) throws IOException {
    switch (op) {
      case "=", "==":
        return a.equals(b);
      case "!=":
        return !a.equals(b);
      case "<":
        return cmp(a, b) < 0;
      case "<=":
        return cmp(a, b) <= 0;
      case ">":
        return cmp(a, b) > 0;
      case ">=":
        return cmp(a, b) >= 0;
      case "-eq":
        return Gnu.strtosl(a) == Gnu.strtosl(b);
      case "-ge":
        return Gnu.strtosl(a) >= Gnu.strtosl(b);
      case "-gt":
        return Gnu.strtosl(a) > Gnu.strtosl(b);
      case "-le":
        return Gnu.strtosl(a) <= Gnu.strtosl(b);
      case "-lt":
        return Gnu.strtosl(a) < Gnu.strtosl(b);
      case "-ne":
        return Gnu.strtosl(a) != Gnu.strtosl(b);
      case "-pgt", "-plt":
        {
          int i = 0;
          while (i < a.length() && i < b.length() && a.charAt(i) == b.charAt(i)) {
            i++;
          }
          i--;
          while (i > 0 && Lexer.isDigit(a.charAt(i))) {
            i--;
          }
          i++;
          long x = Gnu.strtoul(i <= a.length() ? a.substring(Math.max(i, 0)) : "", 0).value();
          long y = Gnu.strtoul(i <= b.length() ? b.substring(Math.max(i, 0)) : "", 0).value();
          return op.equals("-pgt")
              ? Long.compareUnsigned(x, y) > 0
              : Long.compareUnsigned(x, y) < 0;
        }
      default:
        break;
    }
    if (op.startsWith("-nt") || op.startsWith("-ot")) {
      Optional<FileStat> f1 = info(a);
      Optional<FileStat> f2 = info(b);
      long bias = op.length() > 3 ? Gnu.strtosl(op.substring(3)) : 0;
      if (op.startsWith("-nt")) {
        return (f1.isPresent() && f2.isEmpty())
            || (f1.isPresent() && f2.isPresent() && f1.get().mtime() + bias > f2.get().mtime());
      }
      return (f1.isEmpty() && f2.isPresent())
          || (f1.isPresent() && f2.isPresent() && f1.get().mtime() + bias < f2.get().mtime());
    }
    return null;
  }

  private Boolean twoArgs(String op, String a) throws IOException {
    switch (op) {
      case "-d":
        {
          Optional<FileStat> f = info(a);
          return f.isPresent() && f.get().type() == FileType.DIRECTORY;
        }
      case "-e":
        return info(a).isPresent();
      case "-f":
        {
          Optional<FileStat> f = info(a);
          return f.isPresent() && f.get().type() != FileType.DIRECTORY;
        }
      case "-s":
        {
          try {
            Devices.Resolved r = m.s.devices.regularFile(a, m);
            Optional<FileStat> st = Devices.stat(r.volume(), r.path(), true);
            return st.isPresent() && st.get().size() != 0;
          } catch (GrubFail e) {
            return false;
          }
        }
      case "-n":
        return !a.isEmpty();
      case "-z":
        return a.isEmpty();
      default:
        return null;
    }
  }

  /**
   * get_fileinfo: the device alone is a directory; otherwise the last component is looked up in its
   * directory, where a symbolic link is a link (neither file nor directory to GRUB's {@code -d}; a
   * non-directory to {@code -f}).
   */
  private Optional<FileStat> info(String name) throws IOException {
    Devices.Resolved r;
    try {
      r = m.s.devices.file(name, m);
    } catch (GrubFail e) {
      return Optional.empty();
    }
    String path = r.path();
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    if (path.isEmpty()) {
      return Optional.of(new FileStat("/", FileType.DIRECTORY, 0, 0, 0, 0));
    }
    try {
      return Devices.stat(r.volume(), path, false);
    } catch (GrubFail e) {
      return Optional.empty();
    }
  }
}
