package org.bootlace.fs.ext.fuzz;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.bootlace.block.BlockDevice;
import org.bootlace.block.BlockDevices;
import org.bootlace.block.Deadline;
import org.bootlace.fs.ext.ExtFilesystemDriver;
import org.bootlace.spi.DirEntry;
import org.bootlace.spi.DriverContext;
import org.bootlace.spi.FileSystem;
import org.bootlace.spi.FsNode;
import org.bootlace.spi.Warnings;

/**
 * The ext driver over an image made of the fuzz input: probe, open (even when the probe says no:
 * open must refuse by itself), then walk every directory, look every name up again, read every
 * file (its first MiB, its last block and past its end) and every link. Reads go through a
 * deadline as bootlace's own do. Seeds: {@code ExtFuzzTestInputs/walk/}, made by
 * {@code fuzz/make-seeds.sh}.
 */
class ExtFuzzTest {
  /** Nodes one input may visit: enough for every seed several times over. */
  private static final int MAX_NODES = 2_000;

  private static final int CHUNK = 64 << 10;

  @FuzzTest(maxDuration = "60s")
  @DictionaryFile(resourcePath = "ext.dict")
  void walk(byte[] image) {
    walkImage(image);
  }

  /** What a walk saw: names listed, and bytes read from regular files. */
  record Seen(int entries, long bytes) {}

  static Seen walkImage(byte[] image) {
    Deadline deadline = new Deadline();
    deadline.arm(Property.LIMITS.timeout());
    BlockDevice dev = BlockDevices.withDeadline(BlockDevices.ofBytes(image, "fuzz.img"), deadline);
    ExtFilesystemDriver driver = new ExtFilesystemDriver();
    Property.holds(() -> driver.probe(dev));
    FileSystem fs = Property.value(() -> driver.open(dev, new DriverContext(Property.LIMITS, new Warnings())));
    if (fs == null) {
      return new Seen(0, 0);
    }
    fs.type();
    fs.uuid();
    fs.label();
    FsNode root = Property.value(fs::root);
    if (root == null) {
      return new Seen(0, 0);
    }
    Deque<FsNode> dirs = new ArrayDeque<>(List.of(root));
    Set<Long> seen = new HashSet<>(Set.of(root.id()));
    int visited = 0;
    long bytes = 0;
    while (!dirs.isEmpty() && visited < MAX_NODES) {
      FsNode dir = dirs.poll();
      List<DirEntry> entries = Property.value(() -> fs.list(dir));
      Property.holds(() -> fs.lookup(dir, "boot"));
      if (entries == null) {
        continue;
      }
      for (DirEntry e : entries) {
        if (++visited > MAX_NODES) {
          break;
        }
        if (e.name().isEmpty() || e.name().equals(".") || e.name().equals("..") || e.name().contains("/")) {
          throw new AssertionError("list returned the name '" + e.name() + "'");
        }
        Property.holds(() -> fs.lookup(dir, e.name()));
        FsNode n = Property.value(() -> fs.node(e));
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
          case SYMLINK -> Property.holds(() -> fs.readLink(n));
          default -> {}
        }
      }
    }
    return new Seen(visited, bytes);
  }

  /** The first MiB in 64 KiB reads, the last 64 KiB, and one read at the end of the file. */
  private static long read(FileSystem fs, FsNode file) {
    long size = file.size();
    if (size < 0) {
      throw new AssertionError("node " + file.id() + " has size " + size);
    }
    ByteBuffer buf = ByteBuffer.allocate(CHUNK);
    long head = Math.min(size, Property.LIMITS.maxKernelBytes());
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
      throw new AssertionError("node " + file.id() + ": read at its end (" + size + ") returned " + end);
    }
    return at;
  }

  /** One read; null when it refused. A read inside the file must make progress. */
  private static Integer readAt(FileSystem fs, FsNode file, long at, ByteBuffer buf) {
    buf.clear();
    Integer n = Property.value(() -> fs.read(file, at, buf));
    if (n == null) {
      return null;
    }
    if (n != buf.position() && !(n == -1 && buf.position() == 0)) {
      throw new AssertionError("node " + file.id() + ": read at " + at + " returned " + n + " but filled " + buf.position());
    }
    if (at < file.size() && n <= 0) {
      throw new AssertionError("node " + file.id() + ": read at " + at + " of " + file.size() + " returned " + n);
    }
    return n;
  }
}
