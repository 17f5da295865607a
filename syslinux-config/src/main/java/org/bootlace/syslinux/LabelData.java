package org.bootlace.syslinux;

import java.util.ArrayList;
import java.util.List;
import org.bootlace.SourceLocation;

/**
 * The LABEL being read (syslinux's {@code struct labeldata}): what its lines set until the next
 * LABEL, MENU BEGIN, MENU END, MENU SEPARATOR or the end records it as an entry.
 */
final class LabelData {
  String label;
  String labelLine;
  SourceLocation where;
  String kernel;
  KernelType type;
  String append;
  String initrd;
  String menuLabel;
  int sysAppend;
  boolean hide;
  boolean menuDefault;
  boolean separator;
  boolean disabled;
  Item.Action action;
  String actionTarget;
  Menu exitTo;
  final List<String> notes = new ArrayList<>();

  /** A new LABEL: the fields it resets (the rest stay as they were, as in syslinux). */
  void start(String word, String line, SourceLocation at, int globalSysAppend) {
    label = word;
    labelLine = line;
    where = at;
    kernel = word;
    type = KernelType.KERNEL;
    append = null;
    initrd = null;
    menuLabel = null;
    sysAppend = globalSysAppend;
    menuDefault = false;
    hide = false;
    separator = false;
    disabled = false;
    notes.clear();
  }

  /** Everything cleared, as after recording an entry. */
  void clear() {
    label = null;
    labelLine = null;
    where = null;
    kernel = null;
    type = null;
    append = null;
    initrd = null;
    menuLabel = null;
    sysAppend = 0;
    hide = false;
    menuDefault = false;
    separator = false;
    disabled = false;
    action = null;
    actionTarget = null;
    exitTo = null;
    notes.clear();
  }

  void note(String note) {
    if (notes.size() < 10) {
      notes.add(note);
    }
  }
}
