package org.bootlace.fs.fat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bootlace.CorruptImageException;
import org.bootlace.Limits;
import org.bootlace.UnsupportedFeatureException;
import org.bootlace.spi.DirEntry;
import org.bootlace.testing.OpenedFs;
import org.bootlace.testing.Tools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One field patched in a real FAT32 volume (mkfs.vfat, then mcopy, mmd and mattrib) per test. Where
 * things are comes from the real tools: {@code fsck.fat -v} for the geometry, {@code mshowfat} for
 * a file's clusters.
 */
class MutationTest {
  @TempDir static Path tmp;
  static Path pristine;
  static byte[] big;

  /** From fsck.fat -v. */
  static long fatOffset;

  static long dataClusters;

  /** From mshowfat: BIG.BIN's clusters are first..first+5. */
  static int bigFirst;

  @TempDir Path work;

  @BeforeAll
  static void build() throws IOException {
    Path src = tmp.resolve("src");
    big = FatImages.bytes(new java.util.Random(3), 3000);
    Tools.write(src, "big.bin", big);
    Tools.write(src, "Long Name File.txt", "long\n");
    Tools.write(src, "SubDir/inner.txt", "inner\n");
    pristine = FatImages.format(tmp.resolve("fat32.img"), 32, 512, 40 * 1024, "-s", "1");
    FatImages.copyTree(pristine, src);
    FatImages.mtools("mattrib", "-i", pristine.toString(), "+h", "+s", "::/big.bin");
    String fsck = Tools.run("fsck.fat", "-n", "-v", pristine.toString());
    fatOffset = Long.parseLong(find(fsck, "First FAT starts at byte (\\d+)"));
    dataClusters = Long.parseLong(find(fsck, "(\\d+) data clusters"));
    String fat = FatImages.mtools("mshowfat", "-i", pristine.toString(), "::/big.bin");
    bigFirst = Integer.parseInt(find(fat, "<(\\d+)-"));
    assertThat(find(fat, "<\\d+-(\\d+)>")).isEqualTo("" + (bigFirst + 5));
  }

  static String find(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    if (!m.find()) {
      throw new AssertionError(regex + " not in:\n" + text);
    }
    return m.group(1);
  }

