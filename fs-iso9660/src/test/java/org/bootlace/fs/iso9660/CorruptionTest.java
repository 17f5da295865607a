package org.bootlace.fs.iso9660;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bootlace.fs.iso9660.IsoBytes.both32;
import static org.bootlace.fs.iso9660.IsoBytes.entry;
import static org.bootlace.fs.iso9660.IsoBytes.extent;
import static org.bootlace.fs.iso9660.IsoBytes.le32;
import static org.bootlace.fs.iso9660.IsoBytes.path;
import static org.bootlace.fs.iso9660.IsoBytes.u32;
import static org.bootlace.fs.iso9660.IsoBytes.u8;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Random;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.bootlace.CorruptImageException;
import org.bootlace.LimitExceededException;
import org.bootlace.Limits;
import org.bootlace.UnsupportedFeatureException;
import org.bootlace.block.BlockDevice;
import org.bootlace.block.BlockDevices;
import org.bootlace.testing.OpenedFs;
import org.bootlace.testing.Tools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One field of a real image patched per test; each check fails with its exact exception and
 * message. "rr" is a Rock Ridge image by xorriso, "joliet" a Joliet-only image by genisoimage,
 * "zisofs" has compressed files, "boot" an El Torito catalog with a BIOS and an EFI entry.
 */
class CorruptionTest {
  @TempDir static Path shared;
  static Path rr;
  static Path joliet;
  static Path zisofs;
  static Path boot;

  @TempDir Path tmp;

