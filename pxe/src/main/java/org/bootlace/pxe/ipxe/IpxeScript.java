package org.bootlace.pxe.ipxe;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bootlace.CorruptImageException;
import org.bootlace.LimitExceededException;
import org.bootlace.Limits;

/**
 * An iPXE script split into its lines: the {@code #!ipxe} magic line, comments ({@code #} first on
 * a line), labels ({@code :name}) and command lines, a line ending in a backslash continued on the
 * next. Parsing is one pass over the bytes; nothing is expanded or executed here (see {@link
 * IpxeEvaluator}).
 *
 * @param name where the script came from, for messages
 * @param lines the logical lines in order (labels and comments included, as empty commands)
 * @param labels each label's first occurrence: its index in {@code lines}
 */
public record IpxeScript(String name, List<Line> lines, Map<String, Integer> labels) {
  /** The magic first line of an iPXE script (gPXE's {@code #!gpxe} is accepted too). */
  public static final String MAGIC = "#!ipxe";

  /**
   * One logical line.
   *
   * @param number the 1-based number of its first physical line
   * @param text the command text with continuations joined; empty for a label, comment or blank
   * @param label the label this line defines, or empty
   */
  public record Line(int number, String text, String label) {}

  /**
   * Copies {@code lines} and {@code labels} into immutable collections.
   *
   * @param name where the script came from, for messages
   * @param lines the logical lines in order (labels and comments included, as empty commands)
   * @param labels each label's first occurrence: its index in {@code lines}
   */
  public IpxeScript {
    lines = ImmutableList.copyOf(lines);
    labels = ImmutableMap.copyOf(labels);
  }

  /**
   * Whether {@code head} (the first bytes of a file) starts an iPXE script.
   *
   * <p>The magic ({@code #!ipxe} or {@code #!gpxe}) must be followed by white space or the end of
   * the bytes.
   *
   * @param head the file's first bytes; 7 are enough
   * @return whether the file is an iPXE script
   */
  public static boolean isScript(byte[] head) {
    return startsWith(head, "#!ipxe") || startsWith(head, "#!gpxe");
  }

  private static boolean startsWith(byte[] head, String magic) {
    if (head.length < magic.length()) {
      return false;
    }
    for (int i = 0; i < magic.length(); i++) {
      if (head[i] != magic.charAt(i)) {
        return false;
      }
    }
    if (head.length == magic.length()) {
      return true;
    }
    byte next = head[magic.length()];
    return next == ' ' || next == '\t' || next == '\r' || next == '\n';
  }

  /**
   * Splits {@code content} into lines; it must start with {@link #MAGIC} and fit {@code
   * maxConfigBytes}.
   *
   * @param content the file's bytes, read as UTF-8
   * @param name where the script came from, for messages
   * @param limits gives {@code maxConfigBytes}
   * @return the script
   * @throws CorruptImageException if {@code content} does not start with the magic line
   * @throws LimitExceededException if {@code content} is longer than {@code maxConfigBytes}
   */
  public static IpxeScript parse(byte[] content, String name, Limits limits)
      throws CorruptImageException, LimitExceededException {
    Limits.check("maxConfigBytes", limits.maxConfigBytes(), content.length, "ipxe: script " + name);
    if (!isScript(content)) {
      int n = Math.min(content.length, 40);
      StringBuilder shown = new StringBuilder();
      for (int i = 0; i < n; i++) {
        int b = content[i] & 0xff;
        if (b == '\n' || b == '\r') {
          break;
        }
        shown.append(
            b >= 0x20 && b < 0x7f
                ? String.valueOf((char) b)
                : String.format(java.util.Locale.ROOT, "\\x%02x", b));
      }
      throw new CorruptImageException(
          "ipxe: " + name + ": line 1: '" + shown + "' is not the magic line #!ipxe");
    }
    String text = new String(content, StandardCharsets.UTF_8);
    List<Line> lines = new ArrayList<>();
    Map<String, Integer> labels = new HashMap<>();
    int pos = 0;
    int physical = 0;
    int len = text.length();
    StringBuilder joined = new StringBuilder();
    int firstOfJoined = -1;
    while (pos < len) {
      int nl = text.indexOf('\n', pos);
      int end = nl < 0 ? len : nl;
      physical++;
      int stop = end;
      if (stop > pos && text.charAt(stop - 1) == '\r') {
        stop--;
      }
      String raw = text.substring(pos, stop);
      pos = nl < 0 ? len : nl + 1;
      if (firstOfJoined < 0) {
        firstOfJoined = physical;
      }
      if (raw.endsWith("\\") && pos < len) {
        joined.append(raw, 0, raw.length() - 1);
        continue;
      }
      joined.append(raw);
      addLine(lines, labels, firstOfJoined, joined.toString(), physical == 1);
      joined.setLength(0);
      firstOfJoined = -1;
    }
    if (firstOfJoined >= 0) {
      addLine(lines, labels, firstOfJoined, joined.toString(), false);
    }
    return new IpxeScript(name, lines, labels);
  }

  private static void addLine(
      List<Line> lines, Map<String, Integer> labels, int number, String raw, boolean first) {
    String t = stripLeading(raw);
    if (first || t.isEmpty() || t.charAt(0) == '#') {
      lines.add(new Line(number, "", ""));
      return;
    }
    if (t.charAt(0) == ':') {
      int end = 1;
      while (end < t.length() && !Character.isWhitespace(t.charAt(end))) {
        end++;
      }
      String label = t.substring(1, end);
      labels.putIfAbsent(label, lines.size());
      lines.add(new Line(number, "", label));
      return;
    }
    lines.add(new Line(number, t, ""));
  }

  private static String stripLeading(String s) {
    int i = 0;
    while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
      i++;
    }
    return s.substring(i);
  }
}
