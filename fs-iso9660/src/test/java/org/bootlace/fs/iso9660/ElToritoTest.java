package org.bootlace.fs.iso9660;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.bootlace.block.BlockDevice;
import org.bootlace.block.BlockDevices;
import org.bootlace.fs.iso9660.ElTorito.BootEntry;
import org.bootlace.fs.iso9660.ElTorito.Emulation;
import org.bootlace.testing.OpenedFs;
import org.bootlace.testing.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Boot catalogs written by xorriso and genisoimage, read by {@link ElTorito} and compared with what
 * {@code xorriso -report_el_torito plain} reports; every boot image slice compared with the file it
 * was made from.
 */
class ElToritoTest {
  @TempDir Path tmp;

  /** One "El Torito boot img" line of xorriso's report. */
  record Reported(
      String platform,
      boolean bootable,
      String emulation,
      int loadSegment,
      int systemType,
      int loadSize,
      long lba) {}

  static List<Reported> report(Path image) {
    List<Reported> out = new ArrayList<>();
    for (String line :
        Tools.run("xorriso", "-indev", image.toString(), "-report_el_torito", "plain")
            .split("\n")) {
      if (line.startsWith("El Torito boot img :")) {
        String[] f = line.substring("El Torito boot img :".length()).trim().split("\\s+");
        out.add(
            new Reported(
                f[1],
                f[2].equals("y"),
                f[3],
                Integer.decode(f[4]),
                Integer.decode(f[5]),
                Integer.parseInt(f[6]),
                Long.parseLong(f[7])));
      }
    }
    return out;
  }

  static Reported asReported(BootEntry e) {
    String platform =
        switch (e.platformId()) {
          case ElTorito.PLATFORM_X86 -> "BIOS";
          case ElTorito.PLATFORM_EFI -> "UEFI";
          default -> Integer.toString(e.platformId());
        };
    String emulation =
        switch (e.emulation()) {
          case NONE -> "none";
          case FLOPPY_1_2M -> "fd1.2";
          case FLOPPY_1_44M -> "fd1.4";
          case FLOPPY_2_88M -> "fd2.8";
          case HARD_DISK -> "hd";
        };
    return new Reported(
        platform,
        e.bootable(),
        emulation,
        e.loadSegment(),
        e.systemType(),
        e.sectorCount(),
        e.imageLba());
  }

  /** A FAT image with an EFI loader in it, made with mkfs.vfat and mtools. */
  static Path efiImage(Path dir, int kib) {
    Path img = dir.resolve("efi.img");
    Tools.run("mkfs.vfat", "-C", img.toString(), Integer.toString(kib));
    Tools.run("mmd", "-i", img.toString(), "::/EFI", "::/EFI/BOOT");
    Path loader = Tools.write(dir, "bootx64.efi", Fixtures.bytes(new Random(4), 5000));
    Tools.run("mcopy", "-i", img.toString(), loader.toString(), "::/EFI/BOOT/BOOTX64.EFI");
    return img;
  }

  private Path bootTree() throws Exception {
    Path src = Files.createDirectories(tmp.resolve("src"));
    // A stand-in for isolinux.bin: a BIOS no-emulation image is any file.
    Tools.write(src, "isolinux/isolinux.bin", Fixtures.bytes(new Random(5), 40_000));
    Tools.write(src, "isolinux/isolinux.cfg", "default linux\n");
    return src;
  }

  private static void assertImage(BlockDevice dev, BootEntry e, Path file) throws Exception {
    BlockDevice img = e.image(dev);
    assertThat(img.size()).isEqualTo(Files.size(file));
    assertThat(img.read(0, (int) img.size())).isEqualTo(Files.readAllBytes(file));
  }

  @Test
  void biosAndEfiByXorriso() throws Exception {
    Path src = bootTree();
    Path efi = efiImage(src, 2880);
    Path image =
        IsoImages.mkisofs(
            src,
            tmp.resolve("b.iso"),
            "-R",
            "-J",
            "-b",
            "isolinux/isolinux.bin",
            "-c",
            "isolinux/boot.cat",
            "-no-emul-boot",
            "-boot-load-size",
            "4",
            "-eltorito-alt-boot",
            "-e",
            "efi.img",
            "-no-emul-boot");
    try (BlockDevice dev = BlockDevices.open(image)) {
      List<BootEntry> entries = ElTorito.read(dev);
      assertThat(entries.stream().map(ElToritoTest::asReported).toList()).isEqualTo(report(image));
      assertThat(entries).hasSize(2);
      BootEntry bios = entries.get(0);
      assertThat(bios.index()).isZero();
      assertThat(bios.imageBytes()).isEqualTo(2048);
      assertThat(bios.image(dev).read(0, 2048))
          .isEqualTo(
              java.util.Arrays.copyOf(
                  Files.readAllBytes(src.resolve("isolinux/isolinux.bin")), 2048));
      BootEntry uefi = entries.get(1);
      assertThat(uefi.platformId()).isEqualTo(ElTorito.PLATFORM_EFI);
      assertThat(uefi.sectorCount()).isEqualTo(5760);
      assertImage(dev, uefi, efi);
      assertThat(uefi.image(dev).toString()).isEqualTo(dev + "[eltorito1]");
      // The image is also a file of the tree.
      try (OpenedFs o = IsoImages.open(dev, org.bootlace.Limits.defaults())) {
        assertThat(o.read("/efi.img")).isEqualTo(Files.readAllBytes(efi));
      }
    }
  }

