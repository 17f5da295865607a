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
}
