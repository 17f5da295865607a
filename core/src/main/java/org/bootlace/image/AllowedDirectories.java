package org.bootlace.image;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.bootlace.CorruptImageException;
import org.bootlace.LimitExceededException;
import org.bootlace.Limits;
import org.bootlace.UnsupportedFeatureException;
import org.bootlace.block.BlockDevice;
import org.bootlace.block.BlockDevices;
import org.bootlace.block.TimeBudget;
import org.bootlace.spi.ImageFiles;

/**
 * The backing-file policy: an image may name another host file (a backing file, a parent, an
 * extent, a data file), and bootlace opens it only when
 *
 * <ul>
 *   <li>the caller allowed at least one directory ({@code BootOptions.allowBackingDir});
 *   <li>the name is a plain local path (no {@code json:}, no {@code scheme://}, no NUL), resolved
 *       against the directory of the image that names it when relative;
 *   <li>the path lies inside an allowed directory both as written (checked before the host file
 *       system is touched) and after every symbolic link is followed ({@link Path#toRealPath});
 *   <li>the file is a regular file not already open in this chain (loops are refused), and the
 *       chain is at most {@code Limits.maxBackingChain} files deep.
 * </ul>
 *
 * Anything else is refused with a message naming the image, the role and the name. The directories
 * themselves are trusted (the caller's), so a link swapped inside one between the check and the
 * open is outside this threat model.
 */
public final class AllowedDirectories implements ImageFiles {
  private final String imageName;
  private final Path imageDir;
  private final List<Path> allowed;
  private final Set<Path> chain;
  private final int depth;
  private final Limits limits;
  private final TimeBudget deadline;

  private AllowedDirectories(
      String imageName,
      Path imageDir,
      List<Path> allowed,
      Set<Path> chain,
      int depth,
      Limits limits,
      TimeBudget deadline) {
    this.imageName = imageName;
    this.imageDir = imageDir;
    this.allowed = allowed;
    this.chain = chain;
    this.depth = depth;
    this.limits = limits;
    this.deadline = deadline;
  }

  /**
   * The resolver for the names written in {@code image}: files in {@code allowedDirs} only (none
   * when empty), every read of them checking {@code deadline}. Allowed directories that do not
   * exist allow nothing.
   *
   * @param image the image file whose names are resolved; relative names start at its directory
   * @param allowedDirs the directories files may be opened in
   * @param limits the bounds; {@code maxBackingChain} bounds the chain
   * @param deadline the budget every read of an opened file checks
   * @return the resolver
   */
  public static ImageFiles forImage(
      Path image, List<Path> allowedDirs, Limits limits, TimeBudget deadline) {
    List<Path> dirs = new ArrayList<>();
    for (Path d : allowedDirs) {
      try {
        dirs.add(d.toRealPath());
      } catch (IOException e) {
        // A directory that does not exist allows nothing.
      }
    }
    Path abs = image.toAbsolutePath().normalize();
    Path real;
    try {
      real = abs.toRealPath();
    } catch (IOException e) {
      real = abs;
    }
    Path name = abs.getFileName();
    return new AllowedDirectories(
        name == null ? abs.toString() : name.toString(),
        abs.getParent() == null ? abs : abs.getParent(),
        ImmutableList.copyOf(dirs),
        ImmutableSet.of(real),
        0,
        limits,
        deadline);
  }

  @Override
  public Opened open(String name, String role) throws IOException {
    String what = imageName + ": " + role + " '" + printable(name) + "'";
    if (allowed.isEmpty()) {
      throw refused(
          what
              + " refused: no directory is allowed for files an image names"
              + " (BootOptions.allowBackingDir, --allow-backing-dir)");
    }
    if (name.isEmpty() || name.indexOf('\0') >= 0) {
      throw refused(what + " refused: not a usable file name");
    }
    if (name.startsWith("json:") || name.contains("://")) {
      throw refused(what + " refused: not a local file name");
    }
    if (depth + 1 >= limits.maxBackingChain()) {
      throw new LimitExceededException(
          "maxBackingChain",
          limits.maxBackingChain(),
          what + " would be file " + (depth + 2) + " of the chain");
    }
    Path written;
    try {
      Path p = Path.of(name);
      written = (p.isAbsolute() ? p : imageDir.resolve(p)).normalize();
    } catch (InvalidPathException e) {
      throw refused(what + " refused: not a usable file name");
    }
    if (!inside(written)) {
      throw refused(what + " refused: " + written + " is outside the allowed directories");
    }
    Path real;
    try {
      real = written.toRealPath();
    } catch (NoSuchFileException e) {
      throw new CorruptImageException(what + " not found: " + written);
    }
    if (!inside(real)) {
      throw refused(
          what + " refused: it resolves to " + real + ", outside the allowed directories");
    }
    if (chain.contains(real)) {
      throw new CorruptImageException(
          what + " refused: " + real + " is already open in this chain (a loop)");
    }
    if (!Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
      throw refused(what + " refused: " + real + " is not a regular file");
    }
    BlockDevice dev = BlockDevices.withDeadline(BlockDevices.open(real), deadline);
    Set<Path> longer = ImmutableSet.<Path>builder().addAll(chain).add(real).build();
    Path fileName = real.getFileName();
    String shown = fileName == null ? real.toString() : fileName.toString();
    return new Opened(
        dev,
        new AllowedDirectories(
            shown, real.getParent(), allowed, longer, depth + 1, limits, deadline),
        shown);
  }

  private boolean inside(Path p) {
    for (Path dir : allowed) {
      if (p.startsWith(dir) && !p.equals(dir)) {
        return true;
      }
    }
    return false;
  }

  private static UnsupportedFeatureException refused(String message) {
    return new UnsupportedFeatureException(
        "external file outside the allowed directories", message);
  }

  /** Image-supplied names shown with control characters escaped. */
  private static String printable(String s) {
    StringBuilder b = new StringBuilder();
    int n = Math.min(s.length(), 512);
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        b.append(String.format(java.util.Locale.ROOT, "\\x%02x", (int) c));
      } else {
        b.append(c);
      }
    }
    if (s.length() > n) {
      b.append("...");
    }
    return b.toString();
  }

  @Override
  public String toString() {
    return "files named by " + imageName + " (allowed: " + allowed + ")";
  }
}
