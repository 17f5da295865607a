package org.bootlace.grub2;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.bootlace.LimitExceededException;
import org.bootlace.grub2.Ast.CmdFor;
import org.bootlace.grub2.Ast.CmdIf;
import org.bootlace.grub2.Ast.CmdLine;
import org.bootlace.grub2.Ast.CmdList;
import org.bootlace.grub2.Ast.CmdWhile;
import org.bootlace.grub2.Ast.Part;
import org.bootlace.grub2.Ast.PartType;
import org.bootlace.grub2.Ast.Word;
import org.bootlace.grub2.Lexer.Kind;
import org.bootlace.grub2.Lexer.Token;

/**
 * GRUB's grammar (grub-core/script/parser.y) as a recursive-descent parser. One call reads one
 * piece of script: a line, continued over the lines an open construct or quote needs, exactly the
 * unit GRUB's normal mode parses and runs before reading on. Functions are registered as soon as
 * their definition is complete, as GRUB's parser does, even when the rest of the piece fails.
 */
final class Parser {
  /** One parsed piece: its commands and the lines it spans. */
  record Chunk(CmdList list, int firstLine, int lastLine) {}

  private final String file;
  private final Lines lines;
  private final int maxDepth;
  private final Consumer<Ast.Function> functions;
  private Lexer lexer;
  private Token la;
  private int depth;

  Parser(String file, Lines lines, int maxDepth, Consumer<Ast.Function> functions) {
    this.file = file;
    this.lines = lines;
    this.maxDepth = maxDepth;
    this.functions = functions;
  }

  /** The number of the last line the failed or finished piece read. */
  int lastLine() {
    return lexer == null ? 0 : lexer.lastLine();
  }

  /** Parses the piece that starts with {@code first}. */
  Chunk chunk(Lines.Line first) throws ScriptSyntaxException, LimitExceededException {
    lexer = new Lexer(lines, first);
    depth = 0;
    advance();
    skipNewlines();
    List<Ast.Cmd> cmds = new ArrayList<>();
    while (la.kind() != Kind.EOF) {
      if (la.kind() == Kind.FUNCTION) {
        function();
      } else {
        cmds.add(command());
      }
      if (la.kind() != Kind.SEMI && la.kind() != Kind.NEWLINE) {
        throw unexpected();
      }
      advance();
      skipNewlines();
    }
    int end = lexer.lastLine();
    return new Chunk(
        new CmdList(List.copyOf(cmds), file, first.number(), end), first.number(), end);
  }

  private void advance() throws ScriptSyntaxException, LimitExceededException {
    la = lexer.next();
  }

  private void skipNewlines() throws ScriptSyntaxException, LimitExceededException {
    while (la.kind() == Kind.NEWLINE) {
      advance();
    }
  }

  private ScriptSyntaxException unexpected() {
    return new ScriptSyntaxException("unexpected " + la.describe(), la.line(), la.column());
  }

  private void expect(Kind kind) throws ScriptSyntaxException, LimitExceededException {
    if (la.kind() != kind) {
      throw unexpected();
    }
    advance();
  }

  private void enter() throws LimitExceededException {
    if (++depth > maxDepth) {
      throw new LimitExceededException(
          "maxCallDepth", maxDepth, file + ":" + la.line() + ": blocks nested deeper than that");
    }
  }

  private boolean startsCommand() {
    return switch (la.kind()) {
      case WORD, IF, FOR, WHILE, UNTIL -> true;
      default -> false;
    };
  }

  private Ast.Cmd command() throws ScriptSyntaxException, LimitExceededException {
    return switch (la.kind()) {
      case WORD -> simple();
      case IF -> ifCommand();
      case FOR -> forCommand();
      case WHILE, UNTIL -> whileCommand();
      default -> throw unexpected();
    };
  }

  private static Word wordOf(Token t) {
    if (t.kind() == Kind.WORD) {
      return Word.of(t.parts());
    }
    return Word.of(List.of(new Part(PartType.TEXT, t.text())));
  }

