package org.bootlace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.bootlace.testing.Tools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The modern commands on real images: what a user types and what they see. */
class CommandsTest {
  @TempDir static Path dir;
  static Path seed;
  static Path mbr;

  @BeforeAll
  static void images() {
    seed = Fixtures.seedImage(dir);
    mbr = Fixtures.mbrImage(dir);
  }

  @Test
  void resolvePrintsTheRecord() {
    CliRun r = CliRun.of("resolve", mbr.toString());
    assertThat(r.exitCode()).isZero();
    assertThat(r.out())
        .isEqualTo(
            "kind     linux\n"
                + "kernel   (hd0,msdos2)/boot/vmlinuz-b (90000 bytes)\n"
                + "args     root=/dev/xvda2 ro quiet\n"
                + "entry    1 'Second 'quoted' entry' (/boot/grub/menu.lst:9)\n"
                + "config   (hd0,msdos2)/boot/grub/menu.lst (grub-legacy)\n"
                + "volume   raw, msdos partition 2 (type 0x83, offset 2097152), ext4 UUID="
                + uuidOf(mbr, 4096)
                + "\n");
  }

  private static String uuidOf(Path image, long sector) {
    String out =
        Tools.run(
            "blkid",
            "-p",
            "-O",
            String.valueOf(sector * 512),
            "-s",
            "UUID",
            "-o",
            "value",
            image.toString());
    return out.trim();
  }

  @Test
  void platformIsAChoiceOfFour() {
    assertThat(CliRun.of("resolve", "--platform", "pc", mbr.toString()).exitCode()).isZero();
    CliRun bad = CliRun.of("resolve", "--platform", "sparc", mbr.toString());
    assertThat(bad.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(bad.stderr())
        .isEqualTo("bootlace: --platform must be xen, pc, efi or pvgrub2: sparc\n");
  }

  @Test
  void resolveJsonAndEntrySelection() {
    CliRun r = CliRun.of("resolve", "--json", "--entry", "First", mbr.toString());
    assertThat(r.exitCode()).isZero();
    assertThat(r.out())
        .contains("\"kind\": \"linux\"")
        .contains("\"location\": \"(hd0,msdos2)/boot/vmlinuz-a\"")
        .contains("\"path\": \"/boot/initrd-a\"")
        .contains("\"args\": \"root=/dev/xvda2 ro\"")
        .contains("\"index\": \"0\"")
        .contains("\"partitionScheme\": \"msdos\"");
  }

  @Test
  void resolveExplainsTheChoice() {
    CliRun r = CliRun.of("resolve", "--explain", mbr.toString());
    assertThat(r.exitCode()).isZero();
    assertThat(r.out())
        .contains("explain  configuration (hd0,msdos2)/boot/grub/menu.lst read by grub-legacy\n")
        .contains("explain  default: 1 (")
        .contains(
            "explain  booting the default, entry 1 'Second 'quoted' entry' defined at /boot/grub/menu.lst:9\n");
    CliRun chosen = CliRun.of("resolve", "--explain", "--entry", "First", mbr.toString());
    assertThat(chosen.out())
        .contains(
            "explain  --entry 'First' chose entry 0 'First' defined at /boot/grub/menu.lst:4\n");
  }

  @Test
  void listShowsTheTreeAndTheDefault() {
    CliRun r = CliRun.of("list", mbr.toString());
    assertThat(r.exitCode()).isZero();
    assertThat(r.out())
        .startsWith("config   (hd0,msdos2)/boot/grub/menu.lst (grub-legacy)\n")
        .contains("timeout  3\n")
        .contains("  0      First  (linux)\n")
        .contains("* 1      Second 'quoted' entry  (linux)\n");
  }

  @Test
  void lsAndCatReadInsideTheImage() throws IOException {
    CliRun ls = CliRun.of("ls", mbr.toString(), "p2:/boot");
    assertThat(ls.exitCode()).isZero();
    assertThat(ls.out()).isEqualTo("grub\ninitrd-a\nvmlinuz-a\nvmlinuz-b\n");
    CliRun cat = CliRun.of("cat", seed.toString(), "/boot/grub/menu.lst");
    assertThat(cat.exitCode()).isZero();
    assertThat(cat.out()).isEqualTo(Fixtures.SEED_MENU);
    CliRun kernel = CliRun.of("cat", mbr.toString(), "(hd0,msdos2)/boot/vmlinuz-a");
    assertThat(kernel.stdout()).isEqualTo(Fixtures.pattern("kernel-a", 70_000));
    CliRun missing = CliRun.of("cat", mbr.toString(), "p2:/boot/nope");
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.stderr())
        .isEqualTo("bootlace: (hd0,msdos2)/boot/nope: no such file or directory\n");
    CliRun noFs = CliRun.of("ls", mbr.toString(), "p1:/");
    assertThat(noFs.exitCode()).isEqualTo(1);
    assertThat(noFs.stderr())
        .isEqualTo("bootlace: p1:/: partition 1 has no filesystem bootlace can read\n");
  }

