package org.bootlace.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bootlace.BootEntryException;
import org.bootlace.BootRecord;
import org.bootlace.BootSource;
import org.bootlace.CorruptImageException;
import org.bootlace.GuestFileException;
import org.bootlace.LimitExceededException;
import org.bootlace.Volume;
import org.bootlace.testing.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ext filesystems whose metadata or files are built to trap a reader. */
class HostileExtTest {
  @TempDir Path dir;

  private static String menu(String kernel) {
    return "default 0\ntimeout 0\ntitle guest\nroot (hd0,0)\nkernel " + kernel + " ro\n";
  }

  private static BootRecord resolve(Path disk) throws IOException {
    try (BootSource s = GuestDisk.open(disk)) {
      return s.resolveBoot();
    }
  }

  /** The kernel the disk boots, read whole: the clean image before a test breaks it. */
  private static byte[] kernel(Path disk) throws IOException {
    try (BootSource s = GuestDisk.open(disk)) {
      return s.resolveBoot().kernel().readAllBytes();
    }
  }

  /** What bootlace's own path walk says when asked to open {@code path} as a file. */
  private static String openAsFile(Path disk, String path) throws IOException {
    try (BootSource s = GuestDisk.open(disk)) {
      Volume v = s.volume(1).orElseThrow();
      try {
        v.open(path);
        throw new AssertionError("opened " + path);
      } catch (GuestFileException e) {
        return e.getMessage();
      }
    }
  }

  @Test
  void aDirectoryRecordWithRecLenZeroIsCorrupt() throws Exception {
    Path fs =
        GuestDisk.ext(
            GuestDisk.tree(dir.resolve("tree"), menu("/boot/vmlinuz")),
            dir.resolve("boot.img"),
            "ext2",
            "2M",
            "-b",
            "1024");
    assertThat(kernel(GuestDisk.mbr(fs, dir.resolve("clean.img")))).isEqualTo(GuestDisk.KERNEL);
    long block = GuestDisk.blocks(fs, "/boot/grub").get(0);
    // The "." record's rec_len: a reader that trusts it never moves on.
    Tools.patch(fs, block * 1024 + 4, (byte) 0, (byte) 0);
    Path disk = GuestDisk.mbr(fs, dir.resolve("disk.img"));
    assertThatThrownBy(() -> resolve(disk))
        .isInstanceOf(CorruptImageException.class)
        .hasMessage("ext2: inode 13: directory block 0: entry at 0x16c00: rec_len 0 < 8");
  }

  @Test
  void anExtentTreeThatPointsAtItselfIsCorrupt() throws Exception {
    Path tree = GuestDisk.tree(dir.resolve("tree"), menu("/boot/vmlinuz"));
    // Ten one-block runs with holes between: more extents than the inode holds, so the kernel
    // gets an extent tree of depth 1 with one leaf block.
    byte[] kernel = new byte[20 * 1024];
    for (int i = 0; i < 10; i++) {
      System.arraycopy(GuestDisk.KERNEL, 0, kernel, i * 2048, 1024);
    }
    Path k = tree.resolve("boot/vmlinuz");
    Files.write(k, kernel);
    Tools.run("fallocate", "--dig-holes", k.toString());
    Path fs =
        GuestDisk.ext(
            tree,
            dir.resolve("boot.img"),
            "ext4",
            "2M",
            "-b",
            "1024",
            "-O",
            "^metadata_csum,^has_journal");
    assertThat(kernel(GuestDisk.mbr(fs, dir.resolve("clean.img")))).isEqualTo(kernel);
    long leaf = leafBlock(Tools.run("debugfs", "-R", "ex /boot/vmlinuz", fs.toString()));
    // The leaf becomes an index node whose only child is itself.
    byte[] node = Tools.read(fs, leaf * 1024, 24);
    ByteBuffer b = ByteBuffer.wrap(node).order(ByteOrder.LITTLE_ENDIAN);
    b.putShort(2, (short) 1); // eh_entries
    b.putShort(6, (short) 1); // eh_depth
    b.putInt(12, 0); // ei_block
    b.putInt(16, (int) leaf); // ei_leaf_lo
    b.putShort(20, (short) 0); // ei_leaf_hi
    Tools.patch(fs, leaf * 1024, node);
    Path disk = GuestDisk.mbr(fs, dir.resolve("disk.img"));
    assertThatThrownBy(() -> resolve(disk))
        .isInstanceOf(BootEntryException.class)
        .hasMessage(
            "(hd0,msdos1)/boot/grub/menu.lst: entry 0 'guest' loads no kernel: line 5: kernel"
                + " /boot/vmlinuz ro: Error 16: Inconsistent filesystem structure (ext4: inode 16:"
                + " extent block 42 eh_depth at 0xa806: 1 != expected 0)");
  }

