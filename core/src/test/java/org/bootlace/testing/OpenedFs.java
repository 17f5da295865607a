package org.bootlace.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.bootlace.Limits;
import org.bootlace.block.BlockDevice;
import org.bootlace.block.BlockDevices;
import org.bootlace.spi.DirEntry;
import org.bootlace.spi.DriverContext;
import org.bootlace.spi.FileSystem;
import org.bootlace.spi.FileType;
import org.bootlace.spi.FilesystemDriver;
import org.bootlace.spi.FsNode;
import org.bootlace.spi.Warnings;

/**
 * A filesystem opened straight through its driver, for filesystem tests: lookups and reads by path,
 * a checked walk of the whole tree, and the warnings of the open. Closing it closes the device too.
 */
public final class OpenedFs implements AutoCloseable {
  public final BlockDevice device;
  public final FileSystem fs;
  public final Warnings warnings;

  private OpenedFs(BlockDevice device, FileSystem fs, Warnings warnings) {
    this.device = device;
    this.fs = fs;
    this.warnings = warnings;
  }

  /** Opens the image file with {@code driver}; the device is closed if the open fails. */
  public static OpenedFs open(FilesystemDriver driver, Path image, Limits limits)
      throws IOException {
    BlockDevice dev = BlockDevices.open(image);
    try {
      return open(driver, dev, limits);
    } catch (IOException | RuntimeException e) {
      dev.close();
      throw e;
    }
  }

  public static OpenedFs open(FilesystemDriver driver, BlockDevice dev, Limits limits)
      throws IOException {
    Warnings w = new Warnings();
    return new OpenedFs(dev, driver.open(dev, new DriverContext(limits, w)), w);
  }

  public FsNode node(String path) throws IOException {
    FsNode n = fs.root();
    for (String part : path.split("/")) {
      if (!part.isEmpty()) {
        n = fs.lookup(n, part).orElseThrow(() -> new AssertionError(path + " not found"));
      }
    }
    return n;
  }

  public byte[] read(String path) throws IOException {
    return read(node(path));
  }

  public byte[] read(FsNode n) throws IOException {
    ByteBuffer b = ByteBuffer.allocate((int) n.size());
    while (b.hasRemaining()) {
      if (fs.read(n, b.position(), b) < 0) {
        throw new AssertionError("early end");
      }
    }
    return b.array();
  }

  /** Every path below the root (directories end in '/'), mapped to its node, in name order. */
  public Map<String, FsNode> walk() throws IOException {
    Map<String, FsNode> out = new TreeMap<>();
    walk(fs.root(), "", out, 0);
    return out;
  }

  private void walk(FsNode dir, String prefix, Map<String, FsNode> out, int depth)
      throws IOException {
    if (depth > 40) {
      throw new AssertionError("too deep at " + prefix);
    }
    for (DirEntry e : fs.list(dir)) {
      FsNode n =
          fs.lookup(dir, e.name())
              .orElseThrow(() -> new AssertionError(prefix + e.name() + " listed but not found"));
      if (n.type() != e.type()) {
        throw new AssertionError(
            prefix + e.name() + ": listed as " + e.type() + ", is " + n.type());
      }
      if (n.id() != e.id() || fs.node(e).id() != n.id()) {
        throw new AssertionError(prefix + e.name() + ": ids differ");
      }
      if (n.type() == FileType.DIRECTORY) {
        out.put(prefix + e.name() + "/", n);
        walk(n, prefix + e.name() + "/", out, depth + 1);
      } else {
        out.put(prefix + e.name(), n);
      }
    }
  }

  @Override
  public void close() throws IOException {
    fs.close();
    device.close();
  }
}
