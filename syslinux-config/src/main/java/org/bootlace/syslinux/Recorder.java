package org.bootlace.syslinux;

import org.bootlace.LimitExceededException;

/**
 * Turns the LABEL being read into a menu entry, as syslinux's {@code record()} does, including the
 * command line it will run: the kernel line, then the label's APPEND or else the global one ({@code
 * APPEND -} meaning none), then {@code initrd=} from INITRD.
 */
final class Recorder {
  private Recorder() {}

  static void record(RunState s, Menu m) throws LimitExceededException {
    LabelData ld = s.ld;
    if (ld.label == null) {
      return; // nothing pending; syslinux keeps the other fields as they are
    }
    if (ld.hide) {
      m = s.hidden;
    }
    Item it = s.newItem(m, ld.where);
    it.display = ld.menuLabel != null ? ld.menuLabel : ld.labelLine;
    it.label = ld.label;
    it.menuLabel = ld.labelLine;
    it.action = ld.action != null ? ld.action : Item.Action.COMMAND;
    it.separator = ld.separator;
    it.notes.addAll(ld.notes);
    if (ld.separator) {
      it.display = "";
    }
    if (ld.separator || ld.disabled) {
      it.action = Item.Action.DISABLED;
      it.label = null;
      it.menuLabel = null;
    }
    switch (it.action) {
      case COMMAND -> {
        it.cmdline = cmdline(ld, s.append);
        it.sysAppend = ld.sysAppend;
      }
      case GOTO, HELP -> it.target = ld.actionTarget;
      case EXIT -> {
        it.target = ld.actionTarget;
        it.submenu = ld.exitTo;
      }
      default -> {}
    }
    if (ld.menuDefault && (it.action == Item.Action.COMMAND || it.action == Item.Action.GOTO)) {
      m.defaultIndex = it.index;
    }
    ld.clear();
  }

  private static String cmdline(LabelData ld, String globalAppend) {
    String a = ld.append != null ? ld.append : globalAppend;
    if (a == null || a.equals("-")) {
      a = "";
    }
    String initrd = ld.initrd != null ? " initrd=" + ld.initrd : "";
    String s = a.isEmpty() ? "" : " ";
    return ld.type == KernelType.KERNEL
        ? ld.kernel + s + a + initrd
        : "." + ld.type.keyword + " " + ld.kernel + s + a + initrd;
  }
}
