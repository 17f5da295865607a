package org.bootlace.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An interrupted reader fails alone; every other reader of the same image goes on. */
class InterruptTest {
  @TempDir Path dir;

  private Path image() throws IOException {
    byte[] data = new byte[1 << 20];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) (i * 31 + (i >>> 9));
    }
    return Files.write(dir.resolve("disk.img"), data);
  }

  @Test
  void anInterruptedReaderGetsInterruptedIoAndKeepsItsStatus() throws Exception {
    try (BlockDevice dev = BlockDevices.open(image())) {
      Thread.currentThread().interrupt();
      try {
        assertThatThrownBy(() -> dev.read(4096, 512))
            .isInstanceOf(InterruptedIOException.class)
            .hasMessage("disk.img: read at 0x1000 interrupted");
        assertThat(Thread.currentThread().isInterrupted()).isTrue();
      } finally {
        Thread.interrupted();
      }
    }
  }

  @Test
  void readsAfterAnInterruptStillReturnTheImage() throws Exception {
    Path path = image();
    byte[] expected = Files.readAllBytes(path);
    try (BlockDevice dev = BlockDevices.open(path)) {
      Thread.currentThread().interrupt();
      assertThatThrownBy(() -> dev.read(0, 16)).isInstanceOf(InterruptedIOException.class);
      Thread.interrupted();
      // Heap and direct buffers, after the channel is gone.
      assertThat(dev.read(12345, 1000)).isEqualTo(slice(expected, 12345, 1000));
      ByteBuffer direct = ByteBuffer.allocateDirect(expected.length);
      dev.read(0, direct);
      direct.flip();
      byte[] all = new byte[expected.length];
      direct.get(all);
      assertThat(all).isEqualTo(expected);
    }
  }

  @Test
  void cancellingOneTaskLeavesTheOthersReading() throws Exception {
    Path path = image();
    byte[] expected = Files.readAllBytes(path);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try (BlockDevice dev = BlockDevices.open(path)) {
      Future<?> victim =
          pool.submit(
              () -> {
                while (true) {
                  dev.read(0, 4096);
                }
              });
      Thread.sleep(50);
      victim.cancel(true);
      for (int round = 0; round < 3; round++) {
        List<Future<byte[]>> readers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
          int at = 1000 * (i + 1) + round;
          readers.add(pool.submit(() -> dev.read(at, 4096)));
        }
        for (int i = 0; i < readers.size(); i++) {
          int at = 1000 * (i + 1) + round;
          assertThat(readers.get(i).get(10, TimeUnit.SECONDS)).isEqualTo(slice(expected, at, 4096));
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void readsAfterCloseFailWithTheImageName() throws Exception {
    BlockDevice dev = BlockDevices.open(image());
    dev.close();
    assertThatThrownBy(() -> dev.read(0, 16))
        .isInstanceOf(IOException.class)
        .hasMessage("disk.img: the image was closed");
    dev.close(); // twice is fine
  }

  private static byte[] slice(byte[] b, int from, int length) {
    byte[] out = new byte[length];
    System.arraycopy(b, from, out, 0, length);
    return out;
  }
}
