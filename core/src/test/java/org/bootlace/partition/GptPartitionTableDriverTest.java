package org.bootlace.partition;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bootlace.block.BlockDevice;
import org.bootlace.block.BlockDevices;
import org.bootlace.spi.Partition;
import org.bootlace.testing.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GptPartitionTableDriverTest {
  @TempDir Path dir;

  private final GptPartitionTableDriver driver = new GptPartitionTableDriver();
  private final MbrPartitionTableDriver mbr = new MbrPartitionTableDriver();

  /** Everything a GPT entry says, in one comparable line. */
  private static String row(
      int number,
      long offset,
      long length,
      String type,
      String uuid,
      String name,
      boolean bootable) {
    return String.join(
        " ",
        String.valueOf(number),
        offset + "+" + length,
        type,
        uuid,
        "'" + name + "'",
        bootable ? "bootable" : "-");
  }

  private static List<String> rows(List<Partition> parts) {
    return parts.stream()
        .map(
            p ->
                row(
                    p.number(),
                    p.offset(),
                    p.length(),
                    p.type(),
                    p.uuid().orElse("?"),
                    p.label().orElse(""),
                    p.bootable()))
        .toList();
  }

  /** util-linux's view, with its sectors scaled to bytes. */
  private static List<String> rows(SfdiskDump dump) {
    return dump.partitions().stream()
        .map(
            l ->
                row(
                    l.number(),
                    l.start() * dump.sectorSize(),
                    l.size() * dump.sectorSize(),
                    l.type().toLowerCase(Locale.ROOT),
                    l.uuid().toLowerCase(Locale.ROOT),
                    l.name(),
                    l.attrs().contains("LegacyBIOSBootable")))
        .toList();
  }

  /** gdisk's view of one partition ({@code sgdisk -i N}). */
  private static String sgdiskRow(Path img, int number) {
    String info = Fixtures.utf8(Tools.run("sgdisk", "-i", String.valueOf(number), img.toString()));
    long first = Long.parseLong(field(info, "First sector: (\\d+)"));
    long last = Long.parseLong(field(info, "Last sector: (\\d+)"));
    long attributes = Long.parseUnsignedLong(field(info, "Attribute flags: ([0-9A-Fa-f]+)"), 16);
    return row(
        number,
        first * 512,
        (last - first + 1) * 512,
        field(info, "Partition GUID code: (\\S+)").toLowerCase(Locale.ROOT),
        field(info, "Partition unique GUID: (\\S+)").toLowerCase(Locale.ROOT),
        field(info, "Partition name: '(.*)'"),
        (attributes & 4) != 0);
  }

  private static String field(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    assertThat(m.find()).as("%s in %s", regex, text).isTrue();
    return m.group(1);
  }

  @Test
  void readsAnSgdiskTableAsSfdiskAndSgdiskDo() throws Exception {
    Path img = Fixtures.gpt(dir);

    List<Partition> parts = Fixtures.read(driver, img).partitions();

    assertThat(rows(parts)).containsExactlyElementsOf(rows(Fixtures.sfdisk(img)));
    assertThat(rows(parts))
        .containsExactly(
            sgdiskRow(img, 1), sgdiskRow(img, 2), sgdiskRow(img, 3), sgdiskRow(img, 5));
    // Slot 4 is unused and keeps its number; only the ESP has the legacy-bootable bit.
    assertThat(parts).extracting(Partition::number).containsExactly(1, 2, 3, 5);
    assertThat(parts).extracting(Partition::bootable).containsExactly(false, true, false, false);
    assertThat(parts)
        .extracting(p -> p.typeName().orElse("?"))
        .containsExactly("BIOS boot", "EFI System", "Linux root (x86-64)", "Linux swap");
    assertThat(parts).extracting(Partition::scheme).containsOnly("gpt");
    assertThat(parts.get(2).grubName()).contains("gpt3");
    assertThat(parts.get(2).device()).hasToString("disk.img[gpt3]");
  }

  @Test
  void probeFindsTheProtectiveMbrAndHeader() throws Exception {
    Path img = Fixtures.gpt(dir);
    assertThat(Fixtures.probe(driver, img))
        .isEqualTo(
            "yes: protective MBR (type 0xee in entry 1), GPT header at LBA 1 with 512-byte"
                + " sectors");
    assertThat(Fixtures.probe(mbr, img))
        .isEqualTo(
            "no: MBR: partition 1 (entry at 0x1be) has type 0xee: a GPT protective MBR, read as"
                + " GPT");
  }

  @Test
  void readsNamesGuidsAndAttributesFromAnSfdiskScript() throws Exception {
    Path img = Fixtures.gptFromScript(dir);

    List<Partition> parts = Fixtures.read(driver, img).partitions();

    assertThat(rows(parts)).containsExactlyElementsOf(rows(Fixtures.sfdisk(img)));
    assertThat(rows(parts).subList(0, 2))
        .containsExactly(
            row(
                1,
                2048 * 512L,
                2048 * 512L,
                "bc13c2ff-59e6-4262-a352-b275fd6f7172",
                "0a0b0c0d-0e0f-1011-1213-141516171819",
                "boot \u2603 \u00e9t\u00e9",
                false),
            row(
                2,
                4096 * 512L,
                8192 * 512L,
                "4f68bce3-e8cd-4db1-96e7-fbcaf984b709",
                "f0e1d2c3-b4a5-9687-7869-5a4b3c2d1e0f",
                "abcdefghijklmnopqrstuvwxyz0123456789",
                true));
    assertThat(parts.get(0).typeName()).contains("Linux extended boot");
    assertThat(parts.get(2).label()).isEmpty();
    assertThat(parts.get(2).typeName()).contains("Microsoft basic data");
  }

  @Test
  void readsA4096ByteSectorImageMadeByFdisk() throws Exception {
    Path img = Fixtures.gpt4k(dir);
    SfdiskDump dump = Fixtures.fdisk4kDump(dir, img);
    assertThat(dump.sectorSize()).isEqualTo(4096);

    // An image file reports 512-byte sectors; the header at byte 4096 gives the real size.
    List<Partition> parts = Fixtures.read(driver, img).partitions();

    assertThat(Fixtures.probe(driver, img))
        .isEqualTo(
            "yes: protective MBR (type 0xee in entry 1), GPT header at LBA 1 with 4096-byte"
                + " sectors");
    assertThat(rows(parts)).containsExactlyElementsOf(rows(dump));
    assertThat(parts.get(0).offset()).isEqualTo(256 * 4096L);
    assertThat(parts.get(0).length()).isEqualTo(256 * 4096L);
  }

  @Test
  void readsAHandBuiltTableWithEitherSectorSize() throws Exception {
    for (int sectorSize : new int[] {512, 4096}) {
      GptImage g = GptImage.standard(sectorSize, 256);
      long first = g.firstUsable();
      List<String> expected =
          List.of(
              row(
                  1,
                  first * sectorSize,
                  16L * sectorSize,
                  GptImage.ESP,
                  "11111111-2222-3333-4444-555555555555",
                  "EFI system",
                  true),
              row(
                  3,
                  (first + 16) * sectorSize,
                  (g.lastUsable() - first - 15) * sectorSize,
                  GptImage.LINUX,
                  "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
                  "root",
                  false));
      byte[] bytes = g.build();
      // As an image file (which says 512) and as a block device that reports its real size.
      for (BlockDevice disk :
          List.of(
              BlockDevices.ofBytes(bytes, "hand.img"),
              BlockDevices.ofBytes(bytes, "hand.img", sectorSize))) {
        assertThat(driver.probe(disk).detail())
            .isEqualTo(
                "protective MBR (type 0xee in entry 1), GPT header at LBA 1 with "
                    + sectorSize
                    + "-byte sectors");
        assertThat(rows(Fixtures.read(driver, disk).partitions())).isEqualTo(expected);
      }
    }
  }

  @Test
  void readsLargerEntriesAndOddTableLengths() throws Exception {
    GptImage g = new GptImage(512, 256);
    g.entrySize = 512;
    g.entryCount = 9;
    g.add(
        8,
        GptImage.LINUX,
        "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
        g.firstUsable(),
        g.lastUsable(),
        0,
        "last");
    assertThat(
            rows(Fixtures.read(driver, BlockDevices.ofBytes(g.build(), "hand.img")).partitions()))
        .containsExactly(
            row(
                9,
                g.firstUsable() * 512,
                (g.lastUsable() - g.firstUsable() + 1) * 512,
                GptImage.LINUX,
                "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
                "last",
                false));

    Path img = Fixtures.gpt(dir);
    Tools.run("sgdisk", "--resize-table=200", "-n", "200:0:+1M", "-c", "200:far", img.toString());
    List<Partition> parts = Fixtures.read(driver, img).partitions();
    assertThat(rows(parts)).containsExactlyElementsOf(rows(Fixtures.sfdisk(img)));
    assertThat(parts).extracting(Partition::number).containsExactly(1, 2, 3, 5, 200);
  }

  @Test
  void readsAHybridMbrAsGpt() throws Exception {
    Path img = Fixtures.gpt(dir);
    Tools.run("sgdisk", "-h", "2:3", img.toString());
    assertThat(Tools.run("sgdisk", "-O", img.toString())).contains("0xEF", "0x83");

    assertThat(Fixtures.probe(driver, img))
        .isEqualTo(
            "yes: hybrid MBR (type 0xee in entry 1 and 2 other entries), GPT header at LBA 1 with"
                + " 512-byte sectors");
    assertThat(Fixtures.probe(mbr, img))
        .isEqualTo(
            "no: MBR: partition 1 (entry at 0x1be) has type 0xee: a GPT protective MBR, read as"
                + " GPT");
    List<Partition> parts = Fixtures.read(driver, img).partitions();
    assertThat(rows(parts)).containsExactlyElementsOf(rows(Fixtures.sfdisk(img)));
    assertThat(parts).extracting(Partition::number).containsExactly(1, 2, 3, 5);
  }

  @Test
  void partitionDevicesReadTheirOwnSectors() throws Exception {
    Path img = Fixtures.gpt4k(dir);
    Tools.patch(img, 512 * 4096L, "second".getBytes(StandardCharsets.US_ASCII));
    try (BlockDevice disk = BlockDevices.open(img)) {
      Partition p2 = Fixtures.read(driver, disk).partitions().get(1);
      assertThat(new String(p2.device().read(0, 6), StandardCharsets.US_ASCII)).isEqualTo("second");
      assertThat(p2.device().size()).isEqualTo(1024 * 4096L);
    }
  }

  @Test
  void anEmptyNameIsNoLabel() throws Exception {
    GptImage g = new GptImage(512, 128);
    g.add(0, GptImage.LINUX, "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee", 40, 50, 0, "");
    Partition p =
        Fixtures.read(driver, BlockDevices.ofBytes(g.build(), "hand.img")).partitions().get(0);
    assertThat(p.label()).isEqualTo(Optional.empty());
    assertThat(p.typeName()).contains("Linux filesystem");
  }
}
