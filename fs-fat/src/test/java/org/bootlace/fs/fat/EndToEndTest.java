package org.bootlace.fs.fat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.bootlace.BootMenu;
import org.bootlace.BootRecord;
import org.bootlace.BootSource;
import org.bootlace.Volume;
import org.bootlace.testing.FakeKernels;
import org.bootlace.testing.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole guests through {@link BootSource} with the drivers found on the class path: a GPT disk
 * whose EFI system partition (FAT32) redirects GRUB to an ext4 partition, a guest whose kernel
 * lives on the ESP found by its FAT serial and label, and an ISO whose El Torito EFI image (a FAT
 * volume nested in the ISO) holds the only GRUB configuration.
 */
class EndToEndTest {
  static final String EXT_UUID = "6a0b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d";
  static final long MIB = 1 << 20;

  @TempDir Path tmp;

  /** ESP (partition 1, type EF00) and ext4 (partition 2) on a GPT disk made by sgdisk. */
  Path gptDisk(Path esp, Path ext) throws IOException {
    long espBytes = Files.size(esp);
    long extBytes = Files.size(ext);
    Path disk = Tools.sparseFile(tmp.resolve("disk.img"), 2 * MIB + espBytes + extBytes);
    long espStart = 2048;
    long extStart = espStart + espBytes / 512;
    Tools.run(
        "sgdisk",
        "-n",
        "1:" + espStart + ":+" + espBytes / 512,
        "-t",
        "1:ef00",
        "-n",
        "2:" + extStart + ":+" + extBytes / 512,
        "-t",
        "2:8300",
        disk.toString());
    copyInto(esp, disk, espStart * 512);
    copyInto(ext, disk, extStart * 512);
    return disk;
  }

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

  Path ext4(Path tree) {
    Path img = tmp.resolve("root.ext4");
    Tools.run(
        "mke2fs",
        "-q",
        "-F",
        "-t",
        "ext4",
        "-U",
        EXT_UUID,
        "-d",
        tree.toString(),
        img.toString(),
        "8M");
    return img;
  }

  /** A FAT32 ESP of 40 MiB (one-sector clusters keep it above FAT32's 65525 clusters). */
  Path esp(Path tree) {
    Path img = tmp.resolve("esp.img");
    FatImages.format(img, 32, 512, 40 * 1024, "-s", "1");
    FatImages.copyTree(img, tree);
    return img;
  }