  Path copy() {
    try {
      return Files.copy(pristine, work.resolve("m.img"), StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static OpenedFs open(Path img) throws IOException {
    return OpenedFs.open(new FatFilesystemDriver(), img, Limits.defaults());
  }

  static long id(Path img, String name) throws IOException {
    try (OpenedFs fs = open(img)) {
      return fs.fs.list(fs.fs.root()).stream()
          .filter(e -> e.name().equals(name))
          .mapToLong(DirEntry::id)
          .findFirst()
          .orElseThrow();
    }
  }

  static byte[] le32(long v) {
    return new byte[] {(byte) v, (byte) (v >> 8), (byte) (v >> 16), (byte) (v >> 24)};
  }

  static String hex(long v) {
    return "0x" + Long.toHexString(v);
  }

  @Test
  void hiddenAndSystemFilesAreReadAsFirmwareReadsThem() throws IOException {
    try (OpenedFs fs = open(pristine)) {
      assertThat(fs.read("BIG.BIN")).isEqualTo(big);
      assertThat(fs.warnings.list()).isEmpty();
    }
  }

  @Test
  void theFsInfoAndBackupBootSectorsAreNeverRead() throws IOException {
    Path img = copy();
    byte[] junk = new byte[512];
    Arrays.fill(junk, (byte) 0xA5);
    Tools.patch(img, 512, junk); // FSInfo, sector 1 (BPB_FSInfo)
    Tools.patch(img, 6 * 512, junk); // the backup boot sector (BPB_BkBootSec)
    try (OpenedFs fs = open(img)) {
      assertThat(fs.read("big.bin")).isEqualTo(big);
      assertThat(fs.read("SubDir/inner.txt")).isEqualTo("inner\n".getBytes(StandardCharsets.UTF_8));
      assertThat(fs.warnings.list()).isEmpty();
    }
  }

  @Test
  void aSmallFat32IsReadAsFat32AsGrubAndFirmwareDoWithAWarning() throws IOException {
    // mkfs.vfat -F 32 on 40 MiB with 4 KiB clusters: 10216 clusters, FAT32 by its boot sector.
    Path img = FatImages.format(work.resolve("small.img"), 32, 512, 40 * 1024, "-s", "8");
    String fsck = Tools.run("fsck.fat", "-n", "-v", img.toString());
    assertThat(fsck).contains("32 bit entries", "10216 data clusters");
    try (OpenedFs fs = open(img)) {
      assertThat(fs.fs.type()).isEqualTo("fat32");
      assertThat(fs.fs.label()).contains(FatImages.LABEL);
      assertThat(fs.fs.list(fs.fs.root())).isEmpty();
      assertThat(fs.warnings.list())
          .containsExactly(
              "fat: boot sector: a FAT32 boot sector (BPB_FATSz16 and BPB_RootEntCnt 0) with 10216 clusters, "
                  + "fewer than FAT32's 65525: read as FAT32, as GRUB, UEFI firmware and Linux read it");
    }
  }

  @Test
  void bytesPerSector() throws IOException {
    Path img = copy();
    Tools.patch(img, 0x0B, (byte) 0x00, (byte) 0x03);
    assertThatThrownBy(() -> open(img))
        .isInstanceOf(CorruptImageException.class)
        .hasMessage("fat: boot sector: at 0xb: BPB_BytsPerSec 768 is not 512, 1024, 2048 or 4096");
  }

  @Test
  void rootCluster() throws IOException {
    Path img = copy();
    Tools.patch(img, 0x2C, le32(dataClusters + 2));
    assertThatThrownBy(() -> open(img))
        .isInstanceOf(CorruptImageException.class)
        .hasMessage(
            "fat: boot sector: at 0x2c: BPB_RootClus "
                + (dataClusters + 2)
                + " is not a cluster from 2 to "
                + (dataClusters + 1));
  }

  @Test
  void fat32Version() throws IOException {
    Path img = copy();
    Tools.patch(img, 0x2A, (byte) 0x01, (byte) 0x00);
    assertThatThrownBy(() -> open(img))
        .isInstanceOf(UnsupportedFeatureException.class)
        .hasMessage("fat: boot sector: BPB_FSVer at 0x2a: FAT32 version 0.1 (only 0.0 is defined)");
  }

  @Test
  void withMirroringOffOnlyTheActiveFatIsRead() throws IOException {
    Path img = copy();
    // Break the chain in FAT 0; FAT 1 keeps it.
    Tools.patch(img, fatOffset + 4L * (bigFirst + 1), le32(0));
    Tools.patch(img, 0x28, (byte) 0x81, (byte) 0x00); // mirroring off, FAT 1 active
    try (OpenedFs fs = open(img)) {
      assertThat(fs.read("big.bin")).isEqualTo(big);
    }
    Tools.patch(img, 0x28, (byte) 0x00, (byte) 0x00); // mirrored: FAT 0 is read
    try (OpenedFs fs = open(img)) {
      assertThatThrownBy(() -> fs.read("big.bin"))
          .isInstanceOf(CorruptImageException.class)
          .hasMessage(
              String.format(
                  Locale.ROOT,
                  "fat: file record at %s: FAT entry of cluster %d at %s: free cluster (0) inside a chain",
                  hex(id(img, "big.bin")),
                  bigFirst + 1,
                  hex(fatOffset + 4L * (bigFirst + 1))));
    }
  }

  @Test
  void aClusterOutOfRange() throws IOException {
    Path img = copy();
    long at = fatOffset + 4L * (bigFirst + 2);
    Tools.patch(img, at, le32(0x0FFFFFF0L));
    try (OpenedFs fs = open(img)) {
      assertThatThrownBy(() -> fs.read("big.bin"))
          .isInstanceOf(CorruptImageException.class)
          .hasMessage(
              String.format(
                  Locale.ROOT,
                  "fat: file record at %s: FAT entry of cluster %d at %s: cluster 268435440 is out of range (2 to %d)",
                  hex(id(img, "big.bin")),
                  bigFirst + 2,
                  hex(at),
                  dataClusters + 1));
    }
  }

  @Test
  void aLoop() throws IOException {
    Path img = copy();
    Tools.patch(img, fatOffset + 4L * (bigFirst + 3), le32(bigFirst));
    try (OpenedFs fs = open(img)) {
      assertThatThrownBy(() -> fs.read("big.bin"))
          .isInstanceOf(CorruptImageException.class)
          .hasMessage(
              String.format(
                  Locale.ROOT,
                  "fat: file record at %s: cluster chain from %d loops: cluster %d is reached twice",
                  hex(id(img, "big.bin")),
                  bigFirst,
                  bigFirst));
    }
  }

  @Test
  void aFileLongerThanItsChain() throws IOException {
    Path img = copy();
    long rec = id(img, "big.bin");
    Tools.patch(img, rec + 0x1C, le32(100_000));
    try (OpenedFs fs = open(img)) {
      assertThatThrownBy(() -> fs.read("big.bin"))
          .isInstanceOf(CorruptImageException.class)
          .hasMessage(
              String.format(
                  Locale.ROOT,
                  "fat: file record at %s: cluster chain from %d ends after 6 clusters at cluster %d (FAT entry at %s), 196 are needed",
                  hex(rec),
                  bigFirst,
                  bigFirst + 5,
                  hex(fatOffset + 4L * (bigFirst + 5))));
    }
  }

  @Test
  void aLongNameChecksum() throws IOException {
    Path img = copy();
    long rec = id(img, "Long Name File.txt");
    // Two long-name records precede the 8.3 record; the second carries a wrong checksum.
    byte sum = Tools.read(img, rec - 32 + 13, 1)[0];
    Tools.patch(img, rec - 32 + 13, (byte) (sum ^ 0x55));
    try (OpenedFs fs = open(img)) {
      assertThat(fs.fs.list(fs.fs.root()).stream().map(DirEntry::name))
          .contains("LONGNA~1.TXT")
          .doesNotContain("Long Name File.txt");
      assertThat(fs.read("longna~1.txt")).isEqualTo("long\n".getBytes(StandardCharsets.UTF_8));
      assertThat(fs.warnings.list())
          .containsExactly(
              "fat: root directory: 2 orphaned long-name records skipped (the first at "
                  + hex(rec - 64)
                  + ")");
    }
  }

  @Test
  void aSubdirectoryWithoutCluster() throws IOException {
    Path img = copy();
    long rec = id(img, "SubDir");
    Tools.patch(img, rec + 0x14, (byte) 0, (byte) 0);
    Tools.patch(img, rec + 0x1A, (byte) 0, (byte) 0);
    try (OpenedFs fs = open(img)) {
      assertThatThrownBy(() -> fs.fs.lookup(fs.fs.root(), "subdir"))
          .isInstanceOf(CorruptImageException.class)
          .hasMessage(
              "fat: directory record at " + hex(rec) + ": a subdirectory with first cluster 0");
    }
  }
}
