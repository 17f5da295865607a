package org.bootlace.fs.iso9660;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.bootlace.spi.FileType;
import org.bootlace.spi.FsNode;
import org.bootlace.testing.OpenedFs;
import org.bootlace.testing.Tools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One source tree written by xorriso and genisoimage with and without Rock Ridge and Joliet, at ISO
 * levels 1 to 3; each image read through the driver and compared: Rock Ridge trees with the source
 * itself (names, types, sizes, contents, link targets, times), Joliet and plain trees with what
 * 7-Zip lists and extracts (plain names in Linux's lower-case mapping), UUID and label with blkid.
 */
class DifferentialTest {
  @TempDir static Path shared;
  static Path src;

  @TempDir Path tmp;

  enum Compare {
    SOURCE,
    SEVEN_ZIP,
    SEVEN_ZIP_LOWER_CASE
  }

  record Variant(String name, Compare compare, BiFunction<Path, Path, Path> build) {
    @Override
    public String toString() {
      return name;
    }
  }

  @BeforeAll
  static void tree() throws IOException {
    src = Files.createDirectories(shared.resolve("src"));
    Fixtures.commonTree(src);
  }

  static List<Variant> variants() {
    String v = Fixtures.VOLUME_ID;
    return List.of(
        new Variant(
            "xorriso -R -J",
            Compare.SOURCE,
            (s, i) -> IsoImages.mkisofs(s, i, "-V", v, "-R", "-J", "-joliet-long")),
        new Variant(
            "xorriso -R -iso-level 3",
            Compare.SOURCE,
            (s, i) -> IsoImages.mkisofs(s, i, "-V", v, "-R", "-iso-level", "3")),
        new Variant(
            "genisoimage -R -J (relocated deep directories)",
            Compare.SOURCE,
            (s, i) -> IsoImages.genisoimage(s, i, "-V", v, "-R", "-J", "-joliet-long")),
        new Variant(
            "genisoimage -R -iso-level 2",
            Compare.SOURCE,
            (s, i) -> IsoImages.genisoimage(s, i, "-V", v, "-R", "-iso-level", "2")),
        // xorriso always adds Rock Ridge, which Linux prefers to Joliet.
        new Variant(
            "xorriso -J",
            Compare.SOURCE,
            (s, i) -> IsoImages.mkisofs(s, i, "-V", v, "-J", "-joliet-long")),
        new Variant(
            "genisoimage -J (Joliet only)",
            Compare.SEVEN_ZIP,
            (s, i) -> IsoImages.genisoimage(s, i, "-V", v, "-J")),
        new Variant(
            "genisoimage (plain, level 1)",
            Compare.SEVEN_ZIP_LOWER_CASE,
            (s, i) -> IsoImages.genisoimage(s, i, "-V", v)),
        new Variant(
            "xorriso -iso-level 2",
            Compare.SOURCE,
            (s, i) -> IsoImages.mkisofs(s, i, "-V", v, "-iso-level", "2")),
        new Variant(
            "xorriso -rockridge off -joliet on (Joliet only)",
            Compare.SEVEN_ZIP,
            (s, i) -> xorrisoNative(s, i, "-rockridge", "off", "-joliet", "on")),
        new Variant(
            "xorriso -rockridge off (plain, level 3)",
            Compare.SEVEN_ZIP_LOWER_CASE,
            (s, i) -> xorrisoNative(s, i, "-rockridge", "off", "-compliance", "iso_9660_level=3")),
        new Variant(
            "genisoimage -iso-level 3 (plain)",
            Compare.SEVEN_ZIP_LOWER_CASE,
            (s, i) -> IsoImages.genisoimage(s, i, "-V", v, "-iso-level", "3")));
  }

  private static Path xorrisoNative(Path s, Path image, String... options) {
    java.util.List<String> cmd =
        new ArrayList<>(
            List.of("xorriso", "-report_about", "FAILURE", "-volid", Fixtures.VOLUME_ID));
    cmd.addAll(List.of(options));
    cmd.addAll(List.of("-outdev", image.toString(), "-map", s.toString(), "/", "-commit"));
    Tools.run(cmd.toArray(String[]::new));
    return image;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("variants")
  void everyFileMatches(Variant variant) throws Exception {
    Path image = variant.build.apply(src, tmp.resolve("fs.iso"));
    try (OpenedFs o = IsoImages.open(image)) {
      Map<String, String> blkid = IsoImages.blkid(image);
      assertThat(o.fs.type()).isEqualTo("iso9660").isEqualTo(blkid.get("TYPE"));
      assertThat(o.fs.uuid()).isEqualTo(java.util.Optional.ofNullable(blkid.get("UUID")));
      assertThat(o.fs.label()).isEqualTo(java.util.Optional.ofNullable(blkid.get("LABEL")));
      assertThat(o.warnings.list()).isEmpty();
      Map<String, FsNode> ours = o.walk();
      if (variant.compare == Compare.SOURCE) {
        compareWithSource(o, ours);
      } else {
        compareWithSevenZip(o, ours, image, variant.compare == Compare.SEVEN_ZIP_LOWER_CASE);
      }
    }
  }

  private void compareWithSource(OpenedFs o, Map<String, FsNode> ours) throws IOException {
    Map<String, Path> expected = new TreeMap<>();
    try (Stream<Path> s = Files.walk(src)) {
      for (Path p : s.toList()) {
        if (!p.equals(src)) {
          String rel = src.relativize(p).toString();
          expected.put(Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? rel + "/" : rel, p);
        }
      }
    }
    Map<String, FsNode> actual = new TreeMap<>(ours);
    // mkisofs's relocation directory: Linux shows it, emptied of what RE hides.
    FsNode moved = actual.remove("rr_moved/");
    if (moved != null) {
      assertThat(o.fs.list(moved)).isEmpty();
    }
    assertThat(actual.keySet()).containsExactlyElementsOf(expected.keySet());
    for (Map.Entry<String, Path> e : expected.entrySet()) {
      Path p = e.getValue();
      FsNode n = actual.get(e.getKey());
      PosixFileAttributes a =
          Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      String what = e.getKey();
      if (a.isSymbolicLink()) {
        assertThat(n.type()).as(what).isEqualTo(FileType.SYMLINK);
        assertThat(o.fs.readLink(n)).as(what).isEqualTo(Files.readSymbolicLink(p).toString());
        assertThat(n.size())
            .as(what)
            .isEqualTo(
                Files.readSymbolicLink(p)
                    .toString()
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8)
                    .length);
      } else if (a.isDirectory()) {
        assertThat(n.type()).as(what).isEqualTo(FileType.DIRECTORY);
        assertThat(n.mode() & 07777).as(what).isEqualTo(mode(a));
      } else if (a.isRegularFile()) {
        assertThat(n.type()).as(what).isEqualTo(FileType.REGULAR);
        assertThat(n.size()).as(what).isEqualTo(a.size());
        assertThat(n.mode()).as(what).isEqualTo(0100000 | mode(a));
        assertThat(n.mtime()).as(what).isEqualTo(a.lastModifiedTime().toMillis() / 1000);
        assertThat(IsoImages.sha256(o.fs, n)).as(what).isEqualTo(IsoImages.sha256(p));
      } else {
        assertThat(n.type()).as(what).isEqualTo(FileType.FIFO);
      }
    }
  }

  private static int mode(PosixFileAttributes a) {
    int m = 0;
    for (java.nio.file.attribute.PosixFilePermission p : a.permissions()) {
      m |= 1 << (8 - p.ordinal());
    }
    return m;
  }

  private void compareWithSevenZip(
      OpenedFs o, Map<String, FsNode> ours, Path image, boolean lowerCase) throws IOException {
    Map<String, String> listed = IsoImages.sevenZipListing(image);
    Map<String, String> expected = new TreeMap<>();
    Map<String, String> originalName = new TreeMap<>();
    for (Map.Entry<String, String> e : listed.entrySet()) {
      String key = lowerCase ? e.getKey().toLowerCase(Locale.ROOT) : e.getKey();
      expected.put(key, e.getValue());
      originalName.put(key, e.getKey());
    }
    Map<String, String> actual = new TreeMap<>();
    for (Map.Entry<String, FsNode> e : ours.entrySet()) {
      actual.put(
          e.getKey(),
          e.getValue().type() == FileType.DIRECTORY ? "D" : Long.toString(e.getValue().size()));
    }
    Map<String, String> missing = new TreeMap<>(expected);
    missing.entrySet().removeAll(actual.entrySet());
    Map<String, String> extra = new TreeMap<>(actual);
    extra.entrySet().removeAll(expected.entrySet());
    assertThat(extra).as("ours, not 7-Zip's (7-Zip's: " + missing + ")").isEmpty();
    assertThat(missing).as("7-Zip's, not ours").isEmpty();
    Path out = Files.createDirectories(tmp.resolve("7zz"));
    Tools.run("7zz", "x", "-y", "-o" + out, image.toString());
    List<String> checked = new ArrayList<>();
    for (Map.Entry<String, FsNode> e : ours.entrySet()) {
      if (e.getValue().type() == FileType.REGULAR) {
        Path extracted = out.resolve(originalName.get(e.getKey()));
        assertThat(IsoImages.sha256(o.fs, e.getValue()))
            .as(e.getKey())
            .isEqualTo(IsoImages.sha256(extracted));
        checked.add(e.getKey());
      }
    }
    assertThat(checked).hasSizeGreaterThan(300);
    // Names match as Linux matches them: plain and Joliet names ignoring ASCII case.
    assertThat(o.node("/SMALL.TXT").size()).isEqualTo(11);
  }
}
