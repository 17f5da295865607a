package org.bootlace.fs.btrfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.bootlace.testing.OpenedFs;
import org.bootlace.testing.Tools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every mkfs.btrfs variant the reader must handle, made with --rootdir from one source tree: each
 * file read through bootlace equals its source, each symlink its target, each listing the source
 * directory; uuid and label are what btrfs-progs reports.
 */
class DifferentialTest {
  @TempDir static Path tmp;
  private static Path plain;
  private static Path many;

  @BeforeAll
  static void trees() throws Exception {
    plain = Trees.common(Files.createDirectories(tmp.resolve("src-plain")), false);
    many = Trees.common(Files.createDirectories(tmp.resolve("src-many")), true);
  }

  record Variant(String name, boolean manyNames, List<String> options) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Variant> variants() {
    return Stream.of(
        new Variant("default (crc32c, 16 KiB nodes, DUP metadata, no-holes)", true, List.of()),
        new Variant("-n 4096 (deep trees)", true, List.of("-n", "4096")),
        new Variant("-n 65536", false, List.of("-n", "65536")),
        new Variant("--csum xxhash", false, List.of("--csum", "xxhash")),
        new Variant("--csum sha256", false, List.of("--csum", "sha256")),
        new Variant("--csum blake2", false, List.of("--csum", "blake2")),
        new Variant("-m single -d single", false, List.of("-m", "single", "-d", "single")),
        new Variant("-O ^no-holes", false, List.of("-O", "^no-holes")),
        new Variant("-d dup -m dup", false, List.of("-d", "dup", "-m", "dup")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("variants")
  void everyFileDirectoryAndLinkMatchesTheSource(Variant v) throws Exception {
    Path src = v.manyNames ? many : plain;
    Path image = tmp.resolve("v.img");
    String[] opts =
        Stream.concat(v.options.stream(), Stream.of("-L", "bootlace-test")).toArray(String[]::new);
    BtrfsImages.mkfs(image, src, 256L << 20, opts);
    try (OpenedFs fs = BtrfsImages.open(image)) {
      BtrfsImages.assertSameTree(fs, src);
      assertThat(fs.fs.type()).isEqualTo("btrfs");
      assertThat(fs.fs.label()).contains("bootlace-test");
      String show = Tools.run("btrfs", "inspect-internal", "dump-super", image.toString());
      String fsid =
          show.lines().filter(l -> l.startsWith("fsid")).findFirst().orElseThrow().split("\\s+")[1];
      assertThat(fs.fs.uuid()).contains(fsid);
      assertThat(fs.warnings.list()).isEmpty();
    } finally {
      Files.delete(image);
    }
  }
}
