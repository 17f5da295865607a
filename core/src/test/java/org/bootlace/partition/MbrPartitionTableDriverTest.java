package org.bootlace.partition;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.bootlace.block.BlockDevice;
import org.bootlace.block.BlockDevices;
import org.bootlace.spi.Partition;
import org.bootlace.testing.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MbrPartitionTableDriverTest {
  @TempDir Path dir;

  private final MbrPartitionTableDriver driver = new MbrPartitionTableDriver();

  /** number, byte offset, byte length, type, active: what both sides must agree on. */
  private static String row(int number, long offset, long length, String type, boolean active) {
    return number + " " + offset + "+" + length + " " + type + (active ? " active" : "");
  }

  private static List<String> rows(List<Partition> parts) {
    return parts.stream()
        .map(p -> row(p.number(), p.offset(), p.length(), p.type(), p.bootable()))
        .toList();
  }

  @Test
  void readsTheTableAsSfdiskDoes() throws Exception {
    Path img = Fixtures.mbr(dir);
    SfdiskDump dump = Fixtures.sfdisk(img);
    List<String> expected =
        dump.partitions().stream()
            // The extended container is sfdisk's line but not a partition a filesystem lives on.
            .filter(l -> !l.type().equals("5"))
            .map(
                l ->
                    row(
                        l.number(),
                        l.start() * 512,
                        l.size() * 512,
                        String.format(Locale.ROOT, "0x%02x", Integer.parseInt(l.type(), 16)),
                        l.bootable()))
            .toList();

    List<Partition> parts = Fixtures.read(driver, img).partitions();

    assertThat(rows(parts)).containsExactlyElementsOf(expected);
    // The fixture's intent, so a change in sfdisk cannot make both sides agree on nothing.
    assertThat(rows(parts))
        .containsExactly(
            row(1, 2048 * 512L, 4096 * 512L, "0x83", true),
            row(4, 26624 * 512L, 4096 * 512L, "0x0c", false),
            row(5, 10240 * 512L, 2048 * 512L, "0x83", false),
            row(6, 14336 * 512L, 2048 * 512L, "0x82", false),
            row(7, 18432 * 512L, 4096 * 512L, "0x8e", false));
  }

  @Test
  void describesEachPartition() throws Exception {
    Path img = Fixtures.mbr(dir);
    List<Partition> parts = Fixtures.read(driver, img).partitions();

    Partition p1 = parts.get(0);
    assertThat(p1.scheme()).isEqualTo("msdos");
    assertThat(p1.typeName()).contains("Linux");
    assertThat(p1.label()).isEmpty();
    assertThat(p1.uuid()).isEmpty();
    assertThat(p1.grubName()).contains("msdos1");
    assertThat(parts.get(1).typeName()).contains("W95 FAT32 (LBA)");
    assertThat(parts.get(3).typeName()).contains("Linux swap / Solaris");
    assertThat(parts.get(3).device()).hasToString("disk.img[msdos6]");
    assertThat(parts.get(3).device().size()).isEqualTo(2048 * 512L);
  }

  @Test
  void partitionDevicesReadTheirOwnSectors() throws Exception {
    Path img = Fixtures.mbr(dir);
    Tools.patch(img, 14336 * 512L, "logical six".getBytes(StandardCharsets.US_ASCII));
    Tools.patch(img, 14336 * 512L + 2048 * 512 - 4, "end!".getBytes(StandardCharsets.US_ASCII));
    try (BlockDevice disk = BlockDevices.open(img)) {
      Partition p6 = Fixtures.read(driver, disk).partitions().get(3);
      assertThat(new String(p6.device().read(0, 11), StandardCharsets.US_ASCII))
          .isEqualTo("logical six");
      assertThat(new String(p6.device().read(p6.length() - 4, 4), StandardCharsets.US_ASCII))
          .isEqualTo("end!");
    }
  }

  @Test
  void probeSaysYesToARealTable() throws Exception {
    assertThat(Fixtures.probe(driver, Fixtures.mbr(dir)))
        .isEqualTo("yes: MBR with 3 partition entries");
  }

  @Test
  void readsAHandBuiltTable() throws Exception {
    BlockDevice disk = BlockDevices.ofBytes(MbrImage.standard().bytes, "hand.img");

    assertThat(driver.probe(disk).detail()).isEqualTo("MBR with 3 partition entries");
    assertThat(rows(Fixtures.read(driver, disk).partitions()))
        .containsExactly(
            row(1, 64 * 512L, 128 * 512L, "0x83", true),
            row(4, 1536 * 512L, 256 * 512L, "0x0c", false),
            row(5, 288 * 512L, 64 * 512L, "0x83", false),
            row(6, 544 * 512L, 128 * 512L, "0x82", false),
            row(7, 800 * 512L, 200 * 512L, "0x8e", false));
  }

  @Test
  void anEbrWithAnEmptyFirstEntryOnlyLinksOn() throws Exception {
    MbrImage img = MbrImage.standard();
    // EBR at 512 keeps its link but loses its logical partition: 7 becomes 6, as Linux counts.
    img.entry(512, 0, 0, 0, 0, 0);
    BlockDevice disk = BlockDevices.ofBytes(img.bytes, "hand.img");

    assertThat(rows(Fixtures.read(driver, disk).partitions()))
        .containsExactly(
            row(1, 64 * 512L, 128 * 512L, "0x83", true),
            row(4, 1536 * 512L, 256 * 512L, "0x0c", false),
            row(5, 288 * 512L, 64 * 512L, "0x83", false),
            row(6, 800 * 512L, 200 * 512L, "0x8e", false));
  }

  @Test
  void anEntryAtSectorZeroIsKeptForIsohybridImages() throws Exception {
    // isohybrid maps the whole ISO as partition 1 from sector 0; DiskLayout drops that duplicate.
    MbrImage img = new MbrImage(2048).entry(0, 0, 0x80, 0x17, 0, 2048);
    BlockDevice disk = BlockDevices.ofBytes(img.bytes, "hybrid.iso");

    assertThat(driver.probe(disk).matched()).isTrue();
    assertThat(rows(Fixtures.read(driver, disk).partitions()))
        .containsExactly(row(1, 0, 2048 * 512L, "0x17", true));
  }

  @Test
  void typeZeroWithSectorsIsSkippedButKeepsTheNumbering() throws Exception {
    Path img = Tools.sparseFile(dir.resolve("disk.img"), 8 * Fixtures.MIB);
    Tools.runWithInput(
        "label: dos\nstart=2048, size=2048, type=83\nstart=4096, size=2048, type=0\n"
            + "start=6144, size=2048, type=7\n",
        "sfdisk",
        "-q",
        "--no-reread",
        "--no-tell-kernel",
        img.toString());
    // sfdisk lists the type-0 slot; bootlace, like GRUB, has nothing to read there.
    assertThat(Fixtures.sfdisk(img).partitions())
        .extracting(SfdiskDump.Line::type)
        .containsExactly("83", "0", "7");

    List<Partition> parts = Fixtures.read(driver, img).partitions();

    assertThat(rows(parts))
        .containsExactly(
            row(1, 2048 * 512L, 2048 * 512L, "0x83", false),
            row(3, 6144 * 512L, 2048 * 512L, "0x07", false));
    assertThat(parts.get(1).typeName()).isEqualTo(Optional.of("HPFS/NTFS/exFAT"));
  }
}