  @BeforeAll
  static void images() throws IOException {
    Path src = Files.createDirectories(shared.resolve("src"));
    Random rnd = new Random(11);
    Tools.write(src, "file.txt", Fixtures.bytes(rnd, 3000));
    Tools.write(src, "dir/a.txt", "a\n");
    Tools.write(src, "dir/sub/b.txt", "b\n");
    for (int i = 0; i < 150; i++) {
      Tools.write(src, String.format(Locale.ROOT, "many/name-%03d", i), "m");
    }
    Files.createSymbolicLink(src.resolve("link"), Path.of("file.txt"));
    rr = IsoImages.mkisofs(src, shared.resolve("rr.iso"), "-R");
    joliet = IsoImages.genisoimage(src, shared.resolve("joliet.iso"), "-J");
    Path zsrc = Files.createDirectories(shared.resolve("zsrc"));
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 20_000; i++) {
      text.append("compressible line ").append(i).append('\n');
    }
    Tools.write(zsrc, "text.txt", text.toString());
    zisofs = shared.resolve("z.iso");
    Tools.run(
        "xorriso",
        "-report_about",
        "FAILURE",
        "-outdev",
        zisofs.toString(),
        "-zisofs",
        "level=6:block_size=32k",
        "-map",
        zsrc.toString(),
        "/",
        "-set_filter_r",
        "--zisofs",
        "/",
        "--",
        "-commit");
    Path bsrc = Files.createDirectories(shared.resolve("bsrc"));
    Tools.write(bsrc, "isolinux/isolinux.bin", Fixtures.bytes(rnd, 40_000));
    ElToritoTest.efiImage(bsrc, 1440);
    boot =
        IsoImages.mkisofs(
            bsrc,
            shared.resolve("boot.iso"),
            "-R",
            "-b",
            "isolinux/isolinux.bin",
            "-c",
            "isolinux/boot.cat",
            "-no-emul-boot",
            "-boot-load-size",
            "4",
            "-eltorito-alt-boot",
            "-e",
            "efi.img",
            "-no-emul-boot");
  }

  private Path copy(Path base) {
    return IsoImages.copy(base, tmp);
  }

  private static void fails(
      Class<? extends Exception> type, String message, ThrowingCallable call) {
    if (message.equals("TODO")) {
      try {
        call.call();
      } catch (Throwable t) {
        throw new AssertionError(
            "ACTUAL " + t.getClass().getSimpleName() + " [" + t.getMessage() + "]", t);
      }
      throw new AssertionError("ACTUAL nothing");
    }
    assertThatThrownBy(call).isExactlyInstanceOf(type).hasMessage(message);
  }

  private static void openFails(Path image, Class<? extends Exception> type, String message) {
    fails(type, message, () -> IsoImages.open(image).close());
  }

  /** Lists the root, looks every name up and reads every regular file. */
  private static void readAll(Path image) throws IOException {
    readAll(image, Limits.defaults());
  }

  private static void readAll(Path image, Limits limits) throws IOException {
    try (OpenedFs o = IsoImages.open(image, limits)) {
      for (var e : o.walk().entrySet()) {
        if (e.getValue().type() == org.bootlace.spi.FileType.REGULAR) {
          o.read(e.getValue());
        } else if (e.getValue().type() == org.bootlace.spi.FileType.SYMLINK) {
          o.fs.readLink(e.getValue());
        }
      }
    }
  }

  private static String hex(long v) {
    return "0x" + Long.toHexString(v);
  }

  private static long rootLba(Path image) {
    return u32(image, IsoBytes.ROOT_RECORD + 2);
  }

  // ---- sanity: the unpatched images read

  @Test
  void unpatchedImagesRead() throws IOException {
    for (Path p : new Path[] {rr, joliet, zisofs, boot}) {
      readAll(p);
    }
    try (OpenedFs o = IsoImages.open(rr)) {
      assertThat(o.fs.readLink(o.node("/link"))).isEqualTo("file.txt");
      assertThat(o.fs.list(o.node("/many"))).hasSize(150);
      assertThat(o.warnings.list()).isEmpty();
    }
    try (BlockDevice dev = BlockDevices.open(boot)) {
      assertThat(ElTorito.read(dev)).hasSize(2);
    }
  }

  // ---- volume descriptors

  @Test
  void descriptorSetTruncated() throws IOException {
    Path p = copy(rr);
    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
      ch.truncate(17 * 2048);
    }
    openFails(
        p,
        CorruptImageException.class,
        "iso9660: rr.iso: volume descriptor set ends at sector 17 (0x8800) without a terminator: the device has 34816 bytes");
  }

  @Test
  void standardIdentifier() {
    Path p = copy(rr);
    Tools.patch(p, 0x8801, "XXXXX".getBytes(StandardCharsets.UTF_8));
    openFails(
        p,
        CorruptImageException.class,
        "iso9660: volume descriptor at 0x8800: standard identifier at 0x8801: \"XXXXX\" != \"CD001\"");
  }

  @Test
  void noPrimaryDescriptor() throws IOException {
    Path p = copy(rr);
    u8(p, 0x8000, 3);
    openFails(
        p,
        CorruptImageException.class,
        "iso9660: volume descriptor terminator at 0x8800: no primary volume descriptor before it");
  }

  @Test
  void descriptorVersion() {
    Path p = copy(rr);
    u8(p, 0x8006, 2);
    openFails(
        p,
        CorruptImageException.class,
        "iso9660: primary volume descriptor at 0x8000: version at 0x8006: 2 != 1");
  }

  @Test
  void logicalBlockSizeHalves() {
    Path p = copy(rr);
    Tools.patch(p, 0x8082, (byte) 0x04, (byte) 0x00);
    openFails(
        p,
        CorruptImageException.class,
        "iso9660: primary volume descriptor: logical block size at 0x8080: little-endian 2048 != big-endian 1024");
  }

  @Test
  void logicalBlockSizeValue() {
    Path p = copy(rr);
    Tools.patch(p, 0x8080, (byte) 0x00, (byte) 0x10, (byte) 0x10, (byte) 0x00);
    openFails(
        p,
        CorruptImageException.class,
        "iso9660: primary volume descriptor: logical block size at 0x8080: 4096 is not 512, 1024 or 2048");
  }

  @Test
  void volumeSpaceSizeHalves() {
    Path p = copy(rr);
    le32(p, 0x8050, u32(p, 0x8050) + 1);
    openFails(
        p,
        CorruptImageException.class,
        "iso9660: primary volume descriptor: volume space size at 0x8050: little-endian 339 != big-endian 338");
  }

  @Test
  void volumeSpaceSizeTooSmall() {
    Path p = copy(rr);
    both32(p, 0x8050, 10);
    openFails(
        p,
        CorruptImageException.class,
        "iso9660: primary volume descriptor: volume space size at 0x8050: 10 blocks < 17 (system area and descriptors)");
  }

  @Test
  void volumeSpaceBeyondTheDeviceIsAWarning() throws IOException {
    Path p = copy(rr);
    long blocks = u32(p, 0x8050);
    both32(p, 0x8050, blocks * 2);
    try (OpenedFs o = IsoImages.open(p)) {
      assertThat(o.warnings.list())
          .containsExactly(
              "iso9660: rr.iso: the volume space of "
                  + blocks * 2
                  + " blocks ("
                  + blocks * 2 * 2048
                  + " bytes) extends past the end of the device ("
                  + blocks * 2048
                  + " bytes); the image is truncated");
      assertThat(o.fs.list(o.fs.root())).hasSize(4);
    }
  }

  @Test
  void rootRecordLength() {
    Path p = copy(rr);
    u8(p, IsoBytes.ROOT_RECORD, 40);
    openFails(
        p,
        CorruptImageException.class,
        "iso9660: primary volume descriptor: root directory: record at 0x809c: length 40 != 34");
  }

  @Test
  void rootRecordFlags() {
    Path p = copy(rr);
    u8(p, IsoBytes.ROOT_RECORD + 25, 0);
    openFails(
        p,
        CorruptImageException.class,
        "iso9660: primary volume descriptor: root directory: record at 0x809c: file flags 0x00 lack the directory bit");
  }

  @Test
  void rootRecordIdentifier() {
    Path p = copy(rr);
    u8(p, IsoBytes.ROOT_RECORD + 33, 1);
    openFails(
        p,
        CorruptImageException.class,
        "iso9660: primary volume descriptor: root directory: record at 0x809c: file identifier 0x01 != 0x00");
  }

  // ---- directory records

  @Test
  void recordLengthTooShort() {
    Path p = copy(rr);
    u8(p, path(p, "FILE.TXT;1"), 20);
    fails(
        CorruptImageException.class,
        "iso9660: directory at block 18: record at 0x914e: length 20 < 34",
        () -> readAll(p));
  }

  @Test
  void recordRunsPastItsSector() {
    Path p = copy(rr);
    long many = extent(p, path(p, "MANY")) * 2048;
    byte[] sector = Tools.read(p, many, 2048);
    int last = 0;
    for (int i = 0; i < 2048 && sector[i] != 0; i += sector[i] & 0xff) {
      last = i;
    }
    u8(p, many + last, 2048 - last + 2 > 255 ? 255 : 2048 - last + 2);
    fails(
        CorruptImageException.class,
        "iso9660: directory at block 22: record at 0xb750: length 178 runs past the end of its logical sector (176 bytes remain)",
        () -> readAll(p));
  }

  @Test
  void fileIdentifierLength() {
    Path p = copy(rr);
    u8(p, path(p, "FILE.TXT;1") + 32, 200);
    fails(
        CorruptImageException.class,
        "iso9660: directory at block 18: record at 0x914e: file identifier length 200 does not fit the record length 120",
        () -> readAll(p));
  }

  @Test
  void extentHalves() {
    Path p = copy(rr);
    long r = path(p, "FILE.TXT;1");
    le32(p, r + 2, u32(p, r + 2) + 1);
    fails(
        CorruptImageException.class,
        "iso9660: directory at block 18: record at 0x914e: extent location at 0x9150: little-endian 37 != big-endian 36",
        () -> readAll(p));
  }

  @Test
  void dataLengthHalves() {
    Path p = copy(rr);
    long r = path(p, "FILE.TXT;1");
    le32(p, r + 10, 5000);
    fails(
        CorruptImageException.class,
        "iso9660: directory at block 18: record at 0x914e: data length at 0x9158: little-endian 5000 != big-endian 3000",
        () -> readAll(p));
  }

  @Test
  void directoryWithSeveralExtents() {
    Path p = copy(rr);
    u8(p, path(p, "DIR") + 25, 0x82);
    fails(
        CorruptImageException.class,
        "iso9660: directory at block 18: record at 0x90e4: file flags 0x82: a directory cannot have several extents",
        () -> readAll(p));
  }

  @Test
  void firstRecordNotDot() {
    Path p = copy(rr);
    long dir = extent(p, path(p, "DIR")) * 2048;
    both32(p, dir + 2, 99);
    fails(
        CorruptImageException.class,
        "iso9660: directory at block 20: record at 0xa000: first record is not \".\" for block 20",
        () -> readAll(p));
  }

  @Test
  void secondRecordNotDotDot() {
    Path p = copy(rr);
    long dir = extent(p, path(p, "DIR")) * 2048;
    u8(p, dir + u8(p, dir) + 33, 2);
    fails(
        CorruptImageException.class,
        "iso9660: directory at block 20: record at 0xa060: second record is not \"..\"",
        () -> readAll(p));
  }

  @Test
  void multiExtentFileWithoutFinalExtent() {
    Path p = copy(rr);
    u8(p, path(p, "FILE.TXT;1") + 25, 0x80);
    fails(
        CorruptImageException.class,
        "iso9660: directory at block 18: record at 0x91c6: the multi-extent file of the record at 0x914e has no final extent",
        () -> readAll(p));
  }

  @Test
  void multiExtentFileAtTheDirectoryEnd() {
    Path p = copy(rr);
    u8(p, path(p, "DIR/SUB/B.TXT;1") + 25, 0x80);
    fails(
        CorruptImageException.class,
        "iso9660: directory at block 21: record at 0xa8c0: multi-extent file has no final extent before the directory ends",
        () -> readAll(p));
  }

  @Test
  void directoryContainsItself() {
    Path p = copy(rr);
    both32(p, path(p, "DIR") + 2, rootLba(p));
    fails(
        CorruptImageException.class,
        "iso9660: directory at block 18: record at 0x90e4: directory \"dir\" is block 18, this directory itself (a loop)",
        () -> readAll(p));
  }

  @Test
  void directoryContainsItsParent() {
    Path p = copy(rr);
    both32(p, path(p, "DIR/SUB") + 2, rootLba(p));
    fails(
        CorruptImageException.class,
        "iso9660: directory at block 20: record at 0xa130: directory \"sub\" is block 18, this directory's parent (a loop)",
        () -> readAll(p));
  }

  @Test
  void directoryEntriesLimit() {
    fails(
        LimitExceededException.class,
        "limit maxDirectoryEntries (100) exceeded: iso9660: directory at block 22: directory records (101) (raise it with Limits.builder().maxDirectoryEntries(...))",
        () -> readAll(rr, Limits.builder().maxDirectoryEntries(100).build()));
  }

  @Test
  void directorySizeLimit() {
    fails(
        LimitExceededException.class,
        "limit maxMetadataBytes (1000) exceeded: iso9660: directory at block 18: data length (2048) (raise it with Limits.builder().maxMetadataBytes(...))",
        () -> IsoImages.open(rr, Limits.builder().maxMetadataBytes(1000).build()).close());
  }

  @Test
  void directoryDataLengthZero() {
    Path p = copy(rr);
    long dir = extent(p, path(p, "DIR")) * 2048;
    both32(p, dir + 10, 0);
    fails(
        CorruptImageException.class,
        "iso9660: directory at block 20: record at 0xa000: data length 0",
        () -> readAll(p));
  }

  @Test
  void directoryExtentBeyondTheImage() {
    Path p = copy(rr);
    both32(p, path(p, "DIR") + 2, 1_000_000);
    fails(
        CorruptImageException.class,
        "iso9660: directory record at 0x90e4: extent of 2048 bytes at block 1000000 ends beyond the device rr.iso (692224 bytes)",
        () -> readAll(p));
  }

  @Test
  void fileExtentInTheSystemArea() {
    Path p = copy(rr);
    both32(p, path(p, "FILE.TXT;1") + 2, 5);
    fails(
        CorruptImageException.class,
        "iso9660: file record at 0x914e: extent 1 at 0x914e: extent at block 5 lies in the system area or volume descriptors (before block 18)",
        () -> readAll(p));
  }

  @Test
  void fileExtentBeyondTheImage() {
    Path p = copy(rr);
    both32(p, path(p, "FILE.TXT;1") + 2, 1_000_000);
    fails(
        CorruptImageException.class,
        "iso9660: file record at 0x914e: extent 1 at 0x914e: extent of 3000 bytes at block 1000000 ends beyond the device rr.iso (692224 bytes)",
        () -> readAll(p));
  }

  @Test
  void interleavedFileIsRefused() {
    Path p = copy(rr);
    u8(p, path(p, "FILE.TXT;1") + 26, 1);
    fails(
        UnsupportedFeatureException.class,
        "iso9660: file record at 0x914e: record at 0x914e: interleaved files (file unit size 1, interleave gap size 0) are not supported",
        () -> readAll(p));
  }

  // ---- Rock Ridge

  @Test
  void directoryModeNotADirectory() {
    Path p = copy(rr);
    long dot = extent(p, path(p, "DIR")) * 2048;
    both32(p, entry(p, dot, "PX") + 4, 0100644);
    fails(
        CorruptImageException.class,
        "iso9660: directory at block 20: record at 0xa000: PX file mode 0100644 is not a directory",
        () -> readAll(p));
  }

  @Test
  void fileModeADirectory() {
    Path p = copy(rr);
    both32(p, entry(p, path(p, "FILE.TXT;1"), "PX") + 4, 040755);
    fails(
        CorruptImageException.class,
        "iso9660: file record at 0x914e: PX file mode 040755 for a file record",
        () -> readAll(p));
  }

  @Test
  void fileModeWithoutType() {
    Path p = copy(rr);
    both32(p, entry(p, path(p, "FILE.TXT;1"), "PX") + 4, 0644);
    fails(
        CorruptImageException.class,
        "iso9660: file record at 0x914e: PX file mode 0644 has no file type",
        () -> readAll(p));
  }

  @Test
  void fileModeHalves() {
    Path p = copy(rr);
    le32(p, entry(p, path(p, "FILE.TXT;1"), "PX") + 4, 0100600);
    fails(
        CorruptImageException.class,
        "iso9660: directory at block 18: record at 0x914e: SUSP entry PX at 0x917a: file mode at 0x917e: little-endian 33152 != big-endian 33188",
        () -> readAll(p));
  }

  @Test
  void symlinkWithoutSl() {
    Path p = copy(rr);
    Tools.patch(p, entry(p, path(p, "LINK.;1"), "SL"), "XX".getBytes(StandardCharsets.UTF_8));
    fails(
        CorruptImageException.class,
        "iso9660: file record at 0x91c6: a symbolic link (PX) without an SL entry",
        () -> readAll(p));
  }

  @Test
  void suspEntryTooShort() {
    Path p = copy(rr);
    u8(p, entry(p, path(p, "FILE.TXT;1"), "NM") + 2, 2);
    fails(
        CorruptImageException.class,
        "iso9660: directory at block 18: record at 0x914e: SUSP entry NM at 0x91b8: length 2 < 4",
        () -> readAll(p));
  }

  @Test
  void suspEntryPastTheArea() {
    Path p = copy(rr);
    u8(p, entry(p, path(p, "FILE.TXT;1"), "NM") + 2, 100);
    fails(
        CorruptImageException.class,
        "iso9660: directory at block 18: record at 0x914e: SUSP entry NM at 0x91b8: length 100 runs past the end of the area (14 bytes remain)",
        () -> readAll(p));
  }

  @Test
  void spCheckBytes() {
    Path p = copy(rr);
    long dot = rootLba(p) * 2048;
    Tools.patch(p, entry(p, dot, "SP") + 4, (byte) 0, (byte) 0);
    openFails(
        p,
        CorruptImageException.class,
        "iso9660: root directory: record at 0x9000: SUSP entry SP at 0x9022: check bytes 0x0000 != 0xbeef");
  }

  @Test
  void ceBlockHalves() {
    Path p = copy(rr);
    long ce = entry(p, rootLba(p) * 2048, "CE");
    le32(p, ce + 4, u32(p, ce + 4) + 1);
    openFails(
        p,
        CorruptImageException.class,
        "iso9660: root directory: record at 0x9000: SUSP entry CE at 0x9067: block at 0x906b: little-endian 20 != big-endian 19");
  }

  @Test
  void ceAreaDoesNotFitItsBlock() {
    Path p = copy(rr);
    long ce = entry(p, rootLba(p) * 2048, "CE");
    both32(p, ce + 12, 2000);
    openFails(
        p,
        CorruptImageException.class,
        "iso9660: root directory: record at 0x9000: SUSP entry CE at 0x9067: continuation area of 237 bytes at offset 2000 does not fit a logical block of 2048 bytes");
  }

  @Test
  void ceAreaBeyondTheImage() {
    Path p = copy(rr);
    long ce = entry(p, rootLba(p) * 2048, "CE");
    both32(p, ce + 4, 1_000_000);
    openFails(
        p,
        CorruptImageException.class,
        "iso9660: root directory: record at 0x9000: SUSP entry CE at 0x9067: continuation area at 0x9067: extent of 2048 bytes at block 1000000 ends beyond the device rr.iso (692224 bytes)");
  }

  @Test
  void ceLoop() {
    Path p = copy(rr);
    // The continuation area of the root's "." ends with padding: a CE there naming the area itself.
    long ce = entry(p, rootLba(p) * 2048, "CE");
    long area = u32(p, ce + 4) * 2048 + u32(p, ce + 12);
    long len = u32(p, ce + 20);
    byte[] loop = Tools.read(p, ce, 28);
    both32(p, ce + 20, len + 28);
    Tools.patch(p, area + len, loop);
    both32(p, area + len + 20, len + 28);
    openFails(
        p,
        CorruptImageException.class,
        "iso9660: root directory: record at 0x9000: SUSP entry CE at 0x98ed: continuation area at block 19 offset 0 was already read (a loop)");
  }

  @Test
  void erIdentifierLength() {
    Path p = copy(rr);
    long ce = entry(p, rootLba(p) * 2048, "CE");
    long area = u32(p, ce + 4) * 2048 + u32(p, ce + 12);
    u8(p, area + 4, 250);
    openFails(
        p,
        CorruptImageException.class,
        "iso9660: root directory: record at 0x9000: SUSP entry ER at 0x9800: identifier length 250 does not fit the entry length 237");
  }

  @Test
  void tfFlagsNeedMoreBytes() {
    Path p = copy(rr);
    u8(p, entry(p, path(p, "FILE.TXT;1"), "TF") + 4, 0x7f);
    fails(
        CorruptImageException.class,
        "iso9660: directory at block 18: record at 0x914e: SUSP entry TF at 0x919e: flags 0x7f need 54 bytes, the entry has 26",
        () -> readAll(p));
  }

  @Test
  void slComponentPastTheEntry() {
    Path p = copy(rr);
    u8(p, entry(p, path(p, "LINK.;1"), "SL") + 6, 50);
    fails(
        CorruptImageException.class,
        "iso9660: directory at block 18: record at 0x91c6: SUSP entry SL at 0x9235: component at 0x923a: length 50 runs past the entry (8 bytes remain)",
        () -> readAll(p));
  }

  @Test
  void slComponentFlagsWithContent() {
    Path p = copy(rr);
    u8(p, entry(p, path(p, "LINK.;1"), "SL") + 5, 0x04);
    fails(
        CorruptImageException.class,
        "iso9660: directory at block 18: record at 0x91c6: SUSP entry SL at 0x9235: component flags 0x04 with 8 content bytes",
        () -> readAll(p));
  }

  @Test
  void slComponentWithSlash() {
    Path p = copy(rr);
    u8(p, entry(p, path(p, "LINK.;1"), "SL") + 9, '/');
    fails(
        CorruptImageException.class,
        "iso9660: directory at block 18: record at 0x91c6: SUSP entry SL at 0x9235: component contains '/' or NUL",
        () -> readAll(p));
  }

  @Test
  void slTargetLimit() {
    fails(
        LimitExceededException.class,
        "limit maxPathBytes (5) exceeded: iso9660: directory at block 18: record at 0x91c6: SUSP entry SL at 0x9235: symbolic link target (8) (raise it with Limits.builder().maxPathBytes(...))",
        () -> readAll(rr, Limits.builder().maxPathBytes(5).build()));
  }

  @Test
  void nmNameWithSlash() {
    Path p = copy(rr);
    u8(p, entry(p, path(p, "FILE.TXT;1"), "NM") + 6, '/');
    fails(
        CorruptImageException.class,
        "iso9660: directory at block 18: record at 0x914e: Rock Ridge name contains '/' or NUL",
        () -> readAll(p));
  }

  @Test
  void sparseFileIsRefused() {
    Path p = copy(rr);
    Tools.patch(p, entry(p, path(p, "FILE.TXT;1"), "TF"), "SF".getBytes(StandardCharsets.UTF_8));
    fails(
        UnsupportedFeatureException.class,
        "iso9660: file record at 0x914e: Rock Ridge sparse files (SF) are not supported",
        () -> readAll(p));
  }

  // ---- Joliet

  private static long jolietRecord(Path p, String name) {
    long root = u32(p, 0x8800 + 156 + 2);
    byte[] ucs = name.getBytes(java.nio.charset.StandardCharsets.UTF_16BE);
    return IsoBytes.record(p, root, new String(ucs, java.nio.charset.StandardCharsets.ISO_8859_1));
  }

  @Test
  void jolietNameOddLength() {
    Path p = copy(joliet);
    long r = jolietRecord(p, "file.txt");
    u8(p, r + 32, 15);
    fails(
        CorruptImageException.class,
        "iso9660: directory at block 35: record at 0x1186c: Joliet file identifier length 15 is odd",
        () -> readAll(p));
  }

  @Test
  void jolietNameWithSlash() {
    Path p = copy(joliet);
    long r = jolietRecord(p, "file.txt");
    Tools.patch(p, r + 33 + 8, (byte) 0, (byte) '/');
    fails(
        CorruptImageException.class,
        "iso9660: directory at block 35: record at 0x1186c: Joliet file identifier \"file/txt\" contains '/'",
        () -> readAll(p));
  }

  // ---- zisofs

  private static long zfRecord(Path p) {
    return path(p, "TEXT.TXT;1");
  }

  @Test
  void zisofsAlgorithm() {
    Path p = copy(zisofs);
    Tools.patch(p, entry(p, zfRecord(p), "ZF") + 4, "PZ".getBytes(StandardCharsets.UTF_8));
    fails(
        UnsupportedFeatureException.class,
        "iso9660: file record at 0x190e4: ZF at 0x1915b: algorithm \"PZ\" is not \"pz\" (zisofs2 and others are not supported)",
        () -> readAll(p));
  }

  @Test
  void zisofsBlockSize() {
    Path p = copy(zisofs);
    u8(p, entry(p, zfRecord(p), "ZF") + 7, 20);
    fails(
        CorruptImageException.class,
        "iso9660: file record at 0x190e4: ZF at 0x1915b: log2 block size 20 not in 15..17",
        () -> readAll(p));
  }

  @Test
  void zisofsMagic() {
    Path p = copy(zisofs);
    u8(p, extent(p, zfRecord(p)) * 2048, 0);
    fails(
        CorruptImageException.class,
        "iso9660: file record at 0x190e4: zisofs: header magic at 0x1b800 is wrong",
        () -> readAll(p));
  }

  @Test
  void zisofsHeaderSize() {
    Path p = copy(zisofs);
    long data = extent(p, zfRecord(p)) * 2048;
    le32(p, data + 8, 12345);
    fails(
        CorruptImageException.class,
        "iso9660: file record at 0x190e4: zisofs: header size at 0x1b808: 12345 != ZF uncompressed size 468890",
        () -> readAll(p));
  }

  @Test
  void zisofsHeaderWords() {
    Path p = copy(zisofs);
    u8(p, extent(p, zfRecord(p)) * 2048 + 12, 3);
    fails(
        CorruptImageException.class,
        "iso9660: file record at 0x190e4: zisofs: header size at 0x1b80c: 3 words (ZF says 4, at least 4)",
        () -> readAll(p));
  }

  @Test
  void zisofsHeaderBlockSize() {
    Path p = copy(zisofs);
    u8(p, extent(p, zfRecord(p)) * 2048 + 13, 16);
    fails(
        CorruptImageException.class,
        "iso9660: file record at 0x190e4: zisofs: header log2 block size at 0x1b80d: 16 != ZF's 15",
        () -> readAll(p));
  }

  @Test
  void zisofsBlockPointers() {
    Path p = copy(zisofs);
    le32(p, extent(p, zfRecord(p)) * 2048 + 16, 0);
    fails(
        CorruptImageException.class,
        "iso9660: file record at 0x190e4: zisofs block 0: pointers at 0x1b810: 0..3741 outside 80..49192",
        () -> readAll(p));
  }

  @Test
  void zisofsBadZlibData() {
    Path p = copy(zisofs);
    long data = extent(p, zfRecord(p)) * 2048;
    u8(p, data + u32(p, data + 16), 0);
    fails(
        CorruptImageException.class,
        "iso9660: file record at 0x190e4: zisofs block 0 at 0x1b850: bad zlib data: incorrect header check",
        () -> readAll(p));
  }

  @Test
  void zisofsShortBlock() {
    Path p = copy(zisofs);
    long data = extent(p, zfRecord(p)) * 2048;
    le32(p, data + 20, u32(p, data + 16) + 10);
    fails(
        CorruptImageException.class,
        "iso9660: file record at 0x190e4: zisofs block 0 at 0x1b850: zlib stream ends after 0 of 32768 bytes",
        () -> readAll(p));
  }

  // ---- El Torito

  private static long catalog(Path p) {
    return u32(p, 0x8800 + 0x47) * 2048;
  }

  private static void elToritoFails(Path p, String message) {
    fails(
        CorruptImageException.class,
        message,
        () -> {
          try (BlockDevice dev = BlockDevices.open(p)) {
            ElTorito.read(dev);
          }
        });
  }

  @Test
  void catalogPointerBeyondTheImage() {
    Path p = copy(boot);
    le32(p, 0x8800 + 0x47, 1_000_000);
    elToritoFails(
        p,
        "iso9660: El Torito boot record: catalog pointer at 0x8847: sector 1000000 is beyond the device (1898496 bytes)");
  }

  @Test
  void validationHeaderId() {
    Path p = copy(boot);
    u8(p, catalog(p), 2);
    elToritoFails(
        p,
        "iso9660: El Torito boot catalog at 0x10800: entry 0 at 0x10800: validation entry header id 0x02 != 0x01");
  }

  @Test
  void validationKeyBytes() {
    Path p = copy(boot);
    u8(p, catalog(p) + 30, 0);
    elToritoFails(
        p,
        "iso9660: El Torito boot catalog at 0x10800: entry 0 at 0x1081e: validation entry key bytes 0x00aa != 0x55aa");
  }

  @Test
  void validationChecksum() {
    Path p = copy(boot);
    u8(p, catalog(p) + 4, 'X');
    elToritoFails(
        p,
        "iso9660: El Torito boot catalog at 0x10800: entry 0 at 0x1081c: validation entry checksum: the words sum to 0x0058, not 0");
  }

  @Test
  void bootIndicator() {
    Path p = copy(boot);
    u8(p, catalog(p) + 32, 0x44);
    elToritoFails(
        p,
        "iso9660: El Torito boot catalog at 0x10800: entry 1 at 0x10820: boot indicator 0x44 is not 0x88 or 0x00");
  }

  @Test
  void bootMediaType() {
    Path p = copy(boot);
    u8(p, catalog(p) + 33, 7);
    elToritoFails(
        p, "iso9660: El Torito boot catalog at 0x10800: entry 1 at 0x10821: boot media type 0x07");
  }

  @Test
  void loadRbaBeyondTheImage() {
    Path p = copy(boot);
    le32(p, catalog(p) + 32 + 8, 1_000_000);
    elToritoFails(
        p,
        "iso9660: El Torito boot catalog at 0x10800: entry 1 at 0x10828: load RBA 1000000 is beyond the device (1898496 bytes)");
  }

  @Test
  void imageBeyondTheImage() {
    Path p = copy(boot);
    Tools.patch(p, catalog(p) + 32 + 6, (byte) 0xff, (byte) 0xff);
    elToritoFails(
        p,
        "iso9660: El Torito boot catalog at 0x10800: entry 1 at 0x10826: the 33553920-byte image at sector 754 ends beyond the device (1898496 bytes)");
  }

  @Test
  void sectionHeaderIndicator() {
    Path p = copy(boot);
    u8(p, catalog(p) + 64, 0x90);
    elToritoFails(
        p,
        "iso9660: El Torito boot catalog at 0x10800: entry 4 at 0x10880: section header indicator 0x00 is not 0x90 or 0x91");
  }

  @Test
  void sectionEntryExtension() {
    Path p = copy(boot);
    u8(p, catalog(p) + 96 + 1, 0x20);
    elToritoFails(
        p,
        "iso9660: El Torito boot catalog at 0x10800: entry 4 at 0x10880: section entry extension indicator 0x00 != 0x44");
  }
}
