package org.bootlace.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * pygrub's command line, parsed as pygrub parses it (GNU getopt: options and the image in any
 * order, {@code --} ends the options, short flags cluster as in {@code -qn}, a long option takes
 * its value as {@code --opt=V} or as the next argument, any unique prefix of a long option names
 * it, and {@code -h} takes a value, as pygrub's {@code "h::"} makes Python's getopt require),
 * straight into a {@link PygrubCommand}. A fixed table instead of a reflective parser: this is the
 * path a toolstack starts for every guest.
 *
 * <p>Prefixes are matched against pygrub's own options first, so every command line pygrub accepts
 * means the same here; bootlace's additions ({@code --timeout}, {@code --allow-backing-dir}) are
 * matched only when none of pygrub's fits, and the options the {@code --runas} worker is started
 * with only when spelled out whole.
 */
final class PygrubOptions {
  private PygrubOptions() {}

  static final String USAGE =
      "Usage: bootlace pygrub [-q|--quiet] [-i|--interactive] [-l|--list-entries] [-n|--not-really]"
          + " [--output=] [--kernel=] [--ramdisk=] [--args=] [--entry=] [--output-directory=]"
          + " [--output-format=sxp|simple|simple0] [--runas=] [--offset=] [--isconfig] [--debug]"
          + " [--timeout=] [--allow-backing-dir=] <image>";

  static final String HELP =
      USAGE
          + "\n"
          + "Drop-in replacement for Xen's pygrub: extract the kernel a guest image boots.\n"
          + "  -q, --quiet               Boot the default entry without a menu.\n"
          + "  -i, --interactive         Show the menu (the default).\n"
          + "  -l, --list-entries        List the entries and exit.\n"
          + "  -n, --not-really          Resolve but copy nothing.\n"
          + "  -h X, --help             Show this help (-h takes a value, as in pygrub).\n"
          + "      --output=FILE         Write the result to FILE ('-': standard output).\n"
          + "      --output-format=FORMAT  sxp (default), simple or simple0.\n"
          + "      --output-directory=DIR  Where the kernel and ramdisk go (an existing directory;\n"
          + "                            default "
          + PygrubCommand.DEFAULT_OUTPUT_DIRECTORY
          + ").\n"
          + "      --offset=BYTES        Read the filesystem at this byte offset.\n"
          + "      --entry=ENTRY         Boot this entry (index or title).\n"
          + "      --kernel=PATH         Boot this kernel, ignoring the configuration.\n"
          + "      --ramdisk=PATH        Use this ramdisk.\n"
          + "      --args=ARGS           Append these kernel arguments.\n"
          + "      --runas=UID           Parse as this user, confined (needs root and -q or --entry).\n"
          + "      --isconfig            IMAGE is a configuration file on the host, not an image.\n"
          + "      --timeout=SECONDS     Give up after this long (default 60).\n"
          + "      --debug               Print stack traces and probe details.\n"
          + "      --allow-backing-dir=DIR  Allow backing files and other files the image names\n"
          + "                            inside DIR (repeatable; none by default).\n";

  /** A long option: its name and whether it takes a value. */
  private record LongOption(String name, boolean value) {}

  /** pygrub's own long options, as its getopt call lists them. */
  private static final List<LongOption> PYGRUB =
      List.of(
          new LongOption("quiet", false),
          new LongOption("interactive", false),
          new LongOption("list-entries", false),
          new LongOption("not-really", false),
          new LongOption("help", false),
          new LongOption("output", true),
          new LongOption("output-format", true),
          new LongOption("output-directory", true),
          new LongOption("offset", true),
          new LongOption("runas", true),
          new LongOption("entry", true),
          new LongOption("kernel", true),
          new LongOption("ramdisk", true),
          new LongOption("args", true),
          new LongOption("isconfig", false),
          new LongOption("debug", false));

  /** bootlace's additions. */
  private static final List<LongOption> BOOTLACE =
      List.of(new LongOption("timeout", true), new LongOption("allow-backing-dir", true));

  /** What the --runas parent passes its worker; never abbreviated. */
  private static final List<LongOption> WORKER =
      List.of(
          new LongOption("deprivileged-worker", false),
          new LongOption("kernel-file", true),
          new LongOption("ramdisk-file", true),
          new LongOption("probe-write", true));

  /** The outcome of parsing: run the command, or print the help. */
  enum Parsed {
    RUN,
    HELP
  }

  /**
   * Fills {@code cmd} from {@code args} (the arguments after {@code pygrub}).
   *
   * @throws CliException with {@link ExitCodes#USAGE} and getopt's message for a command line
   *     pygrub would refuse
   */
  static Parsed parse(List<String> args, PygrubCommand cmd) throws CliException {
    Getopt g = getopt(args);
    boolean help = false;
    for (Option o : g.options()) {
      help |= apply(o.name(), o.value(), cmd);
    }
    if (help) {
      return Parsed.HELP;
    }
    if (g.operands().isEmpty()) {
      throw usage("no image given");
    }
    // pygrub boots its first argument and ignores any others.
    cmd.image = g.operands().get(0);
    return Parsed.RUN;
  }

