package org.bootlace.grub.legacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.bootlace.BootRecord;
import org.bootlace.BootSource;
import org.bootlace.EntryKind;
import org.bootlace.testing.FakeKernels;
import org.bootlace.testing.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed example on a real ext3 filesystem made by {@code mkfs.ext3 -d}, resolved with the
 * drivers found on the class path, as a toolstack would run bootlace; the files it hands over are
 * compared with what debugfs reads from the same image.
 */
class Ext3EndToEndTest {
  static final String KERNEL = "/boot/vmlinuz-2.6.25-2-xen-686";
  static final String INITRD = "/boot/initrd.img-2.6.25-2-xen-686";

  /** The guest's / as a directory tree. */
  static Path tree(Path dir) {
    Path root = dir.resolve("root");
    Tools.write(root, "boot/grub/menu.lst", SeedExampleTest.MENU);
    Tools.write(root, KERNEL.substring(1), FakeKernels.linux("2.6.25-2-xen-686"));
    Tools.write(root, INITRD.substring(1), "initrd 2.6.25-2-xen-686\n".repeat(1000));
    return root;
  }

  static Path ext3(Path dir) {
    Path image = dir.resolve("xvda1.img");
    Tools.run("mkfs.ext3", "-q", "-F", "-d", tree(dir).toString(), image.toString(), "8M");
    return image;
  }

  static String debugfsCat(Path image, String path) {
    return Tools.run("debugfs", "-R", "cat " + path, image.toString());
  }

  static String read(org.bootlace.GuestFile f) throws IOException {
    return new String(f.readAllBytes(), StandardCharsets.ISO_8859_1);
  }

  @Test
  void bareExt3FilesystemAsXenGuestsHaveIt(@TempDir Path dir) throws Exception {
    Path image = ext3(dir);
    try (BootSource source = BootSource.open(image)) {
      BootRecord boot = source.resolveBoot();
      assertThat(boot.kind()).isEqualTo(EntryKind.LINUX);
      assertThat(boot.kernel().location()).isEqualTo("(hd0)" + KERNEL);
      assertThat(boot.ramdisk().get().location()).isEqualTo("(hd0)" + INITRD);
      assertThat(boot.args()).isEqualTo("root=/dev/xvda1 ro console=hvc0");
      assertThat(read(boot.kernel())).isEqualTo(debugfsCat(image, KERNEL));
      assertThat(read(boot.ramdisk().get())).isEqualTo(debugfsCat(image, INITRD));
      assertThat(boot.provenance().fsType()).startsWith("ext");
      assertThat(boot.provenance().parser()).contains("grub-legacy");
      assertThat(boot.provenance().warnings())
          .contains(
              "(hd0,0): no filesystem bootlace reads on partition 1 of this disk; using (hd0), where"
                  + " /boot/grub/menu.lst is, as pygrub does");
    }
  }

  @Test
  void theSameFilesystemInPartitionOneNeedsNoSubstitute(@TempDir Path dir) throws Exception {
    Path fs = ext3(dir);
    Path disk = Tools.sparseFile(dir.resolve("disk.img"), 10L << 20);
    Tools.runWithInput(
        "label: dos\nstart=2048, type=83, bootable\n", "sfdisk", "-q", disk.toString());
    try (FileChannel out = FileChannel.open(disk, StandardOpenOption.WRITE)) {
      out.write(ByteBuffer.wrap(Files.readAllBytes(fs)), 2048L * 512);
    }
    try (BootSource source = BootSource.open(disk)) {
      BootRecord boot = source.resolveBoot();
      assertThat(boot.kernel().location()).isEqualTo("(hd0,msdos1)" + KERNEL);
      assertThat(boot.ramdisk().get().location()).isEqualTo("(hd0,msdos1)" + INITRD);
      assertThat(boot.args()).isEqualTo("root=/dev/xvda1 ro console=hvc0");
      assertThat(read(boot.kernel())).isEqualTo(debugfsCat(fs, KERNEL));
      assertThat(boot.provenance().warnings()).isEmpty();
      assertThat(boot.entry().get().notes()).isEmpty();
    }
  }
}
