package org.bootlace.grub2;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bootlace.LimitExceededException;
import org.bootlace.Volume;
import org.bootlace.grub2.Ast.Cmd;
import org.bootlace.grub2.Ast.CmdFor;
import org.bootlace.grub2.Ast.CmdIf;
import org.bootlace.grub2.Ast.CmdLine;
import org.bootlace.grub2.Ast.CmdList;
import org.bootlace.grub2.Ast.CmdWhile;

/**
 * GRUB's script executor (grub-core/script/execute.c): command lists, if, for, while/until,
 * functions with positional parameters, break/continue/return, {@code $?} after every command,
 * builtins before functions before {@code name=value} assignments, and Debian GRUB 2.06's recursion
 * limit of 64 nested commands (reaching it fails that command, and, as in GRUB, leaves the depth
 * counter one higher). Every command costs one step of {@code maxScriptSteps}.
 */
final class Machine implements Words.Lookup {
  static final int GRUB_MAX_RECURSION = 64;

  final Session s;
  Env env;
  final Map<String, Ast.Function> functions;

  /** Positional parameters; null outside functions and menu entries. */
  List<String> scope;

  long activeLoops;
  long activeBreaks;
  boolean isContinue;
  boolean functionReturn;
  int recursionDepth;
  Loader loader = new Loader();

  /** Where GRUB's error messages go: the warnings, or an entry's notes. */
  final List<String> errors;

  /** Whether this machine runs a menu entry (loaders matter) rather than the configuration. */
  final boolean inEntry;

  /** Where the command being run was written, for messages. */
  String where = "";

  Machine(
      Session s,
      Env env,
      Map<String, Ast.Function> functions,
      List<String> errors,
      boolean inEntry) {
    this.s = s;
    this.env = env;
    this.functions = functions;
    this.errors = errors;
    this.inEntry = inEntry;
  }

  /** A machine for running an entry: the same session, its own copy of everything else. */
  Machine forEntry(Env entryEnv, List<String> notes) {
    Machine m = new Machine(s, entryEnv, new HashMap<>(functions), notes, true);
    m.recursionDepth = recursionDepth;
    return m;
  }

  /** The wildcard translator once GRUB's regexp module is loaded, else null. */
  private Words.Expander wildcards() {
    return s.wildcards ? e -> Wildcards.expand(this, e) : null;
  }

  @Override
  public String get(String name) {
    return env.get(name);
  }

  @Override
  public List<String> positional() {
    return scope;
  }

  void error(String message) {
    String line = where + ": error: " + message;
    if (errors == s.warnings) {
      s.warn(line);
    } else if (errors.size() < Session.MAX_WARNINGS) {
      errors.add(line);
    }
  }

  /** A tolerance or substitution worth telling once, where errors go. */
  void note(String n) {
    if (errors == s.warnings) {
      if (!s.warnings.contains(n)) {
        s.warn(n);
      }
    } else if (!errors.contains(n) && errors.size() < Session.MAX_WARNINGS) {
      errors.add(n);
    }
  }

  void set(String name, String value) throws LimitExceededException {
    env.set(name, value, "set at " + where);
  }

  // ---- files and text

  /**
   * Reads and runs a configuration file as GRUB's normal mode does: piece by piece, each piece run
   * before the next is read; a piece GRUB cannot parse is skipped with a warning.
   */
  void runFile(Volume v, String path, byte[] bytes) throws IOException {
    String name = s.name(v, path);
    String oldFile = env.get("config_file");
    String oldDir = env.get("config_directory");
    String full = "(" + s.devices.name(v) + ")" + path;
    String origin = "reading " + name;
    env.set("config_file", full, origin);
    env.set("config_directory", full.substring(0, full.lastIndexOf('/')), origin);
    env.export("config_file", origin);
    env.export("config_directory", origin);
    Lines lines = Lines.of(bytes, s.context.deadline());
    if (lines.malformed()) {
      s.warn(name + ": bytes that are not UTF-8 read as U+FFFD");
    }
    Parser parser =
        new Parser(name, lines, s.limits.maxCallDepth(), f -> functions.put(f.name(), f));
    try {
      Lines.Line line;
      while ((line = lines.next()) != null) {
        where = name + ":" + line.number();
        s.step(where);
        Parser.Chunk chunk;
        try {
          chunk = parser.chunk(line);
        } catch (ScriptSyntaxException e) {
          s.warn(syntaxWarning(name, e, line.number(), parser.lastLine()));
          continue;
        }
        executeCmd(chunk.list().cmds().isEmpty() ? null : chunk.list());
      }
    } finally {
      restore("config_file", oldFile, origin);
      restore("config_directory", oldDir, origin);
    }
  }

