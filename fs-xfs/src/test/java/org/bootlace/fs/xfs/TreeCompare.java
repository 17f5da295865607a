package org.bootlace.fs.xfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.bootlace.spi.DirEntry;
import org.bootlace.spi.FileType;
import org.bootlace.spi.FsNode;
import org.bootlace.testing.OpenedFs;

/** Compares an opened image with the source tree it was made from, file by file. */
final class TreeCompare {
  private TreeCompare() {}

  /** Every path below {@code src} (directories end in '/'), in name order. */
  static Map<String, Path> sourceTree(Path src) throws IOException {
    Map<String, Path> out = new TreeMap<>();
    try (Stream<Path> all = Files.walk(src)) {
      for (Path p : (Iterable<Path>) all::iterator) {
        if (p.equals(src)) {
          continue;
        }
        String rel = src.relativize(p).toString();
        out.put(Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS) ? rel + "/" : rel, p);
      }
    }
    return out;
  }

  /**
   * Asserts the image holds exactly the source tree: names, types, sizes, bytes, link targets,
   * listings.
   */
  static int assertSameTree(OpenedFs o, Path src) throws IOException {
    Map<String, Path> source = sourceTree(src);
    Map<String, FsNode> image = o.walk();
    assertThat(image.keySet()).containsExactlyElementsOf(source.keySet());
    for (Map.Entry<String, Path> e : source.entrySet()) {
      Path p = e.getValue();
      FsNode n = image.get(e.getKey());
      if (Files.isSymbolicLink(p)) {
        assertThat(n.type()).as(e.getKey()).isEqualTo(FileType.SYMLINK);
        String target = Files.readSymbolicLink(p).toString();
        assertThat(o.fs.readLink(n)).as(e.getKey()).isEqualTo(target);
        assertThat(n.size())
            .as(e.getKey())
            .isEqualTo(target.getBytes(StandardCharsets.UTF_8).length);
      } else if (Files.isDirectory(p)) {
        assertThat(n.type()).as(e.getKey()).isEqualTo(FileType.DIRECTORY);
        List<String> names = new ArrayList<>();
        for (DirEntry d : o.fs.list(n)) {
          names.add(d.name());
        }
        try (Stream<Path> list = Files.list(p)) {
          assertThat(names)
              .as(e.getKey())
              .containsExactlyInAnyOrderElementsOf(
                  list.map(c -> c.getFileName().toString()).toList());
        }
      } else {
        assertThat(n.type()).as(e.getKey()).isEqualTo(FileType.REGULAR);
        assertThat(n.size()).as(e.getKey()).isEqualTo(Files.size(p));
        assertThat(o.read(n)).as(e.getKey()).isEqualTo(Files.readAllBytes(p));
      }
    }
    return source.size();
  }
}
