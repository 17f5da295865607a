package org.bootlace.partition;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bootlace.Limits;
import org.bootlace.binary.Le;
import org.bootlace.block.BlockDevice;
import org.bootlace.block.BlockDevices;
import org.bootlace.spi.DriverContext;
import org.bootlace.spi.Partition;
import org.bootlace.spi.PartitionTableDriver;
import org.bootlace.spi.Warnings;
import org.bootlace.testing.Tools;

/** Real fixtures made with sfdisk, sgdisk and fdisk, and the ways tests read and patch them. */
final class Fixtures {
  static final long MIB = 1024 * 1024;

  private Fixtures() {}

  /** What a driver returned, with the warnings it gave. */
  record Read(List<Partition> partitions, List<String> warnings) {}

  static Read read(PartitionTableDriver driver, BlockDevice disk) throws IOException {
    return read(driver, disk, Limits.defaults());
  }

  static Read read(PartitionTableDriver driver, BlockDevice disk, Limits limits)
      throws IOException {
    Warnings w = new Warnings();
    List<Partition> parts = driver.read(disk, new DriverContext(limits, w));
    return new Read(parts, w.list());
  }

  static Read read(PartitionTableDriver driver, Path image) throws IOException {
    return read(driver, image, Limits.defaults());
  }

  static Read read(PartitionTableDriver driver, Path image, Limits limits) throws IOException {
    try (BlockDevice disk = BlockDevices.open(image)) {
      return read(driver, disk, limits);
    }
  }

  static String probe(PartitionTableDriver driver, Path image) throws IOException {
    try (BlockDevice disk = BlockDevices.open(image)) {
      var p = driver.probe(disk);
      return (p.matched() ? "yes: " : "no: ") + p.detail();
    }
  }

  /**
   * 16 MiB, msdos: 1 active Linux (2048+4096), 2 deleted, 3 extended (8192+16384) holding logical 5
   * (EBR at 8192), 6 (EBR at 12288) and 7 (EBR at 16384), 4 a FAT32 at 26624.
   */
  static Path mbr(Path dir) {
    Path img = Tools.sparseFile(dir.resolve("disk.img"), 16 * MIB);
    Tools.runWithInput(
        String.join(
            "\n",
            "label: dos",
            "label-id: 0x12345678",
            "start=2048, size=4096, type=83, bootable",
            "start=6144, size=2048, type=b",
            "start=8192, size=16384, type=5",
            "start=26624, size=4096, type=c",
            "start=10240, size=2048, type=83",
            "start=14336, size=2048, type=82",
            "start=18432, size=4096, type=8e",
            ""),
        "sfdisk",
        "-q",
        "--no-reread",
        "--no-tell-kernel",
        img.toString());
    // Leaves slot 2 empty between used slots.
    Tools.run("sfdisk", "-q", "--no-reread", "--no-tell-kernel", "--delete", img.toString(), "2");
    return img;
  }

  /**
   * 64 MiB, GPT by sgdisk: 1 BIOS boot, 2 ESP (legacy BIOS bootable), 3 Linux root (x86-64), 4
   * unused, 5 swap.
   */
  static Path gpt(Path dir) {
    Path img = dir.resolve("disk.img");
    // sgdisk pauses a second after every write, so the image is made once and copied per test.
    Tools.run("cp", "--sparse=always", gptMaster().toString(), img.toString());
    return img;
  }

  private static Path gptMaster;