  /**
   * One option as given: its whole long name ({@code -q} is {@code quiet}) and its value or null.
   */
  record Option(String name, String value) {}

  /** The options in order, and the other arguments. */
  record Getopt(List<Option> options, List<String> operands) {}

  /** GNU getopt over pygrub's option table. */
  static Getopt getopt(List<String> args) throws CliException {
    List<Option> options = new ArrayList<>();
    List<String> operands = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (a.equals("--")) {
        operands.addAll(args.subList(i + 1, args.size()));
        break;
      }
      if (a.startsWith("--")) {
        String name = a.substring(2);
        String value = null;
        int eq = name.indexOf('=');
        if (eq >= 0) {
          value = name.substring(eq + 1);
          name = name.substring(0, eq);
        }
        LongOption opt = find(name);
        if (opt.value() && value == null) {
          if (i + 1 >= args.size()) {
            throw usage("option --" + opt.name() + " requires argument");
          }
          value = args.get(++i);
        } else if (!opt.value() && value != null) {
          throw usage("option --" + opt.name() + " must not have an argument");
        }
        options.add(new Option(opt.name(), value));
      } else if (a.startsWith("-") && a.length() > 1) {
        for (int j = 1; j < a.length(); j++) {
          char c = a.charAt(j);
          switch (c) {
            case 'q' -> options.add(new Option("quiet", null));
            case 'i' -> options.add(new Option("interactive", null));
            case 'l' -> options.add(new Option("list-entries", null));
            case 'n' -> options.add(new Option("not-really", null));
            case 'h' -> {
              // pygrub declares "h::", which Python's getopt reads as -h taking a value: the rest
              // of the word, else the next argument. A bare -h at the end is refused, as there.
              String value = a.substring(j + 1);
              if (value.isEmpty()) {
                if (i + 1 >= args.size()) {
                  throw usage("option -h requires argument");
                }
                value = args.get(++i);
              }
              options.add(new Option("help", value));
              j = a.length();
            }
            default -> throw usage("option -" + c + " not recognized");
          }
        }
      } else {
        operands.add(a);
      }
    }
    return new Getopt(options, operands);
  }

  /** getopt's rule: an exact name, else the one option the name is a prefix of. */
  private static LongOption find(String name) throws CliException {
    LongOption found = match(name, PYGRUB);
    if (found == null) {
      found = match(name, BOOTLACE);
    }
    if (found == null) {
      for (LongOption w : WORKER) {
        if (w.name().equals(name)) {
          return w;
        }
      }
      throw usage("option --" + name + " not recognized");
    }
    return found;
  }

  private static LongOption match(String name, List<LongOption> options) throws CliException {
    LongOption unique = null;
    int count = 0;
    for (LongOption o : options) {
      if (o.name().equals(name)) {
        return o;
      }
      if (o.name().startsWith(name)) {
        unique = o;
        count++;
      }
    }
    if (count > 1) {
      throw usage("option --" + name + " not a unique prefix");
    }
    return unique;
  }

  /** Sets one option; true for --help. */
  private static boolean apply(String name, String value, PygrubCommand cmd) {
    switch (name) {
      case "quiet" -> cmd.interactive = false;
      case "interactive" -> cmd.interactive = true;
      case "list-entries" -> cmd.listEntries = true;
      case "not-really" -> cmd.notReally = true;
      case "help" -> {
        return true;
      }
      case "output" -> cmd.output = value;
      case "output-format" -> cmd.outputFormat = value;
      case "output-directory" -> cmd.outputDirectory = value;
      case "offset" -> cmd.offset = value;
      case "runas" -> cmd.runas = value;
      case "entry" -> {
        // pygrub: naming the entry to boot implies non-interactive.
        cmd.entry = value;
        cmd.interactive = false;
      }
      case "kernel" -> cmd.overrides.kernel = value;
      case "ramdisk" -> cmd.overrides.ramdisk = value;
      case "args" -> cmd.overrides.args = value;
      case "isconfig" -> cmd.isconfig = true;
      case "debug" -> cmd.debug = true;
      case "timeout" -> cmd.timeout = value;
      case "allow-backing-dir" -> cmd.allowBackingDirs.add(value);
      case "deprivileged-worker" -> cmd.worker = true;
      case "kernel-file" -> cmd.kernelFile = value;
      case "ramdisk-file" -> cmd.ramdiskFile = value;
      case "probe-write" -> cmd.probeWrites.add(value);
      default -> throw new IllegalStateException("option table and switch disagree: " + name);
    }
    return false;
  }

  private static CliException usage(String message) {
    return new CliException(message, ExitCodes.USAGE);
  }
}