  @Test
  void extractCopiesTheBootFiles() throws IOException {
    Path out = Files.createDirectories(dir.resolve("extract"));
    CliRun r = CliRun.of("extract", seed.toString(), "-o", out.toString());
    assertThat(r.exitCode()).isZero();
    assertThat(Files.readAllBytes(out.resolve("kernel")))
        .isEqualTo(Fixtures.pattern("kernel", 300_000));
    assertThat(Files.readAllBytes(out.resolve("ramdisk")))
        .isEqualTo(Fixtures.pattern("initrd", 120_000));
    assertThat(Files.readString(out.resolve("cmdline")))
        .isEqualTo("root=/dev/xvda1 ro console=hvc0\n");
  }

  @Test
  void failuresAreOneLineWithDocumentedStatus() throws IOException {
    Path notAnImage = Files.write(dir.resolve("zeros.img"), new byte[1 << 20]);
    CliRun r = CliRun.of("resolve", notAnImage.toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stderr())
        .startsWith(
            "bootlace: no usable boot configuration found in zeros.img; partition tables: gpt: no MBR boot signature at 0x1fe: 0x0000 != 0xaa55; msdos: ");
    assertThat(r.stderr().lines()).hasSize(1);
    CliRun usage = CliRun.of("resolve");
    assertThat(usage.exitCode()).isEqualTo(2);
    CliRun limit =
        CliRun.of(
            "pygrub",
            "-q",
            "--output-directory=" + dir,
            "--entry=7",
            "--args=x",
            "/nonexistent.img");
    assertThat(limit.exitCode()).isEqualTo(1);
    assertThat(limit.stderr()).isEqualTo("bootlace: /nonexistent.img: no such file\n");
  }

  @Test
  void pygrubIsConfigEvaluatesAHostFileAlone() throws IOException {
    Path cfg = Tools.write(dir, "cfg/menu.lst", Fixtures.SEED_MENU);
    CliRun r = CliRun.of("pygrub", "--isconfig", "-q", "--output-directory=" + dir, cfg.toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stderr())
        .isEqualTo(
            "bootlace: entry 0 'Xen 3.2-1-i386 / Debian GNU/Linux, kernel 2.6.18-4-xen' loads no kernel: "
                + "line 5: (hd0,0): no filesystem bootlace reads on partition 1 of this disk; using (hd0),"
                + " where /boot/grub/menu.lst is, as pygrub does; line 6: kernel /boot/vmlinuz-2.6.25-2-xen-686"
                + " root=/dev/xvda1 ro console=hvc0: Error 15: File not found; line 7: not run: GRUB failed"
                + " before it\n");
    Path unknown = Tools.write(dir, "cfg/boot.txt", "x");
    CliRun none =
        CliRun.of("pygrub", "--isconfig", "-q", "--output-directory=" + dir, unknown.toString());
    assertThat(none.exitCode()).isEqualTo(1);
    assertThat(none.stderr())
        .isEqualTo(
            "bootlace: " + unknown + ": no parser reads configuration files named boot.txt\n");
  }

  @Test
  void pygrubListsEntriesAndCopiesNothing() throws IOException {
    Path out = Files.createDirectories(dir.resolve("list-out"));
    CliRun r = CliRun.of("pygrub", "-q", "-l", "--output-directory=" + out, mbr.toString());
    assertThat(r.exitCode()).isZero();
    assertThat(r.out())
        .isEqualTo(
            "title: First\n  root: (hd0,msdos2)\n  kernel: /boot/vmlinuz-a\n  args: root=/dev/xvda2 ro\n  initrd: /boot/initrd-a\n"
                + "title: Second 'quoted' entry\n  root: (hd0,msdos2)\n  kernel: /boot/vmlinuz-b\n  args: root=/dev/xvda2 ro quiet\n  initrd: None\n");
    try (Stream<Path> left = Files.list(out)) {
      assertThat(left).isEmpty();
    }
  }
}
