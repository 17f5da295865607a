package org.bootlace.grub2;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bootlace.GuestFileException;
import org.bootlace.Volume;
import org.bootlace.grub.bls.BlsEntries;
import org.bootlace.grub.bls.BlsEntry;

/**
 * {@code blscfg} (Fedora's and RHEL's commands/blscfg.c): one menu entry per Boot Loader
 * Specification entry, in blscfg's order, on the device {@code $root} names (or the one a {@code
 * (device)/dir} argument names), from {@code $blsdir}, by default {@code /loader/entries/} and,
 * when that cannot be read, {@code /boot/loader/entries/}. Each entry's id is its file name without
 * {@code .conf}; its script is what blscfg writes: {@code load_video}, {@code set gfxpayload=keep},
 * {@code insmod gzio}, {@code linux ($root)KERNEL OPTIONS}, {@code initrd ($root)INITRD...}, with
 * OPTIONS expanded now (as blscfg expands them, quirks included) and the result read again by
 * GRUB's lexer when the entry runs. An entry is made once per boot however often blscfg runs.
 */
final class BlsCommand {
  private BlsCommand() {}

  static int run(Machine m, List<String> args) throws IOException, GrubFail {
    m.s.blscfgRan(m.where);
    boolean showDefault = true;
    boolean showNonDefault = true;
    String path = null;
    String entryId = null;
    if (args.size() == 1) {
      String a = args.get(0);
      if (a.equals("default")) {
        showNonDefault = false;
      } else if (a.equals("non-default")) {
        showDefault = false;
      } else if (a.startsWith("(")) {
        path = a;
      } else {
        entryId = a;
        showDefault = false;
        showNonDefault = false;
      }
    }
    String device;
    List<String> dirs = new ArrayList<>();
    if (path != null) {
      int close = path.indexOf(')');
      if (close < 0) {
        throw new GrubFail(GrubFail.BAD_ARGUMENT, "Filepath isn't correct");
      }
      device = path.substring(1, close);
      dirs.add(path.substring(close + 1));
    } else {
      device = m.env.get("root");
      if (device == null) {
        throw new GrubFail(GrubFail.FILE_NOT_FOUND, "variable `root' isn't set");
      }
      String blsdir = m.env.get("blsdir");
      dirs.add(blsdir != null ? blsdir : "/loader/entries/");
      dirs.add("/boot/loader/entries/");
    }
    Devices.Resolved dev = m.s.devices.device(device);
    dev.substitution().ifPresent(m::note);
    Volume v = dev.volume();
    List<BlsEntry> entries = List.of();
    for (String dir : dirs) {
      // Each directory is read where btrfs's subvolume choices put it; the first that is one wins.
      Devices.Resolved at;
      try {
        at = BtrfsSubvolumes.view(m, new Devices.Resolved(v, dir, dev.device(), Optional.empty()));
        if (!at.volume().isDirectory(at.path())) {
          continue;
        }
      } catch (GrubFail | GuestFileException e) {
        continue; // blscfg cannot read this directory and tries the next
      }
      v = at.volume();
      entries = BlsEntries.load(v, List.of(at.path()), m.s.limits);
      break;
    }
    String def = m.env.get("default");
    int made = 0;
    for (int idx = 0; idx < entries.size(); idx++) {
      BlsEntry e = entries.get(idx);
      String key = "(" + v.grubDevice() + ")" + e.source().file();
      if (m.s.blsVisible.contains(key)) {
        continue;
      }
      boolean isDefault = isDefault(def, e, idx);
      if ((showDefault && isDefault)
          || (showNonDefault && !isDefault)
          || (entryId != null && entryId.equals(e.id()))) {
        if (create(m, e)) {
          made++;
        }
        m.s.blsVisible.add(key);
      }
    }
    m.s.explain(
        m.where
            + ": blscfg read "
            + entries.size()
            + " entries on ("
            + v.grubDevice()
            + ") and made "
            + made
            + " menu entries");
    return 0;
  }

  private static boolean isDefault(String def, BlsEntry e, int idx) {
    if (def == null) {
      return false;
    }
    if (def.equals(e.id()) || def.equals(e.title())) {
      return true;
    }
    Gnu.Number n = Gnu.strtoul(def.startsWith("-") ? def.substring(1) : def, 0);
    if (n.error() == Gnu.Number.Error.BAD_NUMBER) {
      return false;
    }
    return (int) (def.startsWith("-") ? -n.value() : n.value()) == idx;
  }

