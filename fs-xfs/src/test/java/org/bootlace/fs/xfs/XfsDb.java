package org.bootlace.fs.xfs;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bootlace.testing.Tools;

/** What the real reader, {@code xfs_db -r}, says about an image. */
final class XfsDb {
  private XfsDb() {}

  /** {@code xfs_db -r -c 'ls DIR'}: each name (without . and ..) to its inode number. */
  static Map<String, Long> ls(Path image, String dir) {
    String out = Tools.run("xfs_db", "-r", "-c", "ls " + dir, image.toString());
    String text = new String(out.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    Map<String, Long> names = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      // offset inode type hash namelen name (good)
      String[] f = line.trim().split("\\s+");
      if (f.length < 7 || !f[f.length - 1].equals("(good)")) {
        continue;
      }
      String name = f[5];
      if (!name.equals(".") && !name.equals("..")) {
        names.put(name, Long.parseLong(f[1]));
      }
    }
    return names;
  }

  /** {@code xfs_db -r -c 'inode N' -c 'print FIELD...'}: each field's value as printed. */
  static Map<String, String> inode(Path image, long ino, String... fields) {
    String out =
        Tools.run(
            "xfs_db",
            "-r",
            "-c",
            "inode " + ino,
            "-c",
            "print " + String.join(" ", fields),
            image.toString());
    Map<String, String> values = new LinkedHashMap<>();
    for (String line : out.split("\n")) {
      int eq = line.indexOf(" = ");
      if (eq > 0) {
        values.put(line.substring(0, eq).trim(), line.substring(eq + 3).trim());
      }
    }
    return values;
  }
}
