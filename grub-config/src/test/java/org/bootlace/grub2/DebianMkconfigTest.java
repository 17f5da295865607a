package org.bootlace.grub2;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.bootlace.BootMenu;
import org.bootlace.BootRecord;
import org.bootlace.BootSource;
import org.bootlace.testing.FakeKernels;
import org.bootlace.testing.MemFs;
import org.bootlace.testing.Tools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * grub.cfg exactly as Debian 12's own grub-mkconfig writes it (GRUB_DEFAULT=saved), for a guest
 * with a separate /boot holding two kernels. grub-mkconfig runs in a private mount namespace: a
 * tmpfs /boot with fake kernels, a stand-in grub-probe reporting one ext4 partition (hd0,msdos1)
 * with a fixed UUID, and an empty /etc/default (the host's grub settings never reach it). grubenv
 * files come from grub-editenv. Expected entries follow GRUB's rules: saved_entry is matched per
 * menu level.
 */
class DebianMkconfigTest {
  static final String UUID = "3b7a7e2f-1d5c-4c9e-9b1e-2f6d8a4c0e11";
  static final String NEW = "6.1.0-17-amd64";
  static final String OLD = "6.1.0-13-amd64";
  static final String PROBE =
      String.format(
          Locale.ROOT,
          """
      #!/bin/sh
      target=""
      prev=""
      for a in "$@"; do
        case "$a" in --target=*) target="${a#--target=}" ;; esac
        if [ "$prev" = "-t" ]; then target="$a"; fi
        prev="$a"
      done
      case "$target" in
        device) echo /dev/xvda1 ;;
        fs_uuid) echo %s ;;
        partuuid) echo 1234abcd-01 ;;
        fs) echo ext2 ;;
        partmap) echo msdos ;;
        abstraction) echo ;;
        drive) echo "(hd0)" ;;
        compatibility_hint) echo hd0,msdos1 ;;
        hints_string) echo "--hint-bios=hd0,msdos1 --hint-efi=hd0,msdos1 --hint-baremetal=ahci0,msdos1" ;;
        *) exit 1 ;;
      esac
      """,
          UUID);

  @TempDir static Path dir;
  static String cfg;

  @BeforeAll
  static void mkconfig() throws Exception {
    Path probe = Tools.write(dir, "grub-probe", PROBE);
    probe.toFile().setExecutable(true);
    Path kernels = dir.resolve("kernels");
    for (String v : List.of(NEW, OLD)) {
      Tools.write(kernels, "vmlinuz-" + v, FakeKernels.linux(v));
      Tools.write(kernels, "initrd.img-" + v, "initrd " + v);
    }
    Path out = dir.resolve("grub.cfg");
    String script =
        "mount -t tmpfs tmpfs /boot && mkdir /boot/grub && cp "
            + kernels
            + "/* /boot/"
            + " && mount --bind "
            + probe
            + " /usr/sbin/grub-probe"
            // The host's own /etc/default/grub and grub.d must not leak into the fixture.
            + " && mount -t tmpfs tmpfs /etc/default"
            + " && GRUB_DEFAULT=saved GRUB_TIMEOUT=5 GRUB_DISTRIBUTOR=Debian GRUB_CMDLINE_LINUX_DEFAULT=quiet"
            + " GRUB_CMDLINE_LINUX=console=hvc0 GRUB_DISABLE_OS_PROBER=true grub-mkconfig -o "
            + out;
    Tools.run("unshare", "-m", "sh", "-c", script);
    cfg = Files.readString(out);
  }

  static MemFs.Builder boot() {
    MemFs.Builder fs = MemFs.builder().uuid(UUID).file("/grub/grub.cfg", cfg);
    for (String v : List.of(NEW, OLD)) {
      fs.file("/vmlinuz-" + v, FakeKernels.linux(v)).file("/initrd.img-" + v, "initrd " + v);
    }
    return fs;
  }

  static byte[] grubenv(String... assignments) throws Exception {
    Path env = Files.createTempFile(dir, "grubenv", "");
    Files.delete(env);
    Tools.run("grub-editenv", env.toString(), "create");
    if (assignments.length > 0) {
      String[] cmd = new String[assignments.length + 3];
      cmd[0] = "grub-editenv";
      cmd[1] = env.toString();
      cmd[2] = "set";
      System.arraycopy(assignments, 0, cmd, 3, assignments.length);
      Tools.run(cmd);
    }
    return Files.readAllBytes(env);
  }

  static BootMenu menu(String... assignments) throws Exception {
    return G2.menu(boot().file("/grub/grubenv", grubenv(assignments)).build());
  }

  @Test
  void theMenuDebianWrites() throws Exception {
    assertThat(cfg)
        .contains(
            "set default=\"${saved_entry}\"", "submenu 'Advanced options for Debian GNU/Linux'");
    BootMenu menu = menu();
    assertThat(G2.titles(menu))
        .isEqualTo(
            "0 Debian GNU/Linux\n1 Advanced options for Debian GNU/Linux\n"
                + "  1>0 Debian GNU/Linux, with Linux "
                + NEW
                + "\n"
                + "  1>1 Debian GNU/Linux, with Linux "
                + NEW
                + " (recovery mode)\n"
                + "  1>2 Debian GNU/Linux, with Linux "
                + OLD
                + "\n"
                + "  1>3 Debian GNU/Linux, with Linux "
                + OLD
                + " (recovery mode)\n");
    assertThat(menu.entries().get(1).children().get(2).id())
        .contains("gnulinux-" + OLD + "-advanced-" + UUID);
    assertThat(menu.timeoutSeconds()).contains(5);
    assertThat(menu.defaultEntry()).contains(List.of(0));
    var t = menu.entries().get(0).target().get();
    assertThat(t.kernel().toString()).isEqualTo("(hd0)/vmlinuz-" + NEW);
    assertThat(t.initrds()).extracting(Object::toString).containsExactly("(hd0)/initrd.img-" + NEW);
    assertThat(t.args()).isEqualTo("root=/dev/xvda1 ro console=hvc0 quiet");
    assertThat(menu.entries().get(1).children().get(3).target().get().args())
        .isEqualTo("root=/dev/xvda1 ro single console=hvc0");
    assertThat(menu.warnings()).isEmpty();
    assertThat(menu.explanation())
        .contains(
            "/grub/grub.cfg:11: load_env read /grub/grubenv: nothing",
            "/grub/grub.cfg:114: search uuid " + UUID + " found (hd0); root=hd0",
            "default: default '' (set at /grub/grub.cfg:19) names no entry of this menu: GRUB boots entry 0");
  }

  @Test
  void savedEntryAsIdPath() throws Exception {
    BootMenu menu =
        menu("saved_entry=gnulinux-advanced-" + UUID + ">gnulinux-" + OLD + "-advanced-" + UUID);
    assertThat(menu.defaultEntry()).contains(List.of(1, 2));
    assertThat(menu.defaultMenuEntry().get().target().get().kernel().path())
        .isEqualTo("/vmlinuz-" + OLD);
  }

  @Test
  void savedEntryAsTitlePath() throws Exception {
    BootMenu menu =
        menu(
            "saved_entry=Advanced options for Debian GNU/Linux>Debian GNU/Linux, with Linux "
                + OLD
                + " (recovery mode)");
    assertThat(menu.defaultEntry()).contains(List.of(1, 3));
  }

  @Test
  void savedEntryAsIndexPath() throws Exception {
    assertThat(menu("saved_entry=1>1").defaultEntry()).contains(List.of(1, 1));
    assertThat(menu("saved_entry=1").defaultEntry()).contains(List.of(1, 0));
  }

  @Test
  void aBareIdFromInsideTheSubmenuBootsEntryZero() throws Exception {
    BootMenu menu = menu("saved_entry=gnulinux-" + OLD + "-advanced-" + UUID);
    assertThat(menu.defaultEntry()).contains(List.of(0));
  }

  @Test
  void nextEntryBeatsSavedEntryForOneBoot() throws Exception {
    BootMenu menu = menu("saved_entry=0", "next_entry=1>2");
    assertThat(menu.defaultEntry()).contains(List.of(1, 2));
    assertThat(menu.explanation())
        .anyMatch(
            l ->
                l.endsWith(
                    "save_env would write next_entry= to /grub/grubenv (bootlace writes nothing)"));
  }

  @Test
  void endToEndOnARealExt4FilesystemAgainstDebugfs() throws Exception {
    Path tree = dir.resolve("tree-" + System.nanoTime());
    Tools.write(tree, "grub/grub.cfg", cfg);
    Tools.write(tree, "grub/grubenv", grubenv("saved_entry=1>2"));
    for (String v : List.of(NEW, OLD)) {
      Tools.write(tree, "vmlinuz-" + v, FakeKernels.linux(v));
      Tools.write(tree, "initrd.img-" + v, "initrd " + v + "\n");
    }
    Path image = dir.resolve("boot-" + System.nanoTime() + ".img");
    Tools.run("mkfs.ext4", "-q", "-F", "-U", UUID, "-d", tree.toString(), image.toString(), "8M");
    try (BootSource s = BootSource.open(image)) {
      BootRecord boot = s.resolveBoot();
      assertThat(boot.entry().get().indexPath()).isEqualTo("1>2");
      assertThat(boot.kernel().location()).isEqualTo("(hd0)/vmlinuz-" + OLD);
      assertThat(boot.args()).isEqualTo("root=/dev/xvda1 ro console=hvc0 quiet");
      assertThat(new String(boot.ramdisk().get().readAllBytes(), "UTF-8"))
          .isEqualTo(Tools.run("debugfs", "-R", "cat /initrd.img-" + OLD, image.toString()));
      assertThat(boot.provenance().parser()).contains("grub2");
    }
  }
}