  private static synchronized Path gptMaster() {
    if (gptMaster == null) {
      try {
        Path master = Files.createTempFile("bootlace-gpt-fixture", ".img");
        master.toFile().deleteOnExit();
        Tools.sparseFile(master, 64 * MIB);
        Tools.run(
            "sgdisk",
            "-n",
            "1:2048:+1M",
            "-t",
            "1:ef02",
            "-c",
            "1:BIOS boot",
            "-n",
            "2:0:+8M",
            "-t",
            "2:ef00",
            "-c",
            "2:EFI System",
            "-A",
            "2:set:2",
            "-n",
            "3:0:+16M",
            "-t",
            "3:8304",
            "-c",
            "3:root",
            "-n",
            "5:0:+4M",
            "-t",
            "5:8200",
            "-c",
            "5:swap",
            master.toString());
        gptMaster = master;
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    return gptMaster;
  }

  /**
   * An sfdisk script for a GPT with names only a script can carry through unchanged (non-ASCII, the
   * full 36 UTF-16 units), fixed GUIDs and attribute bits.
   */
  static String gptScript() {
    return String.join(
        "\n",
        "label: gpt",
        "label-id: 01234567-89AB-CDEF-0123-456789ABCDEF",
        "start=2048, size=2048, type=BC13C2FF-59E6-4262-A352-B275FD6F7172,"
            + " uuid=0A0B0C0D-0E0F-1011-1213-141516171819, name=\"boot \u2603 \u00e9t\u00e9\"",
        "start=4096, size=8192, type=4F68BCE3-E8CD-4DB1-96E7-FBCAF984B709,"
            + " uuid=F0E1D2C3-B4A5-9687-7869-5A4B3C2D1E0F,"
            + " name=\"abcdefghijklmnopqrstuvwxyz0123456789\","
            + " attrs=\"RequiredPartition LegacyBIOSBootable GUID:60\"",
        "start=12288, size=4096, type=EBD0A0A2-B9E5-4433-87C0-68B6B72699C7",
        "");
  }

  /** 16 MiB, GPT written by sfdisk from {@link #gptScript()}. */
  static Path gptFromScript(Path dir) {
    Path img = Tools.sparseFile(dir.resolve("disk.img"), 16 * MIB);
    Tools.runWithInput(
        gptScript(), "sfdisk", "-q", "--no-reread", "--no-tell-kernel", img.toString());
    return img;
  }

  /**
   * 16 MiB with 4096-byte sectors, written by {@code fdisk -b 4096} loading {@link #gptScript()}
   * (fdisk's {@code I} command): a 4Kn GPT in a plain file, no loop device needed.
   */
  static Path gpt4k(Path dir) {
    Path img = Tools.sparseFile(dir.resolve("disk.img"), 16 * MIB);
    Path script =
        Tools.write(
            dir,
            "layout.sfdisk",
            gptScript()
                .replace("label: gpt\n", "label: gpt\nsector-size: 4096\n")
                .replace("start=2048, size=2048", "start=256, size=256")
                .replace("start=4096, size=8192", "start=512, size=1024")
                .replace("start=12288, size=4096", "start=1536, size=512"));
    Tools.runWithInput("I\n" + script + "\nw\n", "fdisk", "-b", "4096", img.toString());
    return img;
  }

  /** fdisk's own dump of a 4Kn image ({@code O} command), in sfdisk's format. */
  static SfdiskDump fdisk4kDump(Path dir, Path img) {
    Path out = dir.resolve("dump.sfdisk");
    Tools.runWithInput("O\n" + out + "\nq\n", "fdisk", "-b", "4096", img.toString());
    try {
      return SfdiskDump.parse(java.nio.file.Files.readString(out, StandardCharsets.ISO_8859_1));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** {@code sfdisk -d}: util-linux's view of the table. */
  static SfdiskDump sfdisk(Path img) {
    return SfdiskDump.parse(Tools.run("sfdisk", "-d", img.toString()));
  }

  /** Last image sector with 512-byte sectors. */
  static long lastLba(Path img, int sectorSize) {
    return img.toFile().length() / sectorSize - 1;
  }

  /** Reads a 32-bit field of the header at {@code lba}. */
  static long headerU32(Path img, int sectorSize, long lba, int field) {
    return Le.u32(Tools.read(img, lba * sectorSize + field, 4), 0);
  }

  /** Overwrites a field of the GPT header at {@code lba} and recomputes the header CRC32. */
  static void patchHeader(Path img, int sectorSize, long lba, int field, byte... value) {
    long at = lba * sectorSize;
    Tools.patch(img, at + field, value);
    rehashHeader(img, sectorSize, lba);
  }

  static void rehashHeader(Path img, int sectorSize, long lba) {
    long at = lba * sectorSize;
    byte[] h = Tools.read(img, at, sectorSize);
    GptImage.rehashHeader(h, 0);
    Tools.patch(img, at + 0x10, java.util.Arrays.copyOfRange(h, 0x10, 0x14));
  }

  /**
   * Overwrites a field of entry {@code index} in the array of the header at {@code lba}, then
   * recomputes the array's CRC32 and the header's, so only the entry itself is wrong.
   */
  static void patchEntry(Path img, int sectorSize, long lba, int index, int field, byte... value) {
    long at = lba * sectorSize;
    byte[] h = Tools.read(img, at, sectorSize);
    long arrayAt = Le.u64(h, 0x48) * sectorSize;
    int count = (int) Le.u32(h, 0x50);
    int size = (int) Le.u32(h, 0x54);
    Tools.patch(img, arrayAt + (long) index * size + field, value);
    byte[] array = Tools.read(img, arrayAt, count * size);
    byte[] crc = new byte[4];
    Le.putU32(crc, 0, GptImage.crc(array, 0, array.length));
    Tools.patch(img, at + 0x58, crc);
    rehashHeader(img, sectorSize, lba);
  }

  static byte[] u32(long v) {
    byte[] b = new byte[4];
    Le.putU32(b, 0, v);
    return b;
  }

  static byte[] u64(long v) {
    byte[] b = new byte[8];
    GptImage.putU64(b, 0, v);
    return b;
  }

  static String utf8(String isoDecoded) {
    return new String(isoDecoded.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
  }
}
