package org.bootlace.fs.fat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.bootlace.Limits;
import org.bootlace.block.BlockDevices;
import org.bootlace.spi.FileType;
import org.bootlace.spi.FsNode;
import org.bootlace.testing.OpenedFs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * FAT12, FAT16 and FAT32 on 512- and 4096-byte sectors, each made by mkfs.vfat and filled by {@code
 * mcopy -s} from one source tree: every file read through bootlace must equal its source and what
 * {@code mtype} prints, every directory listing what {@code mdir} lists.
 */
class DifferentialTest {
  @TempDir static Path tmp;
  static Path src;
  static final Map<String, Path> images = new HashMap<>();

  @BeforeAll
  static void build() {
    src = tmp.resolve("src");
    FatImages.tree(src);
    for (FatImages.Shape s : FatImages.shapes()) {
      images.put(s.name(), FatImages.build(tmp.resolve(s.name() + ".img"), s, src));
    }
  }

  static Stream<FatImages.Shape> shapes() {
    return FatImages.shapes().stream();
  }

  static OpenedFs open(FatImages.Shape s) throws IOException {
    return OpenedFs.open(new FatFilesystemDriver(), images.get(s.name()), Limits.defaults());
  }

  /** The source tree as the walk reports it: directories end in '/'. */
  static TreeSet<String> sourcePaths() throws IOException {
    TreeSet<String> out = new TreeSet<>();
    try (Stream<Path> s = Files.walk(src)) {
      s.filter(p -> !p.equals(src))
          .forEach(p -> out.add(src.relativize(p).toString() + (Files.isDirectory(p) ? "/" : "")));
    }
    return out;
  }

  @ParameterizedTest
  @MethodSource("shapes")
  void everyFileEqualsItsSource(FatImages.Shape s) throws IOException {
    try (OpenedFs fs = open(s)) {
      Map<String, FsNode> walk = fs.walk();
      assertThat(new TreeSet<>(walk.keySet())).isEqualTo(sourcePaths());
      for (var e : walk.entrySet()) {
        if (e.getValue().type() == FileType.REGULAR) {
          byte[] want = Files.readAllBytes(src.resolve(e.getKey()));
          assertThat(e.getValue().size()).as(e.getKey()).isEqualTo(want.length);
          assertThat(Arrays.equals(fs.read(e.getValue()), want)).as(e.getKey()).isTrue();
        }
      }
    }
  }

  @ParameterizedTest
  @MethodSource("shapes")
  void listingsEqualMdir(FatImages.Shape s) throws IOException {
    String mdir = FatImages.mtools("mdir", "-/", "-b", "-i", images.get(s.name()).toString(), "::");
    TreeSet<String> want =
        mdir.lines()
            .map(l -> l.substring("::/".length()))
            .collect(Collectors.toCollection(TreeSet::new));
    try (OpenedFs fs = open(s)) {
      assertThat(new TreeSet<>(fs.walk().keySet())).isEqualTo(want);
    }
  }

  @ParameterizedTest
  @MethodSource("shapes")
  void filesEqualMtype(FatImages.Shape s) throws IOException {
    try (OpenedFs fs = open(s)) {
      for (String path :
          new String[] {
            "EFI/debian/grub.cfg",
            "MiXeD.Txt",
            "caf\u00e9 \u65e5\u672c.txt",
            "d1/d2/d3/d4/d5/d6/d7/d8/deep.txt"
          }) {
        String mtype =
            FatImages.mtools("mtype", "-i", images.get(s.name()).toString(), "::/" + path);
        assertThat(new String(fs.read(path), StandardCharsets.UTF_8)).as(path).isEqualTo(mtype);
      }
    }
  }

  @ParameterizedTest
  @MethodSource("shapes")
  void fatTypeFollowsTheClusterCountAndSerialIsGrubsUuid(FatImages.Shape s) throws IOException {
    try (OpenedFs fs = open(s)) {
      assertThat(fs.fs.type()).isEqualTo("fat" + s.fatBits());
      assertThat(fs.fs.uuid()).contains(FatImages.UUID);
      assertThat(fs.fs.label()).contains(FatImages.LABEL);
      assertThat(fs.warnings.list()).isEmpty();
    }
  }

  @ParameterizedTest
  @MethodSource("shapes")
  void probeDescribesTheVolume(FatImages.Shape s) throws IOException {
    try (var dev = BlockDevices.open(images.get(s.name()))) {
      var p = new FatFilesystemDriver().probe(dev);
      assertThat(p.matched()).isTrue();
      assertThat(p.detail())
          .startsWith("FAT" + s.fatBits() + ", ")
          .endsWith(", " + s.sectorBytes() + "-byte sectors");
    }
  }

  @Test
  void namesAreLookedUpWithoutRegardToAsciiCase() throws IOException {
    try (OpenedFs fs = open(FatImages.shapes().get(2))) {
      assertThat(new String(fs.read("efi/DEBIAN/Grub.CFG"), StandardCharsets.UTF_8))
          .startsWith("search");
      assertThat(new String(fs.read("mixed.txt"), StandardCharsets.UTF_8)).startsWith("mixed case");
      assertThat(new String(fs.read("LONG FILE NAME WITH SPACES.CONF"), StandardCharsets.UTF_8))
          .isEqualTo("long\n");
      // Case folding is ASCII only, as GRUB's grub_strcasecmp: É does not match é.
      assertThat(fs.fs.lookup(fs.fs.root(), "CAF\u00c9 \u65e5\u672c.TXT")).isEmpty();
      assertThat(fs.fs.lookup(fs.fs.root(), "caf\u00e9 \u65e5\u672c.TXT")).isPresent();
    }
  }

  @Test
  void filesAreAlsoFoundByTheirShortAlias() throws IOException {
    Path img = images.get("fat16");
    String mdir = FatImages.mtools("mdir", "-i", img.toString(), "::/");
    // "LONGFI~1 CON ... Long File Name With Spaces.conf": the alias mtools chose.
    String line =
        mdir.lines()
            .filter(l -> l.endsWith("Long File Name With Spaces.conf"))
            .findFirst()
            .orElseThrow();
    String alias = line.substring(0, 8).strip() + "." + line.substring(9, 12).strip();
    try (OpenedFs fs = open(FatImages.shapes().get(1))) {
      assertThat(alias).contains("~");
      assertThat(
              new String(fs.read(alias.toLowerCase(java.util.Locale.ROOT)), StandardCharsets.UTF_8))
          .isEqualTo("long\n");
    }
  }

  @Test
  void aFileHasTheDateMtoolsRecorded() throws IOException {
    try (OpenedFs fs = open(FatImages.shapes().get(0))) {
      long mtime = fs.node("README").mtime();
      // FAT keeps local time in 2-second steps and no zone: within a day of the source's.
      long source = Files.getLastModifiedTime(src.resolve("README")).toInstant().getEpochSecond();
      assertThat(Math.abs(mtime - source)).isLessThan(86_400);
    }
  }
}
