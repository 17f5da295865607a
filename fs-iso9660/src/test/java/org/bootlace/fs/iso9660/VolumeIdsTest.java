package org.bootlace.fs.iso9660;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.bootlace.testing.OpenedFs;
import org.bootlace.testing.Tools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * UUID and label compared with what blkid reports: labels that fit the primary identifier and those
 * only Joliet can hold (case, non-ASCII, longer than 16 characters), and the UUID's date from the
 * modification date or, when that is unset, the creation date.
 */
class VolumeIdsTest {
  @TempDir static Path shared;
  static Path src;

  @TempDir Path tmp;

  @BeforeAll
  static void tree() throws Exception {
    src = Files.createDirectories(shared.resolve("src"));
    Tools.write(src, "f", "f");
  }

  private void sameAsBlkid(Path image) throws Exception {
    Map<String, String> blkid = IsoImages.blkid(image);
    try (OpenedFs o = IsoImages.open(image)) {
      assertThat(o.fs.label()).as("label").isEqualTo(Optional.ofNullable(blkid.get("LABEL")));
      assertThat(o.fs.uuid()).as("uuid").isEqualTo(Optional.ofNullable(blkid.get("UUID")));
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "CDROM",
        "Hello W\u00f6rld",
        "Ubuntu 24.04 LTS amd64",
        "A_VERY_LONG_VOLUME_LABEL_32CHARS",
        "\u65e5\u672c\u8a9e\u30e9\u30d9\u30eb",
        " "
      })
  void labels(String label) throws Exception {
    sameAsBlkid(IsoImages.mkisofs(src, tmp.resolve("x.iso"), "-V", label, "-J"));
    sameAsBlkid(IsoImages.mkisofs(src, tmp.resolve("r.iso"), "-V", label, "-R"));
    sameAsBlkid(
        IsoImages.genisoimage(
            src, tmp.resolve("g.iso"), "-V", label, "-J", "-input-charset", "utf-8"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"modified", "created", "neither"})
  void uuidDates(String which) throws Exception {
    Path image = IsoImages.mkisofs(src, tmp.resolve("d.iso"), "-V", "DATES", "-R");
    byte[] unset = "0000000000000000\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    Tools.patch(
        image,
        0x8000 + 813,
        "2020010203040506\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    if (!which.equals("modified")) {
      Tools.patch(image, 0x8000 + 830, unset);
    }
    if (which.equals("neither")) {
      Tools.patch(image, 0x8000 + 813, unset);
    }
    sameAsBlkid(image);
    try (OpenedFs o = IsoImages.open(image)) {
      assertThat(o.fs.uuid().isPresent()).isEqualTo(!which.equals("neither"));
      if (which.equals("created")) {
        assertThat(o.fs.uuid()).contains("2020-01-02-03-04-05-06");
      }
    }
  }
}