  @Test
  void anEspGrubCfgFindsTheExt4RootBySearchFsUuidAndReadsItsConfig() throws IOException {
    Path espTree = tmp.resolve("esp");
    Tools.write(
        espTree,
        "EFI/debian/grub.cfg",
        "search --fs-uuid --set=root "
            + EXT_UUID
            + "\n"
            + "set prefix=($root)'/boot/grub'\n"
            + "configfile ($root)/boot/grub/grub.cfg\n");
    Tools.write(espTree, "EFI/debian/grubx64.efi", "not really GRUB");
    Path rootTree = tmp.resolve("root");
    Tools.write(
        rootTree,
        "boot/grub/grub.cfg",
        "menuentry 'Debian GNU/Linux' {\n  linux /boot/vmlinuz-6.1 root=UUID="
            + EXT_UUID
            + " ro quiet\n"
            + "  initrd /boot/initrd.img-6.1\n}\n");
    Tools.write(rootTree, "boot/vmlinuz-6.1", FakeKernels.linux("debian"));
    Tools.write(rootTree, "boot/initrd.img-6.1", "initrd");
    Path disk = gptDisk(esp(espTree), ext4(rootTree));
    try (BootSource s = BootSource.open(disk)) {
      List<Volume> volumes = s.volumes();
      assertThat(volumes)
          .extracting(Volume::grubDevice, Volume::fsType)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("hd0,gpt1", "fat32"),
              org.assertj.core.groups.Tuple.tuple("hd0,gpt2", "ext4"));
      assertThat(volumes.get(0).uuid()).contains(FatImages.UUID);
      BootMenu menu = s.menu();
      assertThat(menu.config().toString()).isEqualTo("(hd0,gpt2)/boot/grub/grub.cfg");
      assertThat(menu.explanation())
          .anySatisfy(l -> assertThat(l).startsWith("/EFI/debian/grub.cfg:3: configfile"));
      BootRecord boot = s.resolveBoot();
      assertThat(boot.kernel().location()).isEqualTo("(hd0,gpt2)/boot/vmlinuz-6.1");
      assertThat(boot.args()).isEqualTo("root=UUID=" + EXT_UUID + " ro quiet");
    }
  }

  @Test
  void aKernelOnTheEspIsFoundByTheFatSerialAndByTheLabel() throws IOException {
    Path espTree = tmp.resolve("esp");
    Tools.write(espTree, "EFI/Linux/vmlinuz", FakeKernels.linux("esp kernel"));
    Tools.write(espTree, "EFI/Linux/initrd.img", "esp initrd");
    Path rootTree = tmp.resolve("root");
    // GRUB compares serials without regard to case; the kernel's path differs in case too.
    Tools.write(
        rootTree,
        "boot/grub/grub.cfg",
        "menuentry 'by uuid' {\n  search --no-floppy --fs-uuid --set=root 1234-abcd\n  linux /efi/linux/VMLINUZ by-uuid\n}\n"
            + "menuentry 'by label' {\n  search --no-floppy --label --set=root "
            + FatImages.LABEL
            + "\n"
            + "  linux /EFI/Linux/vmlinuz by-label\n  initrd /EFI/Linux/initrd.img\n}\n");
    Path disk = gptDisk(esp(espTree), ext4(rootTree));
    try (BootSource s = BootSource.open(disk)) {
      BootRecord byUuid = s.resolveBoot("0");
      assertThat(byUuid.kernel().location()).isEqualTo("(hd0,gpt1)/efi/linux/VMLINUZ");
      assertThat(byUuid.args()).isEqualTo("by-uuid");
      assertThat(byUuid.kernel().readAllBytes()).isEqualTo(FakeKernels.linux("esp kernel"));
      BootRecord byLabel = s.resolveBoot("1");
      assertThat(byLabel.kernel().location()).isEqualTo("(hd0,gpt1)/EFI/Linux/vmlinuz");
      assertThat(
              new String(
                  byLabel.ramdisk().orElseThrow().readAllBytes(),
                  java.nio.charset.StandardCharsets.UTF_8))
          .isEqualTo("esp initrd");
    }
  }

  @Test
  void anIsosElToritoEfiImageIsOneMoreVolumeWithTheGrubConfig() throws IOException {
    Path efiTree = tmp.resolve("efi");
    Tools.write(
        efiTree,
        "EFI/boot/grub.cfg",
        "search --no-floppy --set=root --file /live/marker\n"
            + "menuentry 'Live system' {\n  linux ($root)/live/vmlinuz boot=live\n  initrd ($root)/live/initrd.img\n}\n");
    Tools.write(efiTree, "EFI/boot/bootx64.efi", "not really GRUB");
    Path isoTree = tmp.resolve("iso");
    Path efiImg = isoTree.resolve("boot/efi.img");
    Files.createDirectories(efiImg.getParent());
    FatImages.format(efiImg, 12, 512, 1440);
    FatImages.copyTree(efiImg, efiTree);
    Tools.write(isoTree, "live/marker", "");
    Tools.write(isoTree, "live/vmlinuz", FakeKernels.linux("live"));
    Tools.write(isoTree, "live/initrd.img", "live initrd");
    Path iso = tmp.resolve("live.iso");
    Tools.run(
        "xorriso",
        "-as",
        "mkisofs",
        "-quiet",
        "-R",
        "-J",
        "-V",
        "LIVE",
        "-e",
        "boot/efi.img",
        "-no-emul-boot",
        "-o",
        iso.toString(),
        isoTree.toString());
    try (BootSource s = BootSource.open(iso)) {
      List<Volume> volumes = s.volumes();
      assertThat(volumes)
          .extracting(Volume::grubDevice, Volume::fsType)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("hd0", "iso9660"),
              org.assertj.core.groups.Tuple.tuple("hd0,eltorito1", "fat12"));
      assertThat(volumes.get(1).partition().typeName()).contains("El Torito EFI boot image");
      assertThat(volumes.get(1).label()).contains(FatImages.LABEL);
      BootMenu menu = s.menu();
      assertThat(menu.config().toString()).isEqualTo("(hd0,eltorito1)/EFI/boot/grub.cfg");
      BootRecord boot = s.resolveBoot();
      assertThat(boot.kernel().location()).isEqualTo("(hd0)/live/vmlinuz");
      assertThat(boot.args()).isEqualTo("boot=live");
      assertThat(boot.provenance().fsType()).isEqualTo("fat12");
    }
  }
}