  private CmdLine simple() throws ScriptSyntaxException, LimitExceededException {
    int line = la.line();
    List<Word> words = new ArrayList<>();
    words.add(wordOf(la));
    advance();
    while (la.kind() == Kind.WORD || la.keyword()) {
      words.add(wordOf(la));
      advance();
    }
    int end = lexer.lastLine();
    if (la.kind() == Kind.LBR) {
      int blockLine = la.line();
      advance();
      enter();
      lexer.refs++;
      Body body = commands();
      expect(Kind.RBR);
      lexer.refs--;
      depth--;
      words.add(new Word(List.of(), new CmdList(body.cmds, file, blockLine, lexer.lastLine())));
      end = lexer.lastLine();
    }
    return new CmdLine(List.copyOf(words), file, line, end);
  }

  /** commands1 with the delimiters after it: whether any followed the last command. */
  private record Body(List<Ast.Cmd> cmds, boolean delimited) {}

  private Body commands() throws ScriptSyntaxException, LimitExceededException {
    skipNewlines();
    List<Ast.Cmd> cmds = new ArrayList<>();
    cmds.add(command());
    while (true) {
      if (la.kind() != Kind.SEMI && la.kind() != Kind.NEWLINE) {
        return new Body(List.copyOf(cmds), false);
      }
      advance();
      skipNewlines();
      if (!startsCommand()) {
        return new Body(List.copyOf(cmds), true);
      }
      cmds.add(command());
    }
  }

  private CmdList delimited(int line) throws ScriptSyntaxException, LimitExceededException {
    Body b = commands();
    if (!b.delimited) {
      throw unexpected();
    }
    return new CmdList(b.cmds, file, line, lexer.lastLine());
  }

  private CmdIf ifCommand() throws ScriptSyntaxException, LimitExceededException {
    int line = la.line();
    advance();
    enter();
    lexer.refs++;
    CmdIf result = ifClause(line);
    expect(Kind.FI);
    lexer.refs--;
    depth--;
    return result;
  }

  private CmdIf ifClause(int line) throws ScriptSyntaxException, LimitExceededException {
    CmdList cond = delimited(line);
    int thenLine = la.line();
    expect(Kind.THEN);
    CmdList then = delimited(thenLine);
    Ast.Cmd orElse = null;
    if (la.kind() == Kind.ELSE) {
      int elseLine = la.line();
      advance();
      orElse = delimited(elseLine);
    } else if (la.kind() == Kind.ELIF) {
      int elifLine = la.line();
      advance();
      enter();
      orElse = ifClause(elifLine);
      depth--;
    }
    return new CmdIf(cond, then, orElse, line, lexer.lastLine());
  }

  private CmdFor forCommand() throws ScriptSyntaxException, LimitExceededException {
    int line = la.line();
    advance();
    if (la.kind() != Kind.WORD || !la.name()) {
      throw unexpected();
    }
    String name = la.text();
    advance();
    enter();
    lexer.refs++;
    expect(Kind.IN);
    List<Word> words = new ArrayList<>();
    while (la.kind() == Kind.WORD || la.keyword()) {
      words.add(wordOf(la));
      advance();
    }
    if (la.kind() != Kind.SEMI && la.kind() != Kind.NEWLINE) {
      throw unexpected();
    }
    advance();
    skipNewlines();
    int doLine = la.line();
    expect(Kind.DO);
    CmdList body = delimited(doLine);
    expect(Kind.DONE);
    lexer.refs--;
    depth--;
    return new CmdFor(name, List.copyOf(words), body, line, lexer.lastLine());
  }

  private CmdWhile whileCommand() throws ScriptSyntaxException, LimitExceededException {
    int line = la.line();
    boolean until = la.kind() == Kind.UNTIL;
    advance();
    enter();
    lexer.refs++;
    CmdList cond = delimited(line);
    int doLine = la.line();
    expect(Kind.DO);
    CmdList body = delimited(doLine);
    expect(Kind.DONE);
    lexer.refs--;
    depth--;
    return new CmdWhile(cond, body, until, line, lexer.lastLine());
  }

  private void function() throws ScriptSyntaxException, LimitExceededException {
    int line = la.line();
    advance();
    if (la.kind() != Kind.WORD || !la.name()) {
      throw unexpected();
    }
    String name = la.text();
    advance();
    enter();
    lexer.refs++;
    skipNewlines();
    expect(Kind.LBR);
    CmdList body = delimited(line);
    expect(Kind.RBR);
    lexer.refs--;
    depth--;
    functions.accept(new Ast.Function(name, body, file, line));
  }
}
