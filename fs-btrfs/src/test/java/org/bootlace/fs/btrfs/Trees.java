package org.bootlace.fs.btrfs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.bootlace.testing.Tools;

/** Source trees the fixtures are made from. */
final class Trees {
  private Trees() {}

  /**
   * A boot-shaped tree: nested directories, empty, tiny (inline) and multi-megabyte files, a sparse
   * file, absolute and relative symlinks, non-ASCII names and, with {@code many}, a directory of
   * 3000 names (hundreds of leaves at 4 KiB nodes).
   */
  static Path common(Path dir, boolean many) throws IOException {
    Random r = new Random(42);
    Tools.write(
        dir,
        "boot/grub/grub.cfg",
        "set default=0\nmenuentry 'Linux' {\n  linux /boot/vmlinuz root=/dev/sda2\n}\n");
    byte[] kernel = new byte[3 * 1024 * 1024 + 1234];
    r.nextBytes(kernel);
    Tools.write(dir, "boot/vmlinuz-6.1.0", kernel);
    byte[] initrd = new byte[700_001];
    r.nextBytes(initrd);
    Tools.write(dir, "boot/initrd.img-6.1.0", initrd);
    Files.createSymbolicLink(dir.resolve("boot/vmlinuz"), Path.of("vmlinuz-6.1.0"));
    Files.createSymbolicLink(dir.resolve("vmlinuz"), Path.of("/boot/vmlinuz-6.1.0"));
    Tools.write(dir, "etc/empty", new byte[0]);
    Tools.write(dir, "etc/one", "1");
    Tools.write(dir, "etc/inline-2000", "x".repeat(2000));
    Tools.write(dir, "etc/just-above-inline", "y".repeat(4097));
    Tools.write(dir, "etc/päth/ünïcode-名前", "utf-8\n");
    Files.createDirectories(dir.resolve("empty-dir"));
    Path deep = dir;
    for (int i = 0; i < 12; i++) {
      deep = deep.resolve("d" + i);
    }
    Tools.write(deep, "leaf", "deep\n");
    Files.createSymbolicLink(dir.resolve("long-link"), Path.of("a/".repeat(600) + "end"));
    try (var ch =
        java.nio.channels.FileChannel.open(
            dir.resolve("sparse"),
            java.nio.file.StandardOpenOption.CREATE_NEW,
            java.nio.file.StandardOpenOption.WRITE)) {
      ch.write(java.nio.ByteBuffer.wrap("start".getBytes(StandardCharsets.US_ASCII)), 0);
      ch.write(java.nio.ByteBuffer.wrap("middle".getBytes(StandardCharsets.US_ASCII)), 5 << 20);
      ch.write(java.nio.ByteBuffer.wrap("end".getBytes(StandardCharsets.US_ASCII)), 9 << 20);
    }
    if (many) {
      for (int i = 0; i < 3000; i++) {
        Tools.write(dir, "many/name-" + i + "-" + Integer.toHexString(i * 7919), "n" + i);
      }
    }
    return dir;
  }
}
