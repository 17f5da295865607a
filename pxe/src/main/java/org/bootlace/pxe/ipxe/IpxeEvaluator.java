package org.bootlace.pxe.ipxe;

import com.google.common.collect.ImmutableList;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.bootlace.BootEntryException;
import org.bootlace.BootlaceException;
import org.bootlace.LimitExceededException;
import org.bootlace.Limits;
import org.bootlace.internal.Deadline;

/**
 * Runs an iPXE script the way iPXE would, as far as it decides what boots: each line has its
 * settings ({@code ${name}}, {@code ${net0/mac}}, {@code ${mac:hexhyp}}) expanded, is split at
 * white space, and its commands separated by {@code ||} and {@code &&} run as iPXE's {@code
 * system()} runs them (a command after {@code ||} only when the last one run failed, after {@code
 * &&} only when it succeeded). A line whose last command failed ends the script, as in iPXE.
 *
 * <p>Commands: {@code kernel}/{@code imgselect} (a file and its arguments, selected to boot),
 * {@code initrd}/{@code imgfetch}/{@code module} (a file loaded; every loaded file but the kernel
 * is an initrd, in load order), {@code chain}/{@code imgexec} (load and boot: a file starting with
 * {@code #!ipxe} is run as a script, depth bounded by {@link Limits#maxIncludeDepth()}, returning
 * to the caller when it ends; any other file is booted as the kernel), {@code imgargs}, {@code
 * boot}, {@code imgfree}, {@code set}, {@code clear}, {@code inc}, {@code isset}, {@code iseq},
 * {@code goto}, {@code echo}, {@code exit}, and the network set-up commands ({@code dhcp}, {@code
 * ifopen}, {@code ifconf}, ...) and {@code sleep}, which succeed doing nothing. Menus: {@code
 * menu}, {@code item} and {@code choose} build and show a menu; nobody is at the console, so {@code
 * choose} takes the item the menu opens on (its {@code --default}, else the item marked {@code
 * --default}, else the first) as iPXE does when its {@code --timeout} runs out, and notes that it
 * did. Any other command fails with a note naming it, as an unknown command fails in iPXE.
 *
 * <p>Deviation, for linearity: a setting's value is not expanded again after it is substituted
 * (iPXE rescans the line). Every command run counts against {@link Limits#maxScriptSteps()}, one
 * more for each KiB of its line (as written or expanded, the longer), so loops end; all settings
 * together are bounded by {@link Limits#maxVariableBytes()}, and at most {@link
 * Limits#maxLoadedImages()} files are loaded at once (one more fails its command).
 */
public final class IpxeEvaluator {
  /**
   * What a script can ask of the files it names (absolute URIs).
   *
   * <p>Implemented by the caller over the network tree; every call counts against the caller's own
   * budgets.
   */
  public interface Files {
    /**
     * Whether {@code uri} names a file that can be fetched; false for a missing one.
     *
     * @param uri an absolute URI
     * @return whether the file exists
     * @throws IOException if asking fails for another reason (a server's silence, a timeout)
     */
    boolean exists(URI uri) throws IOException;

    /**
     * Up to {@code n} first bytes of the file (fewer when it is shorter).
     *
     * @param uri an absolute URI
     * @param n the most bytes wanted
     * @return the first {@code min(n, size)} bytes
     * @throws IOException if the file is missing or cannot be read
     */
    byte[] head(URI uri, int n) throws IOException;

    /**
     * The whole file, at most {@code max} bytes ({@code maxConfigBytes} beyond).
     *
     * @param uri an absolute URI
     * @param max the most bytes accepted
     * @return the file's bytes
     * @throws IOException if the file cannot be read; a {@link LimitExceededException} if it is
     *     longer than {@code max}
     */
    byte[] read(URI uri, long max) throws IOException;
  }

