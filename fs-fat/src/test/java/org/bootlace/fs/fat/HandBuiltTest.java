package org.bootlace.fs.fat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.bootlace.CorruptImageException;
import org.bootlace.LimitExceededException;
import org.bootlace.Limits;
import org.bootlace.UnsupportedFeatureException;
import org.bootlace.block.BlockDevices;
import org.bootlace.spi.DirEntry;
import org.bootlace.testing.OpenedFs;
import org.junit.jupiter.api.Test;

/**
 * Every check on hand-built bytes ({@link TinyFat}), each asserting the whole message: the boot
 * sector's fields, cluster chains, directory records and long names.
 */
class HandBuiltTest {
  static final String HELLO = "HELLO   TXT";
  static final byte[] DATA = data(1500);

  static byte[] data(int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (i * 7 + 1);
    }
    return b;
  }

  /** A label record, then HELLO.TXT (1500 bytes in clusters 3, 4, 5) at 0x620. */
  static TinyFat hello() {
    return new TinyFat()
        .record(TinyFat.ROOT, 0, "TINY VOL   ", 0x08, 0, 0)
        .record(TinyFat.ROOT, 1, HELLO, 0x20, 3, DATA.length)
        .file(3, DATA);
  }

  static OpenedFs open(byte[] image) throws IOException {
    return open(image, Limits.defaults());
  }

  static OpenedFs open(byte[] image, Limits limits) throws IOException {
    return OpenedFs.open(
        new FatFilesystemDriver(), BlockDevices.ofBytes(image, "tiny.img"), limits);
  }

  static List<String> names(OpenedFs fs) throws IOException {
    return fs.fs.list(fs.fs.root()).stream().map(DirEntry::name).toList();
  }

  // --- what the volume is ---------------------------------------------------------------------

  @Test
  void aHandBuiltVolumeReads() throws IOException {
    try (OpenedFs fs = open(hello().bytes())) {
      assertThat(fs.fs.type()).isEqualTo("fat12");
      assertThat(fs.fs.uuid()).contains("CAFE-F00D");
      assertThat(fs.fs.label()).contains("TINY VOL");
      assertThat(names(fs)).containsExactly("HELLO.TXT");
      assertThat(fs.read("hello.txt")).isEqualTo(DATA);
      assertThat(fs.node("HELLO.TXT").mtime()).isEqualTo(1710504000L); // 2024-03-15 12:00:00
      assertThat(fs.warnings.list()).isEmpty();
    }
  }

  @Test
  void theLabelIsTheRootDirectorysLabelRecordAsGrubReadsIt() throws IOException {
    TinyFat t = hello().record(TinyFat.ROOT, 0, "\u00e5DELETED   ", 0x08, 0, 0);
    t.b[TinyFat.ROOT] = (byte) 0xE5;
    try (OpenedFs fs = open(t.bytes())) {
      assertThat(fs.fs.label()).isEmpty();
      assertThat(((FatFileSystem) fs.fs).bootSectorLabel()).contains("BPB LABEL");
    }
  }

  @Test
  void readsEndAtTheFileSizeAndMayStopAtARunsEnd() throws IOException {
    // Clusters 3, 7, 5: three runs of one cluster each.
    TinyFat t = hello().chain(3, 7, 5);
    System.arraycopy(DATA, 512, t.b, TinyFat.cluster(7), 512);
    System.arraycopy(DATA, 1024, t.b, TinyFat.cluster(5), 1500 - 1024);
    try (OpenedFs fs = open(t.bytes())) {
      assertThat(fs.read("HELLO.TXT")).isEqualTo(DATA);
      var n = fs.node("HELLO.TXT");
      assertThat(fs.fs.read(n, 1500, java.nio.ByteBuffer.allocate(10))).isEqualTo(-1);
      assertThat(fs.fs.read(n, 500, java.nio.ByteBuffer.allocate(100))).isEqualTo(12);
    }
  }

  // --- names ----------------------------------------------------------------------------------

  /** "Hello World.txt" in two long-name records before its 8.3 record HELLOW~1.TXT. */
  static TinyFat longName(int checksum) {
    return new TinyFat()
        .lfn(TinyFat.ROOT, 0, 0x42, checksum, "xt")
        .lfn(TinyFat.ROOT, 1, 0x01, checksum, "Hello World.t")
        .record(TinyFat.ROOT, 2, "HELLOW~1TXT", 0x20, 3, 5)
        .file(3, "hello".getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void aLongNameWithItsChecksumNamesTheFileAndTheAliasStillFindsIt() throws IOException {
    try (OpenedFs fs = open(longName(TinyFat.checksum("HELLOW~1TXT")).bytes())) {
      assertThat(names(fs)).containsExactly("Hello World.txt");
      assertThat(fs.read("HELLO WORLD.TXT")).isEqualTo("hello".getBytes(StandardCharsets.US_ASCII));
      assertThat(fs.read("hellow~1.txt")).isEqualTo("hello".getBytes(StandardCharsets.US_ASCII));
      assertThat(fs.warnings.list()).isEmpty();
    }
  }

  @Test
  void aLongNameWithTheWrongChecksumIsOrphanedAndThe83NameUsed() throws IOException {
    try (OpenedFs fs = open(longName(TinyFat.checksum("HELLOW~1TXT") ^ 1).bytes())) {
      assertThat(names(fs)).containsExactly("HELLOW~1.TXT");
      assertThat(fs.warnings.list())
          .containsExactly(
              "fat: root directory: 2 orphaned long-name records skipped (the first at 0x600)");
    }
  }

  @Test
  void longNameRecordsWithoutTheirFirstAreOrphans() throws IOException {
    TinyFat t = longName(TinyFat.checksum("HELLOW~1TXT"));
    t.b[TinyFat.ROOT] = 0x02; // the 0x40 "first" flag is gone
    try (OpenedFs fs = open(t.bytes())) {
      assertThat(names(fs)).containsExactly("HELLOW~1.TXT");
      assertThat(fs.warnings.list())
          .containsExactly(
              "fat: root directory: 2 orphaned long-name records skipped (the first at 0x600)");
    }
  }

  @Test
  void longNameRecordsOutOfSequenceAreOrphans() throws IOException {
    TinyFat t = longName(TinyFat.checksum("HELLOW~1TXT"));
    t.b[TinyFat.ROOT + 32] = 0x03; // 2 then 3: out of sequence
    try (OpenedFs fs = open(t.bytes())) {
      assertThat(names(fs)).containsExactly("HELLOW~1.TXT");
      assertThat(fs.warnings.list())
          .containsExactly(
              "fat: root directory: 2 orphaned long-name records skipped (the first at 0x600)");
    }
  }

  @Test
  void aLongNameThatCannotBeAFileNameFallsBackToThe83Name() throws IOException {
    int sum = TinyFat.checksum("AB~1       ");
    TinyFat t =
        new TinyFat()
            .lfn(TinyFat.ROOT, 0, 0x41, sum, "a/b")
            .record(TinyFat.ROOT, 1, "AB~1       ", 0x20, 0, 0);
    try (OpenedFs fs = open(t.bytes())) {
      assertThat(names(fs)).containsExactly("AB~1");
      assertThat(fs.warnings.list())
          .containsExactly(
              "fat: root directory: long name at 0x600 is not a usable file name; the 8.3 name is used");
    }
  }

  @Test
  void recordsThatAreNotFilesAreSkippedWithAWarning() throws IOException {
    TinyFat t =
        hello()
            .record(TinyFat.ROOT, 2, "RESERVED   ", 0x60, 0, 0)
            .record(TinyFat.ROOT, 3, "A/B        ", 0x20, 0, 0)
            .record(TinyFat.ROOT, 4, "GONE    TXT", 0x20, 0, 0)
            .record(TinyFat.ROOT, 6, "AFTEREND   ", 0x20, 0, 0);
    t.b[TinyFat.ROOT + 4 * 32] = (byte) 0xE5; // deleted
    // Record 5 is all zeros: the directory ends there and AFTEREND is never read.
    try (OpenedFs fs = open(t.bytes())) {
      assertThat(names(fs)).containsExactly("HELLO.TXT");
      assertThat(fs.warnings.list())
          .containsExactly(
              "fat: root directory: record at 0x640: attribute 0x60 has reserved bits set; skipped; "
                  + "record at 0x660: the name \"A/B\" cannot be a file name; skipped");
    }
  }

  @Test
  void shortNamesFollowTheNtCaseFlagsAndTheE5Escape() throws IOException {
    TinyFat t =
        new TinyFat()
            .record(TinyFat.ROOT, 0, "LOWER   TXT", 0x20, 0, 0)
            .record(TinyFat.ROOT, 1, "BASE    TXT", 0x20, 0, 0)
            .record(TinyFat.ROOT, 2, "\u0005SC     TXT", 0x20, 0, 0);
    t.b[TinyFat.ROOT + 0x0C] = 0x18;
    t.b[TinyFat.ROOT + 32 + 0x0C] = 0x08;
    try (OpenedFs fs = open(t.bytes())) {
      // 0xE5 in code page 437 is a small sigma.
      assertThat(names(fs)).containsExactly("lower.txt", "base.TXT", "\u03c3SC.TXT");
    }
  }

  @Test
  void aDirectoryWithMoreEntriesThanTheLimitIsRefused() {
    TinyFat t =
        hello()
            .record(TinyFat.ROOT, 2, "TWO        ", 0x20, 0, 0)
            .record(TinyFat.ROOT, 3, "THREE      ", 0x20, 0, 0);
    assertThatThrownBy(() -> open(t.bytes(), Limits.builder().maxDirectoryEntries(2).build()))
        .isInstanceOf(LimitExceededException.class)
        .hasMessage(
            "limit maxDirectoryEntries (2) exceeded: fat: root directory: entries (3) "
                + "(raise it with Limits.builder().maxDirectoryEntries(...))");
  }

  // --- cluster chains -------------------------------------------------------------------------

  static void assertReadFails(TinyFat t, String message) throws IOException {
    try (OpenedFs fs = open(t.bytes())) {
      assertThatThrownBy(() -> fs.read("HELLO.TXT"))
          .isInstanceOf(CorruptImageException.class)
          .hasMessage(message);
    }
  }

  @Test
  void aFreeClusterInsideAChainIsCorrupt() throws IOException {
    assertReadFails(
        hello().fat(4, 0),
        "fat: file record at 0x620: FAT entry of cluster 4 at 0x206: free cluster (0) inside a chain");
  }

  @Test
  void aBadClusterMarkInsideAChainIsCorrupt() throws IOException {
    assertReadFails(
        hello().fat(4, 0xFF7),
        "fat: file record at 0x620: FAT entry of cluster 4 at 0x206: bad-cluster mark 0xff7 inside a chain");
  }

  @Test
  void aClusterBeyondTheVolumeIsOutOfRange() throws IOException {
    assertReadFails(
        hello().fat(4, 62),
        "fat: file record at 0x620: FAT entry of cluster 4 at 0x206: cluster 62 is out of range (2 to 61)");
  }

  @Test
  void clusterOneIsOutOfRange() throws IOException {
    assertReadFails(
        hello().fat(4, 1),
        "fat: file record at 0x620: FAT entry of cluster 4 at 0x206: cluster 1 is out of range (2 to 61)");
  }

  @Test
  void aFirstClusterBeyondTheVolumeIsOutOfRange() throws IOException {
    assertReadFails(
        hello().record(TinyFat.ROOT, 1, HELLO, 0x20, 70, DATA.length),
        "fat: file record at 0x620: first cluster: cluster 70 is out of range (2 to 61)");
  }

  @Test
  void aChainShorterThanTheFileIsCorrupt() throws IOException {
    assertReadFails(
        hello().fat(4, 0xFFF),
        "fat: file record at 0x620: cluster chain from 3 ends after 2 clusters at cluster 4 (FAT entry at 0x206), 3 are needed");
  }

  @Test
  void aChainThatLoopsIsCorrupt() throws IOException {
    assertReadFails(
        hello().fat(4, 3),
        "fat: file record at 0x620: cluster chain from 3 loops: cluster 3 is reached twice");
  }

  @Test
  void aLoopUnderAHugeFileIsFoundBeforeItFillsMemory() throws IOException {
    // 4 GiB - 1 bytes claimed over the two-cluster loop 3, 4, 3, ...: 8 million clusters needed.
    try (OpenedFs fs =
        open(hello().record(TinyFat.ROOT, 1, HELLO, 0x20, 3, 0xFFFF_FFFFL).fat(4, 3).bytes())) {
      var file = fs.node("HELLO.TXT");
      assertThatThrownBy(() -> fs.fs.read(file, 0, java.nio.ByteBuffer.allocate(100)))
          .isInstanceOf(CorruptImageException.class)
          .hasMessage(
              "fat: file record at 0x620: cluster chain from 3 loops: cluster 3 is reached twice");
    }
  }

  @Test
  void aDirectoryChainThatLoopsIsCorrupt() throws IOException {
    TinyFat t = hello().record(TinyFat.ROOT, 2, "SUB        ", 0x10, 10, 0).fat(10, 11).fat(11, 10);
    try (OpenedFs fs = open(t.bytes())) {
      assertThatThrownBy(() -> fs.fs.list(fs.node("SUB")))
          .isInstanceOf(CorruptImageException.class)
          .hasMessage(
              "fat: directory record at 0x640: cluster chain from 10 loops: cluster 10 is reached twice");
    }
  }

  @Test
  void aDirectoryLongerThanFatAllowsIsCorrupt() throws IOException {
    // FAT16 of 5000 one-sector clusters: 1 reserved sector, one FAT of 20 sectors, a one-sector
    // root at 0x2a00 whose SUB starts a chain 2, 3, ..., 5000: more than 2 MiB (4096 clusters).
    TinyFat boot = new TinyFat().u16(0x13, 1 + 20 + 1 + 5000).u16(0x16, 20);
    boot.b[0x10] = 1;
    byte[] image = new byte[(1 + 20 + 1 + 5000) * 512];
    System.arraycopy(boot.b, 0, image, 0, 512);
    for (int n = 0; n <= 5000; n++) {
      int v = n < 2 ? 0xFFF8 : n == 5000 ? 0xFFFF : n + 1;
      image[0x200 + 2 * n] = (byte) v;
      image[0x200 + 2 * n + 1] = (byte) (v >> 8);
    }
    TinyFat root = new TinyFat().record(0, 0, "SUB        ", 0x10, 2, 0);
    System.arraycopy(root.b, 0, image, 0x2a00, 32);
    try (OpenedFs fs = open(image)) {
      assertThat(fs.fs.type()).isEqualTo("fat16");
      assertThatThrownBy(() -> fs.fs.list(fs.node("SUB")))
          .isInstanceOf(CorruptImageException.class)
          .hasMessage(
              "fat: directory record at 0x2a00: cluster chain from 2 goes on past 4096 clusters (FAT entry of cluster 4097 at 0x2202)");
    }
  }

  @Test
  void aFileWithBytesButNoClusterIsCorrupt() throws IOException {
    TinyFat t = hello().record(TinyFat.ROOT, 1, HELLO, 0x20, 0, 10);
    try (OpenedFs fs = open(t.bytes())) {
      assertThatThrownBy(() -> fs.fs.lookup(fs.fs.root(), "hello.txt"))
          .isInstanceOf(CorruptImageException.class)
          .hasMessage("fat: file record at 0x620: 10 bytes but no first cluster");
    }
  }

  @Test
  void aSubdirectoryWithClusterZeroIsCorrupt() throws IOException {
    TinyFat t = hello().record(TinyFat.ROOT, 2, "SUB        ", 0x10, 0, 0);
    try (OpenedFs fs = open(t.bytes())) {
      assertThatThrownBy(() -> fs.fs.lookup(fs.fs.root(), "sub"))
          .isInstanceOf(CorruptImageException.class)
          .hasMessage("fat: directory record at 0x640: a subdirectory with first cluster 0");
    }
  }

  @Test
  void anEmptyFileHasNoCluster() throws IOException {
    TinyFat t = hello().record(TinyFat.ROOT, 2, "EMPTY      ", 0x20, 0, 0);
    try (OpenedFs fs = open(t.bytes())) {
      assertThat(fs.read("empty")).isEmpty();
    }
  }

  // --- the boot sector ------------------------------------------------------------------------

  static void assertOpenFails(byte[] image, String message) {
    assertThatThrownBy(() -> open(image))
        .isInstanceOf(CorruptImageException.class)
        .hasMessage(message);
  }

  @Test
  void bytesPerSectorMustBeAPowerOfTwoFrom512To4096() {
    assertOpenFails(
        hello().u16(0x0B, 1000).bytes(),
        "fat: boot sector: at 0xb: BPB_BytsPerSec 1000 is not 512, 1024, 2048 or 4096");
  }

  @Test
  void sectorsPerClusterMustBeAPowerOfTwo() {
    TinyFat t = hello();
    t.b[0x0D] = 3;
    assertOpenFails(
        t.bytes(),
        "fat: boot sector: at 0xd: BPB_SecPerClus 3 is not a power of two from 1 to 128");
  }

  @Test
  void theBootSectorIsReserved() {
    assertOpenFails(
        hello().u16(0x0E, 0).bytes(),
        "fat: boot sector: at 0xe: BPB_RsvdSecCnt 0: the boot sector itself is reserved");
  }

  @Test
  void thereIsAtLeastOneFat() {
    TinyFat t = hello();
    t.b[0x10] = 0;
    assertOpenFails(t.bytes(), "fat: boot sector: at 0x10: BPB_NumFATs 0");
  }

  @Test
  void theMediaByteIsAMediaDescriptor() {
    TinyFat t = hello();
    t.b[0x15] = 0x12;
    assertOpenFails(
        t.bytes(), "fat: boot sector: at 0x15: BPB_Media 0x12 is not 0xf0 or 0xf8 to 0xff");
  }

  @Test
  void theFatHasASize() {
    assertOpenFails(
        hello().u16(0x16, 0).u32(0x24, 0).bytes(),
        "fat: boot sector: at 0x16: BPB_FATSz16 and BPB_FATSz32 are both 0");
  }

  @Test
  void theVolumeHasASize() {
    assertOpenFails(
        hello().u16(0x13, 0).bytes(),
        "fat: boot sector: at 0x13: BPB_TotSec16 and BPB_TotSec32 are both 0");
  }

  @Test
  void theVolumeHasADataRegion() {
    assertOpenFails(
        hello().u16(0x13, 4).bytes(),
        "fat: boot sector: at 0x13: 4 total sectors leave no data region after 1 reserved, 2 FAT and 1 root directory sectors");
  }

  @Test
  void theFatHoldsAnEntryForEveryCluster() {
    assertOpenFails(
        hello().u16(0x13, 10000).bytes(),
        "fat: boot sector: at 0x16: a FAT of 1 sectors (512 bytes) cannot hold the 9998 entries of 9996 clusters (FAT16, 19996 bytes)");
  }

  @Test
  void fat12HasARootDirectory() {
    assertOpenFails(
        hello().u16(0x11, 0).bytes(),
        "fat: boot sector: at 0x11: FAT12 with BPB_RootEntCnt 0: no root directory");
  }

  @Test
  void theDataRegionStartsOnTheDevice() {
    assertOpenFails(
        Arrays.copyOf(hello().bytes(), 0x600),
        "fat: boot sector: at 0x13: the data region starts at 2048, beyond the end of the device (1536 bytes)");
  }

  @Test
  void aTruncatedVolumeOpensWithAWarning() throws IOException {
    try (OpenedFs fs = open(Arrays.copyOf(hello().bytes(), 0x1000))) {
      assertThat(fs.warnings.list())
          .containsExactly(
              "fat: tiny.img: the volume's 32768 bytes extend past the end of the device (4096 bytes); the image is truncated");
      assertThat(fs.read("hello.txt")).isEqualTo(DATA);
    }
  }

  /** A FAT32 boot sector of 100000 sectors (98368 clusters), alone on a 512-byte device. */
  static TinyFat fat32() {
    TinyFat t = new TinyFat();
    Arrays.fill(t.b, 0x0B, 0x5A, (byte) 0);
    t.u16(0x0B, 512).u16(0x0E, 32).u32(0x20, 100_000).u32(0x24, 800).u32(0x2C, 2);
    t.b[0x0D] = 1;
    t.b[0x10] = 2;
    t.b[0x15] = (byte) 0xF8;
    t.b[0x42] = 0x29;
    return t;
  }

  static void assertFat32Fails(TinyFat t, String message) {
    assertOpenFails(Arrays.copyOf(t.b, 512), message);
  }

  @Test
  void aValidFat32BootSectorNeedsItsDataRegion() {
    assertFat32Fails(
        fat32(),
        "fat: boot sector: at 0x13: the data region starts at 835584, beyond the end of the device (512 bytes)");
  }

  @Test
  void fat32HasNoFixedRootDirectory() {
    assertFat32Fails(
        fat32().u16(0x11, 16), "fat: boot sector: at 0x11: FAT32 with BPB_RootEntCnt 16 != 0");
  }

  @Test
  void fat32KeepsItsFatSizeIn32Bits() {
    assertFat32Fails(
        fat32().u16(0x16, 1600), "fat: boot sector: at 0x16: FAT32 with BPB_FATSz16 1600 != 0");
  }

  @Test
  void theActiveFatExists() {
    assertFat32Fails(
        fat32().u16(0x28, 0x82),
        "fat: boot sector: at 0x28: BPB_ExtFlags 0x0082: active FAT 2 of 2");
  }

  @Test
  void theRootClusterIsACluster() {
    assertFat32Fails(
        fat32().u32(0x2C, 1),
        "fat: boot sector: at 0x2c: BPB_RootClus 1 is not a cluster from 2 to 98369");
  }

  @Test
  void aLaterFat32VersionIsUnsupported() {
    assertThatThrownBy(() -> open(Arrays.copyOf(fat32().u16(0x2A, 0x0100).b, 512)))
        .isInstanceOf(UnsupportedFeatureException.class)
        .hasMessage("fat: boot sector: BPB_FSVer at 0x2a: FAT32 version 1.0 (only 0.0 is defined)");
  }

  // --- the probe ------------------------------------------------------------------------------

  @Test
  void theProbeWantsAJumpASignatureAndAPlausibleBpb() throws IOException {
    FatFilesystemDriver d = new FatFilesystemDriver();
    assertThat(d.probe(BlockDevices.ofBytes(hello().bytes(), "t")).detail())
        .isEqualTo("FAT12, 60 clusters of 512 bytes, 512-byte sectors");
    assertThat(d.probe(BlockDevices.ofBytes(new byte[4096], "t")).detail())
        .isEqualTo("no x86 jump at byte 0 (0x00)");
    TinyFat unsigned = hello();
    unsigned.b[0x1FE] = 0;
    assertThat(d.probe(BlockDevices.ofBytes(unsigned.bytes(), "t")).detail())
        .isEqualTo("no boot signature 0x55aa at 0x1fe (0xaa00)");
    assertThat(d.probe(BlockDevices.ofBytes(hello().u16(0x0E, 0).bytes(), "t")).detail())
        .isEqualTo(
            "fat: boot sector: at 0xe: BPB_RsvdSecCnt 0: the boot sector itself is reserved");
    assertThat(d.probe(BlockDevices.ofBytes(new byte[100], "t")).detail())
        .isEqualTo("too small for a FAT boot sector (100 bytes)");
  }
}