  static String syntaxWarning(String name, ScriptSyntaxException e, int first, int last) {
    return name
        + ":"
        + e.line()
        + ":"
        + e.column()
        + ": syntax error: "
        + e.getMessage()
        + "; GRUB skips "
        + (first == last ? "line " + first : "lines " + first + "-" + last);
  }

  private void restore(String var, String old, String origin) throws LimitExceededException {
    if (old != null) {
      env.set(var, old, origin);
    } else {
      env.unset(var, origin);
    }
  }

  /**
   * Runs script text as grub_script_execute_sourcecode does (entry bodies made by blscfg, {@code
   * eval}): piece by piece, stopping at the first piece that does not parse.
   */
  int runText(String text, String name) throws IOException {
    Lines lines = Lines.of(text, s.context.deadline());
    Parser parser =
        new Parser(name, lines, s.limits.maxCallDepth(), f -> functions.put(f.name(), f));
    int ret = 0;
    Lines.Line line;
    while ((line = lines.next()) != null) {
      where = name + ":" + line.number();
      s.step(where);
      Parser.Chunk chunk;
      try {
        chunk = parser.chunk(line);
      } catch (ScriptSyntaxException e) {
        error(syntaxWarning(name, e, line.number(), parser.lastLine()));
        return GrubFail.INVALID_COMMAND;
      }
      ret = executeCmd(chunk.list().cmds().isEmpty() ? null : chunk.list());
    }
    return ret;
  }

  /**
   * Runs a menu entry's block as GRUB runs its recorded text: each piece (the commands that start
   * on one line, with the lines they continue over) on its own.
   */
  int runBody(CmdList body) throws IOException {
    int ret = 0;
    List<Cmd> piece = new ArrayList<>();
    int end = -1;
    for (Cmd c : body.cmds()) {
      if (!piece.isEmpty() && Ast.line(c) > end) {
        ret = executeCmd(new CmdList(List.copyOf(piece), body.file(), Ast.line(piece.get(0)), end));
        piece.clear();
      }
      piece.add(c);
      end = Math.max(end, Ast.endLine(c));
    }
    if (!piece.isEmpty()) {
      ret = executeCmd(new CmdList(List.copyOf(piece), body.file(), Ast.line(piece.get(0)), end));
    }
    return ret;
  }

  // ---- execution

  int executeCmd(Cmd c) throws IOException {
    if (c == null) {
      return 0;
    }
    String file = c instanceof CmdList l ? l.file() : c instanceof CmdLine l ? l.file() : null;
    if (file != null) {
      where = file + ":" + Ast.line(c);
    }
    s.step(where);
    recursionDepth++;
    if (recursionDepth >= GRUB_MAX_RECURSION) {
      error("maximum recursion depth exceeded");
      return GrubFail.RECURSION_DEPTH;
    }
    if (recursionDepth > s.limits.maxCallDepth()) {
      throw new LimitExceededException(
          "maxCallDepth", s.limits.maxCallDepth(), "commands nested deeper than that at " + where);
    }
    int ret;
    if (c instanceof CmdList l) {
      ret = list(l);
    } else if (c instanceof CmdLine l) {
      ret = line(l);
    } else if (c instanceof CmdIf i) {
      ret = ifCommand(i);
    } else if (c instanceof CmdFor f) {
      ret = forCommand(f);
    } else {
      ret = whileCommand((CmdWhile) c);
    }
    recursionDepth--;
    env.set("?", Integer.toString(ret), "");
    return ret;
  }

  private int list(CmdList l) throws IOException {
    int ret = 0;
    for (Cmd c : l.cmds()) {
      if (activeBreaks > 0) {
        break;
      }
      ret = executeCmd(c);
      if (functionReturn) {
        break;
      }
    }
    return ret;
  }