  /**
   * What the script boots.
   *
   * @param kernel the kernel
   * @param initrds the initrds in load order
   * @param args the kernel's command line
   * @param script the script (name) whose command booted it
   * @param line the line of that command
   * @param notes what was odd: unknown commands, {@code echo} output, chains followed
   */
  public record Result(
      URI kernel, List<URI> initrds, String args, String script, int line, List<String> notes) {
    /**
     * Copies {@code initrds} and {@code notes} into immutable lists.
     *
     * @param kernel the kernel
     * @param initrds the initrds in load order
     * @param args the kernel's command line
     * @param script the script (name) whose command booted it
     * @param line the line of that command
     * @param notes what was odd: unknown commands, {@code echo} output, chains followed
     */
    public Result {
      initrds = ImmutableList.copyOf(initrds);
      notes = ImmutableList.copyOf(notes);
    }
  }

  private static final int MAX_NOTES = 200;

  private final Files files;
  private final Limits limits;
  private final Deadline deadline;
  private final Map<String, String> settings = new HashMap<>();
  private long settingBytes;
  private final List<String> notes = new ArrayList<>();
  private final List<Image> images = new ArrayList<>();
  private long steps;
  private Result booted;

  /** Menus by name ("" for the unnamed one) and the one made last, which item and choose use. */
  private final Map<String, Menu> menus = new HashMap<>();

  private Menu lastMenu;

  private record Item(String label, String text, boolean isDefault) {}

  private static final class Menu {
    final String name;
    final String title;
    final List<Item> items = new ArrayList<>();

    Menu(String name, String title) {
      this.name = name;
      this.title = title;
    }
  }

  /** A loaded file: its name ({@code --name}, else the last path segment), where, its arguments. */
  private static final class Image {
    final String name;
    final URI uri;
    String args;
    boolean kernel;

    Image(String name, URI uri, String args) {
      this.name = name;
      this.uri = uri;
      this.args = args;
    }
  }

  private IpxeEvaluator(Files files, Limits limits, Deadline deadline) {
    this.files = files;
    this.limits = limits;
    this.deadline = deadline;
  }

  /**
   * Runs {@code script}, loaded from {@code source} (relative file names resolve against it), with
   * {@code settings} as the settings DHCP left (names such as {@code net0/mac}, {@code ip}).
   *
   * <p>Nothing is fetched but to decide what a chained file is: scripts are read whole, other files
   * only their first bytes.
   *
   * @param script the parsed script
   * @param source the absolute URI the script was read from
   * @param settings the initial settings by name
   * @param files how named files are probed and read
   * @param limits bounds steps, settings' bytes and chain depth
   * @param deadline checked as commands run
   * @return what the script boots
   * @throws BootEntryException if the script ends, fails or exits without booting a kernel; the
   *     message names the script, the line and the last notes
   * @throws LimitExceededException if the script runs past a limit
   * @throws IOException if a file cannot be probed or read, a chained script is malformed, or the
   *     deadline passes
   */
  public static Result run(
      IpxeScript script,
      URI source,
      Map<String, String> settings,
      Files files,
      Limits limits,
      Deadline deadline)
      throws IOException {
    IpxeEvaluator e = new IpxeEvaluator(files, limits, deadline);
    for (Map.Entry<String, String> s : settings.entrySet()) {
      e.store(s.getKey(), s.getValue());
    }
    Frame top = new Frame(script, source, 0);
    int rc = e.execute(top);
    if (e.booted != null) {
      return e.booted;
    }
    if (rc != 0 && top.failure != null) {
      throw new BootEntryException(top.failure);
    }
    throw new BootEntryException(
        "ipxe: "
            + script.name()
            + ": the script ended"
            + (top.exitLine > 0 ? " with 'exit' at line " + top.exitLine : "")
            + " without booting a kernel"
            + (e.notes.isEmpty() ? "" : " (" + String.join("; ", e.lastNotes(5)) + ")"));
  }

  private List<String> lastNotes(int n) {
    return notes.subList(Math.max(0, notes.size() - n), notes.size());
  }

  /** One running script. */
  private static final class Frame {
    final IpxeScript script;
    final URI base;
    final int depth;
    String failure;
    int exitLine;
    int next;
    boolean exited;
    int exitCode;

    Frame(IpxeScript script, URI base, int depth) {
      this.script = script;
      this.base = base;
      this.depth = depth;
    }
  }

