package org.bootlace.fs.ext;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bootlace.testing.Tools;

/** Where debugfs says a path's structures are, so tests patch exactly them. */
final class Debugfs {
  private Debugfs() {}

  private static String run(Path image, String request) {
    return Tools.run("debugfs", "-R", request, image.toString());
  }

  static long inodeNumber(Path image, String path) {
    Matcher m = Pattern.compile("Inode: (\\d+)").matcher(run(image, "stat " + path));
    if (!m.find()) {
      throw new AssertionError("no inode for " + path);
    }
    return Long.parseLong(m.group(1));
  }

  /** Byte offset of the path's inode in the image. */
  static long inodeOffset(Path image, String path, int blockSize) {
    String out = run(image, "imap " + path);
    Matcher m = Pattern.compile("located at block (\\d+), offset 0x([0-9a-f]+)").matcher(out);
    if (!m.find()) {
      throw new AssertionError("imap " + path + ": " + out);
    }
    return Long.parseLong(m.group(1)) * blockSize + Long.parseLong(m.group(2), 16);
  }

  /** The device block of the path's logical block. */
  static long bmap(Path image, String path, long logical) {
    return Long.parseLong(run(image, "bmap " + path + " " + logical).trim());
  }
}
