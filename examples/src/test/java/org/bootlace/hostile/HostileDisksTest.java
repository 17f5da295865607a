package org.bootlace.hostile;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.CRC32;
import org.bootlace.BootSource;
import org.bootlace.CorruptImageException;
import org.bootlace.LimitExceededException;
import org.bootlace.NoBootConfigException;
import org.bootlace.binary.Le;
import org.bootlace.testing.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole disks that are broken, empty, noise, or whose partition tables lie. */
class HostileDisksTest {
  private static final String MENU =
      "default 0\ntitle guest\nroot (hd0,0)\nkernel /boot/vmlinuz ro\n";

  @TempDir Path dir;

  private Path guestDisk() {
    Path fs =
        GuestDisk.ext(
            GuestDisk.tree(dir.resolve("tree"), MENU),
            dir.resolve("boot.img"),
            "ext4",
            "4M",
            "-b",
            "1024");
    return GuestDisk.mbr(fs, dir.resolve("disk.img"));
  }

  private static void resolve(Path disk) throws IOException {
    try (BootSource s = GuestDisk.open(disk)) {
      s.resolveBoot();
    }
  }

  @Test
  void aDiskCutInsideItsPartitionIsTruncated() throws Exception {
    Path disk = guestDisk();
    try (var ch =
        java.nio.channels.FileChannel.open(disk, java.nio.file.StandardOpenOption.WRITE)) {
      ch.truncate(3 * GuestDisk.MIB);
    }
    assertThatThrownBy(() -> resolve(disk))
        .isInstanceOf(CorruptImageException.class)
        .hasMessage(
            "msdos: disk.img[raw]: partition 1 (entry at 0x1be): sectors 2048..10239 extend beyond"
                + " the end of the disk (6144 sectors of 512 bytes); the image may be truncated");
  }

  @Test
  void aFilesystemCutShortIsNotUsed() throws Exception {
    Path fs =
        GuestDisk.ext(
            GuestDisk.tree(dir.resolve("tree"), MENU),
            dir.resolve("boot.img"),
            "ext4",
            "4M",
            "-b",
            "1024");
    try (var ch = java.nio.channels.FileChannel.open(fs, java.nio.file.StandardOpenOption.WRITE)) {
      ch.truncate(GuestDisk.MIB);
    }
    assertThatThrownBy(() -> resolve(fs))
        .isInstanceOf(NoBootConfigException.class)
        .hasMessage(
            "no usable boot configuration found in boot.img; partition tables: gpt: no MBR boot signature at 0x1fe: 0x0000 != 0xaa55; msdos: no MBR boot"
                + " signature at 0x1fe: 0x0000 != 0xaa55; searched: boot.img[raw]: ext: ext4:"
                + " superblock s_blocks_count at 0x404: 4096 exceeds the device's 1024 blocks of 1024 bytes");
  }

  @Test
  void aZeroedDiskHasNoBootConfiguration() throws Exception {
    Path disk = Tools.sparseFile(dir.resolve("zero.img"), 8 * GuestDisk.MIB);
    assertThatThrownBy(() -> resolve(disk))
        .isInstanceOf(NoBootConfigException.class)
        .hasMessage(
            "no usable boot configuration found in zero.img; partition tables: gpt: no MBR boot signature at 0x1fe: 0x0000 != 0xaa55; msdos: no MBR boot"
                + " signature at 0x1fe: 0x0000 != 0xaa55; searched: zero.img[raw]: no filesystem"
                + " recognized [ext: no ext magic 0xef53 at 0x438]");
  }

  @Test
  void aRandomDiskHasNoBootConfiguration() throws Exception {
    byte[] noise = new byte[8 << 20];
    new Random(5).nextBytes(noise);
    Path disk = Files.write(dir.resolve("random.img"), noise);
    assertThatThrownBy(() -> resolve(disk))
        .isInstanceOf(NoBootConfigException.class)
        .hasMessage(
            "no usable boot configuration found in random.img; partition tables: gpt: no MBR boot signature at 0x1fe: 0x732d != 0xaa55; msdos: no MBR boot"
                + " signature at 0x1fe: 0x732d != 0xaa55; searched: random.img[raw]: no filesystem"
                + " recognized [ext: no ext magic 0xef53 at 0x438]");
  }

  @Test
  void anEbrChainThatLoopsIsCorrupt() throws Exception {
    Path disk = Tools.sparseFile(dir.resolve("disk.img"), 16 * GuestDisk.MIB);
    Tools.runWithInput(
        "label: dos\nstart=2048, size=4096, type=83, bootable\nstart=8192, size=16384, type=5\n"
            + "start=10240, size=2048, type=83\nstart=14336, size=2048, type=83\n",
        "sfdisk",
        "-q",
        "--no-reread",
        "--no-tell-kernel",
        disk.toString());
    // sfdisk puts the EBRs 1 MiB before their partitions (8192, 12288). The last one's empty
    // link entry is made to link back to the first, at the start of the extended partition.
    byte[] link = new byte[16];
    link[4] = 0x05;
    Le.putU32(link, 8, 0);
    Le.putU32(link, 12, 2048);
    Tools.patch(disk, 12288L * 512 + 0x1ce, link);
    assertThatThrownBy(() -> GuestDisk.open(disk).close())
        .isInstanceOf(CorruptImageException.class)
        .hasMessage(
            "msdos: disk.img[raw]: EBR at LBA 12288: link entry 2 at 0x6001ce: points back to the EBR"
                + " at LBA 8192: the chain loops");
  }

  @Test
  void aGptHeaderClaimingFourBillionEntriesIsRefusedBeforeAnyAllocation() throws Exception {
    Path disk = Tools.sparseFile(dir.resolve("disk.img"), 16 * GuestDisk.MIB);
    Tools.run("sgdisk", "-n", "1:2048:+4M", "-t", "1:8300", disk.toString());
    for (long lba : new long[] {1, 16 * 2048 - 1}) {
      byte[] header = Tools.read(disk, lba * 512, 92);
      Le.putU32(header, 0x50, 0xffffffffL);
      Le.putU32(header, 0x10, 0);
      CRC32 crc = new CRC32();
      crc.update(header);
      Le.putU32(header, 0x10, crc.getValue());
      Tools.patch(disk, lba * 512, header);
    }
    assertThatThrownBy(() -> GuestDisk.open(disk).close())
        .isInstanceOf(LimitExceededException.class)
        .hasMessage(
            "limit maxMetadataBytes (67108864) exceeded: gpt: disk.img[raw]: primary header at LBA 1:"
                + " entry array of 4294967295 entries of 128 bytes (549755813760) (raise it with"
                + " Limits.builder().maxMetadataBytes(...))");
  }
}
