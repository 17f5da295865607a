package org.bootlace.grub.legacy;

import java.util.ArrayList;
import java.util.List;

/**
 * GRUB 0.97's fallback list ({@code fallback_func} in stage2/builtins.c): at most 8 entry numbers,
 * repeats dropped. Its parse quirks are kept, because they decide what boots: a number repeated
 * leaves the parser on the blank before the next one, which then fails to parse and abandons the
 * command half-applied.
 */
final class Fallbacks {
  static final int MAX = 8;

  // As GRUB keeps them: a -1 ends the list unless it is full; the slots behind it keep old values.
  private final int[] slots = {-1, 0, 0, 0, 0, 0, 0, 0};
  private int next = -1;
  private String where = "";

  /** Runs {@code fallback ARG}; on a parse error the partial list stays as GRUB leaves it. */
  void set(String arg, String where) throws GrubFailure {
    this.where = where;
    int i = 0;
    int pos = 0;
    while (pos < arg.length()) {
      GrubNumber n = GrubNumber.parse(arg, pos);
      pos = n.end();
      int j = 0;
      while (j < i && slots[j] != n.value()) {
        j++;
      }
      if (j != i) {
        continue; // GRUB skips the advance to the next word here
      }
      slots[i++] = n.value();
      if (i == MAX) {
        break;
      }
      pos = Command.nextWord(arg, pos);
    }
    if (i < MAX) {
      slots[i] = -1;
    }
    next = i == 0 ? -1 : 0;
  }

  /** Where the last fallback command was, for reasons. */
  String where() {
    return where;
  }

  /**
   * The entries GRUB tries in turn, in order, after dropping those past the end of the menu, as
   * stage2 does once the file is read.
   *
   * @throws GrubFailure when the list is full and its last entry does not exist: stage2's clean-up
   *     loop then never ends
   */
  List<Integer> usable(int entryCount) throws GrubFailure {
    List<Integer> out = new ArrayList<>();
    if (next < 0) {
      return out;
    }
    if (slots[MAX - 1] >= entryCount && fullList()) {
      throw new GrubFailure(
          "it lists "
              + MAX
              + " entries and the last, "
              + slots[MAX - 1]
              + ", does not exist: GRUB 0.97 loops forever checking this list");
    }
    for (int i = 0; i < MAX && slots[i] >= 0; i++) {
      if (slots[i] < entryCount) {
        out.add(slots[i]);
      }
    }
    return out;
  }

  private boolean fullList() {
    for (int s : slots) {
      if (s < 0) {
        return false;
      }
    }
    return true;
  }
}
