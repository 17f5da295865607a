package org.bootlace.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.bootlace.CorruptImageException;
import org.bootlace.LimitExceededException;
import org.bootlace.Limits;
import org.bootlace.block.BlockDevices;
import org.bootlace.testing.Tools;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every check of the msdos driver, twice: on a hand-built table ({@link MbrImage#standard()}:
 * extended partition 3 over sectors 256..1279, EBRs at 256, 512, 768) and on one field patched in
 * the sfdisk fixture ({@link Fixtures#mbr}: extended 8192..24575, EBRs at 8192, 12288, 16384).
 */
class MbrCorruptionTest {
  @TempDir Path dir;

  private final MbrPartitionTableDriver driver = new MbrPartitionTableDriver();
  private Path real;
  private MbrImage hand;

  @BeforeEach
  void fixtures() {
    real = Fixtures.mbr(dir);
    hand = MbrImage.standard();
  }

  private void assertRealCorrupt(String message) {
    assertThatThrownBy(() -> Fixtures.read(driver, real))
        .isExactlyInstanceOf(CorruptImageException.class)
        .hasMessage(message);
  }

  private void assertHandCorrupt(String message) {
    assertThatThrownBy(() -> Fixtures.read(driver, BlockDevices.ofBytes(hand.bytes, "hand.img")))
        .isExactlyInstanceOf(CorruptImageException.class)
        .hasMessage(message);
  }

  private String handProbe() throws Exception {
    var p = driver.probe(BlockDevices.ofBytes(hand.bytes, "hand.img"));
    return (p.matched() ? "yes: " : "no: ") + p.detail();
  }

  @Test
  void missingBootSignature() throws Exception {
    hand.bytes[0x1fe] = 0;
    hand.bytes[0x1ff] = 0;
    assertThat(handProbe()).isEqualTo("no: no MBR boot signature at 0x1fe: 0x0000 != 0xaa55");
    assertHandCorrupt("msdos: hand.img: MBR: boot signature at 0x1fe: 0x0000 != 0xaa55");

    Tools.patch(real, 0x1fe, (byte) 0x55, (byte) 0xab);
    assertThat(Fixtures.probe(driver, real))
        .isEqualTo("no: no MBR boot signature at 0x1fe: 0xab55 != 0xaa55");
    assertRealCorrupt("msdos: disk.img: MBR: boot signature at 0x1fe: 0xab55 != 0xaa55");
  }

  @Test
  void statusNeitherInactiveNorActive() throws Exception {
    hand.bytes[0x1ee] = 0x12;
    assertThat(handProbe())
        .isEqualTo("no: MBR: partition 4 (entry at 0x1ee): status 0x12 is not 0x00 or 0x80");
    assertHandCorrupt(
        "msdos: hand.img: MBR: partition 4 (entry at 0x1ee): status 0x12 is not 0x00 or 0x80");

    Tools.patch(real, 0x1be, (byte) 0x81);
    assertThat(Fixtures.probe(driver, real))
        .isEqualTo("no: MBR: partition 1 (entry at 0x1be): status 0x81 is not 0x00 or 0x80");
    assertRealCorrupt(
        "msdos: disk.img: MBR: partition 1 (entry at 0x1be): status 0x81 is not 0x00 or 0x80");
  }

  @Test
  void primaryPartitionBeyondTheEndOfTheDisk() throws Exception {
    hand.entry(0, 3, 0, 0x0c, 1536, 1024);
    assertThat(handProbe()).isEqualTo("yes: MBR with 3 partition entries");
    assertHandCorrupt(
        "msdos: hand.img: partition 4 (entry at 0x1ee): sectors 1536..2559 extend beyond the end"
            + " of the disk (2048 sectors of 512 bytes); the image may be truncated");

    Tools.patch(real, 0x1ee + 12, Fixtures.u32(8192));
    assertRealCorrupt(
        "msdos: disk.img: partition 4 (entry at 0x1ee): sectors 26624..34815 extend beyond the"
            + " end of the disk (32768 sectors of 512 bytes); the image may be truncated");
  }

  @Test
  void truncatedImage() throws Exception {
    // Cut inside partition 4: still a table, but its last partition is not all there.
    Tools.run("truncate", "-s", "14M", real.toString());
    assertThat(Fixtures.probe(driver, real)).isEqualTo("yes: MBR with 3 partition entries");
    assertRealCorrupt(
        "msdos: disk.img: partition 4 (entry at 0x1ee): sectors 26624..30719 extend beyond the end"
            + " of the disk (28672 sectors of 512 bytes); the image may be truncated");
    // Cut before partition 4 starts: an entry pointing past the end is taken for garbage.
    Tools.run("truncate", "-s", "13M", real.toString());
    assertThat(Fixtures.probe(driver, real))
        .isEqualTo(
            "no: MBR: partition 4 (entry at 0x1ee): first sector 26624 is beyond the end of the"
                + " disk (26624 sectors)");
  }

  @Test
  void entryStartingBeyondTheDiskIsNotATable() throws Exception {
    hand.entry(0, 3, 0, 0x0c, 4000, 16);
    assertThat(handProbe())
        .isEqualTo(
            "no: MBR: partition 4 (entry at 0x1ee): first sector 4000 is beyond the end of the"
                + " disk (2048 sectors)");

    Tools.patch(real, 0x1ee + 8, Fixtures.u32(40000));
    assertThat(Fixtures.probe(driver, real))
        .isEqualTo(
            "no: MBR: partition 4 (entry at 0x1ee): first sector 40000 is beyond the end of the"
                + " disk (32768 sectors)");
  }

  @Test
  void twoExtendedPartitions() throws Exception {
    hand.bytes[0x1ee + 4] = (byte) 0x85;
    assertHandCorrupt("msdos: hand.img: partitions 3 and 4 are both extended partitions");

    Tools.patch(real, 0x1ee + 4, (byte) 0x0f);
    assertRealCorrupt("msdos: disk.img: partitions 3 and 4 are both extended partitions");
  }

  @Test
  void ebrWithoutBootSignature() throws Exception {
    hand.bytes[512 * 512 + 0x1ff] = 0;
    assertHandCorrupt(
        "msdos: hand.img: EBR at LBA 512: boot signature at 0x401fe: 0x0055 != 0xaa55");

    Tools.patch(real, 12288 * 512L + 0x1fe, (byte) 0, (byte) 0);
    assertRealCorrupt(
        "msdos: disk.img: EBR at LBA 12288: boot signature at 0x6001fe: 0x0000 != 0xaa55");
  }

  @Test
  void ebrEntryStatus() throws Exception {
    hand.bytes[512 * 512 + 0x1ce] = 0x7f;
    assertHandCorrupt(
        "msdos: hand.img: EBR at LBA 512: entry 2 at 0x401ce: status 0x7f is not 0x00 or 0x80");

    Tools.patch(real, 12288 * 512L + 0x1be, (byte) 0x01);
    assertRealCorrupt(
        "msdos: disk.img: EBR at LBA 12288: entry 1 at 0x6001be: status 0x01 is not 0x00 or 0x80");
  }

  @Test
  void logicalPartitionWithAnExtendedType() throws Exception {
    hand.bytes[512 * 512 + 0x1be + 4] = 0x0f;
    assertHandCorrupt(
        "msdos: hand.img: EBR at LBA 512: entry 1 at 0x401be: type 0x0f is an extended type where"
            + " a logical partition belongs");

    Tools.patch(real, 12288 * 512L + 0x1be + 4, (byte) 0x05);
    assertRealCorrupt(
        "msdos: disk.img: EBR at LBA 12288: entry 1 at 0x6001be: type 0x05 is an extended type"
            + " where a logical partition belongs");
  }

  @Test
  void logicalPartitionOnItsOwnEbr() throws Exception {
    hand.entry(512, 0, 0, 0x82, 0, 128);
    assertHandCorrupt(
        "msdos: hand.img: EBR at LBA 512: entry 1 at 0x401be: relative start 0 puts partition 6"
            + " on its own EBR");

    Tools.patch(real, 12288 * 512L + 0x1be + 8, Fixtures.u32(0));
    assertRealCorrupt(
        "msdos: disk.img: EBR at LBA 12288: entry 1 at 0x6001be: relative start 0 puts partition"
            + " 6 on its own EBR");
  }

  @Test
  void logicalPartitionOutsideTheExtendedPartition() throws Exception {
    hand.entry(512, 0, 0, 0x82, 32, 2000);
    assertHandCorrupt(
        "msdos: hand.img: EBR at LBA 512: entry 1 at 0x401be: partition 6 at sectors 544..2543"
            + " extends beyond extended partition 3 (sectors 256..1279)");

    Tools.patch(real, 12288 * 512L + 0x1be + 12, Fixtures.u32(20000));
    assertRealCorrupt(
        "msdos: disk.img: EBR at LBA 12288: entry 1 at 0x6001be: partition 6 at sectors"
            + " 14336..34335 extends beyond extended partition 3 (sectors 8192..24575)");
  }

  @Test
  void linkThatIsNotAnExtendedEntry() throws Exception {
    hand.bytes[512 * 512 + 0x1ce + 4] = 0x07;
    assertHandCorrupt(
        "msdos: hand.img: EBR at LBA 512: link entry 2 at 0x401ce: type 0x07 is not an extended"
            + " link (0x05, 0x0f or 0x85)");

    Tools.patch(real, 12288 * 512L + 0x1ce + 4, (byte) 0x83);
    assertRealCorrupt(
        "msdos: disk.img: EBR at LBA 12288: link entry 2 at 0x6001ce: type 0x83 is not an"
            + " extended link (0x05, 0x0f or 0x85)");
  }

  @Test
  void linkOutsideTheExtendedPartition() throws Exception {
    hand.entry(512, 1, 0, 0x05, 900, 512);
    assertHandCorrupt(
        "msdos: hand.img: EBR at LBA 512: link entry 2 at 0x401ce: next EBR area at sectors"
            + " 1156..1667 extends beyond extended partition 3 (sectors 256..1279)");

    Tools.patch(real, 12288 * 512L + 0x1ce + 8, Fixtures.u32(20000));
    assertRealCorrupt(
        "msdos: disk.img: EBR at LBA 12288: link entry 2 at 0x6001ce: next EBR area at sectors"
            + " 28192..34335 extends beyond extended partition 3 (sectors 8192..24575)");
  }

  @Test
  void ebrChainThatLoops() throws Exception {
    // The EBR at 512 links to itself (512 = 256 + 256).
    hand.entry(512, 1, 0, 0x05, 256, 256);
    assertHandCorrupt(
        "msdos: hand.img: EBR at LBA 512: link entry 2 at 0x401ce: points back to the EBR at LBA"
            + " 512: the chain loops");

    // The last EBR links back to the first (relative start 0).
    Tools.patch(
        real,
        16384 * 512L + 0x1ce,
        new byte[] {0, 0, 0, 0, 0x05, 0, 0, 0, 0, 0, 0, 0, 0, 0x08, 0, 0});
    assertRealCorrupt(
        "msdos: disk.img: EBR at LBA 16384: link entry 2 at 0x8001ce: points back to the EBR at"
            + " LBA 8192: the chain loops");
  }

  @Test
  void ebrChainLongerThanTheLimit() throws Exception {
    Limits two = Limits.builder().maxPartitions(2).build();
    String raise = " (raise it with Limits.builder().maxPartitions(...))";
    assertThatThrownBy(
            () -> Fixtures.read(driver, BlockDevices.ofBytes(hand.bytes, "hand.img"), two))
        .isExactlyInstanceOf(LimitExceededException.class)
        .hasMessage(
            "limit maxPartitions (2) exceeded: msdos: hand.img: EBRs in the chain of extended"
                + " partition 3 (sectors 256..1279) (3)"
                + raise);

    assertThatThrownBy(() -> Fixtures.read(driver, real, two))
        .isExactlyInstanceOf(LimitExceededException.class)
        .hasMessage(
            "limit maxPartitions (2) exceeded: msdos: disk.img: EBRs in the chain of extended"
                + " partition 3 (sectors 8192..24575) (3)"
                + raise);
  }
}
