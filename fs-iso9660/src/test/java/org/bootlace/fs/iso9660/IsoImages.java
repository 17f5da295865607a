package org.bootlace.fs.iso9660;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bootlace.Limits;
import org.bootlace.block.BlockDevice;
import org.bootlace.spi.FileSystem;
import org.bootlace.spi.FsNode;
import org.bootlace.testing.OpenedFs;
import org.bootlace.testing.Tools;

/** Builds images with the real tools and opens them with the driver. */
final class IsoImages {
  private IsoImages() {}

  /** {@code xorriso -as mkisofs ARGS -o image src}. */
  static Path mkisofs(Path src, Path image, String... args) {
    List<String> cmd = new ArrayList<>(List.of("xorriso", "-as", "mkisofs", "-quiet"));
    cmd.addAll(List.of(args));
    cmd.addAll(List.of("-o", image.toString(), src.toString()));
    Tools.run(cmd.toArray(String[]::new));
    return image;
  }

  /** {@code genisoimage ARGS -o image src}. */
  static Path genisoimage(Path src, Path image, String... args) {
    List<String> cmd = new ArrayList<>(List.of("genisoimage", "-quiet"));
    cmd.addAll(List.of(args));
    cmd.addAll(List.of("-o", image.toString(), src.toString()));
    Tools.run(cmd.toArray(String[]::new));
    return image;
  }

  static Path copy(Path base, Path dir) {
    try {
      Path p = dir.resolve(base.getFileName());
      Files.copy(base, p);
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static OpenedFs open(Path image) throws IOException {
    return open(image, Limits.defaults());
  }

  static OpenedFs open(Path image, Limits limits) throws IOException {
    return OpenedFs.open(new Iso9660FilesystemDriver(), image, limits);
  }

  static OpenedFs open(BlockDevice dev, Limits limits) throws IOException {
    return OpenedFs.open(new Iso9660FilesystemDriver(), dev, limits);
  }

  static String sha256(Path p) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      try (FileChannel ch = FileChannel.open(p)) {
        ByteBuffer buf = ByteBuffer.allocate(1 << 20);
        while (ch.read(buf) > 0) {
          buf.flip();
          md.update(buf);
          buf.clear();
        }
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  static String sha256(FileSystem fs, FsNode n) throws IOException {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
    ByteBuffer buf = ByteBuffer.allocate((int) Math.min(4 << 20, n.size() + 1));
    long pos = 0;
    while (true) {
      buf.clear();
      int k = fs.read(n, pos, buf);
      if (k < 0) {
        break;
      }
      buf.flip();
      md.update(buf);
      pos += k;
    }
    if (pos != n.size()) {
      throw new AssertionError(n + ": read " + pos + " of " + n.size() + " bytes");
    }
    return HexFormat.of().formatHex(md.digest());
  }

  /** What {@code 7zz l -slt} lists: path to "D" or the size. */
  static Map<String, String> sevenZipListing(Path image) {
    String out =
        new String(
            Tools.run("7zz", "l", "-slt", image.toString())
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1),
            java.nio.charset.StandardCharsets.UTF_8);
    Map<String, String> result = new TreeMap<>();
    String path = null;
    boolean started = false;
    Map<String, String> item = new LinkedHashMap<>();
    for (String line : (out + "\n\n").split("\n", -1)) {
      if (line.startsWith("----------")) {
        started = true;
        continue;
      }
      if (!started) {
        continue;
      }
      if (line.isEmpty()) {
        if (item.containsKey("Path")) {
          path = item.get("Path");
          boolean dir = item.getOrDefault("Folder", "-").equals("+");
          result.put(dir ? path + "/" : path, dir ? "D" : item.get("Size"));
        }
        item.clear();
        continue;
      }
      int eq = line.indexOf(" = ");
      if (eq > 0) {
        item.put(line.substring(0, eq), line.substring(eq + 3));
      }
    }
    return result;
  }

  /**
   * What {@code blkid -p} says of TYPE, UUID and LABEL, each as {@code -o value} prints it (raw
   * bytes, UTF-8).
   */
  static Map<String, String> blkid(Path image) {
    Map<String, String> m = new TreeMap<>();
    for (String tag : new String[] {"TYPE", "UUID", "LABEL"}) {
      Tools.Result r = Tools.exec(null, "blkid", "-p", "-o", "value", "-s", tag, image.toString());
      String v =
          new String(
              r.stdout().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1),
              java.nio.charset.StandardCharsets.UTF_8);
      if (r.exitCode() == 0 && !v.isEmpty()) {
        m.put(tag, v.endsWith("\n") ? v.substring(0, v.length() - 1) : v);
      }
    }
    return m;
  }
}