  /** The physical block of the level-1 node in debugfs's {@code ex} listing. */
  private static long leafBlock(String ex) {
    for (String line : ex.split("\n")) {
      String[] f = line.trim().split("\\s+");
      // "0/ 1   1/  1     0 -    19    42             20": level 0, the index entry.
      if (f.length >= 8 && f[0].equals("0/")) {
        return Long.parseLong(f[7]);
      }
    }
    throw new AssertionError("no index node in\n" + ex);
  }

  @Test
  void symlinkLoopsEndAtTheHopLimit() throws Exception {
    Path tree = GuestDisk.tree(dir.resolve("tree"), menu("/boot/loop-a"));
    Files.createSymbolicLink(tree.resolve("boot/loop-a"), Path.of("loop-b"));
    Files.createSymbolicLink(tree.resolve("boot/loop-b"), Path.of("/boot/loop-a"));
    Path disk =
        GuestDisk.mbr(
            GuestDisk.ext(tree, dir.resolve("boot.img"), "ext4", "2M"), dir.resolve("disk.img"));
    assertThatThrownBy(() -> resolve(disk))
        .isInstanceOf(BootEntryException.class)
        .hasMessage(
            "(hd0,msdos1)/boot/grub/menu.lst: entry 0 'guest' loads no kernel: line 5: kernel"
                + " /boot/loop-a ro: Error 26: Too many symbolic links (limit maxSymlinkHops (40)"
                + " exceeded: (hd0,msdos1)/boot/loop-a: too many levels of symbolic links (raise it"
                + " with Limits.builder().maxSymlinkHops(...)))");
  }

  @Test
  void aKernelThatIsADirectoryIsRefused() throws Exception {
    Path tree = GuestDisk.tree(dir.resolve("tree"), menu("/boot/grub"));
    Path disk =
        GuestDisk.mbr(
            GuestDisk.ext(tree, dir.resolve("boot.img"), "ext4", "2M"), dir.resolve("disk.img"));
    assertThatThrownBy(() -> resolve(disk))
        .isInstanceOf(BootEntryException.class)
        .hasMessage(
            "(hd0,msdos1)/boot/grub/menu.lst: entry 0 'guest' loads no kernel: line 5: kernel"
                + " /boot/grub ro: Error 2: Bad file or directory type");
    assertThat(openAsFile(disk, "/boot/grub"))
        .isEqualTo("(hd0,msdos1)/boot/grub: is a directory, not a regular file");
  }

  @Test
  void aKernelThatIsAFifoIsRefused() throws Exception {
    Path tree = GuestDisk.tree(dir.resolve("tree"), menu("/boot/fifo"));
    Tools.run("mkfifo", tree.resolve("boot/fifo").toString());
    Path disk =
        GuestDisk.mbr(
            GuestDisk.ext(tree, dir.resolve("boot.img"), "ext4", "2M"), dir.resolve("disk.img"));
    assertThatThrownBy(() -> resolve(disk))
        .isInstanceOf(BootEntryException.class)
        .hasMessage(
            "(hd0,msdos1)/boot/grub/menu.lst: entry 0 'guest' loads no kernel: line 5: kernel"
                + " /boot/fifo ro: Error 2: Bad file or directory type");
    assertThat(openAsFile(disk, "/boot/fifo"))
        .isEqualTo("(hd0,msdos1)/boot/fifo: is a fifo, not a regular file");
  }

  @Test
  void aSixtyFourGibibyteSparseKernelExceedsTheKernelLimit() throws Exception {
    Path tree = GuestDisk.tree(dir.resolve("tree"), menu("/boot/vmlinuz"));
    Path k = tree.resolve("boot/vmlinuz");
    try (var ch = java.nio.channels.FileChannel.open(k, java.nio.file.StandardOpenOption.WRITE)) {
      ch.truncate(0);
      ch.write(java.nio.ByteBuffer.wrap(GuestDisk.KERNEL), 0);
      ch.write(java.nio.ByteBuffer.wrap(new byte[] {1}), (64L << 30) - 1);
    }
    Path disk =
        GuestDisk.mbr(
            GuestDisk.ext(tree, dir.resolve("boot.img"), "ext4", "8M"), dir.resolve("disk.img"));
    assertThatThrownBy(() -> resolve(disk))
        .isInstanceOf(LimitExceededException.class)
        .hasMessage(
            "limit maxKernelBytes (536870912) exceeded: kernel (hd0,msdos1)/boot/vmlinuz"
                + " (68719476736) (raise it with Limits.builder().maxKernelBytes(...))");
  }
}
