package org.bootlace.fs.iso9660;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bootlace.fs.iso9660.TinyIso.B;
import static org.bootlace.fs.iso9660.TinyIso.ROOT;
import static org.bootlace.fs.iso9660.TinyIso.cat;
import static org.bootlace.fs.iso9660.TinyIso.ce;
import static org.bootlace.fs.iso9660.TinyIso.cl;
import static org.bootlace.fs.iso9660.TinyIso.dot;
import static org.bootlace.fs.iso9660.TinyIso.dotdot;
import static org.bootlace.fs.iso9660.TinyIso.name;
import static org.bootlace.fs.iso9660.TinyIso.nm;
import static org.bootlace.fs.iso9660.TinyIso.px;
import static org.bootlace.fs.iso9660.TinyIso.record;
import static org.bootlace.fs.iso9660.TinyIso.sl;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.Deflater;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.bootlace.CorruptImageException;
import org.bootlace.Limits;
import org.bootlace.UnsupportedFeatureException;
import org.bootlace.spi.DirEntry;
import org.bootlace.spi.FileType;
import org.bootlace.spi.FsNode;
import org.bootlace.testing.OpenedFs;
import org.junit.jupiter.api.Test;

/**
 * The key checks again, and the legal oddities tools do not write, on images built byte by byte
 * ({@link TinyIso}).
 */
class HandBuiltTest {
  static final int FILE = 0100644;

  private static OpenedFs open(TinyIso t) throws IOException {
    return IsoImages.open(t.device(), Limits.defaults());
  }

  private static void fails(
      Class<? extends Exception> type, String message, ThrowingCallable call) {
    assertThatThrownBy(call).isExactlyInstanceOf(type).hasMessage(message);
  }

  private static List<String> names(OpenedFs o, FsNode dir) throws IOException {
    return o.fs.list(dir).stream().map(DirEntry::name).toList();
  }

  /**
   * A Rock Ridge image: root at 18 holding "hello" (data at block 20) and the directory "sub" at
   * 19.
   */
  private static TinyIso basic() {
    return basic(24);
  }

  private static TinyIso basic(int blocks) {
    TinyIso t = new TinyIso(blocks);
    t.directory(
        ROOT,
        TinyIso.rockRidgeRoot(B),
        dotdot(ROOT, B),
        record(20, 11, 0, name("HELLO.;1"), cat(px(FILE), nm(0, "hello"))),
        record(19, B, DirRecord.FLAG_DIRECTORY, name("SUB"), cat(px(040755), nm(0, "sub"))));
    t.directory(19, dot(19, B, px(040755)), dotdot(ROOT, B));
    t.put(20 * B, name("hello world"));
    return t;
  }

  @Test
  void theUntouchedImageReads() throws IOException {
    try (OpenedFs o = open(basic())) {
      assertThat(names(o, o.fs.root())).containsExactly("hello", "sub");
      assertThat(new String(o.read("/hello"), StandardCharsets.UTF_8)).isEqualTo("hello world");
      assertThat(o.node("/sub").type()).isEqualTo(FileType.DIRECTORY);
      assertThat(o.fs.list(o.node("/sub"))).isEmpty();
      assertThat(o.fs.lookup(o.fs.root(), "HELLO")).isEmpty(); // Rock Ridge names match exactly
      assertThat(o.fs.label()).contains("TINY");
      assertThat(o.fs.uuid()).isEmpty(); // both dates unset
    }
  }

  /** ECMA-119 6.8.1.1: a zero length byte ends the records of a sector; the next sector goes on. */
  @Test
  void aZeroLengthRecordInTheMiddleOfASectorSkipsToTheNext() throws IOException {
    TinyIso t = new TinyIso(24);
    t.rootRecord(ROOT, 2 * B);
    t.directory(
        ROOT,
        dot(ROOT, 2 * B, new byte[0]),
        dotdot(ROOT, 2 * B),
        record(20, 1, 0, name("A.;1"), new byte[0]));
    // After the zero byte: what looks like a record, which must not be read.
    t.put(ROOT * B + 300, record(21, 1, 0, name("GHOST.;1"), new byte[0]));
    t.put(ROOT * B + 200, new byte[] {0});
    t.directory(ROOT + 1, record(21, 1, 0, name("B.;1"), new byte[0]));
    t.put(20 * B, name("a"));
    t.put(21 * B, name("b"));
    try (OpenedFs o = open(t)) {
      assertThat(names(o, o.fs.root())).containsExactly("a", "b");
      assertThat(new String(o.read("/B"), StandardCharsets.UTF_8)).isEqualTo("b");
      assertThat(o.fs.lookup(o.fs.root(), "ghost")).isEmpty();
    }
  }

