package org.bootlace.syslinux;

import static org.bootlace.syslinux.Syntax.lookingAt;
import static org.bootlace.syslinux.Syntax.rest;
import static org.bootlace.syslinux.Syntax.skipBlanks;
import static org.bootlace.syslinux.Syntax.word;

import java.io.IOException;
import org.bootlace.SourceLocation;

/**
 * The {@code MENU ...} directives that shape the menu tree and its defaults, as the menu module
 * ({@code menu.c32}, {@code vesamenu.c32}) reads them. Appearance (colours, sizes, messages,
 * backgrounds) is ignored.
 */
final class MenuDirectives {
  private final RunState s;
  private final Interpreter interpreter;

  MenuDirectives(RunState s, Interpreter interpreter) {
    this.s = s;
    this.interpreter = interpreter;
  }

  /** One {@code MENU} line; {@code p} is where the word after MENU starts. */
  void run(Interpreter.FileState f, String t, int p, SourceLocation where) throws IOException {
    LabelData ld = s.ld;
    Menu m = f.m;
    Item parentEntry = m.parentEntry;
    int e;
    if ((e = lookingAt(t, p, "label")) >= 0) {
      if (ld.label != null) {
        ld.menuLabel = rest(t, e);
      } else if (parentEntry != null) {
        parentEntry.display = rest(t, e);
        parentEntry.displayIsTag = false;
        if (m.title.isEmpty()) {
          m.title = Syntax.stripCaret(parentEntry.display);
        }
      }
    } else if ((e = lookingAt(t, p, "title")) >= 0) {
      m.title = rest(t, e);
      if (parentEntry != null && parentEntry.displayIsTag) {
        parentEntry.display = m.title;
        parentEntry.displayIsTag = false;
      }
    } else if (lookingAt(t, p, "default") >= 0) {
      if (ld.label != null) {
        ld.menuDefault = true;
      } else if (parentEntry != null) {
        m.parent.defaultIndex = parentEntry.index;
      }
    } else if (lookingAt(t, p, "hide") >= 0) {
      ld.hide = true;
    } else if (lookingAt(t, p, "passwd") >= 0) {
      String note = "MENU PASSWD: the menu asks for a password before it runs this entry";
      if (ld.label != null) {
        ld.note(note);
      } else if (parentEntry != null && parentEntry.notes.size() < 10) {
        parentEntry.notes.add(note);
      }
    } else if (lookingAt(t, p, "save") >= 0) {
      s.session
          .diagnostics()
          .warn(
              where
                  + ": MENU SAVE: syslinux may start at the entry last booted, saved in its ADV (in"
                  + " ldlinux.sys), instead of the default; bootlace does not read the ADV");
    } else if ((e = lookingAt(t, p, "include")) >= 0) {
      interpreter.include(f, t, e, where);
    } else if (lookingAt(t, p, "shiftkey") >= 0) {
      s.shiftKey = true;
    } else if (lookingAt(t, p, "separator") >= 0) {
      Recorder.record(s, m);
      ld.label = "";
      ld.labelLine = "";
      ld.where = where;
      ld.separator = true;
      Recorder.record(s, m);
    } else if (lookingAt(t, p, "disable") >= 0 || lookingAt(t, p, "disabled") >= 0) {
      ld.disabled = true;
    } else if ((e = lookingAt(t, p, "begin")) >= 0) {
      Recorder.record(s, m);
      f.m = s.beginSubmenu(rest(t, e), where);
    } else if (lookingAt(t, p, "end") >= 0) {
      Recorder.record(s, m);
      f.m = s.endSubmenu(where);
    } else if (lookingAt(t, p, "quit") >= 0) {
      if (ld.label != null) {
        ld.action = Item.Action.QUIT;
      }
    } else if ((e = lookingAt(t, p, "goto")) >= 0) {
      if (ld.label != null) {
        ld.action = Item.Action.GOTO;
        ld.actionTarget = rest(t, e);
      }
    } else if ((e = lookingAt(t, p, "exit")) >= 0) {
      String target = rest(t, e);
      if (ld.label != null && m.parent != null) {
        ld.action = Item.Action.EXIT;
        ld.actionTarget = target.isEmpty() ? null : target;
        ld.exitTo = target.isEmpty() ? m.parent : null;
      }
    } else if (lookingAt(t, p, "start") >= 0) {
      s.start = m;
    } else if ((e = lookingAt(t, p, "help")) >= 0) {
      if (ld.label != null) {
        ld.action = Item.Action.HELP;
        ld.actionTarget = word(t, skipBlanks(t, e));
      }
    }
    // MENU HIDDEN (the menu waits its timeout for a key before it shows), COLOR, WIDTH,
    // BACKGROUND, TABMSG, ...: nothing that changes what boots
  }
}