  private int ifCommand(CmdIf i) throws IOException {
    int ret = executeCmd(i.cond());
    if (functionReturn) {
      return ret;
    }
    if ("0".equals(env.get("?"))) {
      return executeCmd(i.then());
    }
    return executeCmd(i.orElse());
  }

  private int forCommand(CmdFor f) throws IOException {
    where = f.body().file() + ":" + f.line();
    Words.Args a =
        Words.expand(f.words(), this, s.limits.maxVariableBytes(), where, s.fedora(), wildcards());
    activeLoops++;
    int result = 0;
    for (String value : a.argv()) {
      s.step(where);
      if (isContinue && activeBreaks == 1) {
        activeBreaks = 0;
      }
      if (activeBreaks == 0) {
        setScriptVar(f.name(), value);
        result = executeCmd(f.body());
        if (functionReturn) {
          break;
        }
      }
    }
    if (activeBreaks > 0) {
      activeBreaks--;
    }
    activeLoops--;
    return result;
  }

  private int whileCommand(CmdWhile w) throws IOException {
    activeLoops++;
    int result;
    while (true) {
      result = executeCmd(w.cond());
      if (functionReturn) {
        break;
      }
      if (w.until() ? result == 0 : result != 0) {
        break;
      }
      result = executeCmd(w.body());
      if (functionReturn) {
        break;
      }
      if (activeBreaks == 1 && isContinue) {
        activeBreaks = 0;
      }
      if (activeBreaks > 0) {
        break;
      }
    }
    if (activeBreaks > 0) {
      activeBreaks--;
    }
    activeLoops--;
    return result;
  }

  /** grub_script_env_set: digits, #, * and @ are not variables one can set. */
  private boolean setScriptVar(String name, String value) throws LimitExceededException {
    if (name.isEmpty()
        || Lexer.isDigit(name.charAt(0))
        || name.equals("#")
        || name.equals("*")
        || name.equals("@")) {
      error("invalid variable name `" + name + "'");
      return false;
    }
    set(name, value);
    return true;
  }

  private int line(CmdLine l) throws IOException {
    Words.Args a =
        Words.expand(l.words(), this, s.limits.maxVariableBytes(), where, s.fedora(), wildcards());
    List<String> argv = a.argv();
    if (argv.isEmpty()) {
      return 0;
    }
    String name = argv.get(0);
    List<String> args = argv.subList(1, argv.size());
    boolean invert = false;
    if (name.equals("!")) {
      if (argv.size() < 2) {
        error("no command is specified");
        return GrubFail.BAD_ARGUMENT;
      }
      invert = true;
      name = argv.get(1);
      args = argv.subList(2, argv.size());
    }
    int ret;
    if (Builtins.exists(name, s.platform)) {
      try {
        ret = Builtins.run(this, name, List.copyOf(args), a.block());
      } catch (GrubFail f) {
        ret = f.code();
        if (f.code() != GrubFail.TEST_FAILURE) {
          error(f.getMessage());
        }
      }
    } else if (functions.containsKey(name)) {
      ret = call(functions.get(name), List.copyOf(args));
    } else {
      int eq = name.indexOf('=');
      if (eq >= 0) {
        setScriptVar(name.substring(0, eq), name.substring(eq + 1));
      } else {
        error("can't find command `" + name + "'");
      }
      env.set("?", "0", "");
      return 0;
    }
    if (invert) {
      if (ret == GrubFail.TEST_FAILURE) {
        ret = 0;
      } else if (ret == 0) {
        ret = GrubFail.TEST_FAILURE;
      } else {
        ret = 0;
      }
    }
    env.set("?", Integer.toString(ret), "");
    return ret;
  }

  int call(Ast.Function f, List<String> args) throws IOException {
    long loops = activeLoops;
    activeLoops = 0;
    List<String> old = scope;
    scope = new ArrayList<>(args);
    String at = where;
    int ret;
    try {
      ret = executeCmd(f.body());
    } finally {
      functionReturn = false;
      activeLoops = loops;
      scope = old;
      where = at;
    }
    return ret;
  }
}
