package org.bootlace.syslinux;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Warnings (what was tolerated) and the explanation (how the evaluation went) of one parse, each
 * line said once and at most {@value #MAX_LINES} of each, so a hostile file cannot fill memory with
 * them.
 */
final class Diagnostics {
  static final int MAX_LINES = 100;

  private final Set<String> warnings = new LinkedHashSet<>();
  private final Set<String> explanation = new LinkedHashSet<>();
  private long droppedWarnings;
  private long droppedExplanation;

  void warn(String warning) {
    droppedWarnings += add(warnings, warning);
  }

  void explain(String step) {
    droppedExplanation += add(explanation, step);
  }

  private static int add(Set<String> to, String line) {
    if (to.contains(line)) {
      return 0;
    }
    if (to.size() < MAX_LINES) {
      to.add(line);
      return 0;
    }
    return 1;
  }

  List<String> warnings() {
    return withDropped(warnings, droppedWarnings, "warnings");
  }

  List<String> explanation() {
    return withDropped(explanation, droppedExplanation, "steps");
  }

  private static List<String> withDropped(Set<String> lines, long dropped, String what) {
    List<String> out = new ArrayList<>(lines);
    if (dropped > 0) {
      out.add(dropped + " more " + what + " not shown");
    }
    return out;
  }
}
