package org.bootlace.grub2;

import java.util.List;
import org.bootlace.LimitExceededException;
import org.bootlace.grub2.Options.Opt;

/**
 * {@code regexp [--set=[NUMBER:]VARNAME]... REGEXP STRING} (commands/regexp.c): whether the POSIX
 * extended regular expression matches the string, storing groups in variables. A variable without a
 * number takes group 1; group 0 is the whole match; a group that did not take part unsets its
 * variable. A pattern that does not compile and a string that does not match both fail with
 * GRUB_ERR_TEST_FAILURE (regerror's text), as GRUB does.
 */
final class RegexpCommand {
  private RegexpCommand() {}

  private static final List<Opt> OPTIONS = List.of(new Opt("set", 's', true, false, true));

  static int run(Machine m, List<String> argv) throws LimitExceededException, GrubFail {
    Options.Parsed p;
    try {
      p = Options.parse(argv, OPTIONS, false);
    } catch (Options.Rejected e) {
      throw new GrubFail(GrubFail.BAD_ARGUMENT, e.getMessage());
    }
    if (p.args.size() != 2) {
      throw new GrubFail(GrubFail.BAD_ARGUMENT, "two arguments expected");
    }
    String text = p.args.get(1);
    PosixRegex re;
    try {
      re = PosixRegex.compile(p.args.get(0));
    } catch (PosixRegex.CompileError e) {
      throw new GrubFail(GrubFail.TEST_FAILURE, e.getMessage());
    }
    String at = m.where;
    int[][] match = re.exec(text, () -> m.s.step(at), m.s.limits.maxVariableBytes());
    if (match == null) {
      throw new GrubFail(GrubFail.TEST_FAILURE, PosixRegex.NO_MATCH);
    }
    for (String var : p.values("set")) {
      int colon = var.indexOf(':');
      long group;
      String name;
      if (colon < 0) {
        group = 1;
        name = var;
      } else {
        Gnu.Number n = Gnu.strtoul(var, 10);
        if (!n.ok() || n.end() != colon) {
          throw new GrubFail(GrubFail.BAD_ARGUMENT, "invalid variable name format " + var);
        }
        group = n.value();
        name = var.substring(colon + 1);
      }
      if (group < 0 || group >= match.length || match[(int) group][0] < 0) {
        m.env.unset(name, "regexp at " + m.where);
      } else {
        int[] r = match[(int) group];
        int from = text.offsetByCodePoints(0, r[0]);
        int to = text.offsetByCodePoints(from, Math.max(0, r[1] - r[0]));
        m.set(name, text.substring(from, to));
      }
    }
    return 0;
  }
}
