package org.bootlace.cli;

import java.io.PrintStream;
import java.lang.reflect.Constructor;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code bootlace} command line's subcommands other than pygrub, parsed by picocli. */
@Command(
    name = "bootlace",
    mixinStandardHelpOptions = true,
    versionProvider = Commands.Version.class,
    description = "Finds what a guest disk image boots, without mounting it.")
final class Commands implements Runnable {
  /** The subcommands, in the order help lists them. */
  private static final Map<String, Class<?>> COMMANDS = new LinkedHashMap<>();

  static {
    COMMANDS.put("resolve", ResolveCommand.class);
    COMMANDS.put("list", ListCommand.class);
    COMMANDS.put("extract", ExtractCommand.class);
    COMMANDS.put("ls", LsCommand.class);
    COMMANDS.put("cat", CatCommand.class);
    COMMANDS.put("pxe", PxeCommand.class);
    COMMANDS.put("pypxeboot", PypxebootCommand.class);
    COMMANDS.put("inspect", InspectCommand.class);
    COMMANDS.put("boot", BootCommand.class);
  }

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Runs one command line with the given streams; returns the exit status. */
  static int run(Io io, String... args) {
    Factory factory = new Factory(io);
    CommandLine cl = new CommandLine(new Commands(), factory);
    // Building a command's model is reflection-heavy: a run pays only for the command it runs,
    // which keeps pygrub-style one-shot start-up short.
    Class<?> only = args.length > 0 ? COMMANDS.get(args[0]) : null;
    try {
      if (only != null) {
        cl.addSubcommand(args[0], new CommandLine(only, factory));
      } else {
        // pygrub has its own parser (Main runs it); here it is only listed.
        CommandLine.Model.CommandSpec pygrub =
            CommandLine.Model.CommandSpec.create().name("pygrub");
        pygrub
            .usageMessage()
            .description(
                "Drop-in replacement for Xen's pygrub: extract the kernel a guest image boots.");
        cl.addSubcommand("pygrub", new CommandLine(pygrub));
        for (Map.Entry<String, Class<?>> c : COMMANDS.entrySet()) {
          cl.addSubcommand(c.getKey(), new CommandLine(c.getValue(), factory));
        }
      }
    } catch (CommandLine.InitializationException e) {
      throw new IllegalStateException(e);
    }
    cl.setOut(
        new java.io.PrintWriter(
            new java.io.OutputStreamWriter(io.out(), StandardCharsets.UTF_8), true));
    cl.setErr(
        new java.io.PrintWriter(
            new java.io.OutputStreamWriter(io.err(), StandardCharsets.UTF_8), true));
    cl.setExecutionExceptionHandler(new Failures(io.err()));
    cl.setParameterExceptionHandler(
        (ex, a) -> {
          io.err().println("bootlace: " + ex.getMessage());
          ex.getCommandLine().usage(io.err());
          return ExitCodes.USAGE;
        });
    return cl.execute(args);
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Builds commands with the streams of this run. */
  private static final class Factory implements CommandLine.IFactory {
    private final Io io;

    Factory(Io io) {
      this.io = io;
    }

    @Override
    public <K> K create(Class<K> cls) throws Exception {
      for (Constructor<?> c : cls.getDeclaredConstructors()) {
        if (c.getParameterCount() == 1 && c.getParameterTypes()[0] == Io.class) {
          c.setAccessible(true);
          return cls.cast(c.newInstance(io));
        }
      }
      return CommandLine.defaultFactory().create(cls);
    }
  }

  /** One line on standard error for every failure; the stack trace only with --debug. */
  private static final class Failures implements CommandLine.IExecutionExceptionHandler {
    private final PrintStream err;

    Failures(PrintStream err) {
      this.err = err;
    }

    @Override
    public int handleExecutionException(
        Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
      boolean debug =
          parsed.subcommand() != null && parsed.subcommand().hasMatchedOption("--debug");
      if (debug) {
        ex.printStackTrace(err);
      }
      err.println("bootlace: " + Failure.message(ex));
      return Failure.exitCode(ex);
    }
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Commands.class.getPackage().getImplementationVersion();
      return new String[] {"bootlace " + (v == null ? "(development build)" : v)};
    }
  }
}
