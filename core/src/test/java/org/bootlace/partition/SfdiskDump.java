package org.bootlace.partition;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The partition lines of an {@code sfdisk -d} dump (fdisk's {@code O} command writes the same
 * format), as util-linux reads the table: the reference our drivers are compared with.
 */
record SfdiskDump(String label, int sectorSize, List<SfdiskDump.Line> partitions) {

  /** One partition line; {@code name}, {@code uuid} and {@code attrs} are empty for msdos. */
  record Line(
      int number,
      long start,
      long size,
      String type,
      String uuid,
      String name,
      String attrs,
      boolean bootable) {}

  private static final Pattern LINE = Pattern.compile("^\\S*?(\\d+) : (.*)$");
  private static final Pattern FIELD =
      Pattern.compile("(\\w[\\w-]*)(?:=\\s*(\"(?:[^\"\\\\]|\\\\.)*\"|[^,\\s]+))?");

  /**
   * @param text the dump as the tools print it (decoded as ISO-8859-1 by the test tools)
   */
  static SfdiskDump parse(String text) {
    String label = "";
    int sectorSize = 512;
    List<Line> parts = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.startsWith("label: ")) {
        label = line.substring(7).trim();
      } else if (line.startsWith("sector-size: ")) {
        sectorSize = Integer.parseInt(line.substring(13).trim());
      }
      Matcher m = LINE.matcher(line);
      if (!m.matches()) {
        continue;
      }
      Map<String, String> fields = new HashMap<>();
      Matcher f = FIELD.matcher(m.group(2));
      while (f.find()) {
        fields.put(f.group(1), f.group(2) == null ? "" : unquote(f.group(2)));
      }
      parts.add(
          new Line(
              Integer.parseInt(m.group(1)),
              Long.parseLong(fields.get("start")),
              Long.parseLong(fields.get("size")),
              fields.get("type"),
              fields.getOrDefault("uuid", ""),
              fields.getOrDefault("name", ""),
              fields.getOrDefault("attrs", ""),
              fields.containsKey("bootable")));
    }
    return new SfdiskDump(label, sectorSize, parts);
  }

  /** Strips quotes and decodes the {@code \xHH} escapes sfdisk writes for non-ASCII bytes. */
  private static String unquote(String v) {
    if (!v.startsWith("\"")) {
      return v;
    }
    String body = v.substring(1, v.length() - 1);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (c == '\\' && i + 3 < body.length() && body.charAt(i + 1) == 'x') {
        bytes.write(Integer.parseInt(body.substring(i + 2, i + 4), 16));
        i += 3;
      } else if (c == '\\' && i + 1 < body.length()) {
        bytes.write(body.charAt(++i));
      } else {
        bytes.write(c);
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