  @Test
  void continuationAreaLoop() throws IOException {
    TinyIso t = basic();
    // hello's CE names block 21 offset 0, whose CE names block 21 offset 100, whose CE names offset
    // 0 again.
    t.directory(
        ROOT,
        TinyIso.rockRidgeRoot(B),
        dotdot(ROOT, B),
        record(20, 11, 0, name("HELLO.;1"), cat(px(FILE), ce(21, 0, 28))));
    t.put(21 * B, ce(21, 100, 28));
    t.put(21 * B + 100, ce(21, 0, 28));
    try (OpenedFs o = open(t)) {
      fails(
          CorruptImageException.class,
          "iso9660: directory at block 18: record at 0x9082: SUSP entry CE at 0xa864: continuation area at block 21 offset 0 was already read (a loop)",
          () -> o.fs.list(o.fs.root()));
    }
  }

  @Test
  void continuationAreasAreBounded() throws IOException {
    TinyIso t = basic();
    t.directory(
        ROOT,
        TinyIso.rockRidgeRoot(B),
        dotdot(ROOT, B),
        record(20, 11, 0, name("HELLO.;1"), cat(px(FILE), ce(21, 0, 28))));
    for (int i = 0; i < 40; i++) {
      t.put(21 * B + 28 * i, ce(21, 28 * (i + 1), 28));
    }
    try (OpenedFs o = open(t)) {
      fails(
          CorruptImageException.class,
          "iso9660: directory at block 18: record at 0x9082: SUSP entry CE at 0xab64: more than 32 continuation areas",
          () -> o.fs.list(o.fs.root()));
    }
  }

  @Test
  void twoContinuationsInOneArea() throws IOException {
    TinyIso t = basic();
    t.directory(
        ROOT,
        TinyIso.rockRidgeRoot(B),
        dotdot(ROOT, B),
        record(20, 11, 0, name("HELLO.;1"), cat(px(FILE), ce(21, 0, 28), ce(21, 100, 28))));
    try (OpenedFs o = open(t)) {
      fails(
          CorruptImageException.class,
          "iso9660: directory at block 18: record at 0x9082: SUSP entry CE at 0x90ec: a second CE in one area",
          () -> o.fs.list(o.fs.root()));
    }
  }

  @Test
  void aDirectoryContainingItself() throws IOException {
    TinyIso t = basic();
    t.directory(
        19,
        dot(19, B, px(040755)),
        dotdot(ROOT, B),
        record(19, B, DirRecord.FLAG_DIRECTORY, name("SELF"), nm(0, "self")));
    try (OpenedFs o = open(t)) {
      FsNode sub = o.node("/sub");
      fails(
          CorruptImageException.class,
          "iso9660: directory at block 19: record at 0x9868: directory \"self\" is block 19, this directory itself (a loop)",
          () -> o.fs.lookup(sub, "self"));
    }
  }

  @Test
  void aRelocationLinkToItsOwnDirectory() throws IOException {
    TinyIso t = basic();
    t.directory(
        19,
        dot(19, B, px(040755)),
        dotdot(ROOT, B),
        record(0, 0, 0, name("MOVED.;1"), cat(px(040755), nm(0, "moved"), cl(19))));
    try (OpenedFs o = open(t)) {
      FsNode sub = o.node("/sub");
      fails(
          CorruptImageException.class,
          "iso9660: directory at block 19: record at 0x9868: CL of \"moved\" is block 19, this directory itself (a loop)",
          () -> o.fs.list(sub));
    }
  }

