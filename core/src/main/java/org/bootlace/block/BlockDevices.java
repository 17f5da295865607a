package org.bootlace.block;

import static com.google.common.base.Preconditions.checkArgument;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/** Opens block devices: image files, Linux block devices and byte arrays. */
public final class BlockDevices {
  private BlockDevices() {}

  /**
   * Opens a regular file or a Linux block device ({@code /dev/...}) read-only. A block device is
   * sized with the {@code BLKGETSIZE64} ioctl; anything else (a directory, a FIFO) is refused.
   *
   * @param path the image file or device
   * @return the device, named after the file (or the device's path); the caller closes it
   * @throws IOException if the path cannot be opened or is neither a regular file nor a block
   *     device
   */
  public static BlockDevice open(Path path) throws IOException {
    BasicFileAttributes attrs = Files.readAttributes(path, BasicFileAttributes.class);
    if (attrs.isDirectory()) {
      throw new IOException(path + ": is a directory, not a disk image");
    }
    String name = path.getFileName() == null ? path.toString() : path.getFileName().toString();
    if (attrs.isRegularFile()) {
      return openFile(path, -1, 512, name);
    }
    if (isBlockDevice(path)) {
      LinuxBlockDeviceInfo.Info info = LinuxBlockDeviceInfo.query(path);
      return openFile(path, info.size(), info.sectorSize(), path.toString());
    }
    throw new IOException(path + ": not a regular file or block device");
  }

  /**
   * Opens {@code path} twice, see {@link FileBlockDevice}; a negative size means the file's own.
   */
  private static BlockDevice openFile(Path path, long size, int sectorSize, String name)
      throws IOException {
    RandomAccessFile fallback = new RandomAccessFile(path.toFile(), "r");
    FileChannel ch = null;
    try {
      ch = FileChannel.open(path, StandardOpenOption.READ);
      long length = size >= 0 ? size : ch.size();
      return new FileBlockDevice(ch, fallback, length, sectorSize, name);
    } catch (IOException | RuntimeException e) {
      fallback.close();
      if (ch != null) {
        ch.close();
      }
      throw e;
    }
  }

  private static boolean isBlockDevice(Path path) throws IOException {
    try {
      Object mode = Files.getAttribute(path, "unix:mode");
      return mode instanceof Integer m && (m & 0xf000) == 0x6000; // S_IFBLK
    } catch (UnsupportedOperationException e) {
      return false;
    }
  }

  /**
   * A device over bytes in memory, with 512-byte sectors.
   *
   * @param data the device's bytes; not copied, so they must not change while the device is read
   * @param name the device's name in messages
   * @return the device
   */
  public static BlockDevice ofBytes(byte[] data, String name) {
    return ofBytes(data, name, 512);
  }

  /**
   * A device over bytes in memory with the given logical sector size.
   *
   * @param data the device's bytes; not copied, so they must not change while the device is read
   * @param name the device's name in messages
   * @param logicalSectorSize a power of two, at least 512
   * @return the device
   * @throws IllegalArgumentException if the sector size is not a power of two of at least 512
   */
  public static BlockDevice ofBytes(byte[] data, String name, int logicalSectorSize) {
    checkArgument(
        logicalSectorSize >= 512 && Integer.bitCount(logicalSectorSize) == 1,
        "sector size %s",
        logicalSectorSize);
    return new ByteArrayBlockDevice(data, name, logicalSectorSize);
  }

  /**
   * A view whose every read first checks {@code deadline}, so any loop that reads the image ends
   * when the operation's time is up. Closing the view closes {@code device}.
   *
   * @param device the device to read
   * @param deadline the budget every read checks
   * @return the view
   */
  public static BlockDevice withDeadline(BlockDevice device, TimeBudget deadline) {
    return new DeadlineBlockDevice(device, deadline);
  }
}
