package org.bootlace.testing;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.bootlace.block.BlockDevice;
import org.bootlace.block.BlockDevices;
import org.bootlace.internal.Deadline;
import org.bootlace.spi.DirEntry;
import org.bootlace.spi.DriverContext;
import org.bootlace.spi.FileSystem;
import org.bootlace.spi.FilesystemDriver;
import org.bootlace.spi.FsNode;
import org.bootlace.spi.Warnings;

/**
 * What a filesystem fuzz target does with one input: probe, open (even when the probe says no: open
 * must refuse by itself), walk every directory, look every name up again, read every file (its
 * first MiB, its last 64 KiB and at its end) and every link, all under {@link FuzzProperty}.
 */
public final class FilesystemWalk {
  /** Nodes one input may visit: enough for every seed several times over. */
  private static final int MAX_NODES = 2_000;

  private static final int CHUNK = 64 << 10;

  private FilesystemWalk() {}

  /** What a walk saw: names listed, and bytes read from regular files. */
  public record Seen(int entries, long bytes) {}

  public static Seen walk(FilesystemDriver driver, byte[] image) {
    Deadline deadline = new Deadline();
    deadline.arm(FuzzProperty.LIMITS.timeout());
    BlockDevice dev = BlockDevices.withDeadline(BlockDevices.ofBytes(image, "fuzz.img"), deadline);
    FuzzProperty.holds(() -> driver.probe(dev));
    FileSystem fs =
        FuzzProperty.value(
            () -> driver.open(dev, new DriverContext(FuzzProperty.LIMITS, new Warnings())));
    if (fs == null) {
      return new Seen(0, 0);
    }
    fs.type();
    fs.uuid();
    fs.label();
    FsNode root = FuzzProperty.value(fs::root);
    if (root == null) {
      return new Seen(0, 0);
    }
    Deque<FsNode> dirs = new ArrayDeque<>(List.of(root));
    Set<Long> seen = new HashSet<>(Set.of(root.id()));
    int visited = 0;
    long bytes = 0;
    while (!dirs.isEmpty() && visited < MAX_NODES) {
      FsNode dir = dirs.poll();
      List<DirEntry> entries = FuzzProperty.value(() -> fs.list(dir));
      FuzzProperty.holds(() -> fs.lookup(dir, "boot"));
      if (entries == null) {
        continue;
      }
      for (DirEntry e : entries) {
        if (++visited > MAX_NODES) {
          break;
        }
        if (e.name().isEmpty()
            || e.name().equals(".")
            || e.name().equals("..")
            || e.name().contains("/")) {
          throw new AssertionError("list returned the name '" + e.name() + "'");
        }
        FuzzProperty.holds(() -> fs.lookup(dir, e.name()));
        FsNode n = FuzzProperty.value(() -> fs.node(e));
        if (n == null) {
          continue;
        }
        switch (n.type()) {
          case DIRECTORY -> {
            if (seen.add(n.id())) {
              dirs.add(n);
            }
          }
          case REGULAR -> bytes += read(fs, n);
          case SYMLINK -> FuzzProperty.holds(() -> fs.readLink(n));
          default -> {}
        }
      }
    }
    return new Seen(visited, bytes);
  }

  private static long read(FileSystem fs, FsNode file) {
    long size = file.size();
    if (size < 0) {
      throw new AssertionError("node " + file.id() + " has size " + size);
    }
    ByteBuffer buf = ByteBuffer.allocate(CHUNK);
    long head = Math.min(size, FuzzProperty.LIMITS.maxKernelBytes());
    long at = 0;
    while (at < head) {
      Integer n = readAt(fs, file, at, buf);
      if (n == null) {
        return at;
      }
      at += n;
    }
    readAt(fs, file, Math.max(0, size - CHUNK), buf);
    Integer end = readAt(fs, file, size, buf);
    if (end != null && end != -1) {
      throw new AssertionError(
          "node " + file.id() + ": read at its end (" + size + ") returned " + end);
    }
    return at;
  }

  /** One read; null when it refused. A read inside the file must make progress. */
  private static Integer readAt(FileSystem fs, FsNode file, long at, ByteBuffer buf) {
    buf.clear();
    Integer n = FuzzProperty.value(() -> fs.read(file, at, buf));
    if (n == null) {
      return null;
    }
    if (n != buf.position() && !(n == -1 && buf.position() == 0)) {
      throw new AssertionError(
          "node "
              + file.id()
              + ": read at "
              + at
              + " returned "
              + n
              + " but filled "
              + buf.position());
    }
    if (at < file.size() && n <= 0) {
      throw new AssertionError(
          "node " + file.id() + ": read at " + at + " of " + file.size() + " returned " + n);
    }
    return n;
  }
}
