package org.bootlace.fs.btrfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.bootlace.Limits;
import org.bootlace.spi.DirEntry;
import org.bootlace.spi.FileSystem;
import org.bootlace.spi.FileType;
import org.bootlace.spi.FsNode;
import org.bootlace.testing.OpenedFs;
import org.bootlace.testing.Tools;

/**
 * Builds btrfs fixtures with the real tools (btrfs-progs: mkfs.btrfs --rootdir, and loop mounts for
 * what --rootdir cannot make) and compares what bootlace reads with a source tree.
 */
final class BtrfsImages {
  private BtrfsImages() {}

  /** {@code mkfs.btrfs --rootdir src} into a sparse image of {@code size} bytes. */
  static Path mkfs(Path image, Path src, long size, String... options) {
    Tools.sparseFile(image, size);
    List<String> cmd = new ArrayList<>(List.of("mkfs.btrfs", "-q", "-f"));
    cmd.addAll(List.of(options));
    if (src != null) {
      cmd.addAll(List.of("--rootdir", src.toString()));
    }
    cmd.add(image.toString());
    Tools.run(cmd.toArray(String[]::new));
    return image;
  }

  static OpenedFs open(Path image) throws IOException {
    return OpenedFs.open(new BtrfsFilesystemDriver(), image, Limits.defaults());
  }

  /** Something done with the filesystem mounted at a directory. */
  interface MountedWork {
    void run(Path mnt) throws Exception;
  }

  /**
   * Attaches the image to a loop device, mounts it with {@code options}, runs {@code work}, then
   * always unmounts and detaches. Needs root (CI runs as root).
   */
  static void mounted(Path image, String options, MountedWork work) throws Exception {
    Path mnt = Files.createTempDirectory("bootlace-btrfs-mnt");
    String loop = Tools.run("losetup", "--find", "--show", image.toString()).trim();
    try {
      List<String> cmd = new ArrayList<>(List.of("mount", "-t", "btrfs"));
      if (!options.isEmpty()) {
        cmd.addAll(List.of("-o", options));
      }
      cmd.addAll(List.of(loop, mnt.toString()));
      Tools.run(cmd.toArray(String[]::new));
      try {
        work.run(mnt);
        Tools.run("sync");
      } finally {
        Tools.run("umount", mnt.toString());
      }
    } finally {
      Tools.run("losetup", "-d", loop);
      Files.deleteIfExists(mnt);
    }
  }

  /**
   * Every path below {@code dir} (directories end in '/'), in name order, as the walk names them.
   */
  static Map<String, Path> sourceTree(Path dir) throws IOException {
    Map<String, Path> out = new TreeMap<>();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        if (p.equals(dir)) {
          continue;
        }
        String rel = dir.relativize(p).toString();
        out.put(Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? rel + "/" : rel, p);
      }
    }
    return out;
  }

  /** The image's tree equals {@code src}: names, types, sizes, bytes and link targets. */
  static void assertSameTree(OpenedFs fs, Path src) throws IOException {
    assertSameTree(fs.fs, fs.fs.root(), src, Set.of());
  }

  /**
   * The tree below {@code top} equals {@code src}, leaving out the names in {@code skip} at its top
   * (a snapshot's stub of a nested subvolume, say).
   */
  static void assertSameTree(FileSystem fs, FsNode top, Path src, Set<String> skip)
      throws IOException {
    Map<String, FsNode> seen = new TreeMap<>();
    walk(fs, top, "", seen, skip, 0);
    Map<String, Path> want = sourceTree(src);
    assertThat(seen.keySet()).containsExactlyElementsOf(want.keySet());
    for (var e : want.entrySet()) {
      FsNode n = seen.get(e.getKey());
      Path p = e.getValue();
      if (Files.isSymbolicLink(p)) {
        assertThat(n.type()).as(e.getKey()).isEqualTo(FileType.SYMLINK);
        assertThat(fs.readLink(n)).as(e.getKey()).isEqualTo(Files.readSymbolicLink(p).toString());
      } else if (Files.isDirectory(p)) {
        assertThat(n.type()).as(e.getKey()).isEqualTo(FileType.DIRECTORY);
      } else {
        assertThat(n.type()).as(e.getKey()).isEqualTo(FileType.REGULAR);
        assertThat(n.size()).as(e.getKey()).isEqualTo(Files.size(p));
        assertThat(read(fs, n)).as(e.getKey()).isEqualTo(Files.readAllBytes(p));
      }
    }
  }

  static byte[] read(FileSystem fs, FsNode n) throws IOException {
    ByteBuffer b = ByteBuffer.allocate((int) n.size());
    while (b.hasRemaining()) {
      assertThat(fs.read(n, b.position(), b)).isPositive();
    }
    return b.array();
  }

  /** The node at {@code path} below {@code from}, or an assertion failure. */
  static FsNode node(FileSystem fs, FsNode from, String path) throws IOException {
    FsNode n = from;
    for (String part : path.split("/")) {
      if (!part.isEmpty()) {
        n = fs.lookup(n, part).orElseThrow(() -> new AssertionError(path + " not found"));
      }
    }
    return n;
  }

  private static void walk(
      FileSystem fs,
      FsNode dir,
      String prefix,
      Map<String, FsNode> out,
      Set<String> skip,
      int depth)
      throws IOException {
    assertThat(depth).as("depth at " + prefix).isLessThan(40);
    for (DirEntry e : fs.list(dir)) {
      if (depth == 0 && skip.contains(e.name())) {
        continue;
      }
      FsNode n =
          fs.lookup(dir, e.name())
              .orElseThrow(() -> new AssertionError(prefix + e.name() + " listed but not found"));
      assertThat(n.type()).as(prefix + e.name()).isEqualTo(e.type());
      assertThat(fs.node(e).id()).as(prefix + e.name()).isEqualTo(n.id()).isEqualTo(e.id());
      if (n.type() == FileType.DIRECTORY) {
        out.put(prefix + e.name() + "/", n);
        walk(fs, n, prefix + e.name() + "/", out, skip, depth + 1);
      } else {
        out.put(prefix + e.name(), n);
      }
    }
  }
}