  @Test
  void onlyTheEfiImageIsANestedDevice() throws Exception {
    Path src = bootTree();
    Path efi = efiImage(src, 2880);
    Path image =
        IsoImages.mkisofs(
            src,
            tmp.resolve("nested.iso"),
            "-R",
            "-b",
            "isolinux/isolinux.bin",
            "-c",
            "isolinux/boot.cat",
            "-no-emul-boot",
            "-boot-load-size",
            "4",
            "-eltorito-alt-boot",
            "-e",
            "efi.img",
            "-no-emul-boot");
    try (BlockDevice dev = BlockDevices.open(image);
        OpenedFs o = IsoImages.open(dev, org.bootlace.Limits.defaults())) {
      BootEntry uefi = ElTorito.read(dev).get(1);
      var nested = o.fs.nestedDevices();
      assertThat(nested).hasSize(1);
      assertThat(nested.get(0).scheme()).isEqualTo("eltorito");
      assertThat(nested.get(0).description()).isEqualTo("El Torito EFI boot image");
      assertThat(nested.get(0).offset()).isEqualTo(uefi.imageLba() * 2048);
      assertThat(nested.get(0).device().read(0, (int) Files.size(efi)))
          .isEqualTo(Files.readAllBytes(efi));
    }
  }

  @Test
  void withoutAnEfiImageThereIsNoNestedDevice() throws Exception {
    Path src = bootTree();
    Path image =
        IsoImages.mkisofs(
            src,
            tmp.resolve("bios.iso"),
            "-R",
            "-b",
            "isolinux/isolinux.bin",
            "-c",
            "isolinux/boot.cat",
            "-no-emul-boot",
            "-boot-load-size",
            "4");
    try (OpenedFs o = IsoImages.open(BlockDevices.open(image), org.bootlace.Limits.defaults())) {
      assertThat(o.fs.nestedDevices()).isEmpty();
    }
  }

  @Test
  void biosAndEfiByGenisoimage() throws Exception {
    Path src = bootTree();
    Path efi = efiImage(src, 1440);
    Path image =
        IsoImages.genisoimage(
            src,
            tmp.resolve("g.iso"),
            "-R",
            "-J",
            "-b",
            "isolinux/isolinux.bin",
            "-c",
            "isolinux/boot.cat",
            "-no-emul-boot",
            "-boot-load-size",
            "4",
            "-eltorito-alt-boot",
            "-e",
            "efi.img",
            "-no-emul-boot");
    try (BlockDevice dev = BlockDevices.open(image)) {
      List<BootEntry> entries = ElTorito.read(dev);
      assertThat(entries.stream().map(ElToritoTest::asReported).toList()).isEqualTo(report(image));
      assertImage(dev, entries.get(1), efi);
    }
  }

  /**
   * xorriso records sector count 0 for an EFI image above 32 MiB; UEFI reads to the end of the
   * volume.
   */
  @Test
  void largeEfiImageRunsToTheEndOfTheVolume() throws Exception {
    Path src = bootTree();
    Path efi = efiImage(src, 40 * 1024);
    Path image =
        IsoImages.mkisofs(src, tmp.resolve("big.iso"), "-R", "-e", "efi.img", "-no-emul-boot");
    try (BlockDevice dev = BlockDevices.open(image)) {
      List<BootEntry> entries = ElTorito.read(dev);
      assertThat(entries.stream().map(ElToritoTest::asReported).toList()).isEqualTo(report(image));
      BootEntry e = entries.get(0);
      assertThat(e.platformId()).isEqualTo(ElTorito.PLATFORM_EFI);
      assertThat(e.sectorCount()).isZero();
      long volumeEnd =
          2048L
              * Long.parseLong(
                  Tools.run("isoinfo", "-d", "-i", image.toString())
                      .lines()
                      .filter(l -> l.startsWith("Volume size is: "))
                      .findFirst()
                      .orElseThrow()
                      .substring(16)
                      .trim());
      assertThat(e.imageLba() * 2048 + e.imageBytes()).isEqualTo(volumeEnd);
      byte[] content = Files.readAllBytes(efi);
      assertThat(e.image(dev).read(0, content.length)).isEqualTo(content);
    }
  }

  @Test
  void floppyAndHardDiskEmulation() throws Exception {
    Path src = bootTree();
    Tools.write(src, "floppy.img", Fixtures.bytes(new Random(6), 1440 * 1024));
    Path disk = src.resolve("disk.img");
    Tools.sparseFile(disk, 4 << 20);
    Tools.runWithInput("start=2048, size=4096, type=83\n", "sfdisk", "-q", disk.toString());
    Path image =
        IsoImages.mkisofs(
            src,
            tmp.resolve("f.iso"),
            "-R",
            "-b",
            "floppy.img",
            "-c",
            "boot.cat",
            "-eltorito-alt-boot",
            "-b",
            "disk.img",
            "-hard-disk-boot");
    try (BlockDevice dev = BlockDevices.open(image)) {
      List<BootEntry> entries = ElTorito.read(dev);
      assertThat(entries.stream().map(ElToritoTest::asReported).toList()).isEqualTo(report(image));
      assertThat(entries.get(0).emulation()).isEqualTo(Emulation.FLOPPY_1_44M);
      assertImage(dev, entries.get(0), src.resolve("floppy.img"));
      assertThat(entries.get(1).emulation()).isEqualTo(Emulation.HARD_DISK);
      assertThat(entries.get(1).imageBytes()).isEqualTo((2048 + 4096) * 512L);
      assertThat(entries.get(1).systemType()).isEqualTo(0x83);
    }
  }

  @Test
  void noBootRecordNoEntries() throws Exception {
    Path src = bootTree();
    Path image = IsoImages.mkisofs(src, tmp.resolve("n.iso"), "-R");
    try (BlockDevice dev = BlockDevices.open(image)) {
      assertThat(ElTorito.read(dev)).isEmpty();
    }
  }
}
