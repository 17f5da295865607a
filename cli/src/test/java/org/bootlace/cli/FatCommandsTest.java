package org.bootlace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.bootlace.testing.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ls} and {@code cat} on a FAT volume made by mkfs.vfat and filled by mcopy. */
class FatCommandsTest {
  @TempDir Path dir;

  @Test
  void lsAndCatReadAFatVolumeWithoutRegardToCase() {
    Path img = dir.resolve("efi.img");
    Tools.run("mkfs.vfat", "-C", "-n", "ESP", img.toString(), "1440");
    Path src = dir.resolve("src");
    Tools.write(src, "EFI/debian/grub.cfg", "configfile (hd0,gpt2)/boot/grub/grub.cfg\n");
    Tools.write(src, "EFI/debian/Long Name.txt", "long\n");
    Tools.run("mcopy", "-s", "-i", img.toString(), src.resolve("EFI").toString(), "::/");
    CliRun ls = CliRun.of("ls", img.toString(), "/efi/DEBIAN");
    assertThat(ls.exitCode()).isZero();
    assertThat(ls.out()).isEqualTo("Long Name.txt\ngrub.cfg\n");
    CliRun cat = CliRun.of("cat", img.toString(), "/EFI/debian/long name.TXT");
    assertThat(cat.exitCode()).isZero();
    assertThat(cat.out()).isEqualTo("long\n");
  }

  @Test
  void anIsosElToritoEfiImageIsNamedLikeAPartition() throws Exception {
    Path tree = dir.resolve("iso");
    Path img = tree.resolve("efi.img");
    java.nio.file.Files.createDirectories(tree);
    Tools.run("mkfs.vfat", "-C", img.toString(), "1440");
    Path src = dir.resolve("efi");
    Tools.write(src, "EFI/boot/grub.cfg", "set root=(cd0)\n");
    Tools.run("mcopy", "-s", "-i", img.toString(), src.resolve("EFI").toString(), "::/");
    Path iso = dir.resolve("live.iso");
    Tools.run(
        "xorriso",
        "-as",
        "mkisofs",
        "-quiet",
        "-R",
        "-e",
        "efi.img",
        "-no-emul-boot",
        "-o",
        iso.toString(),
        tree.toString());
    CliRun ls = CliRun.of("ls", iso.toString(), "(hd0,eltorito1)/efi/boot");
    assertThat(ls.exitCode()).isZero();
    assertThat(ls.out()).isEqualTo("grub.cfg\n");
    CliRun none = CliRun.of("ls", iso.toString(), "(hd0,eltorito2)/");
    assertThat(none.exitCode()).isEqualTo(1);
    assertThat(none.stderr())
        .isEqualTo(
            "bootlace: (hd0,eltorito2)/: no volume (hd0,eltorito2) with a filesystem bootlace can read\n");
  }
}
