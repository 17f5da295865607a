package org.bootlace.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.bootlace.CorruptImageException;
import org.bootlace.LimitExceededException;
import org.bootlace.internal.Deadline;
import org.bootlace.testing.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlockDevicesTest {
  @TempDir Path dir;

  @Test
  void fileReadsExactlyAndNamesItself() throws IOException {
    byte[] data = new byte[10_000];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) (i * 7);
    }
    Path f = Files.write(dir.resolve("disk.img"), data);
    try (BlockDevice dev = BlockDevices.open(f)) {
      assertThat(dev.size()).isEqualTo(10_000);
      assertThat(dev.toString()).isEqualTo("disk.img");
      assertThat(dev.read(9_990, 10))
          .containsExactly(java.util.Arrays.copyOfRange(data, 9_990, 10_000));
      BlockDevice p2 = dev.slice(1_000, 2_000, "msdos2");
      assertThat(p2.toString()).isEqualTo("disk.img[msdos2]");
      assertThat(p2.read(0, 4)).containsExactly(java.util.Arrays.copyOfRange(data, 1_000, 1_004));
      assertThatThrownBy(() -> p2.read(1_999, 2))
          .isInstanceOf(CorruptImageException.class)
          .hasMessage(
              "disk.img[msdos2]: read of 2 bytes at 0x7cf is outside the device (size 2000)");
      assertThatThrownBy(() -> dev.read(-1, 1))
          .isInstanceOf(CorruptImageException.class)
          .hasMessage(
              "disk.img: read of 1 bytes at 0xffffffffffffffff is outside the device (size 10000)");
    }
  }

  @Test
  void bytesDeviceChecksBoundsWithoutOverflow() {
    BlockDevice dev = BlockDevices.ofBytes(new byte[512], "mem");
    assertThatThrownBy(() -> dev.read(Long.MAX_VALUE, ByteBuffer.allocate(8)))
        .isInstanceOf(CorruptImageException.class)
        .hasMessage("mem: read of 8 bytes at 0x7fffffffffffffff is outside the device (size 512)");
  }

  @Test
  void refusesDirectoriesAndFifos() throws Exception {
    assertThatThrownBy(() -> BlockDevices.open(dir))
        .isInstanceOf(IOException.class)
        .hasMessage(dir + ": is a directory, not a disk image");
    Path fifo = dir.resolve("fifo");
    Tools.run("mkfifo", fifo.toString());
    assertThatThrownBy(() -> BlockDevices.open(fifo))
        .isInstanceOf(IOException.class)
        .hasMessage(fifo + ": not a regular file or block device");
  }

  @Test
  void deadlineStopsReadsOnlyWhileArmed() throws Exception {
    Deadline deadline = new Deadline();
    BlockDevice dev =
        BlockDevices.withDeadline(BlockDevices.ofBytes(new byte[16], "mem"), deadline);
    deadline.arm(Duration.ofNanos(1));
    Thread.sleep(2);
    assertThatThrownBy(() -> dev.read(0, 1))
        .isInstanceOf(LimitExceededException.class)
        .hasMessage(
            "limit timeout (0) exceeded: operation took longer than 0 ms"
                + " (raise it with Limits.builder().timeout(...))");
    deadline.disarm();
    assertThat(dev.read(0, 1)).hasSize(1);
  }

  /** A real Linux block device (a loop device over a file), sized through the ioctl. */
  @Test
  void linuxBlockDeviceIsSizedByIoctl() throws Exception {
    assumeTrue("root".equals(System.getProperty("user.name")), "loop devices need root");
    Path backing = Tools.sparseFile(dir.resolve("loop.img"), 3 * 1024 * 1024);
    Tools.patch(backing, 4096, (byte) 0x5a);
    String loop = Tools.run("losetup", "-b", "4096", "-f", "--show", backing.toString()).trim();
    try (BlockDevice dev = BlockDevices.open(Path.of(loop))) {
      assertThat(dev.size()).isEqualTo(3 * 1024 * 1024);
      assertThat(dev.logicalSectorSize()).isEqualTo(4096);
      assertThat(dev.read(4096, 1)).containsExactly(0x5a);
      assertThat(dev.toString()).isEqualTo(loop);
    } finally {
      Tools.run("losetup", "-d", loop);
    }
  }
}
