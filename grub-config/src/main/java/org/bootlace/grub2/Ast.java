package org.bootlace.grub2;

import java.util.List;

/** The parsed form of GRUB script, node for node as GRUB's parser builds it. */
final class Ast {
  private Ast() {}

  /** How a piece of a word was written; decides quoting, splitting and escaping. */
  enum PartType {
    /** Unquoted text, backslash escapes still in it. */
    TEXT,
    /** An unquoted {@code $x}: split on blanks. */
    VAR,
    /** A {@code $x} inside double quotes. */
    DQVAR,
    /** Text inside double quotes. */
    DQSTR,
    /** Text inside single quotes. */
    SQSTR,
    /** A {@code $"..."} string. */
    GETTEXT
  }

  record Part(PartType type, String text) {}

  /** One word of a command line: its pieces, and the block when the word is a {@code { ... }}. */
  record Word(List<Part> parts, CmdList block) {
    static Word of(List<Part> parts) {
      return new Word(parts, null);
    }
  }

  /** A command node. */
  sealed interface Cmd permits CmdList, CmdLine, CmdIf, CmdFor, CmdWhile {}

  /** Commands run one after another; {@code line}/{@code endLine} span the source. */
  record CmdList(List<Cmd> cmds, String file, int line, int endLine) implements Cmd {}

  /** A simple command with its words (the first is the command name). */
  record CmdLine(List<Word> words, String file, int line, int endLine) implements Cmd {}

  /** if/elif/else: {@code orElse} is null, a list, or the next {@code elif}. */
  record CmdIf(CmdList cond, CmdList then, Cmd orElse, int line, int endLine) implements Cmd {}

  record CmdFor(String name, List<Word> words, CmdList body, int line, int endLine)
      implements Cmd {}

  record CmdWhile(CmdList cond, CmdList body, boolean until, int line, int endLine)
      implements Cmd {}

  /** A function definition; GRUB registers it while parsing. */
  record Function(String name, CmdList body, String file, int line) {}

  static int line(Cmd c) {
    if (c instanceof CmdList l) {
      return l.line();
    } else if (c instanceof CmdLine l) {
      return l.line();
    } else if (c instanceof CmdIf i) {
      return i.line();
    } else if (c instanceof CmdFor f) {
      return f.line();
    }
    return ((CmdWhile) c).line();
  }

  static int endLine(Cmd c) {
    if (c instanceof CmdList l) {
      return l.endLine();
    } else if (c instanceof CmdLine l) {
      return l.endLine();
    } else if (c instanceof CmdIf i) {
      return i.endLine();
    } else if (c instanceof CmdFor f) {
      return f.endLine();
    }
    return ((CmdWhile) c).endLine();
  }
}