  private void note(String s) {
    if (notes.size() < MAX_NOTES) {
      notes.add(s);
    } else if (notes.size() == MAX_NOTES) {
      notes.add("more notes left out");
    }
  }

  /** Runs a frame to its end, a failed line, {@code exit} or a boot; returns its status. */
  private int execute(Frame f) throws IOException {
    List<IpxeScript.Line> lines = f.script.lines();
    while (f.next < lines.size()) {
      IpxeScript.Line line = lines.get(f.next++);
      if (line.text().isEmpty()) {
        continue;
      }
      int rc = system(f, line);
      if (booted != null) {
        return 0;
      }
      if (f.exited) {
        return f.exitCode;
      }
      if (rc != 0) {
        if (f.failure == null) {
          f.failure =
              "ipxe: "
                  + f.script.name()
                  + ": line "
                  + line.number()
                  + ": '"
                  + shorten(line.text())
                  + "' failed; the script ends there";
        }
        return rc;
      }
    }
    return 0;
  }

  private static String shorten(String s) {
    return s.length() <= 120 ? s : s.substring(0, 117) + "...";
  }

  private void step(Frame f, IpxeScript.Line line, long cost) throws LimitExceededException {
    deadline.check();
    steps += cost;
    if (steps > limits.maxScriptSteps()) {
      throw new LimitExceededException(
          "maxScriptSteps",
          limits.maxScriptSteps(),
          "ipxe: " + f.script.name() + ": line " + line.number() + ": commands run");
    }
  }

  /** One line: expanded, split, and its commands run as iPXE's system() runs them. */
  private int system(Frame f, IpxeScript.Line line) throws IOException {
    f.failure = null;
    String expanded = expand(f, line, line.text());
    step(f, line, 1 + Math.max(line.text().length(), expanded.length()) / 1024);
    List<String> words = split(expanded);
    int rc = 0;
    boolean process = true;
    int start = 0;
    while (start <= words.size()) {
      int end = start;
      while (end < words.size() && !words.get(end).equals("||") && !words.get(end).equals("&&")) {
        end++;
      }
      List<String> argv = words.subList(start, end);
      if (process && !argv.isEmpty()) {
        step(f, line, 1);
        rc = command(f, line, argv);
        if (booted != null || f.exited) {
          return rc;
        }
      }
      if (end >= words.size()) {
        break;
      }
      process = words.get(end).equals("&&") ? rc == 0 : rc != 0;
      start = end + 1;
    }
    return rc;
  }

  static List<String> split(String s) {
    List<String> out = new ArrayList<>();
    int i = 0;
    int n = s.length();
    while (i < n) {
      while (i < n && isSpace(s.charAt(i))) {
        i++;
      }
      int startWord = i;
      while (i < n && !isSpace(s.charAt(i))) {
        i++;
      }
      if (i > startWord) {
        out.add(s.substring(startWord, i));
      }
    }
    return out;
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == 0x0b;
  }

