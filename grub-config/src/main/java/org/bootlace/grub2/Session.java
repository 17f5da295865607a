package org.bootlace.grub2;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bootlace.LimitExceededException;
import org.bootlace.Limits;
import org.bootlace.Volume;
import org.bootlace.spi.ConfigContext;

/**
 * What one evaluation shares across everything it runs: the budgets, GRUB's search cache, and what
 * it tells people (warnings, the explanation, echoed text).
 */
final class Session {
  static final int MAX_WARNINGS = 200;
  static final int MAX_ECHO = 1000;

  final ConfigContext context;
  final Limits limits;
  final Volume own;
  final String ownPath;
  final Devices devices;
  final Platform platform;
  final List<String> warnings = new ArrayList<>();
  final List<String> explanation = new ArrayList<>();
  final List<String> echoed = new ArrayList<>();

  /** GRUB's search cache: key to device, across every search of the boot. */
  final Map<String, String> searchCache = new HashMap<>();

  /** BLS entry files blscfg already made an entry of (its {@code visible} flag). */
  final java.util.Set<String> blsVisible = new java.util.HashSet<>();

  /** Whose rules apply now: the caller's choice, else upstream until blscfg runs. */
  private Platform.Flavour flavour;

  private int droppedWarnings;
  private long steps;
  private int menuEntries;
  int includeDepth;

  /** Whether GRUB's regexp module is loaded, which turns on file name wildcards. */
  boolean wildcards;

  Session(ConfigContext context, Platform platform) {
    this.context = context;
    this.limits = context.limits();
    this.own = context.volume();
    this.ownPath = context.path();
    this.devices = new Devices(context, own, platform.pvgrub2());
    this.platform = platform;
    this.flavour = platform.flavour != null ? platform.flavour : Platform.Flavour.UPSTREAM;
  }

  boolean fedora() {
    return flavour == Platform.Flavour.FEDORA;
  }

  /**
   * {@code blscfg} ran: only Fedora's GRUB has it, so unless the caller chose a flavour, the rest
   * of the evaluation follows Fedora's rules.
   */
  void blscfgRan(String where) {
    if (platform.flavour == null && flavour != Platform.Flavour.FEDORA) {
      flavour = Platform.Flavour.FEDORA;
      explain(
          where
              + ": blscfg exists only in Fedora's and RHEL's GRUB: from here on their rules apply"
              + " (default and fallback match ids, then titles, then whole numbers; default is kept"
              + " when no '>' follows; new contexts copy every variable)");
    }
  }

  /** One unit of script work: a command, a loop turn, a piece of script. */
  void step(String where) throws LimitExceededException {
    if (++steps > limits.maxScriptSteps()) {
      throw new LimitExceededException(
          "maxScriptSteps", limits.maxScriptSteps(), "the script still runs at " + where);
    }
    if ((steps & 63) == 0) {
      context.deadline().check();
    }
  }

  long steps() {
    return steps;
  }

  void countEntry(String where) throws LimitExceededException {
    if (++menuEntries > limits.maxMenuEntries()) {
      throw new LimitExceededException(
          "maxMenuEntries", limits.maxMenuEntries(), "menu entries created, at " + where);
    }
  }

  void warn(String w) {
    if (warnings.size() < MAX_WARNINGS) {
      warnings.add(w);
    } else {
      droppedWarnings++;
    }
  }

  void explain(String line) {
    if (explanation.size() < MAX_WARNINGS) {
      explanation.add(line);
    }
  }

  void echo(String line) {
    if (echoed.size() < MAX_ECHO) {
      echoed.add(line);
    }
  }

  List<String> allWarnings() {
    List<String> out = new ArrayList<>(warnings);
    if (droppedWarnings > 0) {
      out.add(droppedWarnings + " more warnings not shown");
    }
    return out;
  }

  /**
   * A file as people name it: the path alone on the configuration's volume, else with its device.
   */
  String name(Volume v, String path) {
    return v == own ? path : "(" + devices.name(v) + ")" + path;
  }
}
