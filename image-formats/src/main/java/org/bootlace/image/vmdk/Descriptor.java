package org.bootlace.image.vmdk;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.bootlace.CorruptImageException;
import org.bootlace.UnsupportedFeatureException;
import org.bootlace.image.support.Names;

/**
 * A VMDK text descriptor: the create type, the parent (for a child disk) and the extent lines
 * ({@code RW 6144 FLAT "disk-flat.vmdk" 0}), in disk order.
 */
record Descriptor(String createType, Optional<String> parentFileNameHint, List<Extent> extents) {
  static final int MAX_EXTENTS = 4096;

  /** One extent line; sizes and offsets in sectors. */
  record Extent(
      String access, long sectors, String type, Optional<String> file, long offset, int line) {}

  static Descriptor parse(byte[] text, int length, String name)
      throws CorruptImageException, UnsupportedFeatureException {
    String s = new String(text, 0, length, StandardCharsets.UTF_8);
    int nul = s.indexOf('\0');
    if (nul >= 0) {
      s = s.substring(0, nul);
    }
    String createType = "";
    String parentCid = "ffffffff";
    Optional<String> parent = Optional.empty();
    List<Extent> extents = new ArrayList<>();
    String[] lines = s.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].trim();
      String where = name + ": vmdk descriptor line " + (i + 1);
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String first = line.split("[ \t]+", 2)[0];
      if (first.equals("RW") || first.equals("RDONLY") || first.equals("NOACCESS")) {
        if (extents.size() >= MAX_EXTENTS) {
          throw new CorruptImageException(where + ": more than " + MAX_EXTENTS + " extents");
        }
        extents.add(extent(line, i + 1, where));
        continue;
      }
      int eq = line.indexOf('=');
      if (eq < 0) {
        continue;
      }
      String key = line.substring(0, eq).trim();
      String value = unquote(line.substring(eq + 1).trim());
      switch (key) {
        case "createType" -> createType = value;
        case "parentCID" -> parentCid = value.toLowerCase(Locale.ROOT);
        case "parentFileNameHint" -> parent = Optional.of(value);
        default -> {}
      }
    }
    if (parentCid.equals("ffffffff")) {
      parent = Optional.empty();
    } else if (parent.isEmpty()) {
      throw new CorruptImageException(
          name
              + ": vmdk descriptor has parentCID "
              + Names.printable(parentCid)
              + " but no parentFileNameHint");
    }
    return new Descriptor(createType, parent, List.copyOf(extents));
  }

  private static String unquote(String v) {
    return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")
        ? v.substring(1, v.length() - 1)
        : v;
  }

  private static Extent extent(String line, int number, String where)
      throws CorruptImageException, UnsupportedFeatureException {
    // ACCESS SECTORS TYPE ["FILE" [OFFSET]]; the file name may hold spaces inside its quotes.
    String rest = line;
    String[] head = rest.split("[ \t]+", 4);
    if (head.length < 3) {
      throw new CorruptImageException(
          where + ": extent line needs access, size and type: '" + Names.printable(line) + "'");
    }
    long sectors = number(head[1], where, "size");
    String type = head[2];
    Optional<String> file = Optional.empty();
    long offset = 0;
    if (head.length == 4) {
      String tail = head[3].trim();
      if (!tail.startsWith("\"")) {
        throw new CorruptImageException(
            where + ": extent file name is not quoted: '" + Names.printable(line) + "'");
      }
      int close = tail.indexOf('"', 1);
      if (close < 0) {
        throw new CorruptImageException(where + ": extent file name has no closing quote");
      }
      file = Optional.of(tail.substring(1, close));
      String after = tail.substring(close + 1).trim();
      if (!after.isEmpty()) {
        offset = number(after.split("[ \t]+")[0], where, "offset");
      }
    }
    switch (type) {
      case "FLAT", "VMFS", "SPARSE", "ZERO" -> {}
      default ->
          throw new UnsupportedFeatureException(
              "vmdk extent type " + Names.printable(type),
              where
                  + ": extent type "
                  + Names.printable(type)
                  + " is not supported (FLAT, VMFS, SPARSE and ZERO are)");
    }
    if (!type.equals("ZERO") && file.isEmpty()) {
      throw new CorruptImageException(where + ": " + type + " extent names no file");
    }
    return new Extent(head[0], sectors, type, file, offset, number);
  }

  private static long number(String s, String where, String field) throws CorruptImageException {
    try {
      long v = Long.parseLong(s);
      if (v < 0 || v > Long.MAX_VALUE / 512) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw new CorruptImageException(
          where + ": extent " + field + " '" + Names.printable(s) + "' is not a sector count");
    }
  }
}