  private static boolean create(Machine m, BlsEntry e) throws IOException, GrubFail {
    if (e.linux().isEmpty()) {
      return false;
    }
    String linux = e.linux().get();
    String options = expand(e.options(), m);
    if (options == null) {
      options = expand(m.env.get("default_kernelopts"), m);
    }
    List<String> initrds = e.initrds();
    StringBuilder initrd = null;
    String early = m.env.get("early_initrd");
    List<String> earlies = new ArrayList<>();
    String initrdPrefix = null;
    if (early != null) {
      for (String s : early.split("[ \t\n\r]+")) {
        if (!s.isEmpty()) {
          earlies.add(s);
        }
      }
      String base = !initrds.isEmpty() ? initrds.get(0) : linux;
      initrdPrefix = base.substring(0, base.lastIndexOf('/') + 1);
    }
    if (early != null || !initrds.isEmpty()) {
      initrd = new StringBuilder("initrd");
      for (String s : earlies) {
        initrd.append(" ($root)").append(initrdPrefix).append(s);
      }
      for (String s : initrds) {
        initrd.append(" ($root)").append(s);
      }
      initrd.append('\n');
    }
    String dt = null;
    String devicetree = e.devicetree().map(d -> expand(d, m)).orElse(null);
    boolean addPrefix = false;
    if (devicetree == null) {
      devicetree = expand(m.env.get("devicetree"), m);
      addPrefix = true;
    }
    if (devicetree != null) {
      dt =
          "devicetree ($root)"
              + (addPrefix ? linux.substring(0, linux.lastIndexOf('/') + 1) : "")
              + devicetree
              + "\n";
    }
    boolean savedefault = "true".equals(m.env.get("save_default"));
    String src =
        (savedefault ? "savedefault\n" : "")
            + "load_video\nset gfxpayload=keep\ninsmod gzio\nlinux ($root)"
            + linux
            + (options != null ? " " + options : "")
            + "\n"
            + (initrd != null ? initrd : "")
            + (dt != null ? dt : "");
    String users = e.grubUsers().map(u -> expand(u, m)).orElse(null);
    List<String> argv = new ArrayList<>();
    argv.add(e.title());
    e.grubArg().ifPresent(argv::add);
    m.s.countEntry(m.where);
    Menus.Menu menu = m.env.menu();
    if (menu == null) {
      throw new GrubFail(GrubFail.MENU, "no menu context");
    }
    menu.entries.add(
        new Menus.Def(
            List.copyOf(argv),
            e.id(),
            e.grubClasses(),
            users,
            null,
            false,
            null,
            src,
            "blscfg " + e.source().file(),
            e.source()));
    return true;
  }

  /** blscfg's expand_val, off-by-ones included (see {@link BlsEntry#options()}). */
  static String expand(String value, Words.Lookup env) {
    if (value == null) {
      return null;
    }
    StringBuilder buffer = null;
    int start = 0;
    int end = 0;
    boolean isVar = false;
    for (int v = 0; v < value.length(); v++) {
      char c = value.charAt(v);
      if (c == '$' && value.charAt(end) != '\\') {
        if (start != end) {
          buffer = field(isVar, buffer, value, start, end, env);
        }
        isVar = true;
        start = v + 1;
      } else if (isVar) {
        if (!(Lexer.isAlpha(c) || Lexer.isDigit(c)) && c != '_') {
          buffer = field(isVar, buffer, value, start, end, env);
          isVar = false;
          start = v;
          if (value.charAt(start) == ' ') {
            start++;
          }
        }
      }
      end = v;
    }
    if (start != end) {
      buffer = field(isVar, buffer, value, start, end, env);
    }
    return buffer == null ? null : buffer.toString();
  }

  private static StringBuilder field(
      boolean isVar, StringBuilder buffer, String value, int start, int end, Words.Lookup env) {
    int to = Math.min(end + 1, value.length());
    String tmp = start >= to ? "" : value.substring(start, to);
    String field = tmp;
    if (isVar) {
      field = env.get(tmp);
      if (field == null) {
        return buffer;
      }
    }
    if (buffer == null) {
      buffer = new StringBuilder();
    }
    buffer.append(field);
    if (isVar) {
      buffer.append(' ');
    }
    return buffer;
  }
}
