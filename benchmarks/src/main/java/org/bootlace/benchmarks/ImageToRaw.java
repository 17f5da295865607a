package org.bootlace.benchmarks;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.bootlace.Limits;
import org.bootlace.block.BlockDevice;
import org.bootlace.block.BlockDevices;
import org.bootlace.image.AllowedDirectories;
import org.bootlace.internal.Deadline;
import org.bootlace.spi.DriverContext;
import org.bootlace.spi.Drivers;
import org.bootlace.spi.ImageFormat;
import org.bootlace.spi.Warnings;

/**
 * Reads the whole virtual disk of an image through bootlace's image formats and writes it to a raw
 * file, as {@code qemu-img convert -O raw} does: {@code benchmarks/image-formats.sh} times the two.
 * Usage: {@code ImageToRaw IMAGE OUTPUT}.
 */
public final class ImageToRaw {
  private ImageToRaw() {}

  public static void main(String[] args) throws IOException {
    Path image = Path.of(args[0]);
    try (BlockDevice file = BlockDevices.open(image);
        FileChannel out =
            FileChannel.open(
                Path.of(args[1]),
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
      DriverContext ctx =
          new DriverContext(
              Limits.defaults(),
              new Warnings(),
              AllowedDirectories.forImage(
                  image,
                  List.of(image.toAbsolutePath().getParent()),
                  Limits.defaults(),
                  new Deadline()));
      for (ImageFormat f : Drivers.discover().imageFormats()) {
        if (!f.probe(file).matched()) {
          continue;
        }
        try (BlockDevice disk = f.open(file, ctx)) {
          ByteBuffer buf = ByteBuffer.allocateDirect(4 << 20);
          for (long at = 0; at < disk.size(); at += buf.capacity()) {
            buf.clear();
            buf.limit((int) Math.min(buf.capacity(), disk.size() - at));
            disk.read(at, buf);
            buf.flip();
            while (buf.hasRemaining()) {
              out.write(buf, at + buf.position());
            }
          }
        }
        return;
      }
    }
  }
}