  @Test
  void relocatedDirectoriesAreReadThroughTheirLink() throws IOException {
    TinyIso t = new TinyIso(26);
    // /deep is a CL placeholder for block 22, which lives in /rr_moved under RE.
    t.directory(
        ROOT,
        TinyIso.rockRidgeRoot(B),
        dotdot(ROOT, B),
        record(0, 0, 0, name("DEEP.;1"), cat(px(040755), nm(0, "deep"), cl(22))),
        record(
            19, B, DirRecord.FLAG_DIRECTORY, name("RR_MOVED"), cat(px(040755), nm(0, "rr_moved"))));
    t.directory(
        19,
        dot(19, B, px(040755)),
        dotdot(ROOT, B),
        record(
            22,
            B,
            DirRecord.FLAG_DIRECTORY,
            name("DEEP"),
            cat(px(040755), nm(0, "deep"), TinyIso.re())));
    t.directory(
        22,
        dot(22, B, px(040700)),
        dotdot(19, B),
        record(23, 4, 0, name("F.;1"), cat(px(FILE), nm(0, "f"))));
    t.put(23 * B, name("deep"));
    try (OpenedFs o = open(t)) {
      List<DirEntry> root = o.fs.list(o.fs.root());
      assertThat(root)
          .containsExactly(
              new DirEntry("deep", FileType.DIRECTORY, 22 * B),
              new DirEntry("rr_moved", FileType.DIRECTORY, 19 * B));
      assertThat(o.fs.list(o.node("/rr_moved"))).isEmpty();
      assertThat(o.node("/deep").mode()).isEqualTo(040700);
      assertThat(o.fs.node(root.get(0)).id()).isEqualTo(22 * B);
      assertThat(new String(o.read("/deep/f"), StandardCharsets.UTF_8)).isEqualTo("deep");
    }
  }

  @Test
  void extentsBeyondTheEnd() throws IOException {
    TinyIso t = basic();
    t.directory(
        ROOT,
        TinyIso.rockRidgeRoot(B),
        dotdot(ROOT, B),
        record(23, 5000, 0, name("HELLO.;1"), cat(px(FILE), nm(0, "hello"))),
        record(30, B, DirRecord.FLAG_DIRECTORY, name("SUB"), cat(px(040755), nm(0, "sub"))));
    try (OpenedFs o = open(t)) {
      fails(
          CorruptImageException.class,
          "iso9660: file record at 0x9082: extent 1 at 0x9082: extent of 5000 bytes at block 23 ends beyond the device tiny.iso (49152 bytes)",
          () -> o.fs.lookup(o.fs.root(), "hello"));
      fails(
          CorruptImageException.class,
          "iso9660: directory record at 0x90da: extent of 2048 bytes at block 30 ends beyond the device tiny.iso (49152 bytes)",
          () -> o.fs.list(o.fs.root()));
    }
  }

  @Test
  void theDescriptorSetMustEndBySector99() throws IOException {
    TinyIso t = new TinyIso(110);
    for (int s = 17; s <= 99; s++) {
      t.descriptor(s, 3); // volume partition descriptors are skipped
    }
    t.rootRecord(105, B);
    t.directory(105, dot(105, B, new byte[0]), dotdot(105, B));
    fails(
        CorruptImageException.class,
        "iso9660: volume descriptor set: no terminator in sectors 16..99 (0x8000..0x31800)",
        () -> open(t).close());
    t.descriptor(99, 255);
    open(t).close();
  }

  @Test
  void aDirectoryNeedsDotAndDotDot() throws IOException {
    TinyIso t = new TinyIso(24);
    t.directory(ROOT, dot(ROOT, B, new byte[0]));
    try (OpenedFs o = open(t)) {
      fails(
          CorruptImageException.class,
          "iso9660: directory at block 18: 1 records, a directory needs \".\" and \"..\"",
          () -> o.fs.list(o.fs.root()));
    }
  }

  private static TinyIso multiExtent(long[][] sections, byte[] sua) {
    TinyIso t = new TinyIso(40);
    byte[][] records = new byte[2 + sections.length][];
    records[0] = sua.length > 0 ? TinyIso.rockRidgeRoot(B) : dot(ROOT, B, new byte[0]);
    records[1] = dotdot(ROOT, B);
    for (int i = 0; i < sections.length; i++) {
      int flags = i < sections.length - 1 ? DirRecord.FLAG_MULTI_EXTENT : 0;
      records[2 + i] =
          record(sections[i][0], sections[i][1], flags, name("BIG.;1"), i == 0 ? sua : new byte[0]);
    }
    t.directory(ROOT, records);
    for (int b = 20; b < 40; b++) {
      java.util.Arrays.fill(t.image, b * B, (b + 1) * B, (byte) b);
    }
    return t;
  }

