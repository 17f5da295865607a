package org.bootlace.image.support;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.bootlace.CorruptImageException;
import org.bootlace.UnsupportedFeatureException;
import org.bootlace.block.BlockDevice;
import org.bootlace.spi.DriverContext;
import org.bootlace.spi.Drivers;
import org.bootlace.spi.ImageFiles;
import org.bootlace.spi.ImageFormat;

/**
 * Opens a file an image names (a backing file, a parent) as the virtual disk it holds: as the
 * format the naming image states (qemu's names: {@code raw}, {@code qcow2}, {@code vpc}, {@code
 * vhdx}, {@code vmdk}), or, when it states none, as the format its content shows, raw otherwise
 * (the formats are those {@link Drivers#discover()} finds). The file was opened under the caller's
 * policy ({@link ImageFiles}), and the files it names in turn resolve one level deeper in the same
 * chain.
 */
public final class NestedImages {
  private NestedImages() {}

  /**
   * The image formats with a signature, in the usual order (raw, which takes anything, left out).
   */
  private static List<ImageFormat> formats() {
    return Drivers.discover().imageFormats().stream().filter(f -> !f.name().equals("raw")).toList();
  }

  /**
   * The first of {@code candidates} (paths a differencing disk gives for its parent, best first)
   * that exists, opened as {@code format}; a candidate that exists but is not a good parent ends
   * the search with its error, and when none exists the first "not found" is thrown.
   *
   * @param candidates the paths to try, best first; at least one
   * @param format the parent's format, as qemu names it
   * @param context the limits, warnings and file policy of the naming image
   * @return the parent's disk; closing it closes the file
   * @throws IllegalArgumentException if {@code candidates} is empty
   * @throws IOException the first candidate's "not found" when none exists, or the error of the
   *     first that exists but cannot be opened as {@code format}
   */
  public static BlockDevice firstParent(
      List<String> candidates, String format, DriverContext context) throws IOException {
    IOException first = null;
    for (String c : candidates) {
      try {
        return open(context.files().open(c, "parent"), Optional.of(format), context);
      } catch (CorruptImageException e) {
        if (!e.getMessage().contains(" not found: ")) {
          throw e;
        }
        first = first == null ? e : first;
      }
    }
    if (first == null) {
      throw new IllegalArgumentException("no parent candidates");
    }
    throw first;
  }

  /**
   * The disk in {@code opened}; closing it closes the opened file too.
   *
   * @param opened the file, opened under the caller's policy, with the files beside it
   * @param format the format the naming image states, or empty to probe the content
   * @param context the limits and warnings of the naming image
   * @return the disk, or the file itself when it is raw
   * @throws org.bootlace.CorruptImageException if the file is not of the format stated
   * @throws org.bootlace.UnsupportedFeatureException if the stated format is not one bootlace reads
   * @throws IOException if opening the disk fails; the file is closed then
   */
  public static BlockDevice open(
      ImageFiles.Opened opened, Optional<String> format, DriverContext context) throws IOException {
    BlockDevice file = opened.device();
    try {
      DriverContext inner =
          new DriverContext(context.limits(), context.warnings(), opened.siblings());
      BlockDevice disk = null;
      if (format.isPresent()) {
        String f = format.get().toLowerCase(Locale.ROOT);
        if (f.equals("raw")) {
          return file;
        }
        for (ImageFormat candidate : formats()) {
          if (aliases(candidate).contains(f)) {
            if (!candidate.probe(file).matched()) {
              throw new CorruptImageException(
                  opened.name() + ": not a " + f + " image, as the image naming it states");
            }
            disk = candidate.open(file, inner);
            break;
          }
        }
        if (disk == null) {
          throw new UnsupportedFeatureException(
              "image format " + Names.printable(f),
              opened.name() + ": image format '" + Names.printable(f) + "' is not supported");
        }
      } else {
        for (ImageFormat candidate : formats()) {
          if (candidate.probe(file).matched()) {
            disk = candidate.open(file, inner);
            break;
          }
        }
        if (disk == null) {
          return file;
        }
      }
      return new Owning(disk, file);
    } catch (IOException | RuntimeException e) {
      file.close();
      throw e;
    }
  }

  private static List<String> aliases(ImageFormat f) {
    return switch (f.name()) {
      case "vhd" -> List.of("vhd", "vpc");
      default -> List.of(f.name());
    };
  }

  /** A disk that also closes the file it was decoded from. */
  private static final class Owning implements BlockDevice {
    private final BlockDevice disk;
    private final BlockDevice file;

    Owning(BlockDevice disk, BlockDevice file) {
      this.disk = disk;
      this.file = file;
    }

    @Override
    public long size() {
      return disk.size();
    }

    @Override
    public void read(long offset, ByteBuffer dst) throws IOException {
      disk.read(offset, dst);
    }

    @Override
    public void close() throws IOException {
      try {
        disk.close();
      } finally {
        file.close();
      }
    }

    @Override
    public String toString() {
      return disk.toString();
    }
  }
}
