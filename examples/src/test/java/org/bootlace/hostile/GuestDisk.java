package org.bootlace.hostile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bootlace.BootOptions;
import org.bootlace.BootSource;
import org.bootlace.Limits;
import org.bootlace.testing.FakeKernels;
import org.bootlace.testing.Tools;

/**
 * Guest disks for the hostile cases, built the way a guest's own tools build them (mke2fs -d,
 * sfdisk, sgdisk, debugfs) before a test patches them: a /boot tree with a GRUB legacy menu, a
 * kernel and an initrd, on an ext filesystem, alone or in partition 1 of an MBR disk.
 */
final class GuestDisk {
  static final long MIB = 1 << 20;

  /** The kernel every tree holds at /boot/vmlinuz. */
  static final byte[] KERNEL = FakeKernels.linux("hostile guest kernel");

  private GuestDisk() {}

  /** A /boot tree under {@code dir}: {@code menu} as boot/grub/menu.lst, the kernel, an initrd. */
  static Path tree(Path dir, String menu) {
    Tools.write(dir, "boot/grub/menu.lst", menu);
    Tools.write(dir, "boot/vmlinuz", KERNEL);
    Tools.write(dir, "boot/initrd.img", "hostile guest initrd");
    return dir;
  }

  /** mke2fs -d: an ext filesystem of {@code size} (mke2fs units, "8M") holding {@code tree}. */
  static Path ext(Path tree, Path image, String type, String size, String... options) {
    List<String> cmd = new ArrayList<>(List.of("mke2fs", "-q", "-F", "-t", type, "-m", "0"));
    cmd.addAll(List.of(options));
    cmd.addAll(List.of("-d", tree.toString(), image.toString(), size));
    Tools.run(cmd.toArray(String[]::new));
    return image;
  }

  /** An MBR disk (sfdisk) whose active partition 1 at 1 MiB holds {@code fs}. */
  static Path mbr(Path fs, Path disk) {
    long fsBytes = size(fs);
    Tools.sparseFile(disk, MIB + fsBytes);
    Tools.runWithInput(
        "label: dos\nlabel-id: 0x0badb007\nstart=2048, size="
            + fsBytes / 512
            + ", type=83, bootable\n",
        "sfdisk",
        "-q",
        "--no-reread",
        "--no-tell-kernel",
        disk.toString());
    copyInto(fs, disk, MIB);
    return disk;
  }

  /** Copies {@code from} into {@code to} at {@code offset}, keeping holes out of the way. */
  static void copyInto(Path from, Path to, long offset) {
    try (FileChannel in = FileChannel.open(from);
        FileChannel out = FileChannel.open(to, StandardOpenOption.WRITE)) {
      long done = 0;
      while (done < in.size()) {
        done += in.transferTo(done, in.size() - done, out.position(offset + done));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static long size(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The filesystem blocks of {@code path}, as debugfs lists them. */
  static List<Long> blocks(Path image, String path) {
    List<Long> out = new ArrayList<>();
    for (String b :
        Tools.run("debugfs", "-R", "blocks " + path, image.toString()).trim().split("\\s+")) {
      out.add(Long.parseLong(b));
    }
    return out;
  }

  /** The inode number of {@code path}, as debugfs reports it. */
  static long inode(Path image, String path) {
    String out = Tools.run("debugfs", "-R", "stat " + path, image.toString());
    Matcher n = Pattern.compile("Inode: (\\d+)").matcher(out);
    if (!n.find()) {
      throw new AssertionError("debugfs stat " + path + ": " + out);
    }
    return Long.parseLong(n.group(1));
  }

  /** The finished drivers, a 30 s deadline so that a hang fails a test instead of stalling it. */
  static BootOptions.Builder options(Limits.Builder limits) {
    return BootOptions.builder()
        .drivers(ResolverFuzzTest.drivers(false))
        .limits(limits.timeout(Duration.ofSeconds(30)).build());
  }

  static BootSource open(Path disk) throws IOException {
    return BootSource.open(disk, options(Limits.builder()).build());
  }

  static BootSource open(Path disk, BootOptions.Builder options) throws IOException {
    return BootSource.open(disk, options.build());
  }
}