  @Test
  void multiExtentFilesReadInRecordOrder() throws IOException {
    // Three sections out of disk order, the first two adjacent on disk in file order.
    TinyIso t = multiExtent(new long[][] {{30, 2 * B}, {32, B}, {21, 100}}, new byte[0]);
    try (OpenedFs o = open(t)) {
      List<DirEntry> entries = o.fs.list(o.fs.root());
      assertThat(entries).containsExactly(new DirEntry("big", FileType.REGULAR, ROOT * B + 68));
      FsNode n = o.node("/big");
      assertThat(n.size()).isEqualTo(3 * B + 100);
      assertThat(o.fs.node(entries.get(0)).size()).isEqualTo(n.size());
      byte[] all = o.read(n);
      assertThat(all[0]).isEqualTo((byte) 30);
      assertThat(all[2 * B]).isEqualTo((byte) 32);
      assertThat(all[3 * B + 99]).isEqualTo((byte) 21);
      ByteBuffer across = ByteBuffer.allocate(10);
      assertThat(o.fs.read(n, 3 * B - 5, across)).isEqualTo(10);
      assertThat(across.array()).containsExactly(32, 32, 32, 32, 32, 21, 21, 21, 21, 21);
    }
  }

  @Test
  void overlappingExtentsOfOneFile() throws IOException {
    TinyIso t = multiExtent(new long[][] {{30, 2 * B}, {31, B}}, new byte[0]);
    try (OpenedFs o = open(t)) {
      fails(
          CorruptImageException.class,
          "iso9660: file record at 0x9044: extent 1 (4096 bytes at 0xf000) overlaps extent 2 (at 0xf800)",
          () -> o.fs.lookup(o.fs.root(), "big"));
    }
  }

  @Test
  void zisofsAppliesToOneExtentOnly() throws IOException {
    TinyIso t = multiExtent(new long[][] {{30, B}, {31, B}}, cat(px(FILE), TinyIso.zf(4, 15, 100)));
    try (OpenedFs o = open(t)) {
      fails(
          CorruptImageException.class,
          "iso9660: file record at 0x9082: ZF at 0x90ce: a zisofs file has 2 extents, ZF allows one",
          () -> o.fs.lookup(o.fs.root(), "big"));
    }
  }

  @Test
  void rockRidgeNames() throws IOException {
    TinyIso t = basic();
    // 150 bytes of name in the record, 106 more in a continuation area: 256 in all.
    t.directory(
        ROOT,
        TinyIso.rockRidgeRoot(B),
        dotdot(ROOT, B),
        record(20, 11, 0, name("HELLO.;1"), cat(px(FILE), nm(1, "split "), nm(0, "name"))),
        record(20, 11, 0, name("LONG.;1"), cat(nm(1, "n".repeat(150)), ce(21, 0, 111))));
    t.put(21 * B, nm(0, "m".repeat(106)));
    try (OpenedFs o = open(t)) {
      fails(
          CorruptImageException.class,
          "iso9660: directory at block 18: record at 0x90e4: SUSP entry NM at 0xa800: name longer than 255 bytes",
          () -> o.fs.list(o.fs.root()));
      assertThat(o.fs.lookup(o.fs.root(), "split name")).isPresent();
    }
    t.directory(
        ROOT,
        TinyIso.rockRidgeRoot(B),
        dotdot(ROOT, B),
        record(20, 11, 0, name("HELLO.;1"), cat(px(FILE), nm(0, ".."))));
    try (OpenedFs o = open(t)) {
      fails(
          CorruptImageException.class,
          "iso9660: directory at block 18: record at 0x9082: Rock Ridge name \"..\"",
          () -> o.fs.list(o.fs.root()));
    }
  }

