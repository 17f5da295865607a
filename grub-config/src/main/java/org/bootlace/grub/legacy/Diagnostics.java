package org.bootlace.grub.legacy;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The warnings of one parse, each said once and at most {@value #MAX_WARNINGS} of them, so a
 * hostile file of a million unknown commands cannot fill memory with warnings.
 */
final class Diagnostics {
  static final int MAX_WARNINGS = 100;

  private final Set<String> warnings = new LinkedHashSet<>();
  private long dropped;

  void warn(String warning) {
    if (warnings.contains(warning)) {
      return;
    }
    if (warnings.size() < MAX_WARNINGS) {
      warnings.add(warning);
    } else {
      dropped++;
    }
  }

  List<String> list() {
    List<String> out = new ArrayList<>(warnings);
    if (dropped > 0) {
      out.add(dropped + " more warnings not shown");
    }
    return out;
  }
}
