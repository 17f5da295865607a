package org.bootlace.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.bootlace.NotRecognizedException;
import org.bootlace.block.BlockDevices;
import org.bootlace.testing.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Disks whose first sector ends in 0xaa55 or is empty, but that hold no partition table. */
class NotAPartitionTableTest {
  @TempDir Path dir;

  private final MbrPartitionTableDriver mbr = new MbrPartitionTableDriver();
  private final GptPartitionTableDriver gpt = new GptPartitionTableDriver();

  private Path vfat(String fatBits, long size) {
    Path img = Tools.sparseFile(dir.resolve("fat.img"), size);
    Tools.run("mkfs.vfat", "-F", fatBits, img.toString());
    return img;
  }

  @Test
  void wholeDiskFatFilesystems() throws Exception {
    Path fat12 = vfat("12", 4 * Fixtures.MIB);
    assertThat(Fixtures.probe(mbr, fat12))
        .isEqualTo(
            "no: FAT12 boot sector (file system type \"FAT12   \" at 0x36): a whole-disk"
                + " filesystem, not a partition table");
    Path fat16 = vfat("16", 32 * Fixtures.MIB);
    assertThat(Fixtures.probe(mbr, fat16))
        .isEqualTo(
            "no: FAT16 boot sector (file system type \"FAT16   \" at 0x36): a whole-disk"
                + " filesystem, not a partition table");
    assertThat(Fixtures.probe(gpt, fat16)).isEqualTo("no: no protective MBR entry (type 0xee)");
    Path fat32 = vfat("32", 64 * Fixtures.MIB);
    assertThat(Fixtures.probe(mbr, fat32))
        .isEqualTo(
            "no: FAT32 boot sector (file system type \"FAT32   \" at 0x52): a whole-disk"
                + " filesystem, not a partition table");
    assertThat(Fixtures.probe(gpt, fat32)).isEqualTo("no: no protective MBR entry (type 0xee)");
    assertThatThrownBy(() -> Fixtures.read(mbr, fat32))
        .isExactlyInstanceOf(NotRecognizedException.class)
        .hasMessage(
            "msdos: fat.img: FAT32 boot sector (file system type \"FAT32   \" at 0x52): a"
                + " whole-disk filesystem, not a partition table");
  }

  @Test
  void fatBootCodeThatLooksLikeATableIsStillFat() throws Exception {
    // Boot code that happens to form a sane entry: only the BPB tells it apart.
    byte[] entry = {0, 0, 0, 0, (byte) 0x83, 0, 0, 0, 0, 8, 0, 0, 0, 8, 0, 0};
    Path fat16 = vfat("16", 32 * Fixtures.MIB);
    Tools.patch(fat16, 0x1be, entry);
    assertThat(Fixtures.probe(mbr, fat16))
        .isEqualTo(
            "no: FAT16 boot sector (file system type \"FAT16   \" at 0x36): a whole-disk"
                + " filesystem, not a partition table");

    MbrImage hand = new MbrImage(4096).entry(0, 0, 0, 0x83, 2048, 2048);
    byte[] sector = hand.bytes;
    put(sector, 0x36, "FAT16   ");
    assertThat(mbr.probe(BlockDevices.ofBytes(sector, "hand.img")).detail())
        .as("a FAT label without a BPB is chance, and the table is read")
        .isEqualTo("MBR with 1 partition entry");
    sector[0x0c] = 0x02; // 512 bytes per sector
    sector[0x0d] = 4;
    sector[0x0e] = 1;
    sector[0x10] = 2;
    sector[0x15] = (byte) 0xf8;
    assertThat(mbr.probe(BlockDevices.ofBytes(sector, "hand.img")).detail())
        .isEqualTo(
            "FAT16 boot sector (file system type \"FAT16   \" at 0x36): a whole-disk filesystem,"
                + " not a partition table");
  }

  @Test
  void ntfsAndExfatBootSectors() throws Exception {
    for (String oem : new String[] {"NTFS    ", "EXFAT   "}) {
      byte[] disk = new MbrImage(4096).entry(0, 0, 0, 0x07, 2048, 2048).bytes;
      put(disk, 3, oem);
      String name = oem.equals("NTFS    ") ? "NTFS" : "exFAT";
      assertThat(mbr.probe(BlockDevices.ofBytes(disk, "hand.img")).detail())
          .isEqualTo(
              name
                  + " boot sector (OEM name \""
                  + oem
                  + "\" at 0x3): a whole-disk filesystem,"
                  + " not a partition table");
    }
  }

  @Test
  void wholeDiskExt4() throws Exception {
    Path img = Tools.sparseFile(dir.resolve("ext4.img"), 8 * Fixtures.MIB);
    Tools.run("mkfs.ext4", "-q", "-F", img.toString());
    assertThat(Fixtures.probe(mbr, img))
        .isEqualTo("no: no MBR boot signature at 0x1fe: 0x0000 != 0xaa55");
    assertThat(Fixtures.probe(gpt, img))
        .isEqualTo("no: no MBR boot signature at 0x1fe: 0x0000 != 0xaa55");
  }

  @Test
  void anEmptyDosLabel() throws Exception {
    Path img = Tools.sparseFile(dir.resolve("disk.img"), 8 * Fixtures.MIB);
    Tools.runWithInput(
        "label: dos\n", "sfdisk", "-q", "--no-reread", "--no-tell-kernel", img.toString());
    assertThat(Fixtures.probe(mbr, img)).isEqualTo("no: MBR without partitions");
    assertThat(Fixtures.probe(gpt, img)).isEqualTo("no: no protective MBR entry (type 0xee)");
  }

  @Test
  void aDiskSmallerThanASector() throws Exception {
    var tiny = BlockDevices.ofBytes(new byte[100], "tiny.img");
    assertThat(mbr.probe(tiny).detail()).isEqualTo("disk too small for an MBR (100 bytes)");
    assertThat(gpt.probe(tiny).detail())
        .isEqualTo("disk too small for a protective MBR (100 bytes)");
    assertThatThrownBy(() -> Fixtures.read(gpt, tiny))
        .isExactlyInstanceOf(NotRecognizedException.class)
        .hasMessage("gpt: tiny.img: disk too small for a protective MBR (100 bytes)");
  }

  private static void put(byte[] b, int at, String ascii) {
    byte[] s = ascii.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(s, 0, b, at, s.length);
  }
}