  private static String link(Object... slEntries) throws IOException {
    TinyIso t = basic();
    byte[][] parts = new byte[slEntries.length + 1][];
    parts[0] = px(0120777);
    for (int i = 0; i < slEntries.length; i++) {
      parts[i + 1] = (byte[]) slEntries[i];
    }
    t.directory(
        ROOT,
        TinyIso.rockRidgeRoot(B),
        dotdot(ROOT, B),
        record(0, 0, 0, name("L.;1"), cat(cat(parts), nm(0, "l"))));
    try (OpenedFs o = open(t)) {
      FsNode n = o.node("/l");
      assertThat(n.type()).isEqualTo(FileType.SYMLINK);
      String target = o.fs.readLink(n);
      assertThat(n.size())
          .isEqualTo(target.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
      return target;
    }
  }

  @Test
  void symbolicLinkComponents() throws IOException {
    assertThat(link(sl(0, 8, "", 0, "usr", 0, "lib"))).isEqualTo("/usr/lib");
    assertThat(link(sl(0, 4, "", 4, "", 2, "", 0, "x"))).isEqualTo("../.././x");
    // A component continued in the next component, across two SL entries.
    assertThat(link(sl(1, 0, "dir", 1, "ec"), sl(0, 0, "tory", 0, "file")))
        .isEqualTo("dir/ectory/file");
    fails(
        UnsupportedFeatureException.class,
        "iso9660: directory at block 18: record at 0x9082: SUSP entry SL at 0x90cc: component flags 0x10: links to the volume root are not supported",
        () -> link(sl(0, 0x10, "")));
    fails(
        CorruptImageException.class,
        "iso9660: directory at block 18: record at 0x9082: SUSP entry SL at 0x90cc: component flags 0x40",
        () -> link(sl(0, 0x40, "")));
  }

  /** zisofs data: the 16-byte header, two pointers, one block. */
  private static TinyIso zisofs(byte[] block, int uncompressed) {
    TinyIso t = basic(80);
    byte[] header = {
      0x37,
      (byte) 0xE4,
      0x53,
      (byte) 0x96,
      (byte) 0xC9,
      (byte) 0xDB,
      (byte) 0xD6,
      0x07,
      (byte) uncompressed,
      (byte) (uncompressed >> 8),
      (byte) (uncompressed >> 16),
      0,
      4,
      15,
      0,
      0
    };
    byte[] ptrs = new byte[8];
    org.bootlace.binary.Le.putU32(ptrs, 0, 24);
    org.bootlace.binary.Le.putU32(ptrs, 4, 24 + block.length);
    byte[] data = cat(header, ptrs, block);
    t.directory(
        ROOT,
        TinyIso.rockRidgeRoot(B),
        dotdot(ROOT, B),
        record(
            20,
            data.length,
            0,
            name("Z.;1"),
            cat(px(FILE), nm(0, "z"), TinyIso.zf(4, 15, uncompressed))));
    t.put(20 * B, data);
    return t;
  }

  private static byte[] deflate(byte[] in) {
    Deflater d = new Deflater();
    d.setInput(in);
    d.finish();
    byte[] out = new byte[in.length + 100];
    int n = d.deflate(out);
    d.end();
    return java.util.Arrays.copyOf(out, n);
  }

  @Test
  void zisofsBlocksInflateToExactlyTheirSize() throws IOException {
    byte[] text = "zisofs ".repeat(100).getBytes(StandardCharsets.UTF_8);
    try (OpenedFs o = open(zisofs(deflate(text), text.length))) {
      assertThat(o.read("/z")).isEqualTo(text);
    }
    // The stream holds more than the declared size: output stops at the block's size.
    byte[] more = "zisofs ".repeat(200).getBytes(StandardCharsets.UTF_8);
    try (OpenedFs o = open(zisofs(deflate(more), text.length))) {
      fails(
          CorruptImageException.class,
          "iso9660: file record at 0x9082: zisofs block 0 at 0xa018: inflates to more than 700 bytes",
          () -> o.read("/z"));
    }
    // Compressed data bigger than twice the block cannot be zisofs.
    try (OpenedFs o = open(zisofs(new byte[70_000], 1000))) {
      fails(
          CorruptImageException.class,
          "iso9660: file record at 0x9082: zisofs block 0: 70000 compressed bytes for a block of 32768",
          () -> o.read("/z"));
    }
  }

  @Test
  void whichTreeIsRead() throws IOException {
    // SUSP without an ER is Rock Ridge only when there is no Joliet tree (as Linux reads it).
    TinyIso t = new TinyIso(24);
    int root = 22;
    t.rootRecord(root, B);
    t.directory(
        root,
        dot(root, B, cat(TinyIso.sp(), px(040755))),
        dotdot(root, B),
        record(20, 1, 0, name("X.;1"), nm(0, "rock")));
    try (OpenedFs o = open(t)) {
      assertThat(names(o, o.fs.root())).containsExactly("rock");
    }
    t.descriptor(17, 2);
    t.put(17 * B + 88, name("%/E"));
    System.arraycopy(t.image, 16 * B + 80, t.image, 17 * B + 80, 8);
    System.arraycopy(t.image, 16 * B + 128, t.image, 17 * B + 128, 4);
    t.descriptor(18, 255);
    t.put(17 * B + 156, record(21, B, DirRecord.FLAG_DIRECTORY, new byte[] {0}, new byte[0]));
    byte[] jname = "Joliet Name.TXT;1".getBytes(java.nio.charset.StandardCharsets.UTF_16BE);
    t.directory(21, dot(21, B, new byte[0]), dotdot(21, B), record(20, 1, 0, jname, new byte[0]));
    try (OpenedFs o = open(t)) {
      assertThat(names(o, o.fs.root())).containsExactly("Joliet Name.TXT");
      assertThat(o.fs.lookup(o.fs.root(), "joliet name.txt..."))
          .isPresent(); // case and trailing dots ignored
    }
    // With an RRIP ER, Rock Ridge wins over Joliet.
    t.directory(
        root,
        dot(root, B, cat(TinyIso.sp(), px(040755), TinyIso.er("IEEE_P1282"))),
        dotdot(root, B),
        record(20, 1, 0, name("X.;1"), nm(0, "rock")));
    try (OpenedFs o = open(t)) {
      assertThat(names(o, o.fs.root())).containsExactly("rock");
    }
  }

  @Test
  void probeAnswers() throws IOException {
    Iso9660FilesystemDriver d = new Iso9660FilesystemDriver();
    assertThat(d.name()).isEqualTo("iso9660");
    assertThat(d.priority()).isEqualTo(50);
    assertThat(d.probe(basic().device()))
        .isEqualTo(org.bootlace.spi.Probe.yes("ISO 9660 volume descriptor (type 1) at 0x8000"));
    assertThat(d.probe(org.bootlace.block.BlockDevices.ofBytes(new byte[40 << 10], "zeros")))
        .isEqualTo(org.bootlace.spi.Probe.no("no \"CD001\" at 0x8001"));
    assertThat(d.probe(org.bootlace.block.BlockDevices.ofBytes(new byte[1024], "small")))
        .isEqualTo(
            org.bootlace.spi.Probe.no("too small for an ISO 9660 volume descriptor (1024 bytes)"));
    // A probe says yes to "CD001"; what follows is checked when the image is opened.
    TinyIso t = basic();
    t.image[16 * B + 6] = 9;
    assertThat(d.probe(t.device()).matched()).isTrue();
    fails(
        CorruptImageException.class,
        "iso9660: primary volume descriptor at 0x8000: version at 0x8006: 9 != 1",
        () -> open(t));
  }

  @Test
  void plainNamesAsLinuxMapsThem() {
    assertThat(Names.plain(name("FOO.TXT;1"))).isEqualTo("foo.txt");
    assertThat(Names.plain(name("NOEXT.;1"))).isEqualTo("noext");
    assertThat(Names.plain(name("DIR"))).isEqualTo("dir");
    assertThat(Names.plain(name("VER;2"))).isEqualTo("ver.2");
    assertThat(Names.plain(name("A.B;1X"))).isEqualTo("a.b.1x");
    assertThat(Names.matches(Names.Tree.PLAIN, "vmlinuz", "VMLINUZ")).isTrue();
    assertThat(Names.matches(Names.Tree.ROCK_RIDGE, "vmlinuz", "VMLINUZ")).isFalse();
    assertThat(Names.matches(Names.Tree.JOLIET, "Trail", "trail..")).isTrue();
  }
}
