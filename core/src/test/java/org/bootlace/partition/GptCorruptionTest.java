package org.bootlace.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.bootlace.CorruptImageException;
import org.bootlace.LimitExceededException;
import org.bootlace.Limits;
import org.bootlace.NotRecognizedException;
import org.bootlace.binary.Le;
import org.bootlace.block.BlockDevice;
import org.bootlace.block.BlockDevices;
import org.bootlace.testing.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every check of the gpt driver, twice: on a hand-built disk ({@link GptImage#standard}: 256
 * sectors, usable 34..222, backup header at 255) and on one field patched in the sgdisk fixture
 * ({@link Fixtures#gpt}: 131072 sectors, usable 34..131038, backup header at 131071).
 */
class GptCorruptionTest {
  private static final int HAND_BACKUP = 255;
  private static final int REAL_BACKUP = 131071;

  @TempDir Path dir;

  private final GptPartitionTableDriver driver = new GptPartitionTableDriver();

  /**
   * A broken field of the primary header. {@code {crc}} in a detail stands for the checksum the
   * driver computes, which depends on the disk's random GUIDs.
   */
  record HeaderCase(
      String name,
      int field,
      byte[] hand,
      byte[] real,
      boolean rehash,
      String handDetail,
      String realDetail) {
    static HeaderCase same(String name, int field, byte[] value, String detail) {
      return new HeaderCase(name, field, value, value, true, detail, detail);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<HeaderCase> headerCases() {
    return Stream.of(
        HeaderCase.same(
            "signature",
            0x07,
            new byte[] {'X'},
            "signature at 0x200: bytes 4546492050415258 != \"EFI PART\""),
        HeaderCase.same(
            "revision",
            0x08,
            Fixtures.u32(0x0001_0001),
            "revision at 0x208: 0x00010001 != 0x00010000"),
        HeaderCase.same(
            "header size too small",
            0x0c,
            Fixtures.u32(91),
            "header size at 0x20c: 91 is outside 92..512"),
        HeaderCase.same(
            "header size over the sector",
            0x0c,
            Fixtures.u32(513),
            "header size at 0x20c: 513 is outside 92..512"),
        new HeaderCase(
            "header CRC32",
            0x10,
            Fixtures.u32(0),
            Fixtures.u32(0),
            false,
            "header CRC32 at 0x210: 0x00000000 != computed {crc}",
            "header CRC32 at 0x210: 0x00000000 != computed {crc}"),
        HeaderCase.same("MyLBA", 0x18, Fixtures.u64(2), "MyLBA at 0x218: 2 != 1"),
        new HeaderCase(
            "FirstUsableLBA > LastUsableLBA",
            0x28,
            Fixtures.u64(223),
            Fixtures.u64(131039),
            true,
            "FirstUsableLBA at 0x228: 223 > LastUsableLBA 222",
            "FirstUsableLBA at 0x228: 131039 > LastUsableLBA 131038"),
        new HeaderCase(
            "usable range holds the header",
            0x28,
            Fixtures.u64(1),
            Fixtures.u64(1),
            true,
            "usable LBAs 1..222 (at 0x228) contain the header itself",
            "usable LBAs 1..131038 (at 0x228) contain the header itself"),
        HeaderCase.same(
            "LastUsableLBA over 2^63",
            0x30,
            Fixtures.u64(-1),
            "LastUsableLBA at 0x230: 18446744073709551615 is beyond any disk"),
        HeaderCase.same(
            "entry size not a power of two",
            0x54,
            Fixtures.u32(384),
            "entry size at 0x254: 384 is not 128 * 2^n"),
        HeaderCase.same(
            "entry size under 128",
            0x54,
            Fixtures.u32(64),
            "entry size at 0x254: 64 is not 128 * 2^n"),
        new HeaderCase(
            "PartitionEntryLBA beyond the disk",
            0x48,
            Fixtures.u64(1_000_000),
            Fixtures.u64(1_000_000),
            true,
            "PartitionEntryLBA at 0x248: 1000000 is beyond the end of the disk (256 sectors)",
            "PartitionEntryLBA at 0x248: 1000000 is beyond the end of the disk (131072 sectors)"),
        new HeaderCase(
            "entry array past the end",
            0x48,
            Fixtures.u64(240),
            Fixtures.u64(131056),
            true,
            "entry array at LBA 240..271 extends beyond the end of the disk (256 sectors)",
            "entry array at LBA 131056..131087 extends beyond the end of the disk (131072"
                + " sectors)"),
        HeaderCase.same(
            "entry array on the MBR",
            0x48,
            Fixtures.u64(0),
            "entry array at LBA 0..31 overlaps the protective MBR at LBA 0"),
        HeaderCase.same(
            "entry array on the header",
            0x48,
            Fixtures.u64(1),
            "entry array at LBA 1..32 overlaps the header at LBA 1"),
        new HeaderCase(
            "entry array in the usable range",
            0x48,
            Fixtures.u64(20),
            Fixtures.u64(20),
            true,
            "entry array at LBA 20..51 overlaps the usable LBAs 34..222",
            "entry array at LBA 20..51 overlaps the usable LBAs 34..131038"),
        new HeaderCase(
            "entry array CRC32",
            0x58,
            Fixtures.u32(0),
            Fixtures.u32(0),
            true,
            "entry array CRC32 at 0x258: 0x00000000 != computed {crc} over 16384 bytes at 0x400",
            "entry array CRC32 at 0x258: 0x00000000 != computed {crc} over 16384 bytes at 0x400"));
  }

  /** The CRC the driver will compute for the field a case breaks: the true one. */
  private static String trueCrc(HeaderCase c, byte[] primarySector, byte[] array) {
    long crc = c.field == 0x10 ? Le.u32(primarySector, 0x10) : GptImage.crc(array, 0, array.length);
    return String.format(Locale.ROOT, "0x%08x", crc);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("headerCases")
  void badPrimaryHeaderFallsBackToTheBackupInHandBuiltBytes(HeaderCase c) throws Exception {
    byte[] disk = GptImage.standard(512, 256).build();
    Fixtures.Read good = Fixtures.read(driver, BlockDevices.ofBytes(disk.clone(), "hand.img"));
    String crc =
        trueCrc(
            c, Arrays.copyOfRange(disk, 512, 1024), Arrays.copyOfRange(disk, 1024, 1024 + 16384));
    System.arraycopy(c.hand, 0, disk, 512 + c.field, c.hand.length);
    if (c.rehash) {
      GptImage.rehashHeader(disk, 512);
    }

    Fixtures.Read r = Fixtures.read(driver, BlockDevices.ofBytes(disk, "hand.img"));

    assertThat(r.warnings())
        .containsExactly(
            "gpt: hand.img: primary header at LBA 1: "
                + c.handDetail.replace("{crc}", crc)
                + "; using the backup header at LBA "
                + HAND_BACKUP);
    assertThat(r.partitions()).hasSize(2);
    assertThat(r.partitions().toString()).isEqualTo(good.partitions().toString());
    assertThat(r.partitions())
        .extracting(p -> p.offset() + "+" + p.length())
        .isEqualTo(good.partitions().stream().map(p -> p.offset() + "+" + p.length()).toList());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("headerCases")
  void badPrimaryHeaderFallsBackToTheBackupInARealImage(HeaderCase c) throws Exception {
    Path img = Fixtures.gpt(dir);
    List<String> good = describe(Fixtures.read(driver, img));
    String crc = trueCrc(c, Tools.read(img, 512, 512), Tools.read(img, 1024, 16384));
    if (c.rehash) {
      Fixtures.patchHeader(img, 512, 1, c.field, c.real);
    } else {
      Tools.patch(img, 512 + c.field, c.real);
    }

    Fixtures.Read r = Fixtures.read(driver, img);

    assertThat(r.warnings())
        .containsExactly(
            "gpt: disk.img: primary header at LBA 1: "
                + c.realDetail.replace("{crc}", crc)
                + "; using the backup header at LBA "
                + REAL_BACKUP);
    assertThat(describe(r)).hasSize(4).isEqualTo(good);
  }

  private static List<String> describe(Fixtures.Read r) {
    return r.partitions().stream()
        .map(
            p ->
                p.number()
                    + " "
                    + p.offset()
                    + "+"
                    + p.length()
                    + " "
                    + p.uuid().orElseThrow()
                    + " "
                    + p.label().orElse(""))
        .toList();
  }

  private static String hex32(long v) {
    return String.format(Locale.ROOT, "0x%08x", v);
  }

  @Test
  void bothHeadersBad() throws Exception {
    byte[] disk = GptImage.standard(512, 256).build();
    long primaryCrc = Le.u32(disk, 512 + 0x10);
    long backupCrc = Le.u32(disk, HAND_BACKUP * 512 + 0x10);
    Le.putU32(disk, 512 + 0x10, 0);
    Le.putU32(disk, HAND_BACKUP * 512 + 0x10, 0);
    assertThatThrownBy(() -> Fixtures.read(driver, BlockDevices.ofBytes(disk, "hand.img")))
        .isExactlyInstanceOf(CorruptImageException.class)
        .hasMessage(
            "gpt: hand.img: primary header at LBA 1: header CRC32 at 0x210: 0x00000000 != computed "
                + hex32(primaryCrc)
                + "; backup header at LBA 255: header CRC32 at 0x1fe10: 0x00000000 != computed "
                + hex32(backupCrc));

    Path img = Fixtures.gpt(dir);
    long realPrimary = Fixtures.headerU32(img, 512, 1, 0x10);
    long realBackup = Fixtures.headerU32(img, 512, REAL_BACKUP, 0x10);
    Tools.patch(img, 512 + 0x10, Fixtures.u32(0));
    Tools.patch(img, REAL_BACKUP * 512L + 0x10, Fixtures.u32(1));
    assertThatThrownBy(() -> Fixtures.read(driver, img))
        .isExactlyInstanceOf(CorruptImageException.class)
        .hasMessage(
            "gpt: disk.img: primary header at LBA 1: header CRC32 at 0x210: 0x00000000 != computed "
                + hex32(realPrimary)
                + "; backup header at LBA 131071: header CRC32 at 0x3fffe10: 0x00000001 != computed"
                + " "
                + hex32(realBackup));
  }

  @Test
  void entryArrayCorruptedInBothCopies() throws Exception {
    byte[] disk = GptImage.standard(512, 256).build();
    long crc = Le.u32(disk, 512 + 0x58);
    int backupArray = 223 * 512;
    disk[1024 + 56] ^= 1; // a bit of the first name, primary copy
    disk[backupArray + 56] ^= 1; // and the backup copy
    String bad = hex32(GptImage.crc(disk, 1024, 16384));
    assertThatThrownBy(() -> Fixtures.read(driver, BlockDevices.ofBytes(disk, "hand.img")))
        .isExactlyInstanceOf(CorruptImageException.class)
        .hasMessage(
            "gpt: hand.img: primary header at LBA 1: entry array CRC32 at 0x258: "
                + hex32(crc)
                + " != computed "
                + bad
                + " over 16384 bytes at 0x400; backup header at LBA 255:"
                + " entry array CRC32 at 0x1fe58: "
                + hex32(crc)
                + " != computed "
                + bad
                + " over 16384 bytes at 0x1be00");

    Path img = Fixtures.gpt(dir);
    long realCrc = Fixtures.headerU32(img, 512, 1, 0x58);
    Tools.patch(img, 1024 + 56, (byte) 'b');
    Tools.patch(img, 131039 * 512L + 56, (byte) 'b');
    String realBad = hex32(GptImage.crc(Tools.read(img, 1024, 16384), 0, 16384));
    assertThatThrownBy(() -> Fixtures.read(driver, img))
        .isExactlyInstanceOf(CorruptImageException.class)
        .hasMessage(
            "gpt: disk.img: primary header at LBA 1: entry array CRC32 at 0x258: "
                + hex32(realCrc)
                + " != computed "
                + realBad
                + " over 16384 bytes at 0x400; backup header at LBA"
                + " 131071: entry array CRC32 at 0x3fffe58: "
                + hex32(realCrc)
                + " != computed "
                + realBad
                + " over 16384 bytes at 0x3ffbe00");
  }

  @Test
  void entryArrayCorruptedInThePrimaryOnly() throws Exception {
    byte[] disk = GptImage.standard(512, 256).build();
    long crc = Le.u32(disk, 512 + 0x58);
    disk[1024 + 56] = 'e'; // "EFI system" -> "eFI system" in the primary copy only
    String bad = hex32(GptImage.crc(disk, 1024, 16384));
    Fixtures.Read r = Fixtures.read(driver, BlockDevices.ofBytes(disk, "hand.img"));
    assertThat(r.warnings())
        .containsExactly(
            "gpt: hand.img: primary header at LBA 1: entry array CRC32 at 0x258: "
                + hex32(crc)
                + " != computed "
                + bad
                + " over 16384 bytes at 0x400; using the backup header at LBA 255");
    assertThat(r.partitions().get(0).label()).contains("EFI system");

    Path img = Fixtures.gpt(dir);
    long realCrc = Fixtures.headerU32(img, 512, 1, 0x58);
    Tools.patch(img, 1024 + 56, (byte) 'b'); // "BIOS boot" -> "bIOS boot"
    String realBad = hex32(GptImage.crc(Tools.read(img, 1024, 16384), 0, 16384));
    Fixtures.Read real = Fixtures.read(driver, img);
    assertThat(real.warnings())
        .containsExactly(
            "gpt: disk.img: primary header at LBA 1: entry array CRC32 at 0x258: "
                + hex32(realCrc)
                + " != computed "
                + realBad
                + " over 16384 bytes at 0x400; using the backup header"
                + " at LBA 131071");
    assertThat(real.partitions().get(0).label()).contains("BIOS boot");
  }

  @Test
  void onAnEnlargedDiskTheBackupIsFoundThroughAlternateLba() throws Exception {
    // The disk grew after partitioning: the backup is no longer at the last LBA.
    byte[] small = GptImage.standard(512, 256).build();
    byte[] disk = Arrays.copyOf(small, 512 * 512);
    disk[1024 + 56] ^= 1;
    Fixtures.Read r = Fixtures.read(driver, BlockDevices.ofBytes(disk, "hand.img"));
    assertThat(r.warnings())
        .singleElement()
        .asString()
        .endsWith("; using the backup header at LBA 255");
    assertThat(r.partitions()).hasSize(2);

    Path img = Fixtures.gpt(dir);
    Tools.run("truncate", "-s", "128M", img.toString());
    Tools.patch(img, 1024 + 56, (byte) 'b');
    Fixtures.Read real = Fixtures.read(driver, img);
    assertThat(real.warnings())
        .singleElement()
        .asString()
        .endsWith("; using the backup header at LBA 131071");
    assertThat(real.partitions()).hasSize(4);
  }

  @Test
  void onAnEnlargedDiskABadPrimaryHeaderLeavesOnlyTheLastLba() throws Exception {
    // A header that fails its own checks cannot be trusted to say where the backup is.
    byte[] disk = Arrays.copyOf(GptImage.standard(512, 256).build(), 512 * 512);
    long crc = Le.u32(disk, 512 + 0x10);
    Le.putU32(disk, 512 + 0x10, 0);
    assertThatThrownBy(() -> Fixtures.read(driver, BlockDevices.ofBytes(disk, "hand.img")))
        .isExactlyInstanceOf(CorruptImageException.class)
        .hasMessage(
            "gpt: hand.img: primary header at LBA 1: header CRC32 at 0x210: 0x00000000 != computed "
                + hex32(crc)
                + "; backup header at LBA 511: signature at 0x3fe00: bytes 0000000000000000 !="
                + " \"EFI PART\"");

    Path img = Fixtures.gpt(dir);
    long realCrc = Fixtures.headerU32(img, 512, 1, 0x10);
    Tools.run("truncate", "-s", "128M", img.toString());
    Tools.patch(img, 512 + 0x10, Fixtures.u32(0));
    assertThatThrownBy(() -> Fixtures.read(driver, img))
        .isExactlyInstanceOf(CorruptImageException.class)
        .hasMessage(
            "gpt: disk.img: primary header at LBA 1: header CRC32 at 0x210: 0x00000000 != computed "
                + hex32(realCrc)
                + "; backup header at LBA 262143: signature at 0x7fffe00: bytes 0000000000000000 !="
                + " \"EFI PART\"");
  }

  @Test
  void backupOfA4096ByteSectorImage() throws Exception {
    // 16 MiB of 4 KiB sectors: the backup header is at LBA 4095, byte 0xfff000.
    Path img = Fixtures.gpt4k(dir);
    long crc = Fixtures.headerU32(img, 4096, 1, 0x10);
    Tools.patch(img, 4096 + 0x10, Fixtures.u32(0));
    Fixtures.Read r = Fixtures.read(driver, img);
    assertThat(r.warnings())
        .containsExactly(
            "gpt: disk.img: primary header at LBA 1: header CRC32 at 0x1010: 0x00000000 != computed"
                + " "
                + hex32(crc)
                + "; using the backup header at LBA 4095");
    assertThat(r.partitions().get(0).offset()).isEqualTo(256 * 4096L);

    // With the primary signature gone, the backup's signature still tells the sector size.
    Tools.patch(img, 4096, new byte[8]);
    Fixtures.Read noPrimary = Fixtures.read(driver, img);
    assertThat(noPrimary.warnings())
        .containsExactly(
            "gpt: disk.img: primary header at LBA 1: signature at 0x1000: bytes 0000000000000000 !="
                + " \"EFI PART\"; using the backup header at LBA 4095");
    assertThat(noPrimary.partitions().get(0).offset()).isEqualTo(256 * 4096L);
    assertThat(Fixtures.probe(driver, img))
        .isEqualTo(
            "yes: protective MBR (type 0xee in entry 1), no GPT header signature at LBA 1: the"
                + " backup header will be tried");

    GptImage g = GptImage.standard(4096, 64);
    byte[] disk = g.build();
    Arrays.fill(disk, 4096, 4096 + 8, (byte) 0);
    Fixtures.Read hand = Fixtures.read(driver, BlockDevices.ofBytes(disk, "hand.img"));
    assertThat(hand.warnings())
        .containsExactly(
            "gpt: hand.img: primary header at LBA 1: signature at 0x1000: bytes 0000000000000000 !="
                + " \"EFI PART\"; using the backup header at LBA 63");
    assertThat(hand.partitions().get(0).offset()).isEqualTo(g.firstUsable() * 4096);
  }

  @Test
  void entryCountOfFourBillionIsRefusedBeforeAnyAllocation() throws Exception {
    String limit =
        "limit maxMetadataBytes (67108864) exceeded: gpt: %s: primary header at LBA 1: entry array"
            + " of 4000000000 entries of 128 bytes (512000000000) (raise it with"
            + " Limits.builder().maxMetadataBytes(...))";
    GptImage g = GptImage.standard(512, 256);
    g.claimedCount = 4_000_000_000L;
    byte[] disk = g.build();
    assertThatThrownBy(() -> Fixtures.read(driver, BlockDevices.ofBytes(disk, "hand.img")))
        .isExactlyInstanceOf(LimitExceededException.class)
        .hasMessage(String.format(Locale.ROOT, limit, "hand.img"));

    // Only the primary is patched: a limit is the caller's setting, so no backup is tried.
    Path img = Fixtures.gpt(dir);
    Fixtures.patchHeader(img, 512, 1, 0x50, Fixtures.u32(4_000_000_000L));
    assertThatThrownBy(() -> Fixtures.read(driver, img))
        .isExactlyInstanceOf(LimitExceededException.class)
        .hasMessage(String.format(Locale.ROOT, limit, "disk.img"));
  }

  @Test
  void entryArrayOverASmallerMetadataLimit() throws Exception {
    Limits small = Limits.builder().maxMetadataBytes(8192).build();
    String message =
        "limit maxMetadataBytes (8192) exceeded: gpt: %s: primary header at LBA 1: entry array of"
            + " 128 entries of 128 bytes (16384) (raise it with"
            + " Limits.builder().maxMetadataBytes(...))";
    assertThatThrownBy(
            () ->
                Fixtures.read(
                    driver,
                    BlockDevices.ofBytes(GptImage.standard(512, 256).build(), "hand.img"),
                    small))
        .isExactlyInstanceOf(LimitExceededException.class)
        .hasMessage(String.format(Locale.ROOT, message, "hand.img"));
    assertThatThrownBy(() -> Fixtures.read(driver, Fixtures.gpt(dir), small))
        .isExactlyInstanceOf(LimitExceededException.class)
        .hasMessage(String.format(Locale.ROOT, message, "disk.img"));
  }

  @Test
  void moreUsedEntriesThanTheLimit() throws Exception {
    assertThatThrownBy(
            () ->
                Fixtures.read(
                    driver,
                    BlockDevices.ofBytes(GptImage.standard(512, 256).build(), "hand.img"),
                    Limits.builder().maxPartitions(1).build()))
        .isExactlyInstanceOf(LimitExceededException.class)
        .hasMessage(
            "limit maxPartitions (1) exceeded: gpt: hand.img: used GPT entries (2) (raise it with"
                + " Limits.builder().maxPartitions(...))");
    assertThatThrownBy(
            () ->
                Fixtures.read(driver, Fixtures.gpt(dir), Limits.builder().maxPartitions(3).build()))
        .isExactlyInstanceOf(LimitExceededException.class)
        .hasMessage(
            "limit maxPartitions (3) exceeded: gpt: disk.img: used GPT entries (4) (raise it with"
                + " Limits.builder().maxPartitions(...))");
  }

  private void assertHandEntryCorrupt(long first, long last, String message) {
    GptImage g = GptImage.standard(512, 256);
    g.add(1, GptImage.LINUX, "12345678-1234-1234-1234-123456789abc", first, last, 0, "bad");
    BlockDevice disk = BlockDevices.ofBytes(g.build(), "hand.img");
    assertThatThrownBy(() -> Fixtures.read(driver, disk))
        .isExactlyInstanceOf(CorruptImageException.class)
        .hasMessage(message);
  }

  private void assertRealEntryCorrupt(int index, int field, long value, String message) {
    Path img = Fixtures.gpt(dir);
    Fixtures.patchEntry(img, 512, 1, index, field, Fixtures.u64(value));
    assertThatThrownBy(() -> Fixtures.read(driver, img))
        .isExactlyInstanceOf(CorruptImageException.class)
        .hasMessage(message);
  }

  @Test
  void entryWithFirstAfterLast() {
    assertHandEntryCorrupt(
        100, 99, "gpt: hand.img: partition 2 (entry at 0x480): first LBA 100 > last LBA 99");
    assertRealEntryCorrupt(
        2,
        0x20,
        60000,
        "gpt: disk.img: partition 3 (entry at 0x500): first LBA 60000 > last LBA 53247");
  }

  @Test
  void entryBeyondTheEndOfTheDisk() {
    assertHandEntryCorrupt(
        100,
        300,
        "gpt: hand.img: partition 2 (entry at 0x480): LBAs 100..300 extend beyond the end of the"
            + " disk (256 sectors of 512 bytes); the image may be truncated");
    assertHandEntryCorrupt(
        100,
        -1,
        "gpt: hand.img: partition 2 (entry at 0x480): LBAs 100..18446744073709551615 extend beyond"
            + " the end of the disk (256 sectors of 512 bytes); the image may be truncated");
    assertRealEntryCorrupt(
        2,
        0x28,
        200000,
        "gpt: disk.img: partition 3 (entry at 0x500): LBAs 20480..200000 extend beyond the end of"
            + " the disk (131072 sectors of 512 bytes); the image may be truncated");
  }

  @Test
  void truncatedImage() throws Exception {
    // The primary is intact and says nothing of the disk's size; the entries do.
    Path img = Fixtures.gpt(dir);
    Tools.run("truncate", "-s", "20M", img.toString());
    assertThatThrownBy(() -> Fixtures.read(driver, img))
        .isExactlyInstanceOf(CorruptImageException.class)
        .hasMessage(
            "gpt: disk.img: partition 3 (entry at 0x500): LBAs 20480..53247 extend beyond the end"
                + " of the disk (40960 sectors of 512 bytes); the image may be truncated");
  }

  @Test
  void entryOutsideTheUsableRange() {
    assertHandEntryCorrupt(
        230,
        240,
        "gpt: hand.img: partition 2 (entry at 0x480): LBAs 230..240 are outside the usable LBAs"
            + " 34..222");
    assertRealEntryCorrupt(
        0,
        0x20,
        10,
        "gpt: disk.img: partition 1 (entry at 0x400): LBAs 10..4095 are outside the usable LBAs"
            + " 34..131038");
  }

  @Test
  void readWithoutAProtectiveMbrIsNotGpt() throws Exception {
    assertThatThrownBy(
            () ->
                Fixtures.read(driver, BlockDevices.ofBytes(MbrImage.standard().bytes, "hand.img")))
        .isExactlyInstanceOf(NotRecognizedException.class)
        .hasMessage("gpt: hand.img: no protective MBR entry (type 0xee)");
    assertThatThrownBy(() -> Fixtures.read(driver, Fixtures.mbr(dir)))
        .isExactlyInstanceOf(NotRecognizedException.class)
        .hasMessage("gpt: disk.img: no protective MBR entry (type 0xee)");
  }
}