  /**
   * {@code ${name}} and {@code ${name:type}} replaced by the setting's value (empty when unset),
   * innermost first, so {@code ${${x}}} works; one pass, values are not rescanned.
   */
  String expand(Frame f, IpxeScript.Line line, String text) throws LimitExceededException {
    if (text.indexOf("${") < 0) {
      return text;
    }
    // A stack of partial outputs: each "${" opens a new one, each "}" closes the innermost.
    List<StringBuilder> stack = new ArrayList<>();
    stack.add(new StringBuilder());
    long total = 0;
    int n = text.length();
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c == '$' && i + 1 < n && text.charAt(i + 1) == '{') {
        stack.add(new StringBuilder());
        i++;
        continue;
      }
      if (c == '}' && stack.size() > 1) {
        String name = stack.remove(stack.size() - 1).toString();
        String value = setting(name);
        total += value.length();
        Limits.check(
            "maxVariableBytes",
            limits.maxVariableBytes(),
            total,
            "ipxe: " + f.script.name() + ": line " + line.number() + ": expanded settings");
        stack.get(stack.size() - 1).append(value);
        continue;
      }
      stack.get(stack.size() - 1).append(c);
    }
    // An unclosed "${" stays as written, as iPXE leaves it.
    StringBuilder out = stack.get(0);
    for (int i = 1; i < stack.size(); i++) {
      out.append("${").append(stack.get(i));
    }
    return out.toString();
  }

  /** A setting's value formatted by its type suffix ({@code mac:hexhyp}); empty when unset. */
  private String setting(String spec) {
    String name = spec;
    String type = "";
    int colon = spec.lastIndexOf(':');
    if (colon >= 0) {
      name = spec.substring(0, colon);
      type = spec.substring(colon + 1);
    }
    String v = lookup(name);
    if (v == null) {
      return "";
    }
    switch (type) {
      case "hexhyp":
        return v.replace(':', '-');
      case "hexraw":
        return v.replace(":", "");
      case "uristring":
        return uriEncode(v);
      default:
        return v;
    }
  }

  private String lookup(String name) {
    String key = canonical(name);
    String v = settings.get(key);
    if (v == null && !key.contains("/")) {
      v = settings.get("net0/" + key);
    }
    return v;
  }

  /** {@code netX} is the last network device opened, here always {@code net0}. */
  private static String canonical(String name) {
    String n = name.startsWith("netX/") ? "net0/" + name.substring(5) : name;
    return n.startsWith("/") ? n.substring(1) : n;
  }

  private static String uriEncode(String v) {
    StringBuilder s = new StringBuilder();
    for (byte b : v.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || "-_.~".indexOf(c) >= 0) {
        s.append((char) c);
      } else {
        s.append(String.format(Locale.ROOT, "%%%02X", c));
      }
    }
    return s.toString();
  }

  private void store(String name, String value) throws LimitExceededException {
    String key = canonical(name);
    String old = settings.put(key, value);
    settingBytes += key.length() + value.length() - (old == null ? 0 : key.length() + old.length());
    Limits.check(
        "maxVariableBytes", limits.maxVariableBytes(), settingBytes, "ipxe: settings stored");
  }

  private void clear(String name) {
    String key = canonical(name);
    String old = settings.remove(key);
    if (old != null) {
      settingBytes -= key.length() + old.length();
    }
  }

  /** Runs one command; returns 0 on success. */
  private int command(Frame f, IpxeScript.Line line, List<String> argv) throws IOException {
    String cmd = argv.get(0);
    List<String> args = argv.subList(1, argv.size());
    String where = "ipxe: " + f.script.name() + ": line " + line.number() + ": ";
    switch (cmd) {
      case "set":
        {
          if (args.isEmpty()) {
            return fail(f, where + "set: no setting named");
          }
          store(args.get(0), String.join(" ", args.subList(1, args.size())));
          return 0;
        }
      case "clear":
        if (args.isEmpty()) {
          return fail(f, where + "clear: no setting named");
        }
        clear(args.get(0));
        return 0;
      case "inc":
        {
          if (args.isEmpty()) {
            return fail(f, where + "inc: no setting named");
          }
          long value = parseLong(lookup(args.get(0)), 0);
          long by = args.size() > 1 ? parseLong(args.get(1), 1) : 1;
          store(args.get(0), Long.toString(value + by));
          return 0;
        }
      case "isset":
        return !args.isEmpty() && !args.get(0).isEmpty() ? 0 : 1;
      case "iseq":
        if (args.size() != 2) {
          return 1;
        }
        return args.get(0).equals(args.get(1)) ? 0 : 1;
      case "goto":
        {
          if (args.isEmpty()) {
            return fail(f, where + "goto: no label");
          }
          Integer target = f.script.labels().get(args.get(0));
          if (target == null) {
            return fail(f, where + "goto: no label '" + args.get(0) + "'");
          }
          f.next = target + 1;
          return 0;
        }
      case "echo":
        note(
            where
                + "echo "
                + shorten(
                    String.join(
                        " ",
                        args.isEmpty() || !args.get(0).equals("-n")
                            ? args
                            : args.subList(1, args.size()))));
        return 0;
      case "exit":
        f.exited = true;
        f.exitLine = line.number();
        f.exitCode =
            args.isEmpty()
                ? 0
                : (int) Math.min(Integer.MAX_VALUE, Math.max(0, parseLong(args.get(0), 1)));
        return f.exitCode;
      case "kernel":
      case "imgselect":
        return load(f, line, where, args, true, false);
      case "initrd":
      case "imgfetch":
      case "module":
        return load(f, line, where, args, false, false);
      case "chain":
      case "imgexec":
        return load(f, line, where, args, true, true);
      case "imgargs":
        {
          if (args.isEmpty()) {
            return fail(f, where + "imgargs: no image named");
          }
          Optional<Image> img = image(args.get(0));
          if (img.isEmpty()) {
            return fail(f, where + "imgargs: no image '" + args.get(0) + "' is loaded");
          }
          img.get().args = String.join(" ", args.subList(1, args.size()));
          return 0;
        }
      case "boot":
        {
          Optional<Image> img =
              args.isEmpty()
                  ? images.stream().filter(i -> i.kernel).findFirst()
                  : image(args.get(0));
          if (img.isEmpty()) {
            return fail(
                f,
                where
                    + "boot: "
                    + (args.isEmpty()
                        ? "no kernel is selected"
                        : "no image '" + args.get(0) + "' is loaded"));
          }
          return bootImage(f, line, img.get());
        }
      case "imgfree":
        if (args.isEmpty()) {
          images.clear();
        } else {
          images.removeIf(i -> i.name.equals(args.get(0)));
        }
        return 0;
      case "menu":
      case "item":
      case "choose":
        return menuCommand(f, where, cmd, args);
      case "dhcp":
      case "ifopen":
      case "ifconf":
      case "ifstat":
      case "route":
      case "sleep":
      case "prompt":
      case "cpair":
      case "colour":
      case "console":
      case "ntp":
        return 0;
      case "imgverify":
      case "imgtrust":
        note(where + cmd + ": signatures are not checked; the command is taken as succeeded");
        return 0;
      default:
        note(where + "unknown command '" + shorten(cmd) + "': it fails, as in iPXE");
        return fail(f, where + "unknown command '" + shorten(cmd) + "'");
    }
  }

  /**
   * iPXE's options: {@code --name value}, {@code --name=value}, {@code -n value}; flags take no
   * value. Returns the arguments after the options, or null (with {@code f}'s failure set) for an
   * unknown option.
   */
  private List<String> options(
      Frame f,
      String where,
      String cmd,
      List<String> args,
      Map<String, String> longNames,
      java.util.Set<String> flags,
      Map<String, String> found) {
    int i = 0;
    while (i < args.size() && args.get(i).startsWith("-") && args.get(i).length() > 1) {
      String a = args.get(i++);
      if (a.equals("--")) {
        break;
      }
      String name =
          a.startsWith("--") ? a.substring(2) : longNames.getOrDefault(a.substring(1), "?");
      String value = null;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      }
      if (!longNames.containsValue(name)) {
        fail(f, where + cmd + ": unknown option '" + shorten(a) + "'");
        return null;
      }
      if (flags.contains(name)) {
        found.put(name, "");
      } else {
        if (value == null) {
          if (i >= args.size()) {
            fail(f, where + cmd + ": option --" + name + " needs a value");
            return null;
          }
          value = args.get(i++);
        }
        found.put(name, value);
      }
    }
    return args.subList(i, args.size());
  }

  private int menuCommand(Frame f, String where, String cmd, List<String> args)
      throws LimitExceededException {
    Map<String, String> o = new HashMap<>();
    switch (cmd) {
      case "menu" -> {
        List<String> rest =
            options(
                f,
                where,
                cmd,
                args,
                Map.of("n", "name", "d", "delete"),
                java.util.Set.of("delete"),
                o);
        if (rest == null) {
          return 1;
        }
        String name = o.getOrDefault("name", "");
        if (o.containsKey("delete")) {
          Menu gone = menus.remove(name);
          if (gone == lastMenu) {
            lastMenu = null;
          }
          return gone == null ? fail(f, where + "menu: no menu '" + shorten(name) + "'") : 0;
        }
        Limits.check("maxMenuEntries", limits.maxMenuEntries(), menus.size() + 1L, where + "menus");
        lastMenu = new Menu(name, String.join(" ", rest));
        menus.put(name, lastMenu);
        return 0;
      }
      case "item" -> {
        List<String> rest =
            options(
                f,
                where,
                cmd,
                args,
                Map.of("m", "menu", "k", "key", "d", "default", "g", "gap"),
                java.util.Set.of("default", "gap"),
                o);
        if (rest == null) {
          return 1;
        }
        Menu m = o.containsKey("menu") ? menus.get(o.get("menu")) : lastMenu;
        if (m == null) {
          return fail(
              f,
              where
                  + "item: no menu"
                  + (o.containsKey("menu") ? " '" + shorten(o.get("menu")) + "'" : " made yet"));
        }
        if (o.containsKey("gap") || rest.isEmpty()) {
          return 0; // a separator: nothing to choose
        }
        Limits.check(
            "maxMenuEntries",
            limits.maxMenuEntries(),
            m.items.size() + 1L,
            where + "items of menu '" + shorten(m.name) + "'");
        m.items.add(
            new Item(
                rest.get(0),
                String.join(" ", rest.subList(1, rest.size())),
                o.containsKey("default")));
        return 0;
      }
      default -> {
        List<String> rest =
            options(
                f,
                where,
                cmd,
                args,
                Map.of("m", "menu", "d", "default", "t", "timeout", "k", "keep"),
                java.util.Set.of("keep"),
                o);
        if (rest == null) {
          return 1;
        }
        if (rest.isEmpty()) {
          return fail(f, where + "choose: no setting named");
        }
        Menu m = o.containsKey("menu") ? menus.get(o.get("menu")) : lastMenu;
        if (m == null || m.items.isEmpty()) {
          return fail(
              f,
              where
                  + "choose: "
                  + (m == null ? "no menu" : "menu '" + shorten(m.name) + "' has no items"));
        }
        Item chosen = null;
        if (o.containsKey("default")) {
          chosen =
              m.items.stream()
                  .filter(i -> i.label().equals(o.get("default")))
                  .findFirst()
                  .orElse(null);
        }
        if (chosen == null) {
          chosen = m.items.stream().filter(Item::isDefault).findFirst().orElse(m.items.get(0));
        }
        note(
            where
                + "choose: nobody at the console; took '"
                + shorten(chosen.label())
                + "' ("
                + shorten(chosen.text())
                + ") from menu "
                + (m.title.isEmpty() ? "'" + shorten(m.name) + "'" : "'" + shorten(m.title) + "'")
                + (o.containsKey("timeout") ? ", as when its timeout runs out" : ""));
        store(rest.get(0), chosen.label());
        if (!o.containsKey("keep")) {
          menus.remove(m.name);
          if (m == lastMenu) {
            lastMenu = null;
          }
        }
        return 0;
      }
    }
  }

  private static long parseLong(String s, long fallback) {
    if (s == null) {
      return 0;
    }
    try {
      return Long.parseLong(s.trim());
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  private int fail(Frame f, String why) {
    f.failure = why + "; the script ends there";
    return 1;
  }

  private Optional<Image> image(String name) {
    for (int i = images.size() - 1; i >= 0; i--) {
      if (images.get(i).name.equals(name)) {
        return Optional.of(images.get(i));
      }
    }
    return Optional.empty();
  }

  /** kernel, initrd and chain: options, the file, the arguments. */
  private int load(
      Frame f, IpxeScript.Line line, String where, List<String> args, boolean kernel, boolean boot)
      throws IOException {
    String cmd = boot ? "chain" : kernel ? "kernel" : "initrd";
    String name = null;
    int i = 0;
    while (i < args.size() && args.get(i).startsWith("-")) {
      String o = args.get(i);
      if (o.equals("--name") || o.equals("-n") || o.equals("--timeout") || o.equals("-t")) {
        if (i + 1 >= args.size()) {
          return fail(f, where + cmd + ": option " + o + " without a value");
        }
        if (o.startsWith("--n") || o.equals("-n")) {
          name = args.get(i + 1);
        }
        i += 2;
        continue;
      }
      if (o.startsWith("--name=")) {
        name = o.substring(7);
      } else if (!o.equals("--autofree")
          && !o.equals("-a")
          && !o.equals("--replace")
          && !o.equals("-r")) {
        note(where + cmd + ": option " + shorten(o) + " ignored");
      }
      i++;
    }
    if (i >= args.size()) {
      return fail(f, where + cmd + ": no file named");
    }
    String file = args.get(i);
    String imageArgs = String.join(" ", args.subList(i + 1, args.size()));
    URI uri;
    try {
      uri = f.base.resolve(new URI(file));
    } catch (URISyntaxException | IllegalArgumentException e) {
      note(where + cmd + ": '" + shorten(file) + "' is not a valid URI");
      return fail(f, where + cmd + ": '" + shorten(file) + "' is not a valid URI");
    }
    try {
      if (!files.exists(uri)) {
        note(where + cmd + " " + shorten(uri.toString()) + ": not found");
        return fail(f, where + cmd + " " + shorten(uri.toString()) + ": not found");
      }
    } catch (LimitExceededException e) {
      throw e;
    } catch (BootlaceException e) {
      note(where + cmd + " " + shorten(uri.toString()) + ": " + e.getMessage());
      return fail(f, where + cmd + " " + shorten(uri.toString()) + ": " + e.getMessage());
    }
    if (name == null) {
      String p = uri.getPath() == null ? "" : uri.getPath();
      name = p.substring(p.lastIndexOf('/') + 1);
    }
    Image img = new Image(name, uri, imageArgs);
    if (kernel) {
      images.removeIf(x -> x.kernel);
      img.kernel = true;
    }
    // iPXE's own memory runs out long before a script loads this many: the command fails, as
    // iPXE's would.
    if (images.size() >= limits.maxLoadedImages()) {
      return fail(
          f,
          where
              + cmd
              + " "
              + shorten(uri.toString())
              + ": "
              + limits.maxLoadedImages()
              + " images are loaded already (Limits maxLoadedImages)");
    }
    images.add(img);
    if (!boot) {
      return 0;
    }
    return bootImage(f, line, img);
  }

  /**
   * Boots an image: a script runs (nested), anything else is the kernel with the other images as
   * initrds.
   */
  private int bootImage(Frame f, IpxeScript.Line line, Image img) throws IOException {
    String where = "ipxe: " + f.script.name() + ": line " + line.number() + ": ";
    byte[] head;
    try {
      head = files.head(img.uri, 8);
    } catch (LimitExceededException e) {
      throw e;
    } catch (BootlaceException e) {
      note(where + "boot " + shorten(img.uri.toString()) + ": " + e.getMessage());
      return fail(f, where + "boot " + shorten(img.uri.toString()) + ": " + e.getMessage());
    }
    if (IpxeScript.isScript(head)) {
      if (f.depth + 1 > limits.maxIncludeDepth()) {
        throw new LimitExceededException(
            "maxIncludeDepth",
            limits.maxIncludeDepth(),
            where + "chain " + shorten(img.uri.toString()) + ": scripts chained");
      }
      images.remove(img);
      byte[] content = files.read(img.uri, limits.maxConfigBytes());
      IpxeScript next = IpxeScript.parse(content, img.uri.toString(), limits);
      note(where + "chain " + shorten(img.uri.toString()) + ": an iPXE script, run");
      Frame child = new Frame(next, img.uri, f.depth + 1);
      int rc = execute(child);
      if (booted == null && rc != 0 && child.failure != null) {
        f.failure = child.failure;
      }
      return rc;
    }
    List<URI> initrds = new ArrayList<>();
    for (Image other : images) {
      if (other != img) {
        initrds.add(other.uri);
      }
    }
    booted = new Result(img.uri, initrds, img.args, f.script.name(), line.number(), notes);
    return 0;
  }
}
