package org.bootlace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.bootlace.testing.Tools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ls, cat and resolve on a whole-disk btrfs made by mkfs.btrfs --rootdir, found by its UUID. */
class BtrfsCommandsTest {
  static final String UUID = "7b1f2e3d-4c5b-4a69-8877-665544332211";
  @TempDir static Path dir;
  static Path image;

  @BeforeAll
  static void image() throws Exception {
    Path src = Files.createDirectories(dir.resolve("src"));
    Tools.write(
        src,
        "boot/grub/grub.cfg",
        "search --no-floppy --fs-uuid --set=root "
            + UUID
            + "\nmenuentry 'Linux on btrfs' {\n  linux /boot/vmlinuz root=UUID="
            + UUID
            + " ro\n}\n");
    Tools.write(src, "boot/vmlinuz-6.1", Fixtures.pattern("btrfs kernel", 200_000));
    Files.createSymbolicLink(src.resolve("boot/vmlinuz"), Path.of("vmlinuz-6.1"));
    image = Tools.sparseFile(dir.resolve("btrfs.img"), 128L << 20);
    Tools.run(
        "mkfs.btrfs",
        "-q",
        "-f",
        "-U",
        UUID,
        "-L",
        "cli",
        "--rootdir",
        src.toString(),
        image.toString());
  }

  @Test
  void lsCatAndResolve() {
    CliRun ls = CliRun.of("ls", image.toString(), "/boot");
    assertThat(ls.exitCode()).isZero();
    assertThat(ls.out()).isEqualTo("grub\nvmlinuz\nvmlinuz-6.1\n");
    CliRun cat = CliRun.of("cat", image.toString(), "/boot/vmlinuz");
    assertThat(cat.exitCode()).isZero();
    assertThat(cat.stdout()).isEqualTo(Fixtures.pattern("btrfs kernel", 200_000));
    CliRun r = CliRun.of("resolve", image.toString());
    assertThat(r.exitCode()).isZero();
    assertThat(r.out())
        .contains("kernel   (hd0)/boot/vmlinuz (200000 bytes)\n")
        .contains("args     root=UUID=" + UUID + " ro\n")
        .contains("btrfs UUID=" + UUID);
  }
}
